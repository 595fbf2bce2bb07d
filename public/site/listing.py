"""What every public page shares: filtered lists (with their downloads), helpful 404s, citations.

The public site reads only the ``Published…`` projections and ``editorial.PublicationRecord``.
Views stay thin: they name a queryset and a FilterSet and hand both to ``filtered_list``.
"""

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.forms.utils import pretty_name
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone

from config import cache
from episodes.models import REGIME_CODE_ANY_CASE_PATTERN, PublishedRegime
from public import selectors
from public.exports import tables
from public.http import release, request_state

# The designation kinds as the public pages name them: (plural, kind, label).
KINDS = (
    ("individuals", "individual", "Individuals"),
    ("entities", "entity", "Entities"),
    ("vessels", "vessel", "Vessels"),
)
FORMATS = ("html", *tables.DOWNLOAD_FORMATS)
ANY = "Any"
# What an identifier in an address can look like; anything else is not looked up at all (a NUL
# byte, for one, is an error in a PostgreSQL query, not a miss).
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
REGIME_CODE = re.compile(REGIME_CODE_ANY_CASE_PATTERN)
DESIGNATION_KEY = re.compile(r"^[\w.\-]{1,40}$", re.ASCII)


@dataclass(frozen=True)
class ListSpec:
    """How one public list is shown and downloaded."""

    template: str
    table: tables.Table
    filename: str
    per_page: int = 25
    noun: str = "rows"
    singular: str = "row"


def regime_choices(empty_label: str = "Any regime") -> list[tuple[str, str]]:
    """Published regimes for a filter select (one query)."""
    return [("", empty_label)] + [
        (code, f"{name} ({code})")
        for code, name in PublishedRegime.objects.for_list().values_list("code", "name")
    ]


def dress_form(
    form: forms.Form,
    *,
    select_choices: dict | None = None,
    labels: dict | None = None,
    help_texts: dict | None = None,
):
    """Make a FilterSet's form speak to people: "Any" instead of dashes, date pickers, labels.

    Call it before the form is validated: Django caches each field's label when it first binds it.
    """
    for name, field in form.fields.items():
        widget = field.widget
        if field.label in (None, "", "[invalid name]"):
            # django-filter cannot name method filters from the model: say it plainly.
            field.label = pretty_name(name)
        if isinstance(field, forms.DateField):
            widget.input_type = "date"
        if isinstance(widget, forms.Select):
            widget.choices = [
                (value, ANY if value == "" else label) for value, label in widget.choices
            ]
            if not any(value == "" for value, _ in widget.choices):
                widget.choices = [("", ANY), *widget.choices]
        if name == "q":
            widget.input_type = "search"
        if name == "ordering":
            field.label = "Sort by"
            widget.choices = [("", "Default order"), *[c for c in widget.choices if c[0] != ""]]
    for name, choices in (select_choices or {}).items():
        if name in form.fields:
            form.fields[name].widget = forms.Select(choices=choices)
            form.fields[name].help_text = ""
    for name, label in (labels or {}).items():
        if name in form.fields:
            form.fields[name].label = label
    for name, text in (help_texts or {}).items():
        if name in form.fields:
            form.fields[name].help_text = text
    if "ordering" in form.fields:
        form.fields["ordering"].help_text = ""
    return form


def unknown_parameter_errors(filterset) -> list[tuple[str, str]]:
    """Errors of parameters that are not fields of the form (unknown parameters), as (name, text)."""
    return [
        (name, " ".join(errors))
        for name, errors in filterset.form.errors.items()
        if name not in filterset.form.fields
    ]


def without_empty_parameters(request) -> str | None:
    """The address without its empty parameters, if it has any (None if not).

    A filter form submits every field, empty or not (``?regime=&purpose=constrain&q=``): the
    list answers with a redirect to the address a reader would have typed, without JavaScript.
    """
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    kept = [(name, value) for name, value in pairs if value.strip()]
    if len(kept) == len(pairs):
        return None
    return request.path + (f"?{urlencode(kept)}" if kept else "")


class HeldCountPaginator(Paginator):
    """Django's paginator, with the count of its rows held per publication state
    (``selectors.held_per_state``) under ``name``: the count of every public designation
    read 100,000 rows for each page of the list; it changes only when something is approved."""

    def __init__(self, object_list, per_page, name):
        super().__init__(object_list, per_page)
        self.name = name

    @functools.cached_property
    def count(self):
        return selectors.held_per_state(self.name, lambda: Paginator.count.func(self))


def filtered_list(request, filterset_class, queryset, spec: ListSpec, *, context=None, dress=None):
    """A paginated, filtered list page, or its download with ``format=csv`` / ``format=json``.

    A bad filter value or an unknown parameter is never ignored: the page (status 400) says which
    parameter is wrong and why, and shows no rows rather than rows filtered differently than the
    reader asked. Downloads answer 400 with the same message in plain text.
    """
    clean = without_empty_parameters(request)
    if clean is not None:
        return HttpResponseRedirect(clean)
    params = request.GET.copy()
    fmt = params.get("format", "html") or "html"
    filterset = filterset_class(params, queryset=queryset, request=request)
    download = fmt in tables.DOWNLOAD_FORMATS
    if dress and not download:
        dress(filterset.form)
    valid = filterset.is_valid()
    format_error = None
    if fmt not in FORMATS:
        format_error = (
            f"Unknown format “{fmt}”. Use csv, {tables.EXCEL_CSV} (CSV for Excel) or json to "
            "download, or leave it out."
        )
    if download and not valid:
        message = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"Bad filter: {message}\n", content_type="text/plain; charset=utf-8"
        )
    if download:
        # The tables read each record's document, which a list page may defer.
        records = filterset.qs.defer(None).iterator(chunk_size=tables.CHUNK)
        rows = spec.table.rows(records, request.build_absolute_uri("/")[:-1])
        filtered = any(params.get(name) for name in filterset.form.fields if name != "ordering")
        name = tables.download_name(
            spec.filename, filtered=filtered, changed=request_state(request).last_approved_at
        )
        return tables.response(spec.table, rows, fmt, name)

    page = None
    if valid and not format_error:
        counted = ("list count", spec.filename, filterset.given())
        page = HeldCountPaginator(filterset.qs, spec.per_page, counted).get_page(
            request.GET.get("page")
        )
    active = [
        name for name in filterset.form.fields if name != "ordering" and request.GET.get(name)
    ]
    return TemplateResponse(
        request,
        spec.template,
        {
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "rows": page.object_list if page else [],
            "invalid": not valid or bool(format_error),
            "format_error": format_error,
            "unknown_errors": unknown_parameter_errors(filterset),
            "active_filters": active,
            "noun": spec.noun,
            "singular": spec.singular,
            **(context or {}),
        },
        status=400 if (not valid or format_error) else 200,
    )


def closest(value: str, candidates: dict[str, str], limit: int = 5) -> list[tuple[str, str]]:
    """The candidates (key → label) whose key or label is closest to ``value``."""
    value = value.replace("\x00", "")[:100]
    by_text = {}
    for key, label in candidates.items():
        by_text.setdefault(key.lower(), key)
        by_text.setdefault(label.lower(), key)
    matches = difflib.get_close_matches(value.lower(), list(by_text), n=limit * 2, cutoff=0.4)
    keys = list(dict.fromkeys(by_text[m] for m in matches))[:limit]
    return [(key, candidates[key]) for key in keys]


def not_found(request, *, what: str, value: str, suggestions, search_url: str, status=404):
    """A 404 page that helps: what was not found, the closest matches, and a search box."""
    return render(
        request,
        "404.html",
        {
            "what": what,
            "value": value.replace("\x00", "")[:100],
            "suggestions": suggestions,
            "search_url": search_url,
        },
        status=status,
    )


def withdrawn(request, *, what: str, title: str, withdrawn_on, history_url: str, browse_url: str):
    """410 Gone for a record, or a version of it, that a reviewer withdrew from public view."""
    return render(
        request,
        "public/site/withdrawn.html",
        {
            "what": what,
            "title": title,
            "withdrawn_on": withdrawn_on,
            "history_url": history_url,
            "browse_url": browse_url,
        },
        status=410,
    )


def citation(*, title: str, version: int, approved_at, url: str, kind: str = "episode") -> dict:
    """A suggested citation of one approved version, and the stable link to it."""
    return {
        "title": title,
        "version": version,
        "approved_at": approved_at,
        "url": url,
        "kind": kind,
    }


# The page cache keeps a page of at most this size, for a query string of at most this length.
MAX_CACHED_PAGE_BYTES = 512 * 1024
MAX_CACHED_QUERY = 1000


def cached_until_next_approval(view):
    """Serve a public page from the cache until the next approval: the pages that aggregate
    every published row (home, statistics, regimes) and the most visited, whose work grows with
    the data (an episode counts its designees and ranks its analogies; the lists count, filter
    and search their rows): at 100,000 designations an episode page cost 90-300 ms of CPU and a
    search by a common word 40 ms of CPU and 60-110 ms of PostgreSQL's time; a hit costs a
    cache read.

    The key is the page's absolute URL with its parameters in a canonical order (``?kind=vessel&
    regime=KP`` and ``?regime=KP&kind=vessel`` share an entry; the pages hold absolute links),
    the publication state (held in the shared cache, else one query), today's date (timelines
    and "in force" end today) and the release (public.http), so a cached page is never older
    than the data or the code, also in a cache shared across deployments (Redis). As the API's
    response cache keeps every valid request's answer, this keeps every HTML page answered 200:
    a filtered list, a search, a later page; not an error (a bad filter answers 400), a
    redirect, a download or anything streamed. The pages hold nothing specific to a visitor.
    What a crawler of endless distinct searches fills the cache with is bounded by the cache
    itself (Redis' memory limit, the file cache's ``MAX_ENTRIES``), each entry by
    ``MAX_CACHED_PAGE_BYTES``. ``ATLAS_PAGE_CACHE_SECONDS = 0`` turns it off.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.ATLAS_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return view(request, *args, **kwargs)
        query = urlencode(sorted(request.GET.lists()), doseq=True)
        if len(query) > MAX_CACHED_QUERY:
            return view(request, *args, **kwargs)
        state = request_state(request)
        today = timezone.localdate().isoformat()
        address = request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
        url = hashlib.sha256(address.encode()).hexdigest()
        key = f"page:{url}:{state.token}:{today}:{release()[0]}"
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Disposition")
            and len(response.content) <= MAX_CACHED_PAGE_BYTES
        ):
            cache.set(key, response.content, seconds)
        return response

    return wrapper
