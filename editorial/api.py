"""Plumbing of the public read-only API, shared by episodes/api.py, designations/api.py and
assessments/api.py.

Every endpoint reads only the ``Published…`` projections and ``PublicationRecord`` (the public
history): a draft cannot reach a response because no query here touches a working table.

- ``PublishedViewSet``: list (JSON pages or streamed CSV), detail, ``as_of`` from the public
  history, unknown and invalid parameters refused with 400, conditional requests (304).
- ``KeysetPagination``: cursor pages whose cost does not grow with depth.
- ``publication_state``: the validator (ETag, Last-Modified) of everything public, one query;
  it also keys the response cache, so a cached response is never older than the data.
- ``plain_rows``: a page read with the ORM's SQL, without its per-value conversions.
- CSV: ``CSVRenderer`` for content negotiation, ``csv_response`` streams rows, formula-safe.
- ``StrictFilterExtension``: the OpenAPI schema states each filter's limits.
"""

import base64
import binascii
import csv
import datetime
import functools
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from editorial import registry
from editorial.models import PublicationRecord
from editorial.publication import PublicationState, publication_state
from editorial.registry import Aggregate
from editorial.services import WorkflowError

# Part of every ETag: bump it when a response shape changes, so that caches stop revalidating
# old representations as current.
API_REVISION = "1"

DEFAULT_PAGE_SIZE = 25
# Larger responses (long pages of long documents) are not worth a cache entry.
MAX_CACHED_BYTES = 256 * 1024
MAX_PAGE_SIZE = 1000

# Query parameters the API understands besides each list's filters. ``page`` is the website's.
LIST_PARAMETERS = frozenset({"cursor", "page_size", "format", "as_of"})
DETAIL_PARAMETERS = frozenset({"format", "as_of"})

# Integers the databases can store: anything larger in a cursor is refused, never sent.
_BIGINT = 2**63


# --- errors -------------------------------------------------------------------------------------


def exception_handler(exc, context):
    """DRF's handler, plus the domain error of the workflow as 400 (the one place that maps it)."""
    if isinstance(exc, WorkflowError):
        exc = ValidationError({"detail": exc.message})
    return drf_exception_handler(exc, context)


class _Answer(APIException):
    """Raised from ``initial`` to answer before any data is read: 304 (or 412), or a response
    from the response cache."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def parameter_error(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def not_found(request, path=""):
    """JSON 404 for every unknown URL under /api/ (the website's HTML 404 is no use to scripts).

    A path that only lacks its trailing slash is redirected, as APPEND_SLASH does elsewhere.
    """
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            target = request.path + "/" + (f"?{query}" if query else "")
            response = JsonResponse({"detail": "Moved: add the trailing slash."}, status=301)
            response["Location"] = target
            return response
    return JsonResponse({"detail": "Not found."}, status=404)


# --- as_of and the public history ---------------------------------------------------------------


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


def records_as_of(content_type: ContentType, cutoff: datetime.datetime | None):
    """Per object, its latest public-history record approved before ``cutoff``, if published.

    A withdrawal (an ``unpublished`` record) hides the object from that moment on, and from
    every earlier date too: withdrawing a record withdraws its versions (as on the website). The
    list of its approvals stays readable at ``versions/``.
    """
    newer = PublicationRecord.objects.filter(
        content_type=content_type, object_id=OuterRef("object_id"), number__gt=OuterRef("number")
    )
    latest = PublicationRecord.objects.filter(content_type=content_type)
    if cutoff is not None:
        newer = newer.filter(approved_at__lt=cutoff)
        latest = latest.filter(approved_at__lt=cutoff)
    public_now = registry.for_content_type(content_type).projection.objects.values("object_id")
    return latest.filter(
        ~Exists(newer), action=PublicationRecord.Action.PUBLISHED, object_id__in=public_now
    )


class Gone(APIException):
    status_code = 410
    default_detail = "Withdrawn from public view."
    default_code = "gone"


def withdrawn(content_type: ContentType, key: str) -> None:
    """Refuse with 410 if ``key`` named a record that has since been withdrawn from public view."""
    record = (
        PublicationRecord.objects.filter(content_type=content_type, key=key)
        .order_by("-approved_at", "-pk")
        .values_list("object_id", flat=True)
        .first()
    )
    projection = registry.for_content_type(content_type).projection
    if record is not None and not projection.objects.filter(object_id=record).exists():
        gone(content_type, record, key)


def gone(content_type: ContentType, object_id: int, key: str):
    """410: withdrawn from public view (renamed records are still public under their new key)."""
    last = (
        PublicationRecord.objects.filter(content_type=content_type, object_id=object_id)
        .order_by("-number")
        .values_list("approved_at", flat=True)
        .first()
    )
    raise Gone(
        f"“{key}” was withdrawn from public view on {last:%Y-%m-%d}, after review; its versions "
        "are withdrawn with it. Its list of approvals is at versions/."
    )


# --- conditional requests -----------------------------------------------------------------------


# --- reading rows -------------------------------------------------------------------------------


def plain_rows(queryset, columns: list[str]) -> list[dict]:
    """The rows of ``queryset`` as dicts of ``columns``, in JSON-ready values.

    The SQL is the ORM's; the ORM's per-value conversion is skipped because the API only passes
    values on to JSON: dates and times become ISO strings (as DRF writes them) and documents
    are decoded once. On a page of rows this halves the cost of reading it.
    """
    try:
        sql, params = queryset.values_list(*columns).query.sql_with_params()
    except EmptyResultSet:
        return []
    model = queryset.model
    converters = [(column, _json_ready(model._meta.get_field(column))) for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {column: convert(row[index]) for index, (column, convert) in enumerate(converters)}
            for row in cursor.fetchall()
        ]


def _same(value):
    return value


def _json_document(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _json_datetime(value):
    """Aware times as they are; naive ones (SQLite's) are stored in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return iso(value)


def _json_ready(field):
    if isinstance(field, models.JSONField):
        return _json_document
    if isinstance(field, models.DateTimeField):
        return _json_datetime
    if isinstance(field, models.DateField):
        return iso
    if isinstance(field, models.BooleanField):
        return bool
    return _same


# --- pagination ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderKey:
    field: str
    descending: bool = False
    nullable: bool = False  # NULLs sort last in both directions

    @property
    def spec(self) -> str:
        return ("-" if self.descending else "") + self.field

    def order_by(self, *, backwards: bool):
        descending = self.descending != backwards
        expression = F(self.field)
        if not self.nullable:
            return expression.desc() if descending else expression.asc()
        # Forwards NULLs come last, so walking backwards meets them first.
        nulls = {"nulls_first": True} if backwards else {"nulls_last": True}
        return expression.desc(**nulls) if descending else expression.asc(**nulls)

    def beyond(self, value, *, backwards: bool) -> Q:
        """Rows strictly after ``value`` in this key's order (strictly before if backwards)."""
        greater = self.descending == backwards
        lookup = f"{self.field}__{'gt' if greater else 'lt'}"
        if not self.nullable:
            return Q(**{lookup: value})
        if not backwards:
            # NULLs are last: nothing follows NULL, and NULL follows every value.
            if value is None:
                return Q(pk__in=[])
            return Q(**{lookup: value}) | Q(**{f"{self.field}__isnull": True})
        if value is None:
            return Q(**{f"{self.field}__isnull": False})
        return Q(**{lookup: value})

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.field}__isnull": True})
        return Q(**{self.field: value})


class KeysetPagination:
    """Cursor pagination on any ordering that ends with a unique key.

    The cursor holds the ordering and the sort values of the row it continues from; a page is
    ``WHERE (ordering) > (cursor) ORDER BY ordering LIMIT size + 1``: one indexed query whose cost
    does not depend on how deep the page is, and rows published meanwhile neither shift nor
    repeat the pages.
    """

    def __init__(self, request, ordering: list[OrderKey], model: type[models.Model]):
        self.request = request
        self.ordering = ordering
        self.model = model
        self.page_size = self._page_size(request.query_params.get("page_size"))
        self.direction, self.position = self._decode(request.query_params.get("cursor"))

    @staticmethod
    def _page_size(raw: str | None) -> int:
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise parameter_error("page_size", f"Give a whole number from 1 to {MAX_PAGE_SIZE}.")
        return int(raw)

    def _spec(self) -> list[str]:
        return [key.spec for key in self.ordering]

    def _decode(self, raw: str | None):
        if not raw:
            return "after", None
        invalid = parameter_error(
            "cursor", "This cursor is not valid here: follow the next or previous link as given."
        )
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"==="))
        except (ValueError, UnicodeError, binascii.Error):
            raise invalid from None
        if (
            not isinstance(data, dict)
            or data.get("o") != self._spec()
            or data.get("d") not in ("after", "before")
            or not isinstance(data.get("v"), list)
            or len(data["v"]) != len(self.ordering)
        ):
            raise invalid
        values = []
        for key, value in zip(self.ordering, data["v"], strict=True):
            if value is None:
                if not key.nullable:
                    raise invalid
                values.append(None)
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise invalid
            if isinstance(value, int) and not -_BIGINT <= value < _BIGINT:
                raise invalid
            if isinstance(value, str) and "\x00" in value:
                raise invalid
            try:
                values.append(self.model._meta.get_field(key.field).to_python(value))
            except (DjangoValidationError, ValueError, TypeError, OverflowError):
                raise invalid from None
        return data["d"], values

    def _encode(self, direction: str, row: dict) -> str:
        values = []
        for key in self.ordering:
            value = row[key.field]
            if isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()
            values.append(value)
        payload = json.dumps(
            {"o": self._spec(), "d": direction, "v": values}, separators=(",", ":")
        )
        return base64.urlsafe_b64encode(payload.encode()).decode("ascii").rstrip("=")

    def _where(self, backwards: bool) -> Q:
        """(a > x) OR (a = x AND b > y) OR …: the rows beyond the cursor, in SQL both databases
        index (a row-value comparison would not respect mixed directions and NULLs)."""
        condition = None
        for index, key in enumerate(self.ordering):
            step = key.beyond(self.position[index], backwards=backwards)
            for previous, value in zip(self.ordering[:index], self.position[:index], strict=True):
                step &= previous.equal(value)
            condition = step if condition is None else condition | step
        first, value = self.ordering[0], self.position[0]
        if len(self.ordering) > 1 and not first.nullable:
            # Implied by the condition above; said once more so that the database seeks the index.
            greater = first.descending == backwards
            condition &= Q(**{f"{first.field}__{'gte' if greater else 'lte'}": value})
        return condition

    def order_by(self, *, backwards: bool = False) -> list:
        return [key.order_by(backwards=backwards) for key in self.ordering]

    def page(self, queryset, fields: Iterable[str]) -> list[dict]:
        """One page of ``queryset`` as dicts of ``fields`` (the ordering fields are added)."""
        backwards = self.direction == "before"
        if self.position is not None:
            queryset = queryset.filter(self._where(backwards))
        columns = list(dict.fromkeys([*fields, *(key.field for key in self.ordering)]))
        queryset = queryset.order_by(*self.order_by(backwards=backwards))
        rows = plain_rows(queryset[: self.page_size + 1], columns)
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
            self.has_previous, self.has_next = more, True
        else:
            self.has_next, self.has_previous = more, self.position is not None
        self.first, self.last = (rows[0], rows[-1]) if rows else (None, None)
        return rows

    def _link(self, direction: str, row: dict | None) -> str | None:
        if row is None:
            return None
        query = self.request.query_params.copy()
        query["cursor"] = self._encode(direction, row)
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")

    def links(self) -> dict:
        if self.first is None and self.position is not None:
            # Walked past an end: offer the way back to the rows that exist.
            backwards = self.direction == "before"
            query = self.request.query_params.copy()
            query.pop("cursor", None)
            start = self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")
            return {"next": start if backwards else None, "previous": None if backwards else start}
        return {
            "next": self._link("after", self.last) if self.has_next else None,
            "previous": self._link("before", self.first) if self.has_previous else None,
        }


def page_serializer(row_serializer: type[serializers.Serializer], name: str):
    """The documented envelope of a list page: ``next``, ``previous`` and ``results``."""
    envelope = type(
        name,
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True, help_text="The next page, or null."),
            "previous": serializers.URLField(
                allow_null=True, help_text="The previous page, or null."
            ),
            "results": row_serializer(many=True),
            "__doc__": f"One page of {row_serializer.__name__.removesuffix('Serializer')} rows.",
        },
    )
    # The envelope is the response itself, not an item of a list.
    return extend_schema_serializer(many=False)(envelope)


# --- CSV ----------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: an apostrophe before a formula start.

    The one rule for every CSV the project writes (this API's, and the site's downloads and data
    package in episodes/downloads.py). It applies to text only: numbers, booleans and dates are
    written as they are, so a negative number stays a number.
    """
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "|".join(str(item) for item in value)
    elif isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return formula_safe(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: list[str], rows: Iterable[dict]):
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in columns])


def csv_response(columns: list[str], rows: Iterable[dict], filename: str) -> StreamingHttpResponse:
    """Streams ``rows`` (a lazy iterable) as CSV: memory stays flat however many rows there are."""
    response = StreamingHttpResponse(
        csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """Selects CSV in content negotiation; lists stream their rows themselves (``csv_response``)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else (data or {}).get("results", [])
        if not rows:
            return b""
        return "".join(csv_lines(list(rows[0]), rows)).encode()


# --- documentation helpers ----------------------------------------------------------------------


class StrictFilterExtension(DjangoFilterExtension):
    """Documents each filter's own limits (length, pattern, range) from its form field.

    drf-spectacular documents a filter's type but not the limits its form field enforces, and a
    request the schema calls valid must not then be refused for a limit the schema never named.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        field = filter_field.field
        for parameter in parameters:
            # An empty value means "no filter", as on the website's forms.
            parameter["allowEmptyValue"] = True
            schema = parameter["schema"]
            if schema.get("type") == "array":
                continue
            if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                if getattr(field, "max_length", None):
                    schema["maxLength"] = field.max_length
                patterns = [
                    v.regex.pattern for v in field.validators if isinstance(v, RegexValidator)
                ]
                # Form fields refuse NUL characters.
                schema["pattern"] = patterns[0] if patterns else r"^[^\u0000]*$"
            if schema.get("type") in ("integer", "number"):
                if getattr(field, "min_value", None) is not None:
                    schema["minimum"] = field.min_value
                if getattr(field, "max_value", None) is not None:
                    schema["maximum"] = field.max_value
        return parameters


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


PARAMETER_ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"regime": ["A regime code has two to four letters, e.g. KP."]},
    },
    description="An invalid or unknown query parameter: one list of messages per parameter.",
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing public under this identifier.")
GONE = OpenApiResponse(
    ErrorSerializer, description="Withdrawn from public view after review (with its versions)."
)
TOO_MANY = OpenApiResponse(
    ErrorSerializer, description="Rate limit reached: retry after `Retry-After` seconds."
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="The data as published at the end of this day (UTC), from the public history. "
    "On lists it cannot be combined with filters or ordering (400): the list as of a date is "
    "the whole list, by identifier.",
)
CURSOR = OpenApiParameter(
    "cursor", str, description="Opaque position: use the `next` and `previous` links as given."
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    description=f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
)
VERSION_NUMBER = OpenApiParameter(
    "number",
    {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    OpenApiParameter.PATH,
    description="The version number, 1 for the first approved version.",
)
LIST_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="csv: every matching row, unpaged, streamed (same as `Accept: text/csv`).",
)
DETAIL_FORMAT = OpenApiParameter("format", str, enum=["json"])


def list_responses(page, *, csv_columns: list[str]) -> dict:
    return {
        (200, "application/json"): OpenApiResponse(
            page, description="One page of rows: follow `next` for the following page."
        ),
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description="Columns: " + ", ".join(csv_columns) + ". Lists are joined with |.",
        ),
        (400, "application/json"): PARAMETER_ERRORS,
        (429, "application/json"): TOO_MANY,
    }


def detail_responses(document) -> dict:
    return {
        200: OpenApiResponse(document, description="As approved and published."),
        400: PARAMETER_ERRORS,
        404: NOT_FOUND,
        410: GONE,
        429: TOO_MANY,
    }


@functools.cache
def _detail_prefix(view_name: str) -> str:
    """The path before the key, "/api/episodes/" for "api:episode-detail" (URLs do not change
    while running)."""
    return reverse(view_name, args=["x"])[: -len("x/")]


# --- the viewset --------------------------------------------------------------------------------


class PublishedViewSet(viewsets.GenericViewSet):
    """Read-only endpoints over one published projection and its public history.

    A subclass names the aggregate, the list columns and how to build rows; this class does the
    rest. Each request costs one query for the validator (a 304, or a response rendered before
    under the same publication state, stops there), then one per page or document, whatever the
    page size or the size of the table.
    """

    aggregate: Aggregate
    lookup_field: str  # the projection column of the public identifier
    lookup_value_regex = r"[^/\x00-\x1f\x7f]+"
    list_fields: tuple[str, ...] = ()  # projection columns the rows are made of
    default_ordering: tuple[str, ...] = ()
    tiebreak = "object_id"
    csv_columns: list[str] = []
    csv_name: str = ""
    detail_view_name: str = ""  # the URL name of a row's detail, e.g. "api:episode-detail"
    filterset_class = None
    http_method_names = ["get", "head", "options"]

    # Set per request by ``initial``.
    cutoff: datetime.datetime | None = None
    state: PublicationState | None = None
    cache_key: str | None = None

    def get_queryset(self):
        return self.aggregate.projection.objects.all()

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    # -- request checks, before any data is read

    def perform_content_negotiation(self, request, force=False):
        formats = ", ".join(renderer.format for renderer in self.get_renderers())
        unknown = parameter_error("format", f"Unknown format: use one of {formats}.")
        if not force and request.query_params.get("format") == "":
            raise unknown
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            raise unknown from None

    def initial(self, request, *args, **kwargs):
        if getattr(self, request.method.lower(), None) is None:
            self.http_method_not_allowed(request)  # 405 before any other answer
        super().initial(request, *args, **kwargs)  # negotiation, throttling: no query
        if request.method == "OPTIONS":
            return
        self.state = publication_state()
        self.cache_key = self.response_cache_key(request)
        cached = cache.get(self.cache_key) if self.cache_key is not None else None
        if cached is None:
            # (A cached response was valid: its URL needs no second check.)
            self.check_parameters(request)
        conditional = get_conditional_response(
            request,
            etag=self.etag(request),
            last_modified=self._last_modified_timestamp(),
        )
        if conditional is not None:
            raise _Answer(conditional)
        if cached is not None:
            raise _Answer(HttpResponse(cached, content_type="application/json"))

    def response_cache_key(self, request) -> str | None:
        """Where this request's JSON is kept, for as long as nothing new is published.

        The key holds the publication state read for this request, so an approval makes every
        earlier entry unreachable: a cached response is never older than the data.
        """
        if (
            not settings.ATLAS_API_RESPONSE_CACHE_SECONDS
            or request.accepted_renderer.format != "json"
        ):
            return None
        # The whole URL: the body holds absolute links, so host and scheme matter too.
        digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        return f"atlas-api:{API_REVISION}:{self.state.last_record}:{digest}"

    def handle_exception(self, exc):
        if isinstance(exc, _Answer):
            return exc.response
        return super().handle_exception(exc)

    def check_parameters(self, request):
        params = request.query_params
        allowed = LIST_PARAMETERS if self.action == "list" else DETAIL_PARAMETERS
        if self.action in ("versions", "version"):
            allowed = frozenset({"format"})
        errors = {}
        self.filterset = None
        if self.action == "list" and self.filterset_class is not None:
            filters = self.filterset_class.base_filters
            allowed = allowed | set(filters)
            # A FilterSet costs more to build than a page costs to read: only when filtering.
            if any(name in filters for name in params):
                self.filterset = self.filterset_class(
                    data=params, queryset=self.get_queryset(), request=request
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
        return f'"{API_REVISION}-{self.state.last_record}-{request.accepted_renderer.format}"'

    def _last_modified_timestamp(self):
        at = self.state.last_approved_at
        return int(at.timestamp()) if at else None

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
        if self.state is not None and response.status_code in (200, 304):
            response["ETag"] = self.etag(request)
            if self.state.last_approved_at is not None:
                response["Last-Modified"] = http_date(self._last_modified_timestamp())
            response["Cache-Control"] = f"public, max-age={settings.ATLAS_API_CACHE_SECONDS}"
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

    def row(self, data: dict, url: str) -> dict:
        """One list row from ``list_fields`` (+ ``public_version``, ``approved_at``)."""
        raise NotImplementedError

    def detail_document(self, document: dict, *, object_id: int) -> dict:
        """The detail body besides ``version`` and ``approved_at`` (episodes add assessments)."""
        return document

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
            queryset = records_as_of(self.content_type(), self.cutoff)
            fields = ("document", "number", "approved_at")

            def make_row(record):
                return self.row(self._as_of_data(record), url)

            filename = f"{self.csv_name}-{request.query_params['as_of'].strip()}.csv"
        else:
            queryset = self.filterset.qs if self.filterset is not None else self.get_queryset()
            fields = (*self.list_fields, "public_version", "approved_at")

            def make_row(data):
                return self.row(data, url)

            filename = f"{self.csv_name}.csv"
        if request.accepted_renderer.format == "csv":
            if request.method == "HEAD":
                return csv_response(self.csv_columns, [], filename)  # headers, not the rows
            ordered = queryset.order_by(*self.pages.order_by()).values(*fields)
            rows = (make_row(data) for data in ordered.iterator(chunk_size=2000))
            return csv_response(self.csv_columns, rows, filename)
        rows = [make_row(data) for data in self.pages.page(queryset, fields)]
        return Response({**self.pages.links(), "results": rows})

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
                    f"Nothing was public under “{key}” on {request.query_params['as_of']}."
                )
            found = {
                "object_id": record["object_id"],
                "document": record["document"],
                "public_version": record["number"],
                "approved_at": record["approved_at"],
            }
        else:
            # The identifier is unique: no ORDER BY (``first()`` would add one).
            rows = (
                self.get_queryset()
                .filter(**{self.lookup_field: key})
                .order_by()
                .values("object_id", "document", "public_version", "approved_at")[:1]
            )
            found = next(iter(rows), None)
            if found is None:
                withdrawn(self.content_type(), key)
                raise NotFound(f"Nothing public under “{key}”.")
        body = self.detail_document(found["document"], object_id=found["object_id"])
        return Response(
            {**body, "version": found["public_version"], "approved_at": iso(found["approved_at"])}
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

    def _object_id_for(self, key: str) -> tuple[int, bool]:
        """The object a public identifier points at now, or pointed at when it was last used,
        and whether it is public now."""
        rows = (
            self.get_queryset()
            .filter(**{self.lookup_field: key})
            .order_by()
            .values_list("object_id", flat=True)[:1]
        )
        object_id = next(iter(rows), None)
        if object_id is not None:
            return object_id, True
        object_id = (
            PublicationRecord.objects.filter(content_type=self.content_type(), key=key)
            .order_by("-approved_at", "-pk")
            .values_list("object_id", flat=True)
            .first()
        )
        if object_id is None:
            raise NotFound(f"Nothing was ever public under “{key}”.")
        # Renamed since (public under another identifier), or withdrawn.
        return object_id, self.aggregate.projection.objects.filter(object_id=object_id).exists()

    def versions_list(self, request, key: str):
        object_id, _ = self._object_id_for(key)
        records = PublicationRecord.objects.filter(
            content_type=self.content_type(), object_id=object_id
        ).order_by("number")
        base = request.build_absolute_uri(request.path)
        return Response(
            [
                {
                    "number": number,
                    "action": action,
                    "key": record_key,
                    "approved_at": iso(approved_at),
                    "summary": summary,
                    "url": f"{base}{number}/",
                }
                for number, action, record_key, approved_at, summary in records.values_list(
                    "number", "action", "key", "approved_at", "summary"
                )
            ]
        )

    def version_detail(self, request, key: str, number: str):
        number = int(number)
        object_id, public_now = self._object_id_for(key)
        found = (
            PublicationRecord.objects.filter(
                content_type=self.content_type(), object_id=object_id, number=number
            )
            .values("number", "action", "key", "approved_at", "summary", "document")
            .first()
            if number < 2**31
            else None
        )
        if found is None:
            raise NotFound(f"“{key}” has no version {number}.")
        if not public_now:
            gone(self.content_type(), object_id, key)
        return Response(found)


def version_field():
    return serializers.IntegerField(
        help_text="Number of the approved version shown (1, 2, …): cite it with the date."
    )


def approved_at_field():
    return serializers.DateTimeField(help_text="When a reviewer approved this version.")


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 for the first approved version, then 2, …")
    action = serializers.ChoiceField(
        choices=PublicationRecord.Action.choices,
        help_text="unpublished: withdrawn from public view from this date (document is null).",
    )
    key = serializers.CharField(help_text="The public identifier at the time.")
    approved_at = serializers.DateTimeField()
    summary = serializers.CharField(help_text="What changed, in words.")
    url = serializers.URLField()


def versions_schema(
    resource: str, noun: str, key: OpenApiParameter, document_serializer, name: str
) -> dict:
    """The schema of the ``versions`` and ``version`` actions of a VersionsMixin viewset, for
    ``extend_schema_view(**versions_schema(...))``."""
    return {
        "versions": extend_schema(
            operation_id=f"{resource}_versions",
            summary=f"Every approved version of {noun}",
            parameters=[key, DETAIL_FORMAT],
            responses=detail_responses(VersionSerializer(many=True)),
        ),
        "version": extend_schema(
            operation_id=f"{resource}_version",
            summary=f"One approved version of {noun}, as it was published",
            parameters=[key, VERSION_NUMBER, DETAIL_FORMAT],
            responses=detail_responses(version_detail_serializer(document_serializer, name)),
        ),
    }


def version_detail_serializer(document_serializer, name: str):
    return type(
        name,
        (serializers.Serializer,),
        {
            "number": serializers.IntegerField(),
            "action": serializers.ChoiceField(choices=PublicationRecord.Action.choices),
            "key": serializers.CharField(),
            "approved_at": serializers.DateTimeField(),
            "summary": serializers.CharField(),
            "document": document_serializer(allow_null=True),
            "__doc__": "One approved version of the public document, as it was published.",
        },
    )


def split_pipes(value: str) -> list[str]:
    """'|coerce|signal|' (a projection column) → ['coerce', 'signal']."""
    return [item for item in value.split("|") if item]


_URL_SAFE = re.compile(r"[A-Za-z0-9._-]+\Z")


def absolute(url_template: str, key: str) -> str:
    return url_template.replace("{key}", key if _URL_SAFE.match(key) else quote(key, safe=""))


def iso(value):
    """A date or time as the JSON renderer writes it (UTC as Z), done once per row, not per call
    of the encoder's fallback; strings (dates from stored documents) pass as they are."""
    if value is None or isinstance(value, str):
        return value
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
