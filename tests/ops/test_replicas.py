"""The public side on a real streaming replica (ops.replicas), everything else on the primary.

Needs DATABASE_REPLICA_URL naming a streaming replica of the test's PostgreSQL (`.ci/replica`
makes one on 127.0.0.1:5433): the test database, created on the primary, reaches the replica
by replication. Skipped with that reason when DATABASE_REPLICA_URL is unset, except where
ATLAS_REQUIRE_REPLICA is set (CI), where that fails.
"""

import os
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.env import env_list, parse_database_url
from editorial import services
from ops import replicas
from tests.factories import DesignationFactory, RegimeFactory
from tests.workflow import edit, publish

URLS = env_list("DATABASE_REPLICA_URL", [])

if not URLS and os.environ.get("ATLAS_REQUIRE_REPLICA"):
    raise RuntimeError("ATLAS_REQUIRE_REPLICA is set but DATABASE_REPLICA_URL is not")

pytestmark = [
    pytest.mark.skipif(
        not URLS,
        reason="DATABASE_REPLICA_URL is unset (CI sets it to the replica .ci/replica makes)",
    ),
    pytest.mark.replicas,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__"),
]


def point_at(alias: str, url: str) -> None:
    """Make ``alias`` connect to ``url``'s server, to the primary's test database."""
    target = parse_database_url(url, base_dir=settings.BASE_DIR)
    connections[alias].close()
    connections[alias].settings_dict = {
        **connections["default"].settings_dict,
        "HOST": target["HOST"],
        "PORT": target["PORT"],
        "CONN_MAX_AGE": 0,
    }


@pytest.fixture
def replica(settings):
    settings.ATLAS_REPLICA_CHECK_SECONDS = 0
    settings.ATLAS_READ_REPLICAS = ["replica1"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ATLAS_API_ANON_RATE = None
    point_at("replica1", URLS[0])
    replicas._health.clear()
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0], "DATABASE_REPLICA_URL names a server that is not a replica"
    yield "replica1"
    replicas._health.clear()
    point_at("replica1", URLS[0])  # the test's teardown looks at every database


def wait_for_replication(timeout=30):
    deadline = time.monotonic() + timeout
    while replicas._state_version("replica1") < replicas._state_version("default"):
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def test_an_approval_appears_on_the_public_side_once_replicated(replica, anonymous_client):
    person = DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.001")
    publish(person)
    wait_for_replication()

    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        page = anonymous_client.get("/designations/KPi.001/")
        api = anonymous_client.get("/api/designations/KPi.001/")

    assert page.status_code == api.status_code == 200
    assert api.json()["reference_number"] == "KPi.001"
    assert len(on_replica) >= 2  # both answered from the replica


def test_nothing_unapproved_appears_and_staff_pages_read_the_primary(
    replica, anonymous_client, researcher, reviewer_client
):
    person = DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.002")
    publish(person)
    edit(person, by=researcher, name="UNAPPROVED NAME")
    services.submit_for_review([person], by=researcher)
    wait_for_replication()

    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        page = anonymous_client.get("/designations/KPi.002/").content.decode()
        api = anonymous_client.get("/api/designations/?format=csv")
    assert len(on_replica) >= 2
    assert "UNAPPROVED NAME" not in page
    assert b"UNAPPROVED NAME" not in b"".join(api.streaming_content)

    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        assert reviewer_client.get("/review/").status_code == 200
        assert anonymous_client.get("/healthz").status_code == 200
    assert len(on_replica) == 0


def test_a_stopped_replica_leaves_the_public_side_to_the_primary(replica, anonymous_client):
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.003"))
    point_at("replica1", "postgres://postgres@127.0.0.1:1/nothing")  # nothing listens there

    page = anonymous_client.get("/designations/KPi.003/")
    api = anonymous_client.get("/api/designations/KPi.003/")

    assert page.status_code == api.status_code == 200
    assert api.json()["reference_number"] == "KPi.003"


def test_a_lagging_replica_serves_until_the_allowed_lag_then_the_primary_does(
    replica, anonymous_client, settings
):
    settings.ATLAS_REPLICA_MAX_LAG_SECONDS = 2
    regime = RegimeFactory(code="KP")
    publish(DesignationFactory(regime=regime, reference_number="KPi.004"))
    wait_for_replication()
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        publish(DesignationFactory(regime=regime, reference_number="KPi.005"))

        # Within the allowed lag: the replica's consistent older state (page and validators).
        soon = anonymous_client.get("/api/designations/KPi.005/")
        assert soon.status_code == 404
        time.sleep(2.5)
        late = anonymous_client.get("/api/designations/KPi.005/")
        assert late.status_code == 200  # the primary answers while the replica lags
        assert anonymous_client.get("/designations/KPi.005/").status_code == 200
    finally:
        with connections["replica1"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replication()


def test_a_replica_that_stops_between_its_check_and_a_request_never_gives_an_error_page(
    replica, anonymous_client, settings
):
    settings.ATLAS_REPLICA_CHECK_SECONDS = 600  # the last check said healthy, and stays cached
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.006"))
    wait_for_replication()
    assert anonymous_client.get("/api/designations/KPi.006/").status_code == 200
    point_at("replica1", "postgres://postgres@127.0.0.1:1/nothing")  # then it stops

    for url in ("/designations/KPi.006/", "/api/designations/KPi.006/", "/episodes/"):
        assert anonymous_client.get(url).status_code == 200, url
    assert replicas._health["replica1"][1] is False
