"""The public's lists of designations are read in the order of an index, on SQLite and
PostgreSQL: a page reads its rows in order and stops after them, whatever the size of the table
(migration 0010), instead of sorting every row that matches first.

The plans are read with EXPLAIN. PostgreSQL is told not to sort where it can avoid it
(``enable_sort`` and ``enable_incremental_sort`` off): a sort left in the plan then means that no
index serves the order, whatever the planner would choose for this test's few rows. SQLite
plans with the statistics a large approval leaves (``designations.statistics``).
"""

import copy
import datetime

import pytest
from django.db import connection

from designations import statistics
from designations.models import PublishedDesignation
from tests.factories import DesignationFactory, RegimeFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db

LISTS = {
    # the site's list, and one regime's
    "site": lambda rows: rows.for_list(),
    "site, one regime": lambda rows: rows.for_list().filter(regime_code="IR"),
    "site, one regime, individuals in force": lambda rows: (
        rows.for_list().filter(regime_code="IR", kind="individual").in_force()
    ),
    # the API's: by key (its default), and by name or listing date within a regime
    "api": lambda rows: rows.public().order_by("key"),
    "api, regime by name": lambda rows: (
        rows.public()
        .filter(regime_code="IR", listed_on__gte="2010-01-01")
        .order_by("sort_name", "key")
    ),
    "api, regime by listing date": lambda rows: (
        rows.public().filter(regime_code="IR").order_by("listed_on", "key")
    ),
    "api, a regime's entities in force": lambda rows: (
        rows.public().filter(regime_code="IR", kind="entity").in_force().order_by("key")
    ),
}


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_incremental_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[3] for row in cursor.fetchall())


@pytest.fixture
def regimes_of_rows(settings):
    """3,000 published designations in three regimes, listed 1995–2024, then the statistics a
    large approval leaves: the planners choose as they would over a real list (over a handful
    of rows, reading the table whole and sorting it is right)."""
    settings.ATLAS_ANALYZE_AFTER_RECORDS = 3000
    for code in ("IR", "KP", "LY"):
        publish(
            DesignationFactory(regime=RegimeFactory(code=code), reference_number=f"{code}i.001")
        )
    template = PublishedDesignation.objects.get(key="IRi.001")
    rows = []
    for n in range(3000):
        row = copy.copy(template)
        row.pk, row.object_id = None, 900_000 + n
        row.regime_code = ("IR", "KP", "LY")[n % 3]
        row.key = row.reference_number = f"{row.regime_code}x.{n:05d}"
        row.imo_number = None
        row.kind = ("individual", "entity")[n % 2]
        row.sort_name = f"name {n * 7919 % 3000:05d}"
        row.listed_on = datetime.date(1995 + n % 30, 1 + n % 12, 1)
        # a fifth delisted, on many days: SQLite's statistics then count few rows per day
        row.delisted_on = None if n % 5 else datetime.date(2000 + n % 25, 1 + n % 12, 1 + n % 28)
        rows.append(row)
    PublishedDesignation.objects.bulk_create(rows)
    if connection.vendor == "sqlite":
        statistics.analyse()  # as approving them would (analyse_after_large_approval)
    else:
        with connection.cursor() as cursor:  # as autovacuum would
            cursor.execute(f"ANALYZE {PublishedDesignation._meta.db_table}")


@pytest.mark.parametrize("name", LISTS)
def test_each_public_list_of_designations_is_read_in_an_index_s_order(regimes_of_rows, name):
    queryset = LISTS[name](PublishedDesignation.objects)
    explained = plan(queryset[25:50])
    if connection.vendor == "postgresql":
        assert "Sort" not in explained, explained
    else:
        assert "TEMP B-TREE" not in explained, explained
    assert "designations_pub" in explained, explained  # through an index of the table
    keys = [row.key for row in queryset[25:50]]
    assert len(keys) == 25 and keys == [row.key for row in queryset][25:50]


def test_a_large_approval_renews_sqlite_s_statistics_and_a_small_one_does_not(
    settings, django_capture_on_commit_callbacks
):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its statistics")
    settings.ATLAS_ANALYZE_AFTER_RECORDS = 2
    table = PublishedDesignation._meta.db_table

    def analysed_indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return []
            cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [table])
            return [idx for (idx,) in cursor.fetchall()]

    regime = RegimeFactory(code="IR")
    with django_capture_on_commit_callbacks(execute=True):
        publish(DesignationFactory(regime=regime, reference_number="IRi.001"))  # and its regime
    assert analysed_indexes() == []
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            DesignationFactory(regime=regime, reference_number="IRi.002"),
            DesignationFactory(regime=regime, reference_number="IRi.003"),
        )
    assert "designations_pub_regime_name" in analysed_indexes()


def test_no_index_of_the_published_designations_is_one_that_no_query_reads():
    """Every index costs an approval each row it writes (migration 0012): regime_code has none
    of its own (each composite index leads with it), and kind and sort_name one each, without
    PostgreSQL's "_like" copy for prefix matching, which no query of the project does."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, PublishedDesignation._meta.db_table
        )
    single = {}
    for name, info in constraints.items():
        if info["index"] and not info["unique"] and len(info["columns"]) == 1:
            single.setdefault(info["columns"][0], []).append(name)
    assert "regime_code" not in single, single
    assert single["kind"] == ["designations_pub_kind"], single
    assert single["sort_name"] == ["designations_pub_sort_name"], single
