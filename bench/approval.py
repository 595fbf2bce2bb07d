"""Benchmark: approving one change request of 1,000 designations (each with an alias and a date of
birth), against a baseline measured in the same run: bulk-inserting the same 1,000 projection rows
with documents already built (the write the approval cannot avoid).

Target (issue #3): under 5 seconds on the CI machine. Uses a throwaway SQLite database unless
BENCH_DATABASE_URL names another (e.g. postgres://postgres@127.0.0.1:5432/atlas_bench).

    .venv/bin/python bench/approval.py
"""

import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="atlas-bench-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
)
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DEBUG"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BATCH = 1000


def ensure_database():
    """Start from an empty PostgreSQL benchmark database (a SQLite file is new every run)."""
    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to reset {name!r}: the benchmark database name must contain 'bench'.")
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def main():
    ensure_database()
    call_command("migrate", verbosity=0)
    from designations.models import PublishedDesignation
    from editorial import services
    from tests.editorial.test_batch import make_batch
    from tests.workflow import factory_researcher, factory_reviewer

    researcher, reviewer = factory_researcher(), factory_reviewer()
    PublishedDesignation.objects.all().delete()
    designations = make_batch(researcher)
    change_request = services.submit_for_review(designations, by=researcher)

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        services.approve(change_request, by=reviewer)
        approval = time.perf_counter() - started

    rows = list(PublishedDesignation.objects.all())
    PublishedDesignation.objects.all().delete()
    for row in rows:
        row.pk = None
    started = time.perf_counter()
    PublishedDesignation.objects.bulk_create(rows)
    baseline = time.perf_counter() - started

    vendor = connection.vendor
    print(f"approval of {BATCH} designations ({vendor}): {approval:.2f} s, {len(queries)} queries")
    print(f"baseline (bulk insert of the same {BATCH} projection rows): {baseline:.3f} s")
    print(f"ratio approval / baseline: {approval / baseline:.1f}")
    print(f"target < 5 s: {'met' if approval < 5 else 'MISSED'}")
    return 0 if approval < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
