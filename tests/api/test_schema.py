"""The OpenAPI schema validates, and the API answers what it says.

schemathesis generates requests from the schema (valid and invalid ones) and sends them to the
WSGI application in-process, against the demo data: no response may be a server error or
contradict the schema (status, content type, body, headers), a request the schema calls valid
must be accepted, and an invalid one refused.
"""

import json
import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from config.wsgi import application
from public.api.viewsets import LIST_PARAMETERS

pytestmark = pytest.mark.django_db


def openapi_document() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(openapi_document())


def within_stated_limits(query: dict | None, path: str = "") -> dict | None:
    """Drops what the schema states in words only, so a generator cannot respect it:

    - a cursor is opaque: only one the API gave is valid (test_pagination.py);
    - ``as_of`` on a list does not combine with filters (test_as_of.py);
    - the analogy finder needs something described, and a period that ends after it starts
      (test_analogy.py);
    - ``listed_after`` no later than ``listed_before`` (test_filters.py).
    """
    if path == "/api/analogies/":
        query = dict(query or {})
        start, end = (str(query.get(name, "")) for name in ("period_start", "period_end"))
        # Only a well-formed end is dropped: a malformed one is the generator's own bad input.
        if re.fullmatch(r"\d{4}-\d\d-\d\d", end) and (end < start or not start):
            del query["period_end"]
        query.setdefault("purpose", "coerce")
        return query
    if not query:
        return query
    query = {name: value for name, value in query.items() if name != "cursor"}
    after, before = (str(query.get(name, "")) for name in ("listed_after", "listed_before"))
    day = r"\d{4}-\d\d-\d\d"
    if re.fullmatch(day, after) and re.fullmatch(day, before) and after > before:
        del query["listed_after"]
    if "as_of" in query:
        query = {name: value for name, value in query.items() if name in LIST_PARAMETERS}
    return query


@pytest.fixture
def app(settings):
    """The real WSGI application, inside the test's transaction.

    Django closes the database connection around each request (``close_old_connections``);
    in a test that would drop the test's transaction, so, as Django's own test client does,
    the application runs without it here.
    """
    settings.ALLOWED_HOSTS = ["localhost"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    # The same examples on every run: CI must not pass or fail by luck.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_response_matches_the_schema_and_none_is_a_server_error(case, demo, app):
    case.query = within_stated_limits(case.query, case.path)
    # Uncompressed: the WSGI client does not undo the gzip the API answers with when asked.
    case.call_and_validate(app=app, headers={"Accept-Encoding": "identity"})


def test_the_served_schema_is_valid_openapi_3(anonymous_client):
    response = anonymous_client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    served = json.loads(response.content)
    validate_schema(served)
    assert served["openapi"].startswith("3.")
    assert served == openapi_document()


def test_the_schema_describes_every_endpoint_filter_and_error():
    document = openapi_document()
    paths = document["paths"]

    assert sorted(paths) == [
        "/api/analogies/",
        "/api/assessments/",
        "/api/designations/",
        "/api/designations/{key}/",
        "/api/designations/{key}/citation/",
        "/api/designations/{key}/versions/",
        "/api/designations/{key}/versions/{number}/",
        "/api/designations/{key}/versions/{number}/citation/",
        "/api/episodes/",
        "/api/episodes/{slug}/",
        "/api/episodes/{slug}/citation/",
        "/api/episodes/{slug}/versions/",
        "/api/episodes/{slug}/versions/{number}/",
        "/api/episodes/{slug}/versions/{number}/citation/",
        "/api/regimes/",
        "/api/regimes/{code}/",
    ]
    assert all(list(operations) == ["get"] for operations in paths.values())
    episode_list = paths["/api/episodes/"]["get"]
    parameters = {p["name"]: p["schema"] for p in episode_list["parameters"]}
    assert {"regime", "purpose", "category", "ongoing", "ordering", "as_of", "cursor"} <= set(
        parameters
    )
    assert parameters["regime"]["pattern"] == "^([A-Za-z]{2,4}|[0-9]{1,4})$"
    assert parameters["ongoing"]["type"] == "boolean"
    assert set(episode_list["responses"]) == {"200", "400", "429"}
    assert set(episode_list["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    episode = paths["/api/episodes/{slug}/"]["get"]
    assert set(episode["responses"]) == {"200", "400", "404", "410", "429"}
    assert (
        episode["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        == "#/components/schemas/Episode"
    )
