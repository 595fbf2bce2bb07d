"""Expressions that steer SQLite's planner: reversion's versions, designations in force."""

from django.db import models


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
