"""The load test, short: `make loadtest`'s own script on 2,000 designations for a few seconds.

It runs as `make loadtest` does (a throwaway SQLite database, gunicorn with 2 workers on
127.0.0.1, the load generator in a second process) and must show zero errors on every page kind.
Latency is measured by `make loadtest`, never asserted here.

The replica mode runs where the suite has a streaming replica (DATABASE_REPLICA_URL, as CI's
PostgreSQL run sets it): the public side on the replica and staff pages on the primary at once.
"""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings

from bench.loadtest import KINDS, STAFF_KINDS
from config.env import env_list

REPLICAS = env_list("DATABASE_REPLICA_URL", [])
PRIMARY = os.environ.get("DATABASE_URL", "")


def short_run(tmp_path, *options, env=None) -> dict:
    report_file = tmp_path / "report.json"
    # A clean environment: the run makes its own database, whatever DATABASE_URL the suite uses.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **(env or {})}
    result = subprocess.run(
        [
            sys.executable,
            "bench/loadtest.py",
            "--seconds",
            "3",
            "--designations",
            "2000",
            "--episodes",
            "20",
            "--json",
            str(report_file),
            *options,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(report_file.read_text())


def test_a_short_load_run_answers_every_page_kind_without_an_error(tmp_path):
    run = short_run(tmp_path)["runs"]["response cache on"]
    assert run["error_samples"] == []
    assert run["overall"]["errors"] == 0
    assert set(run["kinds"]) == set(KINDS)
    assert all(row["requests"] > 0 and row["errors"] == 0 for row in run["kinds"].values())


@pytest.mark.replicas
@pytest.mark.skipif(
    not (REPLICAS and PRIMARY.startswith("postgres")),
    reason="needs DATABASE_URL on PostgreSQL and DATABASE_REPLICA_URL naming its streaming "
    "replica (CI's PostgreSQL run sets both)",
)
def test_the_replica_mode_serves_the_public_from_the_replica_and_staff_from_the_primary(
    tmp_path,
):
    name = f"bench_loadtest_{os.getpid()}"
    primary = urlsplit(PRIMARY)._replace(path=f"/{name}", query="").geturl()
    replica = urlsplit(REPLICAS[0])._replace(path=f"/{name}", query="").geturl()
    try:
        report = short_run(
            tmp_path,
            "--replica-url",
            replica,
            "--staff-clients",
            "1",
            env={"BENCH_DATABASE_URL": primary},
        )
    finally:
        maintenance = urlsplit(primary)._replace(path="/postgres").geturl()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

    run = report["runs"]["response cache on"]
    assert report["database"] == "postgresql"
    assert report["replica"] == urlsplit(REPLICAS[0]).netloc
    assert run["error_samples"] == []
    assert set(run["kinds"]) == set(KINDS)
    assert set(run["staff"]) == set(STAFF_KINDS)
    every = [*run["kinds"].values(), *run["staff"].values()]
    assert all(row["requests"] > 0 and row["errors"] == 0 for row in every)
    # The staff pages had a gunicorn of their own (the default), not the public side's workers.
    assert report["staff_server"] == "own"
    assert run["staff_port"] is not None
    # The public side read from the replica; the staff pages were served by the primary.
    assert run["transactions"]["replica"] > 0
    assert run["transactions"]["primary"] > 0
