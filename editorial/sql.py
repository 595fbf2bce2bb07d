"""Expressions that steer SQLite's planner (reversion's versions, designations in force), and a
lookup for long lists of keys."""

from django.db import models
from django.db.models import lookups


class Unindexed(models.Func):
    """A column, which SQLite is not to look up through an index (a no-op unary "+" there).

    SQLite has no statistics of these tables (Django never runs ANALYZE) and without them ranks
    an index by how many of its columns a query fixes, not by how many rows they leave: it would
    read every version of the kind of record (content type and db fixed) rather than the user's
    (through their revisions), and look for an object's later versions among all the kind's
    (the version id's range), or its newest in the version id's order (to save sorting), rather
    than among the object's. With statistics it can be misled too: they count the rows per
    value of an index, so ``delisted_on IS NULL`` (most designations) looks as selective as one
    delisting day (``PublishedDesignationQuerySet.in_force``). PostgreSQL plans with the
    statistics autovacuum keeps, and gets the column as is.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


@models.Field.register_lookup
class Among(lookups.In):
    """``field__among=[…]``: ``field__in`` for the long lists of keys of imports and approvals.

    On PostgreSQL it is ``field = ANY(%s)`` with the whole list as one array parameter. With
    Django's client-side binding an ``IN`` of thousands of placeholders is a statement that
    psycopg builds and scans and the server parses on every read of a batch (a fifth of a
    second for 5,000 keys); one array costs next to nothing. The values are prepared as ``in``
    prepares them (no ``None``, nothing matches an empty list); other databases get ``IN``.
    """

    lookup_name = "among"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _placeholders, values = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(values))
