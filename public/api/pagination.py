"""Keyset (cursor) pages whose cost does not grow with depth, and pages read without the ORM's
per-value conversion."""

import base64
import binascii
import datetime
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ops.textinput import invalid_text
from public import statements
from public.api.errors import parameter_error

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000
# Integers the databases can store: anything larger in a cursor is refused, never sent.
_BIGINT = 2**63


def plain_rows(queryset, columns: list[str]) -> list[dict]:
    """The rows of ``queryset`` (a ``values_list`` of ``columns``) as dicts of ``columns``, in
    JSON-ready values.

    The SQL is the ORM's; the ORM's per-value conversion is skipped because the API only passes
    values on to JSON: dates and times become ISO strings (as DRF writes them) and documents
    are decoded once. On a page of rows this halves the cost of reading it.
    """
    try:
        compiled = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    # Django's client-bound cursor, not ``statements.execute``: a search's SQL changes with its
    # words and may carry many parameters, so there is nothing to prepare.
    with connections[queryset.db].cursor() as cursor:  # the replica the router chose, if any
        cursor.execute(*compiled)
        return _json_rows(cursor.fetchall(), queryset.model, columns)


def read_rows(compiled: tuple[str, list] | None, using: str, model, columns: list[str]):
    """``plain_rows`` of a statement from ``public.statements`` (None: no rows) that selects
    ``columns`` of ``model``, executed as statements are (prepared on PostgreSQL)."""
    if compiled is None:
        return []
    return _json_rows(statements.execute(compiled, using), model, columns)


def _json_rows(rows, model, columns: list[str]) -> list[dict]:
    converters = _converters(model, tuple(columns))
    if not converters:
        return [dict(zip(columns, row, strict=True)) for row in rows]
    result = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            values[index] = convert(values[index])
        result.append(dict(zip(columns, values, strict=True)))
    return result


@functools.cache
def _converters(model, columns: tuple[str, ...]) -> tuple:
    """(index, converter) of the columns whose values JSON needs converted."""
    converters = (
        (index, _json_ready(_field(model, column))) for index, column in enumerate(columns)
    )
    return tuple((index, convert) for index, convert in converters if convert is not _same)


def _same(value):
    return value


def _field(model, column: str):
    """The model field of a column, or None for an annotation (e.g. the search rank)."""
    try:
        return model._meta.get_field(column)
    except FieldDoesNotExist:
        return None


def _json_document(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _json_datetime(value):
    """Aware times as they are; naive ones (SQLite's) are stored in UTC."""
    if isinstance(value, str):
        if len(value) in (19, 26) and value[10] == " ":  # SQLite's "YYYY-MM-DD HH:MM:SS[.f]"
            return f"{value[:10]}T{value[11:]}Z"
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
            if isinstance(value, str) and invalid_text(value):
                raise invalid  # a NUL or a lone surrogate: no database stores it
            field = _field(self.model, key.field)
            if field is None and not isinstance(value, int):
                raise invalid  # an annotation orders by a whole number (the search rank)
            try:
                values.append(value if field is None else field.to_python(value))
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

    def _where(self, backwards: bool, position: list) -> Q:
        """(a > x) OR (a = x AND b > y) OR …: the rows beyond the cursor, in SQL both databases
        index (a row-value comparison would not respect mixed directions and NULLs)."""
        condition = None
        for index, key in enumerate(self.ordering):
            step = key.beyond(position[index], backwards=backwards)
            for previous, value in zip(self.ordering[:index], position[:index], strict=True):
                step &= previous.equal(value)
            condition = step if condition is None else condition | step
        first, value = self.ordering[0], position[0]
        if len(self.ordering) > 1 and not first.nullable:
            # Implied by the condition above; said once more so that the database seeks the index.
            greater = first.descending == backwards
            condition &= Q(**{f"{first.field}__{'gte' if greater else 'lte'}": value})
        return condition

    def order_by(self, *, backwards: bool = False) -> list:
        return [key.order_by(backwards=backwards) for key in self.ordering]

    def page(self, queryset, fields: Iterable[str]) -> list[dict]:
        """One page of ``queryset`` as dicts of ``fields`` (the ordering fields are added).

        ``queryset`` may be a ``statements.Query``: the page's SQL is then compiled once per
        shape (public.statements)."""
        backwards = self.direction == "before"
        columns = list(dict.fromkeys([*fields, *(key.field for key in self.ordering)]))
        order_by = self.order_by(backwards=backwards)
        size = self.page_size + 1

        def build(base, position):
            if position is not None:
                base = base.filter(self._where(backwards, position))
            return base.order_by(*order_by)[:size].values_list(*columns)

        if not isinstance(queryset, statements.Query):
            rows = plain_rows(build(queryset, self.position), columns)
        else:
            position = [] if self.position is None else self.position
            keys = (tuple(self._spec()), tuple(columns), size, backwards, self.position is None)
            ordering_fields = [_field(self.model, key.field) for key in self.ordering][
                : len(position)
            ]
            rows = read_rows(
                queryset.sql(
                    keys,
                    lambda base, values: build(base, values or None),
                    position,
                    ordering_fields,
                ),
                queryset.using,
                self.model,
                columns,
            )
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


def iso(value):
    """A date or time as the JSON renderer writes it (UTC as Z), done once per row, not per call
    of the encoder's fallback; strings (dates from stored documents) pass as they are."""
    if value is None or isinstance(value, str):
        return value
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
