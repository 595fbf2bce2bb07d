"""Query plans for the tests of what a query reads: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's
EXPLAIN ANALYZE, and how to ask each the question the same way."""

from django.db import connection


def prefer_indexes(*tables):
    """On PostgreSQL, statistics of ``tables`` (ANALYZE, as autovacuum keeps them) and, for the
    rest of the test's transaction, no sequential scan wherever one can be avoided (with a
    test's few rows a scan is cheapest). SQLite plans without statistics: nothing to do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
            cursor.execute("SET LOCAL enable_seqscan = off")


def explain(sql):
    """SQLite's plan of ``sql`` (its steps), or PostgreSQL's as run (EXPLAIN ANALYZE's tree)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            return cursor.fetchone()[0][0]["Plan"]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [row[3] for row in cursor.fetchall()]


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def rows_read(plan, tables=("designations_designation", "reversion_version")):
    """How many rows of each of ``tables`` a plan (EXPLAIN ANALYZE) read, none by a
    sequential scan."""
    read = dict.fromkeys(tables, 0)
    for node in nodes(plan):
        table = node.get("Relation Name")
        if table in read:
            assert node["Node Type"] != "Seq Scan", node
            removed = node.get("Rows Removed by Filter", 0) + node.get(
                "Rows Removed by Index Recheck", 0
            )
            rows = node["Actual Rows"] + removed
            read[table] += rows * node["Actual Loops"]
    return read


def version_searches(steps):
    """The steps of SQLite's plan that read reversion's versions through one of their indexes
    (an alias names the table in a step; the index says which it is)."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "reversion_version")
    return [step for step in steps if any(f" INDEX {name} " in step for name in indexes)]


def version_index_conditions(plan):
    """What each read of reversion's versions in a plan fixes, as the plan says it: SQLite's
    steps through one of their indexes, PostgreSQL's index conditions (none may be a sequential
    scan)."""
    if connection.vendor != "postgresql":
        return version_searches(plan)
    conditions = []
    for node in nodes(plan):
        if node.get("Relation Name") != "reversion_version":
            continue
        assert node["Node Type"] != "Seq Scan", node
        if node["Node Type"] == "Bitmap Heap Scan":
            conditions.extend(child["Index Cond"] for child in nodes(node) if "Index Cond" in child)
        else:
            conditions.append(node["Index Cond"])
    return conditions
