"""HTTP of the public side: validators and 304, 405 to writes, compression.

One mechanism for the site and the API: the validator of every public response is the
publication state (``selectors.publication_state``: one row, a new version at every change), and
Django's ``get_conditional_response`` decides between 304, 412 and the view. The API does it in
``PublishedViewSet.initial`` (its ETag also names the format); every view of ``public.site``
gets it here, before the view runs, so that a 304 costs at most one query (none when the state
is held in the shared cache: editorial.state_cache).

``PublicHttpMiddleware`` is hand-written because Django's pieces each do half: ``condition()``
would have to decorate every view (and the views other modules add later), and
``ConditionalGetMiddleware`` hashes the body, so the page is built before the 304. It uses
Django's ``get_conditional_response`` and ``GZipMiddleware`` for the actual work.

- Pages and downloads: ``ETag`` from the state, today's date (a page says what is in force
  today) and the release (the code and templates that render it); ``Last-Modified`` the latest
  of the change, midnight UTC and the release's files.
- A write (POST, PUT, PATCH, DELETE, …) to a page answers 405, before the CSRF check: the public
  site takes no writes, with or without a token (README "Roles").
- Compression: only responses of public views (site and API) are gzipped, never staff pages
  (admin, review), whose responses hold secrets (CSRF tokens) that compression would expose to
  BREACH.
"""

import datetime
import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from public.selectors import PublicationState, publication_state

SAFE_METHODS = ("GET", "HEAD")
# What renders the public side: a change here is a new release (new validators).
_RELEASE_FOLDERS = ("templates", "static", "public", "episodes", "designations", "assessments")
_RELEASE_SUFFIXES = {".py", ".html", ".css", ".js", ".svg", ".json", ".txt", ".md"}


def view_side(view_func, namespace: str = "") -> str | None:
    """ "site" for a view of the public website, "api" for the public API (its schema and
    documentation included), None otherwise (staff pages, health)."""
    module = getattr(view_func, "view_class", view_func).__module__ or ""
    if module.startswith("public.site."):
        return "site"
    if module.startswith("public.api.") or namespace.split(":")[0] == "api":
        return "api"
    return None


@functools.cache
def release() -> tuple[str, int]:
    """(digest of the files that render the public side, newest modification time), once per
    process: a deployment that changes a template changes every page's validators."""
    digest = hashlib.sha256()
    newest = 0
    base = Path(settings.BASE_DIR)
    for folder in _RELEASE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix not in _RELEASE_SUFFIXES or not path.is_file():
                continue
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
            newest = max(newest, int(path.stat().st_mtime) + 1)
    return digest.hexdigest()[:12], newest


def request_state(request) -> PublicationState:
    """The publication state, read once per request (the validators and the page cache share
    it)."""
    state = getattr(request, "atlas_state", None)
    if state is None:
        state = request.atlas_state = publication_state()
    return state


def last_modified(state: PublicationState) -> int | None:
    """The state's Last-Modified as a timestamp (whole seconds, later at every change)."""
    return int(state.changed_at.timestamp()) if state.changed_at else None


def page_validators(state: PublicationState) -> tuple[str, int]:
    """(ETag, Last-Modified timestamp) of a public page or download under ``state``."""
    today = datetime.datetime.now(datetime.UTC).date()
    midnight = int(datetime.datetime.combine(today, datetime.time.min, datetime.UTC).timestamp())
    digest, newest = release()
    etag = f'"site-{state.token}-{today.isoformat()}-{digest}"'
    return etag, max(last_modified(state) or 0, midnight, newest)


class PublicHttpMiddleware(GZipMiddleware):
    """Before CSRF: 405 to writes and 304 for unchanged pages of ``public.site``; gzip for the
    responses of the public views only."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        side = view_side(view_func, match.namespace if match else "")
        request.atlas_public_side = side
        if side != "site":
            return None
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        request.atlas_validators = page_validators(request_state(request))
        etag, modified = request.atlas_validators
        return get_conditional_response(request, etag=etag, last_modified=modified)

    def process_response(self, request, response):
        validators = getattr(request, "atlas_validators", None)
        if validators is not None and response.status_code in (200, 304):
            etag, modified = validators
            response.headers.setdefault("ETag", etag)
            response.headers.setdefault("Last-Modified", http_date(modified))
            # Reusable by anyone (nothing on a public page is personal), after a revalidation.
            response.headers.setdefault("Cache-Control", "public, no-cache")
        if getattr(request, "atlas_public_side", None) is None:
            return response
        return super().process_response(request, response)
