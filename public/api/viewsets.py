"""The read-only endpoints over the ``Published…`` projections and their public history.

Every endpoint reads only the projections' ``public()`` rows and, through public.selectors, the
public history: a draft cannot reach a response because no query here touches a working table.

- ``PublishedViewSet``: list (JSON pages or streamed CSV), detail, ``as_of`` from the public
  history, unknown and invalid parameters refused with 400, conditional requests (304).
- The validator (ETag, Last-Modified) of everything public is the publication state (held in
  the shared cache, else one query); it also keys the response cache, so a cached response is
  never older than the data.
- A request whose answer is known before DRF runs (a 304, or a JSON response from the response
  cache) gets it from ``answer_before_drf``, which every endpoint's view function calls first:
  the same bytes and headers DRF would give, at the cost of a trivial view (issue #14's warm
  and 304 targets). Everything else goes through DRF, which decides the same way in ``initial``.
"""

import datetime
import functools
import hashlib
import re
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from config import cache
from editorial.models import PublicationRecord
from editorial.registry import Aggregate
from public import selectors, statements
from public.api.errors import gone, parameter_error
from public.api.pagination import KeysetPagination, OrderKey, iso, read_rows
from public.api.renderers import CSVRenderer
from public.api.throttling import AnonymousRateThrottle
from public.exports import tables
from public.http import request_state
from public.selectors import PublicationState, records_as_of

# Part of every ETag: bump it when a response shape changes, so that caches stop revalidating
# old representations as current.
API_REVISION = "3"  # 3: the list CSVs are the data package's tables

# Larger responses (long pages of long documents) are not worth a cache entry.
MAX_CACHED_BYTES = 256 * 1024

AS_OF_IS_PUBLICATION = (
    "as_of is about publication in this atlas (its public history), not the UN's listing date: "
    "for designations listed by a date, filter the list on listed_on with listed_before or "
    "listed_after."
)

# Query parameters the API understands besides each list's filters. ``page`` is the website's.
LIST_PARAMETERS = frozenset({"cursor", "page_size", "format", "as_of"})
DETAIL_PARAMETERS = frozenset({"format", "as_of"})


def parse_as_of(value: str | None) -> datetime.datetime | None:
    """The end of day ``value`` (YYYY-MM-DD, UTC) as an aware datetime; None without ``as_of``."""
    if value is None:
        return None
    try:
        day = datetime.date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise parameter_error("as_of", "Give a date as YYYY-MM-DD, e.g. 2020-01-31.")
    if day >= datetime.date.max:
        day = datetime.date.max - datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )


def response_cache_key(request, state: PublicationState) -> str:
    """Where the JSON of this request's URL is kept, for as long as nothing new is published.

    The key holds the publication state read for this request, so an approval makes every
    earlier entry unreachable: a cached response is never older than the data. The whole URL
    counts: the body holds absolute links, so host and scheme matter too.
    """
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"atlas-api:{API_REVISION}:{state.token}:{hashlib.sha256(url.encode()).hexdigest()}"


def etag_of(state: PublicationState, format: str) -> str:
    return f'"{API_REVISION}-{state.token}-{format}"'


def _last_modified(state: PublicationState) -> int | None:
    return int(state.changed_at.timestamp()) if state.changed_at else None


@functools.lru_cache(maxsize=8)
def _http_date(timestamp: int) -> str:
    return http_date(timestamp)


def stamp(response, state: PublicationState, format: str, allow: str | None = None) -> None:
    """The headers of the API's answers: validators and caching (of a 200 or 304), ``Vary``, and
    the ``Allow`` that DRF's ``finalize_response`` adds when DRF did not answer."""
    if allow is not None:
        response["Allow"] = allow
    if response.status_code in (200, 304):
        response["ETag"] = etag_of(state, format)
        if state.changed_at is not None:
            response["Last-Modified"] = _http_date(_last_modified(state))
        response["Cache-Control"] = f"public, max-age={settings.ATLAS_API_CACHE_SECONDS}"
    if "Vary" in response:
        patch_vary_headers(response, ["Accept"])
    else:
        response["Vary"] = "Accept"


# Media ranges under which DRF's negotiation picks JSON for every endpoint here (JSON is each
# endpoint's first renderer).
_JSON_RANGES = frozenset({"*/*", "application/*", "application/json"})


def _negotiates_json(accept: str | None) -> bool:
    """Whether an Accept header (and no ``format`` parameter) makes DRF answer JSON: no header,
    or only ranges that JSON satisfies first, none of them refused with ``q=0``. (An empty
    header is a 406 from DRF.)"""
    if accept is None:
        return True
    ranges = 0
    for part in accept.split(","):
        media, _, parameters = part.partition(";")
        media = media.strip().lower()
        if not media:
            continue
        if media not in _JSON_RANGES:
            return False
        ranges += 1
        if parameters:  # only a quality: another parameter (``indent=4``) changes the body
            name, _, value = parameters.replace(" ", "").lower().partition("=")
            try:
                quality = float(value) if name == "q" else 0.0
            except ValueError:
                return False
            if not 0 < quality <= 1:
                return False
    return ranges > 0


# The request headers that ``get_conditional_response`` reads.
_CONDITIONS = frozenset(
    {"HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE"}
)


def _conditional(request, state: PublicationState):
    return get_conditional_response(
        request, etag=etag_of(state, "json"), last_modified=_last_modified(state)
    )


def answer_before_drf(request, allow: str):
    """The response to a GET known before DRF runs, or None to let DRF answer.

    Known are: a 304 (or 412) for a URL without parameters (nothing to check) and any
    response to a URL whose JSON the response cache holds under the current publication state
    (it was checked when it was first answered). Only for requests that negotiate JSON; the rate
    limit applies to these answers as to any other (a refused request goes on to DRF, which
    refuses it the same way, with its ``Retry-After``).
    """
    if request.method != "GET" or not _negotiates_json(request.META.get("HTTP_ACCEPT")):
        return None
    state = request_state(request)
    conditional = bool(_CONDITIONS.intersection(request.META))
    plain = not request.META.get("QUERY_STRING")  # no parameters that DRF must check first
    response = None
    if conditional and plain:
        response = _conditional(request, state)
    if response is None:
        if not settings.ATLAS_API_RESPONSE_CACHE_SECONDS:
            return None
        key = response_cache_key(request, state)
        cached = cache.get(key)
        if cached is None:
            request.atlas_response_cache_miss = key  # DRF need not ask again (``initial``)
            return None
        if conditional and not plain:
            response = _conditional(request, state)
        if response is None:
            response = HttpResponse(cached, content_type="application/json")
    if settings.ATLAS_API_ANON_RATE and not AnonymousRateThrottle().allow_request(request, None):
        return None
    stamp(response, state, "json", allow)
    return response


@functools.cache
def _detail_prefix(view_name: str) -> str:
    """The path before the key, "/api/episodes/" for "api:episode-detail" (URLs do not change
    while running)."""
    return reverse(view_name, args=["x"])[: -len("x/")]


class _Answer(Exception):
    """Raised from ``initial`` to answer before any data is read: 304 (or 412), or a response
    from the response cache."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class PublishedViewSet(viewsets.GenericViewSet):
    """Read-only endpoints over one published projection and its public history.

    A subclass names the aggregate, the list columns and how to build rows; this class does the
    rest. Each request reads the validator (a 304, or a response rendered before under the same
    publication state, stops there: no query when the state is held in the shared cache, else
    one), then one query per page or document, whatever the page size or the size of the table.
    """

    aggregate: Aggregate
    lookup_field: str  # the projection column of the public identifier
    lookup_value_regex = r"[^/\x00-\x1f\x7f]+"
    list_fields: tuple[str, ...] = ()  # projection columns the rows are made of
    default_ordering: tuple[str, ...] = ()
    tiebreak = "object_id"
    csv_table: tables.Table  # the rows of ``?format=csv``
    detail_view_name: str = ""  # the URL name of a row's detail, e.g. "api:episode-detail"
    filterset_class = None
    http_method_names = ["get", "head", "options"]

    # Set per request by ``initial``.
    cutoff: datetime.datetime | None = None
    state: PublicationState | None = None
    cache_key: str | None = None

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """DRF's view function, behind ``answer_before_drf``."""
        view = super().as_view(actions, **initkwargs)
        methods = {*view.actions, "head", "options"} if "get" in view.actions else set(view.actions)
        allow = ", ".join(m.upper() for m in cls.http_method_names if m in methods)

        @functools.wraps(view)
        def answered(request, *args, **kwargs):
            return answer_before_drf(request, allow) or view(request, *args, **kwargs)

        return answered

    def get_queryset(self):
        return self.aggregate.projection.objects.public()

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    # -- request checks, before any data is read

    def perform_content_negotiation(self, request, force=False):
        if not force and request.query_params.get("format") == "":
            raise self._unknown_format()
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            raise self._unknown_format() from None

    def _unknown_format(self) -> ValidationError:
        # Built only when needed: a ValidationError costs a tenth of a trivial request.
        formats = ", ".join(renderer.format for renderer in self.get_renderers())
        return parameter_error("format", f"Unknown format: use one of {formats}.")

    def initial(self, request, *args, **kwargs):
        if getattr(self, request.method.lower(), None) is None:
            self.http_method_not_allowed(request)  # 405 before any other answer
        super().initial(request, *args, **kwargs)  # negotiation, throttling: no query
        if request.method == "OPTIONS":
            return
        self.state = request_state(request._request)
        self.cache_key = self.response_cache_key(request)
        asked = getattr(request._request, "atlas_response_cache_miss", None) == self.cache_key
        cached = None if self.cache_key is None or asked else cache.get(self.cache_key)
        if cached is None:
            # (A cached response was valid: its URL needs no second check.)
            self.check_parameters(request)
        conditional = get_conditional_response(
            request,
            etag=self.etag(request),
            last_modified=_last_modified(self.state),
        )
        if conditional is not None:
            raise _Answer(conditional)
        if cached is not None:
            raise _Answer(HttpResponse(cached, content_type="application/json"))

    def response_cache_key(self, request) -> str | None:
        """``response_cache_key`` for a JSON response; None for other formats."""
        if (
            not settings.ATLAS_API_RESPONSE_CACHE_SECONDS
            or request.accepted_renderer.format != "json"
        ):
            return None
        return response_cache_key(request, self.state)

    def handle_exception(self, exc):
        if isinstance(exc, _Answer):
            return exc.response
        return super().handle_exception(exc)

    def check_parameters(self, request):
        params = request.query_params
        allowed = LIST_PARAMETERS if self.action == "list" else DETAIL_PARAMETERS
        if self.action in ("versions", "version", "citation", "version_citation"):
            allowed = frozenset({"format"})
        errors = {}
        self.filterset = None
        if self.action == "list" and self.filterset_class is not None:
            filters = self.filterset_class.base_filters
            allowed = allowed | set(filters)
            # A FilterSet costs more to build than a page costs to read: only when filtering.
            if any(name in filters for name in params):
                # Over the whole table: the public rows are chosen when the list is read
                # (``filtered``), and a statement kept for the filter's shape builds no query.
                model = self.aggregate.projection
                self.filterset = self.filterset_class(
                    data=params, queryset=model._default_manager.all(), request=request
                )
                if not self.filterset.is_valid():
                    errors.update(
                        {
                            name: [str(m) for m in messages]
                            for name, messages in self.filterset.errors.items()
                        }
                    )
        for name in params:
            if name in errors:
                continue
            if name == "page" and self.action == "list":
                errors[name] = ["This API pages with a cursor: follow the next link."]
            elif name not in allowed:
                known = ", ".join(sorted(allowed))
                errors[name] = [f"Unknown parameter. Known parameters: {known}."]
        if "as_of" in params:
            try:
                self.cutoff = parse_as_of(params["as_of"])
            except ValidationError as error:
                errors.update(error.detail)
            if self.action == "list":
                for name in params:
                    if name not in LIST_PARAMETERS and name not in errors:
                        errors[name] = [
                            "Cannot be combined with as_of: the data as of a date is listed "
                            "whole, by identifier."
                        ]
        if self.action == "list" and not errors:
            try:
                self.pages = self.make_paginator(request)
            except ValidationError as error:
                errors.update(error.detail)
        if errors:
            raise ValidationError(errors)

    def make_paginator(self, request) -> "KeysetPagination":
        if self.cutoff is not None:
            # The history is listed by public identifier.
            ordering = [OrderKey("key"), OrderKey("object_id")]
            return KeysetPagination(request, ordering, PublicationRecord)
        return KeysetPagination(request, self.ordering(), self.aggregate.projection)

    def etag(self, request) -> str:
        return etag_of(self.state, request.accepted_renderer.format)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON whatever format was asked for.
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(),
                JSONRenderer.media_type,
            )
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "cache_key", None)
        if key is not None and isinstance(response, Response) and response.status_code == 200:
            response.render()
            if len(response.content) <= MAX_CACHED_BYTES:
                cache.set(key, response.content, settings.ATLAS_API_RESPONSE_CACHE_SECONDS)
        if self.state is not None:
            stamp(response, self.state, request.accepted_renderer.format)
        else:
            patch_vary_headers(response, ["Accept"])
        return response

    # -- rows

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.aggregate.model)

    def detail_url_template(self, request) -> str:
        """The absolute URL of a row's detail, with ``{key}`` to fill in (built once per page)."""
        url = request.build_absolute_uri(_detail_prefix(self.detail_view_name)) + "{key}/"
        if self.cutoff is not None:
            url += "?" + urlencode({"as_of": request.query_params["as_of"]})
        return url

    def columns_of(self, document: dict) -> dict:
        """The projection columns of a document from the history (for ``as_of`` lists)."""
        return self.aggregate.columns(document, None)

    def list_columns(self) -> tuple[str, ...]:
        """The projection columns this request's list rows are made of."""
        return self.list_fields

    def row(self, data: dict, url: str) -> dict:
        """One list row from ``list_columns()`` (+ ``public_version``, ``approved_at``)."""
        raise NotImplementedError

    # -- list

    def ordering(self) -> list[OrderKey]:
        model = self.aggregate.projection
        names = list(self.default_ordering)
        if self.filterset is not None:
            chosen = self.filterset.form.cleaned_data.get("ordering")
            if chosen:
                param_map = self.filterset.filters["ordering"].param_map
                names = [
                    ("-" if value.startswith("-") else "") + param_map[value.lstrip("-")]
                    for value in chosen
                    if value  # "ordering=," names no field
                ] or names
        keys = []
        for name in [*names, self.tiebreak]:
            field = name.lstrip("-")
            if any(key.field == field for key in keys):
                continue
            keys.append(OrderKey(field, name.startswith("-"), model._meta.get_field(field).null))
        return keys

    def list(self, request, *args, **kwargs):
        url = self.detail_url_template(request)
        if self.cutoff is not None:
            fields = ("document", "number", "approved_at")

            def make_row(record):
                return self.row(self._as_of_data(record), url)

        else:
            fields = (*self.list_columns(), "public_version", "approved_at")

            def make_row(data):
                return self.row(data, url)

        if request.accepted_renderer.format == "csv":
            return self.csv_download(request, self.list_queryset())
        # The page's SQL is compiled once per shape (public.statements), unless it searches.
        rows = [make_row(data) for data in self.pages.page(self.list_query(), fields)]
        return Response({**self.pages.links(), "results": rows})

    def list_queryset(self):
        if self.cutoff is not None:
            return records_as_of(self.content_type(), self.cutoff)
        return self.filtered() if self.filterset is not None else self.get_queryset()

    def filtered(self):
        """The public rows the valid filters keep."""
        return self.filterset.filter_queryset(self.get_queryset())

    def list_query(self):
        """The list as a ``statements.Query``, or as a queryset when it searches."""
        if self.cutoff is None:
            model = self.aggregate.projection
            using = router.db_for_read(model)
            if self.filterset is not None:
                query = self.filterset.statement(model._meta.label, using, self.get_queryset)
                return self.filtered() if query is None else query
            return statements.Query(model._meta.label, using, lambda values: self.get_queryset())
        content_type = self.content_type()
        return statements.Query(
            ("as_of", content_type.pk),
            router.db_for_read(PublicationRecord),
            lambda values: records_as_of(content_type, values[0]),
            [self.cutoff],
            [PublicationRecord._meta.get_field("approved_at")],
        )

    def csv_download(self, request, queryset):
        """The list as the site's table of the same records (public.exports.tables): one
        definition of the columns for the API, the site's downloads and the data package."""
        table = self.csv_table
        if self.cutoff is not None:
            name = f"sanctions-atlas-{table.name}-as-of-{request.query_params['as_of'].strip()}"
            fields, version = ("document", "number", "approved_at"), "number"
        else:
            filters = self.filterset_class.base_filters if self.filterset_class else {}
            filtered = any(
                request.query_params.get(param) for param in filters if param != "ordering"
            )
            name = tables.download_name(
                table.name, filtered=filtered, changed=self.state.last_approved_at
            )
            fields, version = ("document", "public_version", "approved_at"), "public_version"
        if request.method == "HEAD":
            return tables.response(table, [], "csv", name)  # headers, not the rows
        ordered = queryset.order_by(*self.pages.order_by()).values(*fields)
        records = (
            tables.Record(data["document"], data[version], data["approved_at"])
            for data in ordered.iterator(chunk_size=2000)
        )
        return tables.response(
            table, table.rows(records, request.build_absolute_uri("/")[:-1]), "csv", name
        )

    def _as_of_data(self, record: dict) -> dict:
        document = record["document"]
        return {
            **self.columns_of(document),
            "document": document,
            "public_version": record["number"],
            "approved_at": record["approved_at"],
        }


class DetailMixin:
    """``/<key>/``: the stored document (``?as_of=``: from the public history)."""

    def retrieve(self, request, *args, **kwargs):
        key = kwargs[self.lookup_url_kwarg or self.lookup_field]
        if self.cutoff is not None:
            record = (
                records_as_of(self.content_type(), self.cutoff)
                .filter(key=key)
                .values("object_id", "document", "number", "approved_at")
                .order_by("-approved_at", "-pk")
                .first()
            )
            if record is None:
                raise NotFound(
                    f"Nothing was public under “{key}” on {request.query_params['as_of']}. "
                    + AS_OF_IS_PUBLICATION
                )
            found = {
                "document": record["document"],
                "public_version": record["number"],
                "approved_at": record["approved_at"],
            }
        else:
            # The identifier is unique: no ORDER BY (``first()`` would add one).
            model = self.aggregate.projection
            using = router.db_for_read(model)
            columns = ["document", "public_version", "approved_at"]
            compiled = statements.sql(
                (model._meta.label, self.lookup_field),
                using,
                lambda values: (
                    self.get_queryset()
                    .filter(**{self.lookup_field: values[0]})
                    .order_by()
                    .values_list(*columns)[:1]
                ),
                [key],
                [model._meta.get_field(self.lookup_field)],
            )
            found = next(iter(read_rows(compiled, using, model, columns)), None)
            if found is None:
                known = selectors.known(self.content_type(), key)
                if known is not None and not known.public:
                    raise gone(key, known.withdrawn_on)
                raise NotFound(f"Nothing public under “{key}”.")
        return Response(
            {
                **found["document"],
                "version": found["public_version"],
                "approved_at": iso(found["approved_at"]),
            }
        )


class VersionsMixin:
    """``/<key>/versions/`` and ``/<key>/versions/<n>/``: every approved version, for citation."""

    @action(detail=True, methods=["get"], url_path="versions")
    def versions(self, request, *args, **kwargs):
        return self.versions_list(request, kwargs[self.lookup_url_kwarg or self.lookup_field])

    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]{1,10})")
    def version(self, request, *args, number, **kwargs):
        key = kwargs[self.lookup_url_kwarg or self.lookup_field]
        return self.version_detail(request, key, number)

    def _known(self, key: str) -> selectors.Known:
        known = selectors.known(self.content_type(), key)
        if known is None:
            raise NotFound(f"Nothing was ever public under “{key}”.")
        return known

    def versions_list(self, request, key: str):
        known = self._known(key)
        base = request.build_absolute_uri(request.path)
        return Response(
            [
                {
                    "number": record["number"],
                    "action": record["action"],
                    "key": record["key"],
                    "approved_at": iso(record["approved_at"]),
                    "summary": record["summary"],
                    "url": f"{base}{record['number']}/",
                }
                for record in selectors.history(
                    self.content_type(), known.object_id, public=known.public
                )
            ]
        )

    def version_detail(self, request, key: str, number: str):
        known = self._known(key)
        found = selectors.version(
            self.content_type(), known.object_id, int(number), public=known.public
        )
        if found is None:
            raise NotFound(f"“{key}” has no version {number}.")
        withdrawn_on = found.pop("withdrawn_on")
        if found.pop("withdrawn"):
            raise gone(key, withdrawn_on)
        return Response(found)


def split_pipes(value: str) -> list[str]:
    """'|coerce|signal|' (a projection column) → ['coerce', 'signal']."""
    return [item for item in value.split("|") if item]


_URL_SAFE = re.compile(r"[A-Za-z0-9._-]+\Z")


def absolute(url_template: str, key: str) -> str:
    return url_template.replace("{key}", key if _URL_SAFE.match(key) else quote(key, safe=""))
