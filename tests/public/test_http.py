"""HTTP of the public side (public.http): pages and downloads revalidate to 304 from the
publication state, public responses are gzipped and staff pages never are, and a write to a
public page answers 405 whether or not it carries a CSRF token."""

import gzip
import json

import pytest
from django.test import Client
from django.utils.http import http_date, parse_http_date

from tests.factories import DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def atlas(db):
    regime = RegimeFactory(code="KP", published=True)
    episode = EpisodeFactory(regime=regime, slug="kp-ep-1")
    person = DesignationFactory(regime=regime, reference_number="KPi.001")
    publish(episode, person)
    return {"episode": episode, "person": person}


PAGES = [
    "/",
    "/regimes/KP/",
    "/episodes/",
    "/episodes/kp-ep-1/",
    "/episodes/kp-ep-1/history/",
    "/episodes/kp-ep-1/versions/1/",
    "/assessments/",
    "/statistics/",
    "/designations/",
    "/designations/?q=person",
    "/designations/KPi.001/",
    "/designations/KPi.001/history/",
    "/downloads/",
    "/downloads/designations.csv",
    "/downloads/episodes.json",
    "/downloads/sanctions-atlas.zip",
]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_every_page_and_download_revalidates_to_a_304_costing_no_query(
    atlas, anonymous_client, django_assert_num_queries
):
    for url in PAGES:
        first = anonymous_client.get(url)
        assert first.status_code == 200, url
        assert first["ETag"].startswith('"site-'), url
        assert first["Cache-Control"] == "public, no-cache", url
        for headers in (
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"]},
        ):
            # the publication state, from the cache (editorial.state_cache): unchanged, so no
            # view runs and nothing is read
            with django_assert_num_queries(0):
                again = anonymous_client.get(url, headers=headers)
            assert again.status_code == 304, (url, headers)
            assert again["ETag"] == first["ETag"], url
            assert body(again) == b"", url


def test_an_approval_gives_every_page_new_validators(atlas, anonymous_client):
    before = {url: anonymous_client.get(url) for url in PAGES}
    other = DesignationFactory(regime=atlas["person"].regime, reference_number="KPi.002")

    publish(other)

    for url, first in before.items():
        for headers in (
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"]},
        ):
            response = anonymous_client.get(url, headers=headers)
            assert response.status_code == 200, (url, headers)
            assert response["ETag"] != first["ETag"], url
            assert parse_http_date(response["Last-Modified"]) > parse_http_date(
                first["Last-Modified"]
            ), url
    assert b"KPi.002" in body(anonymous_client.get("/downloads/designations.csv"))


def test_a_stale_validator_gets_the_page(atlas, anonymous_client):
    response = anonymous_client.get(
        "/episodes/kp-ep-1/",
        headers={"If-None-Match": '"site-old"', "If-Modified-Since": http_date(0)},
    )
    assert response.status_code == 200
    assert b"kp-ep-1" in response.content or b"KP - EP" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/episodes/kp-ep-1/",
        "/designations/",
        "/downloads/designations.csv",
        "/api/episodes/",
        "/api/designations/?format=csv",
        "/api/schema/",
    ],
)
def test_public_responses_are_gzipped_when_the_client_accepts_it(atlas, anonymous_client, url):
    plain = anonymous_client.get(url)
    zipped = anonymous_client.get(url, headers={"Accept-Encoding": "gzip, deflate"})

    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(body(zipped)) == body(plain)
    assert "Content-Encoding" not in plain


def test_a_compressed_json_response_still_revalidates(atlas, anonymous_client):
    zipped = anonymous_client.get("/api/episodes/", headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(zipped.content))["results"]
    again = anonymous_client.get(
        "/api/episodes/", headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]}
    )
    assert again.status_code == 304


def test_staff_pages_are_never_compressed(atlas, reviewer_client, researcher_client):
    """The admin and review pages carry CSRF tokens: compressing them would open BREACH."""
    for client, url in (
        (Client(), "/admin/login/"),
        (researcher_client, "/admin/"),
        (researcher_client, "/admin/episodes/episode/"),
        (reviewer_client, "/review/"),
    ):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url
        assert len(response.content) > 200, url  # long enough for GZipMiddleware to act on
        assert "ETag" not in response, url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_a_public_page_answers_405_with_or_without_a_csrf_token(atlas, method):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/admin/login/")  # the CSRF cookie a browser would hold
    token = browser.cookies["csrftoken"].value
    for url in ("/", "/episodes/kp-ep-1/", "/designations/", "/downloads/designations.csv"):
        for headers in ({}, {"X-CSRFToken": token}):
            response = getattr(browser, method)(url, {}, headers=headers)
            assert response.status_code == 405, (method, url, headers)
            assert response["Allow"] == "GET, HEAD", url
