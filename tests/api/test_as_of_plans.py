"""An ``as_of`` page walks the public history in its order (identifier, then record) through an
index and stops after its rows, on SQLite and PostgreSQL (migration editorial 0008): it does not
read every record of the history and sort them, which cost 0.5 s a page at 100,000
designations.

The plans are read with EXPLAIN of the statement the endpoint runs. PostgreSQL is told not to
sort nor to scan a table whole where it can avoid it: a sort or a sequential scan of the
history left in the plan then means that no index serves it, whatever the planner would choose
for this test's few thousand rows.
"""

import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from designations.models import PublishedDesignation
from editorial import services
from editorial.models import PublicationRecord
from tests.factories import DesignationFactory, RegimeFactory
from tests.workflow import factory_researcher, factory_reviewer, publish

pytestmark = pytest.mark.django_db

HISTORY = PublicationRecord._meta.db_table
ROWS = 3000


@pytest.fixture
def long_history(db):
    """3,000 public designations with one record each, a withdrawn one and one corrected."""
    regime = RegimeFactory(code="IR")
    publish(DesignationFactory(regime=regime, reference_number="IRi.001"))
    withdrawn = DesignationFactory(regime=regime, reference_number="IRi.002")
    publish(withdrawn)
    request = services.submit_for_review([withdrawn], by=factory_researcher(), action="unpublish")
    services.approve(request, by=factory_reviewer())
    template = PublishedDesignation.objects.get(key="IRi.001")
    record = PublicationRecord.objects.get(object_id=template.object_id)
    rows, records = [], []
    for n in range(ROWS):
        row = copy.copy(template)
        row.pk, row.object_id = None, 900_000 + n
        row.key = row.reference_number = f"IRx.{n * 7919 % ROWS:05d}"
        row.imo_number = None
        rows.append(row)
        entry = copy.copy(record)
        entry.pk, entry.object_id, entry.key = None, row.object_id, row.key
        entry.approved_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        records.append(entry)
    PublishedDesignation.objects.bulk_create(rows)
    PublicationRecord.objects.bulk_create(records)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {HISTORY}")  # as autovacuum would (SQLite plans the same without)


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for setting in ("enable_sort", "enable_incremental_sort", "enable_seqscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(row[3] for row in cursor.fetchall())


@pytest.mark.parametrize("page", ["first", "deep"])
def test_an_as_of_page_reads_the_history_in_an_index_s_order(
    long_history, anonymous_client, settings, page
):
    settings.ATLAS_API_RESPONSE_CACHE_SECONDS = 0
    url = "/api/designations/?as_of=2100-01-01"
    if page == "deep":
        for _ in range(3):
            url = anonymous_client.get(url).json()["next"]
    with CaptureQueriesContext(connection) as queries:
        response = anonymous_client.get(url)
    assert response.status_code == 200

    (sql,) = [query["sql"] for query in queries if f'FROM "{HISTORY}"' in query["sql"]]
    explained = plan(sql)
    if connection.vendor == "postgresql":
        assert "Sort" not in explained, explained
        assert f"Seq Scan on {HISTORY}" not in explained, explained
    else:
        assert "TEMP B-TREE" not in explained, explained
    assert "publication_by_key" in explained, explained
    keys = [row["reference_number"] for row in response.json()["results"]]
    assert keys == sorted(keys) and len(keys) == 25
    assert "IRi.002" not in keys  # withdrawn
