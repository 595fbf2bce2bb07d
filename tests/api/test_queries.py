"""Query counts: bounded, the same for a page of 5 or 100 rows and for the demo or many rows.

Every request reads the publication state first (it gives ETag and Last-Modified): from the
cache, where an earlier request left it and an approval's commit renews it, so no query; one
query when the cache holds none (editorial.state_cache). A 304 or a response from the response
cache stops there. Then a list page is one query, and a detail one query per published table
it shows.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import EffectivenessAssessment
from designations.models import Designation, PublishedDesignation
from episodes.models import Episode, PublishedEpisode, Regime
from public.selectors import publication_state
from tests.api.conftest import content
from tests.factories import (
    AliasFactory,
    AssessmentFactory,
    DesignationFactory,
    EpisodeFactory,
    PurposeFactory,
    RegimeFactory,
)
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    """60 designations, 12 episodes with 2 assessments each, published in one approval."""
    regime = RegimeFactory(code="KP")
    designations = DesignationFactory.create_batch(40, regime=regime)
    designations += DesignationFactory.create_batch(10, regime=regime, entity=True)
    designations += DesignationFactory.create_batch(10, regime=regime, vessel=True)
    for designation in designations[:20]:
        AliasFactory(designation=designation)
    episodes = EpisodeFactory.create_batch(12, regime=regime)
    assessments = []
    for index, episode in enumerate(episodes):
        if index % 3 == 0:
            episode.end_date = datetime.date(2019, 1, index + 1)
            episode.save(update_fields=["end_date"])
        PurposeFactory(episode=episode, purpose="signal")
        assessments.append(AssessmentFactory(episode=episode, purpose="coerce"))
        assessments.append(AssessmentFactory(episode=episode, purpose="signal"))
    publish(regime, *designations, *episodes, *assessments)
    return {"designations": designations, "episodes": episodes}


@pytest.fixture(params=["demo", "many"])
def keys(request):
    """The same counts hold for the demo's handful of rows and for many."""
    request.getfixturevalue(request.param)
    # Content types are cached per process after their first use, as in production.
    for model in (Regime, Episode, Designation, EffectivenessAssessment):
        ContentType.objects.get_for_model(model)
    return {
        "episode": PublishedEpisode.objects.order_by("pk").values_list("slug", flat=True)[0],
        "designation": PublishedDesignation.objects.order_by("pk").values_list("key", flat=True)[0],
    }


def assert_queries(client, url: str, expected: int, **headers):
    """GET ``url`` (reading a streamed body too) in exactly ``expected`` queries, the
    publication state already in the cache (read by an earlier request, as on a running site)."""
    publication_state()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
        body = content(response)
    sql = "\n".join(query["sql"] for query in captured)
    assert len(captured) == expected, f"{url}: {len(captured)} queries, not {expected}:\n{sql}"
    return response, body


LISTS = [
    "/api/regimes/",
    "/api/episodes/",
    "/api/episodes/?regime=KP&purpose=coerce&ordering=-end",
    "/api/designations/",
    "/api/designations/?kind=individual&in_force=true&listed_after=2000-01-01&ordering=-listed",
    "/api/assessments/",
    "/api/assessments/?purpose=coerce&ordering=-policy_outcome",
    "/api/episodes/?as_of=9999-12-31",
    "/api/designations/?as_of=9999-12-31",
]


def with_query(url: str, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


def test_a_list_page_costs_one_query_whatever_its_size(keys, anonymous_client):
    for url in LISTS:
        for page_size in (5, 100):
            # the page
            response, _ = assert_queries(anonymous_client, with_query(url, page_size=page_size), 1)
            assert response.status_code == 200, url
            assert response.json()["results"], url


def test_a_whole_list_as_csv_costs_one_query(keys, anonymous_client):
    for url in LISTS:
        # the rows, read through one streaming cursor
        response, body = assert_queries(anonymous_client, with_query(url, format="csv"), 1)
        assert response.status_code == 200, url
        assert len(body.decode().splitlines()) > 1, url


def test_a_deep_page_costs_the_same_as_the_first(many, anonymous_client):
    for url in ("/api/designations/", "/api/episodes/?ordering=-end", "/api/assessments/"):
        page = anonymous_client.get(with_query(url, page_size=2)).json()
        for _ in range(4):
            page = anonymous_client.get(page["next"]).json()
        # the page after the cursor
        response, _ = assert_queries(anonymous_client, page["next"], 1)
        assert len(response.json()["results"]) == 2, url
        response, _ = assert_queries(anonymous_client, page["previous"], 1)
        assert len(response.json()["results"]) == 2, url


DETAILS = [
    # the document
    ("/api/regimes/KP/", 1),
    ("/api/designations/{designation}/", 1),
    ("/api/designations/{designation}/?as_of=9999-12-31", 1),
    # the page's document (the episode with its assessments, as approved)
    ("/api/episodes/{episode}/", 1),
    ("/api/episodes/{episode}/?as_of=9999-12-31", 1),
    # the object behind the key, its versions
    ("/api/episodes/{episode}/versions/", 2),
    ("/api/designations/{designation}/versions/1/", 2),
]


def test_a_detail_costs_one_query_per_table_it_shows(keys, anonymous_client):
    for url, queries in DETAILS:
        response, _ = assert_queries(anonymous_client, url.format(**keys), queries)
        assert response.status_code == 200, url


def test_a_304_costs_no_query(demo, anonymous_client):
    for url in (
        "/api/designations/",
        "/api/designations/?format=csv",
        "/api/episodes/dprk-ep-8/",
        "/api/episodes/dprk-ep-8/versions/1/",
        "/api/assessments/?as_of=2030-01-01",
    ):
        etag = anonymous_client.get(url)["ETag"]
        # the publication state, from the cache: unchanged, so nothing is read
        response, body = assert_queries(anonymous_client, url, 0, **{"If-None-Match": etag})
        assert response.status_code == 304, url
        assert body == b"", url


def test_without_the_state_in_the_cache_a_304_costs_one_query(demo, anonymous_client, settings):
    url = "/api/designations/"
    etag = anonymous_client.get(url)["ETag"]
    cache.clear()  # evicted, or Redis restarted: the state is read again, and kept
    with CaptureQueriesContext(connection) as captured:
        response = anonymous_client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert len(captured) == 1 and "editorial_publicstate" in captured[0]["sql"]
    assert_queries(anonymous_client, url, 0, **{"If-None-Match": etag})

    settings.ATLAS_STATE_CACHE_SECONDS = 0  # off: one query every time
    for _ in range(2):
        response, _ = assert_queries(anonymous_client, url, 1, **{"If-None-Match": etag})
        assert response.status_code == 304


def test_a_repeated_request_is_answered_from_the_response_cache_until_an_approval(
    demo, anonymous_client
):
    url = "/api/designations/?kind=individual&regime=KP&page_size=1000"
    first, first_body = assert_queries(anonymous_client, url, 1)

    # the publication state, from the cache: unchanged, so the rendered response is reused
    again, again_body = assert_queries(anonymous_client, url, 0)
    assert again_body == first_body
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"

    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.700"))

    # the approval renewed the cached state: the state (one query), then the page
    with CaptureQueriesContext(connection) as captured:
        fresh = anonymous_client.get(url)
    fresh_body = fresh.content
    assert len(captured) == 2
    assert "KPi.700" in fresh_body.decode()
    assert fresh["ETag"] != first["ETag"]


def test_without_the_response_cache_every_request_reads_its_page(demo, anonymous_client, settings):
    settings.ATLAS_API_RESPONSE_CACHE_SECONDS = 0
    for _ in range(2):
        assert_queries(anonymous_client, "/api/episodes/dprk-ep-8/", 1)


def test_the_response_cache_keeps_one_entry_per_host(demo, anonymous_client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "atlas.example.org"]
    anonymous_client.get("/api/designations/")

    other = anonymous_client.get("/api/designations/", headers={"Host": "atlas.example.org"})

    assert "http://atlas.example.org/api/designations/" in other.content.decode()
    assert "testserver" not in other.content.decode()
