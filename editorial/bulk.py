"""A leaner ``bulk_create`` for the plain rows of imports and approvals.

Django's ``bulk_create`` prepares every value of every row through the field's whole
``pre_save``/``get_db_prep_save`` chain and compiles the statement value by value; for a list
of 100,000 entries and their children that costs more than the database's work. Here the
conversion is decided once per field: text, numbers and keys are sent as they are (the importer
and the workflow hand over plain ``str``/``int``/``None``), dates and JSON go through the field's own
``get_db_prep_save``, and ``auto_now``/``auto_now_add`` take one timestamp per call. Each
object's primary key is set, as ``bulk_create`` does. On SQLite one multi-row ``INSERT`` runs
for every batch of as many rows as its parameter limit allows (``executemany``;
``_insert_many`` says how the keys come back); elsewhere one multi-row ``INSERT … RETURNING``
per batch. Backends that cannot return rows from a bulk insert use ``bulk_create`` itself.

On PostgreSQL the rows go by ``COPY … FROM STDIN`` instead (psycopg's ``cursor.copy()``), with
their primary keys drawn from the table's sequence first: with Django's client-side binding every
multi-row ``INSERT`` is a statement of a thousand rows' values that psycopg builds and scans and
the server parses, which cost most of a 100,000-entry import; ``COPY`` streams the values as
they are. The same conversions apply, the same keys come back (in ascending order, as ``INSERT …
RETURNING`` gives them). ``insert_rows`` writes rows whose keys nobody needs (versions): by
``COPY`` on PostgreSQL, by multi-row ``INSERT``s on SQLite.

``young_collections_only`` keeps Python's full garbage collections out of a batch's way.
"""

import contextlib
import datetime
import gc
import sqlite3
import threading
from functools import cache

from django.db import connections, models, router, transaction
from django.db.models.base import ModelState
from django.utils import timezone

_MAX_ROWS = 1000
# Rows a statement on SQLite: 200 to 1,000 insert alike, but Django rewrites every statement's
# placeholders with a regular expression, once per executemany: a second of a 100,000-entry
# import at 1,000 rows of a designation's 22 columns, a fifth of that at 200.
_SQLITE_ROWS = 200
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


def insert(
    model, objects: list, *, now: datetime.datetime | None = None, keys: bool = True
) -> None:
    """Insert ``objects`` (unsaved instances of ``model``) and set their primary keys.

    ``keys=False`` for rows whose keys nobody reads afterwards (audit events, publication
    records): on PostgreSQL the table's own default then numbers them within the ``COPY``,
    rather than a query first drawing as many numbers from its sequence and sending them back
    (1.4 s of an approval of 100,000 records, for its 400,000 rows); their ``pk`` stays unset.
    SQLite sets the keys either way, at no cost.
    """
    if not objects:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
        model._base_manager.using(using).bulk_create(objects)
        return
    columns = _columns(model)
    now = now or timezone.now()
    for attname, _column, _converter, auto in columns:
        if auto:
            for obj in objects:
                setattr(obj, attname, now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not keys and _auto_key(model):
            copy_rows(
                cursor,
                model._meta.db_table,
                _names(columns),
                _rows(objects, columns, connection),
            )
        elif connection.vendor == "postgresql":
            _copy_with_keys(cursor, model, objects, columns)
        elif connection.vendor == "sqlite" and _auto_key(model):
            with transaction.atomic(using=using, savepoint=False):
                _insert_many(cursor, model, objects, columns)
        else:
            _insert_returning(cursor, model, objects, columns)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using


def _auto_key(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField)


def _rows(objects, columns, connection):
    """Each object's database values. A value that is the very object the row before had in
    that column (the one timestamp of a batch) is converted once."""
    last = [(None, None)] * len(columns)
    for obj in objects:
        values = obj.__dict__
        row = []
        for index, (attname, _column, converter, _auto) in enumerate(columns):
            value = values[attname]
            if converter is not None:
                before, converted = last[index]
                if value is not before or value is None:
                    converted = converter.get_db_prep_save(value, connection)
                    last[index] = (value, converted)
                value = converted
            row.append(value)
        yield row


def _insert_many(cursor, model, objects, columns) -> None:
    """SQLite: one multi-row ``INSERT`` prepared once and run for every full batch of rows
    (``executemany``), one more for the rest, then the keys from ``last_insert_rowid()``.

    A statement holds ``_SQLITE_ROWS`` rows (within the library's parameter limit, 32,766), so
    one ``INSERT … RETURNING`` per batch made an approval of 100,000 records hundreds of
    statements; this is at most three per table, as fast (one statement a row, unbatched, took
    twice as long). SQLite gives each new row the largest key so far plus
    one (``AUTOINCREMENT`` too, never reusing a deleted one), in the order of the rows, and no
    other connection writes while this transaction holds the database's write lock, which its
    first row takes: the keys are the ``len(objects)`` up to the last.
    """
    connection = cursor.db
    _in_batches(
        cursor,
        model._meta.db_table,
        _names(columns),
        objects,
        _rows_per_statement(connection, model, objects, columns),
        lambda part: _params(part, columns, connection),
    )
    cursor.execute("SELECT last_insert_rowid()")
    (last,) = cursor.fetchone()
    for key, obj in enumerate(objects, start=last - len(objects) + 1):
        setattr(obj, model._meta.pk.attname, key)


def _insert_returning(cursor, model, objects, columns) -> None:
    connection = cursor.db
    pk = model._meta.pk
    tail = f" RETURNING {connection.ops.quote_name(pk.column)}"
    batch = _rows_per_statement(connection, model, objects, columns)
    for start in range(0, len(objects), batch):
        chunk = objects[start : start + batch]
        cursor.execute(
            _insert_sql(connection, model._meta.db_table, _names(columns), len(chunk)) + tail,
            _params(chunk, columns, connection),
        )
        for obj, (value,) in zip(chunk, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, value)


def _in_batches(cursor, table: str, names, items: list, per: int, params) -> None:
    """One ``INSERT`` of ``per`` rows prepared once and run for every full batch of ``items``
    (``executemany``), one more for the rest; ``params(batch)`` gives a batch's parameters."""
    connection = cursor.db
    whole = len(items) - len(items) % per
    if whole:
        cursor.executemany(
            _insert_sql(connection, table, names, per),
            (params(items[start : start + per]) for start in range(0, whole, per)),
        )
    if whole < len(items):
        rest = items[whole:]
        cursor.execute(_insert_sql(connection, table, names, len(rest)), params(rest))


def _names(columns) -> list[str]:
    """The column names of ``_columns``' entries."""
    return [column for _a, column, _c, _t in columns]


def _insert_sql(connection, table: str, names, rows: int) -> str:
    """``INSERT INTO table (columns) VALUES (%s, …), …`` for ``rows`` rows."""
    quote = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s"] * len(names)) + ")"
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(name) for name in names)}) VALUES "
        + ", ".join([row_sql] * rows)
    )


def _rows_per_statement(connection, model, objects, columns) -> int:
    """The backend's parameter limit over the columns, and a bound on one statement's size.
    SQLite's is what the library was built with (Django assumes the oldest default, 999: a
    statement per 33 rows of a published designation's 30 columns, where SQLite 3.32 and later
    take 32,766)."""
    if connection.vendor == "sqlite":
        return _sqlite_rows(connection, len(columns))
    fields = [model._meta.get_field(attname) for attname, *_ in columns]
    return max(1, min(_MAX_ROWS, connection.ops.bulk_batch_size(fields, objects)))


def _sqlite_rows(connection, width: int) -> int:
    """Rows a statement of ``width`` columns on SQLite: ``_SQLITE_ROWS``, within the library's
    parameter limit."""
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(_SQLITE_ROWS, limit // width))


def _params(objects, columns, connection) -> list:
    """The database values of ``objects``, row after row, as one statement's parameters."""
    return [value for row in _rows(objects, columns, connection) for value in row]


def _copy_with_keys(cursor, model, objects, columns) -> None:
    """PostgreSQL: the keys from the table's own sequence, then the rows by COPY."""
    connection = cursor.db
    quote = connection.ops.quote_name
    pk = model._meta.pk
    table = quote(model._meta.db_table)
    # The sequence is looked up once (a subquery kept apart by OFFSET 0), not once per key:
    # ``nextval(pg_get_serial_sequence(…))`` reads the catalogue for every number it draws,
    # six times the cost of the numbers themselves (3 s of a 100,000-entry import).
    cursor.execute(
        "SELECT nextval(s.sequence) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass"
        " AS sequence OFFSET 0) AS s, generate_series(1, %s)",
        [table, pk.column, len(objects)],
    )
    keys = sorted(key for (key,) in cursor.fetchall())
    for obj, key in zip(objects, keys, strict=True):
        setattr(obj, pk.attname, key)
    copy_rows(
        cursor,
        model._meta.db_table,
        [pk.column, *_names(columns)],
        (
            [getattr(obj, pk.attname), *row]
            for obj, row in zip(objects, _rows(objects, columns, connection), strict=True)
        ),
    )


def copy_rows(cursor, table: str, columns, rows) -> None:
    """``COPY table (columns) FROM STDIN`` of ``rows`` (sequences of database values), on
    PostgreSQL, through Django's cursor: execute wrappers and the debug log see it as one
    statement, and psycopg's errors become Django's."""
    connection = cursor.db
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"

    def copy(sql, _params, _many, _context):
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as stream:
            for row in rows:
                stream.write_row(row)

    debug = getattr(cursor, "debug_sql", None)  # CursorDebugWrapper: the query log
    with debug(sql) if debug is not None else contextlib.nullcontext():
        cursor._execute_with_wrappers(sql, None, many=False, executor=copy)


def insert_rows(cursor, table: str, columns, rows) -> None:
    """Insert ``rows`` (sequences of database values) whose keys nobody needs: ``copy_rows``
    on PostgreSQL, which takes each row from an iterator as it streams (so that the server
    stores the rows before meanwhile); on SQLite one multi-row ``INSERT`` of ``_SQLITE_ROWS``
    rows run for every full batch (``executemany``), and one for the rest. The 675,000
    versions of a 100,000-entry import go in three quarters of the time of one statement a
    row."""
    connection = cursor.db
    if connection.vendor == "postgresql":
        copy_rows(cursor, table, columns, rows)
        return
    rows = rows if isinstance(rows, list) else list(rows)
    per = _sqlite_rows(connection, len(columns)) if connection.vendor == "sqlite" else 1
    _in_batches(
        cursor, table, columns, rows, per, lambda part: [value for row in part for value in row]
    )


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


_NEVER = 2**31 - 1  # the largest threshold gc takes (a C int)
_batches = 0  # young_collections_only blocks running in this process
_thresholds = gc.get_threshold()
_batches_lock = threading.Lock()


@contextlib.contextmanager
def young_collections_only():
    """Within the block, Python's cycle collector still collects its young generations but
    starts no full collection; when the last such block of the process ends, the thresholds
    are as they were.

    A batch (an import, an approval of thousands) keeps millions of objects alive at once:
    documents, instances, keys. Each full collection walks them all, and the collector starts
    one whenever the live objects have grown by a quarter: half of an approval's time at 5,000
    records, a sixth of an import's at 100,000. What a batch leaves as cyclic garbage is
    short-lived, so the young collections find it (peak memory is the same either way); the
    next full collection after the block finds anything older. The thresholds are the
    process's: another thread of a threaded server makes no full collection meanwhile either,
    and blocks in several threads at once restore them only when the last one ends (a count,
    not each block's own copy, which the last to leave would restore as "never").
    """
    global _batches, _thresholds
    with _batches_lock:
        if _batches == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(_thresholds[0], _thresholds[1], _NEVER)
        _batches += 1
    try:
        yield
    finally:
        with _batches_lock:
            _batches -= 1
            if _batches == 0:
                gc.set_threshold(*_thresholds)
