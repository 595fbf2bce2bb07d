"""A leaner ``bulk_create`` for the plain rows of imports and approvals.

Django's ``bulk_create`` prepares every value of every row through the field's whole
``pre_save``/``get_db_prep_save`` chain and compiles the statement value by value; for a list
of 100,000 entries and their children that costs more than the database's work. Here the
conversion is decided once per field: text, numbers and keys are sent as they are (the importer
and the workflow hand over plain ``str``/``int``/``None``), dates and JSON go through the field's own
``get_db_prep_save``, and ``auto_now``/``auto_now_add`` take one timestamp per call. One
multi-row ``INSERT … RETURNING`` per batch (as many rows as the backend's parameter limit
allows) sets each object's primary key, as ``bulk_create`` does. Backends that cannot return
rows from a bulk insert use ``bulk_create`` itself.
"""

import datetime
from functools import cache

from django.db import connections, models, router
from django.db.models.base import ModelState
from django.utils import timezone

_MAX_ROWS = 1000
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


@cache
def _columns(model):
    """[(attname, column, converter or None, auto timestamp)] of the inserted fields."""
    result = []
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        auto = bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        plain = isinstance(field, _PLAIN) and not isinstance(field, models.JSONField)
        if isinstance(field, models.ForeignKey) and not isinstance(
            field.target_field, (models.AutoField, models.IntegerField)
        ):
            plain = False
        result.append((field.attname, field.column, None if plain else field, auto))
    return tuple(result)


def insert(model, objects: list, *, now: datetime.datetime | None = None) -> None:
    """Insert ``objects`` (unsaved instances of ``model``) and set their primary keys."""
    if not objects:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
        model._base_manager.using(using).bulk_create(objects)
        return
    columns = _columns(model)
    now = now or timezone.now()
    quote = connection.ops.quote_name
    pk = model._meta.pk
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(column) for _a, column, _c, _t in columns)}) VALUES "
    )
    tail = f" RETURNING {quote(pk.column)}"
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    fields = [model._meta.get_field(attname) for attname, *_ in columns]
    # The backend's parameter limit (SQLite), and a bound on one statement's size (PostgreSQL
    # has none but 65,535 parameters; its client-side binding builds the whole text).
    batch = max(1, min(_MAX_ROWS, connection.ops.bulk_batch_size(fields, objects)))
    for attname, _column, _converter, auto in columns:
        if auto:
            for obj in objects:
                setattr(obj, attname, now)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            params = []
            for obj in chunk:
                values = obj.__dict__
                for attname, _column, converter, _auto in columns:
                    value = values[attname]
                    if converter is not None:
                        value = converter.get_db_prep_save(value, connection)
                    params.append(value)
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + tail, params)
            for obj, (value,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
                obj._state.adding = False
                obj._state.db = using


@cache
def field_defaults(model):
    """{attname: default} of every concrete field, and which defaults are callables."""
    plain, calls = {}, []
    for field in model._meta.concrete_fields:
        if field.has_default() and callable(field.default):
            calls.append((field.attname, field.default))
        else:
            plain[field.attname] = field.get_default()
    return plain, tuple(calls)


def new(model, values: dict):
    """``model(**values)`` for plain attname values, without ``Model.__init__``'s per-keyword
    checks (the importer makes one instance per row of a 100,000-entry list). Nothing in the
    project listens to ``pre_init``/``post_init``, which this does not send."""
    plain, calls = field_defaults(model)
    obj = model.__new__(model)
    obj._state = ModelState()
    data = obj.__dict__
    data.update(plain)
    for attname, default in calls:
        data[attname] = default()
    data.update(values)
    return obj
