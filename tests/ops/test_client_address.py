"""One rule for the client's address (ops.clientaddress): X-Forwarded-For is trusted only as far
as NUM_PROXIES proxies vouch for it, by the API's rate limit, the login lockout and the logs."""

import json
import logging

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.log import JsonFormatter
from ops.clientaddress import client_address

pytestmark = pytest.mark.django_db

forwarded_headers = st.lists(
    st.ip_addresses().map(str)
    | st.text(st.characters(codec="ascii", exclude_characters=","), max_size=20),
    min_size=1,
    max_size=5,
).map(", ".join)


@pytest.fixture
def api_client(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    return Client()


def test_random_forwarded_headers_do_not_escape_the_api_rate_limit(api_client, settings):
    # The finding: after the limit, 200 more requests with a random X-Forwarded-For each
    # all answered 200.
    settings.ATLAS_API_ANON_RATE = "5/minute"
    statuses = [api_client.get("/api/regimes/").status_code for _ in range(5)]
    assert statuses == [200] * 5

    @settings_for_many
    @given(header=forwarded_headers)
    def still_limited(header):
        response = api_client.get("/api/regimes/", headers={"X-Forwarded-For": header})
        assert response.status_code == 429, header

    still_limited()
    # Another socket address has its own allowance.
    assert api_client.get("/api/regimes/", REMOTE_ADDR="192.0.2.9").status_code == 200


settings_for_many = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def test_behind_one_proxy_the_limit_counts_the_address_it_forwarded(api_client, settings):
    settings.ATLAS_API_ANON_RATE = "2/minute"
    settings.NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def get(header):
        return api_client.get("/api/regimes/", headers={"X-Forwarded-For": header}, **proxy)

    # The client may prepend anything; the proxy appends the address it saw, which counts.
    assert [get(f"{n}.1.1.1, 198.51.100.4").status_code for n in range(3)] == [200, 200, 429]
    assert get("198.51.100.5").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, "198.51.100.1", "203.0.113.7"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (3, "198.51.100.1", "198.51.100.1"),  # a shorter chain: its first entry
        (1, "", "203.0.113.7"),
    ],
)
def test_the_address_is_taken_as_far_as_the_proxies_are_trusted(
    rf, settings, proxies, header, expected
):
    settings.NUM_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected


def test_the_json_log_names_the_clients_address_by_the_same_rule(rf, settings):
    settings.NUM_PROXIES = 1
    request = rf.get("/x", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    record = logging.makeLogRecord({"msg": "Not Found", "request": request})
    entry = json.loads(JsonFormatter().format(record))
    assert entry["address"] == "198.51.100.1"
    assert entry["path"] == "/x"


@pytest.mark.parametrize(
    ("proxies", "remote", "header", "expected"),
    [
        (1, "203.0.113.7", "not-an-address", "203.0.113.7"),
        (1, "203.0.113.7", "198.51.100.1\x00", "203.0.113.7"),
        (0, "", "", None),  # no socket address (a Unix socket): None, never a made-up name
        (0, "junk", "", None),
    ],
)
def test_only_well_formed_addresses_are_believed(rf, settings, proxies, remote, header, expected):
    settings.NUM_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected
