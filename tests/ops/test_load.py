"""The load test, short: `make loadtest`'s own script on 2,000 designations for a few seconds.

It runs as `make loadtest` does (a throwaway SQLite database, gunicorn with 2 workers on
127.0.0.1, the load generator in a second process) and must show zero errors on every page kind.
Latency is measured by `make loadtest`, never asserted here.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

from bench.loadtest import KINDS


def test_a_short_load_run_answers_every_page_kind_without_an_error(tmp_path):
    report_file = tmp_path / "report.json"
    # A clean environment: the run makes its own database, whatever DATABASE_URL the suite uses.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}

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
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    run = json.loads(report_file.read_text())["runs"]["response cache on"]
    assert run["error_samples"] == []
    assert run["overall"]["errors"] == 0
    assert set(run["kinds"]) == set(KINDS)
    assert all(row["requests"] > 0 and row["errors"] == 0 for row in run["kinds"].values())
