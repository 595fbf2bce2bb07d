"""The SQL of the public side's frequent queries, compiled once per shape and process.

Building and compiling a queryset costs the API more than the database's work: about 300 µs
for a detail's one-row query and 500 µs for a list page, against 20 to 100 µs to execute them
(SQLite, 20,000 designations). Here a query is compiled once per *shape* (what the caller says
it depends on besides its values: model, columns, ordering, page size, which values are NULL)
and database, and then executed with each request's values, prepared by the same fields.

Django compiles a queryset at every evaluation and keeps no compiled SQL; the packages that
cache queries (django-cachalot, cacheops) keep their results, which would be a second response
cache, not this. So this is hand-written, and checks itself:

- The shape is compiled once with sentinel values (distinct values of each field's type that no
  request sends), and the places where their prepared forms appear among the parameters are the
  slots that later requests fill.
- At its first use the statement filled with the request's own values must equal the ORM's
  compilation of the same query, SQL and parameters alike; and every sentinel must be found.
  Otherwise (a value transformed, as ``icontains`` wraps it in ``%``, or a field type without a
  sentinel) the shape is remembered as not kept, and compiled every time as before.

A shape the ORM finds empty (``EmptyResultSet``, as ``pk__in=[]``) is kept as empty once the
request's own values confirm it.

On PostgreSQL the database's own share is mostly planning: 0.2 to 0.7 ms to plan a page or a
detail that takes 0.03 to 0.3 ms to execute (EXPLAIN ANALYZE, 5,000 designations), because
Django binds values on the client (psycopg's ``ClientCursor``) and so sends every query as new
text. The statements here are executed through a server-binding cursor instead (``cursor``),
which psycopg prepares on the connection after its fifth execution (``prepare_threshold``,
``ATLAS_PREPARE_THRESHOLD``), so that PostgreSQL plans each shape once per connection. Only
these: Django's own option (``server_side_binding``) would do it for every query, and its limit
of 65,535 parameters would break the importer's and the approval's large ``IN`` lists.
"""

import datetime
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.backends.utils import CursorWrapper

try:
    from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
    from psycopg import DataError
except ImportError:  # no psycopg 3 installed: no PostgreSQL either
    ServerBindingCursor = None
else:

    class _LoggedWithValues(CursorDebugWrapper):
        """Logs (DEBUG, tests' CaptureQueriesContext) the statement with its values, as Django
        logs its client-bound queries, not with the server's ``$1`` placeholders: the SQL a
        test or a developer reads from the log stays runnable."""

        def execute(self, sql, params=None):
            try:
                logged = self.db.ops.compose_sql(sql, params)
            except DataError:
                logged = sql
            with self.debug_sql(logged, params):
                return CursorWrapper.execute(self, sql, params)


_EMPTY = object()  # the ORM found the query empty: no rows, no query
_NOT_KEPT = object()
_kept: dict = {}
_lock = threading.Lock()
# Shapes are few (endpoints × orderings × page sizes × NULL patterns); page sizes 1-1000 and
# orderings bound them, but a bound keeps a crawler of every page size from growing a process.
LIMIT = 2048


def _sentinel(field, index: int):
    """A value of ``field``'s type that no request sends, distinct for each ``index``."""
    if field is None or isinstance(field, models.IntegerField):
        return -(2**62) - 7919 * (index + 1)  # an annotation (a rank) or a key: a whole number
    if isinstance(field, models.CharField | models.TextField):
        return f"\ue000sentinel {index}\ue000"
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(1, 1, 2, 0, 0, index + 1, 1, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(1, 1, 2) + datetime.timedelta(days=index)
    return None


def _prepared(field, value, connection):
    if field is None:
        return value
    return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)


class _Statement:
    def __init__(self, sql: str, params: list, slots: list[tuple[int, int]], fields):
        self.sql, self.params, self.slots, self.fields = sql, params, slots, fields
        self.checked = False

    def fill(self, values, connection) -> list:
        params = list(self.params)
        for position, index in self.slots:
            params[position] = _prepared(self.fields[index], values[index], connection)
        return params


def _compile(build, values):
    try:
        sql, params = build(values).query.sql_with_params()
    except EmptyResultSet:
        return _EMPTY
    return sql, list(params)


def _learn(build, values, fields, connection):
    """The statement of a shape from its compilation with sentinels, or _NOT_KEPT."""
    sentinels = [
        None if value is None else _sentinel(field, index)
        for index, (field, value) in enumerate(zip(fields, values, strict=True))
    ]
    if any(s is None and v is not None for s, v in zip(sentinels, values, strict=True)):
        return _NOT_KEPT
    try:
        compiled = _compile(build, sentinels)
    except Exception:  # a sentinel a filter refuses: the request's own values will do
        return _NOT_KEPT
    if compiled is _EMPTY:
        return _Statement(None, [], [], fields)
    sql, params = compiled
    prepared = {
        index: _prepared(fields[index], sentinel, connection)
        for index, sentinel in enumerate(sentinels)
        if sentinel is not None
    }
    slots, found = [], set()
    for position, param in enumerate(params):
        matches = [index for index, value in prepared.items() if type(value) is type(param)]
        matches = [index for index in matches if prepared[index] == param]
        if len(matches) > 1:
            return _NOT_KEPT
        if matches:
            slots.append((position, matches[0]))
            found.add(matches[0])
    if found != set(prepared):
        return _NOT_KEPT
    return _Statement(sql, params, slots, fields)


def sql(
    shape: Hashable,
    using: str,
    build: Callable[[Sequence], models.QuerySet],
    values: Sequence = (),
    fields: Sequence = (),
) -> tuple[str, list] | None:
    """(SQL, parameters) of ``build(values)`` on database ``using``; None if it has no rows.

    ``fields`` are the model fields that prepare each value (None: a whole number passed as it
    is); ``build`` must make the same query from any values of the same shape, which ``shape``
    names (its NULLs are added here).
    """
    key = (shape, using, tuple(value is None for value in values))
    statement = _kept.get(key)
    connection = connections[using]
    if statement is None:
        statement = _learn(build, values, fields, connection)
        with _lock:
            if len(_kept) >= LIMIT:
                _kept.clear()
            _kept[key] = statement
    if statement is _NOT_KEPT:
        compiled = _compile(build, values)
        return None if compiled is _EMPTY else compiled
    kept = _EMPTY if statement.sql is None else (statement.sql, statement.fill(values, connection))
    if not statement.checked:
        compiled = _compile(build, values)
        if compiled != kept:
            _kept[key] = _NOT_KEPT
            kept = compiled
        else:
            statement.checked = True
    return None if kept is _EMPTY else kept


def forget() -> None:
    """Drop every kept statement (tests, after a migration changes a table)."""
    with _lock:
        _kept.clear()


@dataclass(frozen=True)
class Query:
    """A queryset not built yet: its shape, how to build it from its values, and the database
    that will read it (``router.db_for_read`` of its model)."""

    shape: Hashable
    using: str
    build: Callable[[Sequence], models.QuerySet]
    values: Sequence = ()
    fields: Sequence = ()

    def sql(self, shape: Hashable, refine, values: Sequence = (), fields: Sequence = ()):
        """``sql`` of ``refine(this queryset, values)``, a query of shape ``shape`` built on it."""
        count = len(self.values)
        return sql(
            (self.shape, shape),
            self.using,
            lambda both: refine(self.build(both[:count]), both[count:]),
            [*self.values, *values],
            [*self.fields, *fields],
        )


def fetch(compiled: tuple[str, list] | None, using: str, model, columns: Sequence[str]):
    """The rows of ``sql`` (or ``Query.sql``) as dicts of ``columns`` of ``model``, with the
    values the ORM's ``values()`` gives (its converters: SQLite's times, JSON documents…)."""
    if compiled is None:
        return []
    connection = connections[using]
    rows = execute(compiled, using)
    converters = _converters(model, columns, connection)
    result = []
    for row in rows:
        values = list(row)
        for index, expression, functions in converters:
            for convert in functions:
                values[index] = convert(values[index], expression, connection)
        result.append(dict(zip(columns, values, strict=True)))
    return result


def _converters(model, columns: Sequence[str], connection):
    """(index, column expression, converters) of the columns the ORM converts, as its compiler
    finds them (``SQLCompiler.get_converters``)."""
    converters = []
    for index, name in enumerate(columns):
        expression = model._meta.get_field(name).get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if functions:
            converters.append((index, expression, functions))
    return tuple(converters)


def cursor(using: str):
    """A cursor of database ``using`` for the statements here: Django's (its health check, query
    logging and execute wrappers as ever), binding values on the server on PostgreSQL so that
    psycopg prepares what is executed often."""
    connection = connections[using]
    if connection.vendor != "postgresql" or ServerBindingCursor is None:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    # Django turns psycopg's preparation off (for poolers); only cursors made here bind on the
    # server, so the threshold applies to these statements alone.
    threshold = settings.ATLAS_PREPARE_THRESHOLD or None
    if connection.connection.prepare_threshold != threshold:
        connection.connection.prepare_threshold = threshold
    if connection.queries_logged:
        return _LoggedWithValues(raw, connection)
    return connection.make_cursor(raw)


def execute(compiled: tuple[str, list], using: str) -> list[tuple]:
    """All rows of a statement from ``sql`` (not None), through ``cursor``."""
    with cursor(using) as opened:
        opened.execute(*compiled)
        return opened.fetchall()
