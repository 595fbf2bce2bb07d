"""/healthz for the load balancer, and logs a collector can read."""

import json
import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from config.log import JsonFormatter
from editorial import services
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def run_python(code: str, **variables) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": secrets.token_urlsafe(50), **variables}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- /healthz ----------------------------------------------------------------------------------


def test_healthz_says_ok_cheaply_and_without_a_session(
    anonymous_client, django_assert_max_num_queries
):
    # The migration recorder: does its table exist, which migrations are applied.
    with django_assert_max_num_queries(2):
        response = anonymous_client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert anonymous_client.head("/healthz").status_code == 200
    assert anonymous_client.post("/healthz").status_code == 405


def test_healthz_is_unavailable_while_a_migration_is_not_applied_and_tells_only_staff_why(
    anonymous_client, researcher_client, caplog
):
    leaf = next(node for node in MigrationLoader(None).graph.leaf_nodes() if node[0] == "editorial")
    MigrationRecorder(connection).record_unapplied(*leaf)

    with caplog.at_level(logging.WARNING, logger="ops.health"):
        response = anonymous_client.get("/healthz")

    # The finding: the pending migrations were listed to anyone.
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert f"1 migration(s) not applied: ['{'.'.join(leaf)}']" in caplog.text
    staff = researcher_client.get("/healthz")
    assert staff.status_code == 503
    assert staff.json() == {
        "status": "unavailable",
        "reason": "1 migration(s) not applied",
        "pending": [".".join(leaf)],
    }


def test_healthz_is_unavailable_when_the_database_is_unreachable(tmp_path):
    result = run_python(
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code, response.content.decode())",
        DATABASE_URL=f"sqlite:///{tmp_path}/no-such-directory/atlas.sqlite3",
        ALLOWED_HOSTS="testserver",
    )

    assert result.returncode == 0, result.stderr
    *logs, last = result.stdout.strip().splitlines()
    assert "Health check: database unreachable" in logs[0]
    status, body = last.split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "unavailable"}


# --- logs --------------------------------------------------------------------------------------


def test_workflow_events_are_logged_with_event_actor_request_and_count(
    researcher, reviewer, caplog
):
    episodes = [EpisodeFactory(), EpisodeFactory()]
    with caplog.at_level(logging.INFO, logger="editorial.workflow"):
        change_request = services.submit_for_review(episodes, by=researcher)
        services.approve(change_request, by=reviewer)

    lines = [
        json.loads(JsonFormatter().format(record))
        for record in caplog.records
        if record.name == "editorial.workflow"
    ]
    assert [
        (line["event"], line["actor"], line["change_request"], line["objects"]) for line in lines
    ] == [
        ("submitted", "Rita Researcher", change_request.pk, 2),
        ("published", "Victor Reviewer", change_request.pk, 2),
        ("approved", "Victor Reviewer", change_request.pk, 2),
    ]
    assert lines[-1]["message"] == (
        f"approved: 2 record(s) in change request #{change_request.pk} by Victor Reviewer"
    )
    assert lines[-1]["level"] == "INFO"
    assert lines[-1]["logger"] == "editorial.workflow"


@pytest.mark.urls("tests.ops.failing_urls")
def test_a_server_error_is_logged_with_its_path(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/?q=1")

    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["path"] == "/boom/"
    assert line["method"] == "GET"
    assert line["status_code"] == 500
    assert "RuntimeError: something broke" in line["exception"]


def test_log_format_json_writes_one_json_object_per_line_to_stdout():
    result = run_python(
        "import logging\n"
        "log = logging.getLogger('editorial.workflow')\n"
        "log.info('approved: 3 record(s)', extra={'event': 'approved', 'objects': 3})\n"
        "log.warning('second line')",
        LOG_FORMAT="json",
    )

    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["event"] == "approved"
    assert first["objects"] == 3
    assert first["message"] == "approved: 3 record(s)"
    assert second["level"] == "WARNING"


def test_an_unknown_log_format_stops_the_process():
    result = run_python("", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT='xml' is not one of: plain, json." in result.stderr
