"""Answers known before DRF runs (public.api.viewsets.answer_before_drf): a response from the
response cache and a 304 come without DRF's work, and are exactly what DRF would have answered."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.views import APIView

from public.api import viewsets
from tests.api.conftest import content

pytestmark = pytest.mark.django_db

URLS = [
    "/api/regimes/",
    "/api/regimes/KP/",
    "/api/episodes/?regime=KP",
    "/api/episodes/dprk-ep-8/versions/1/",
    "/api/designations/",
    "/api/designations/?kind=vessel&ordering=name",
    "/api/designations/KPi.033/",
    "/api/designations/KPi.033/citation/",
    "/api/assessments/?as_of=2030-01-01",
]


@pytest.fixture
def drf_calls(monkeypatch):
    """How many requests reached DRF's view (its ``dispatch``)."""
    calls = []
    dispatch = APIView.dispatch

    def counted(self, request, *args, **kwargs):
        calls.append(request.get_full_path())
        return dispatch(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "dispatch", counted)
    return calls


def _same(first, second):
    assert second.status_code == first.status_code
    assert content(second) == content(first)
    assert dict(second.headers) == dict(first.headers)


def test_a_cached_response_and_a_304_do_not_reach_drf_and_are_what_drf_gave(
    demo, anonymous_client, drf_calls
):
    for url in URLS:
        drf_calls.clear()
        first = anonymous_client.get(url)
        assert first.status_code == 200, url
        assert drf_calls == [url]  # a miss: DRF checks the URL and renders the page

        again = anonymous_client.get(url)
        not_modified = anonymous_client.get(url, headers={"If-None-Match": first["ETag"]})

        assert drf_calls == [url], url
        _same(first, again)
        assert not_modified.status_code == 304, url
        assert not_modified["ETag"] == first["ETag"]
        assert not_modified["Cache-Control"] == first["Cache-Control"]
        assert not_modified["Allow"] == first["Allow"] == "GET, HEAD, OPTIONS"


def test_a_miss_asks_the_response_cache_once(demo, anonymous_client, monkeypatch):
    from config import cache

    asked = []
    get = cache.get

    def counted(key, default=None):
        if key.startswith("atlas-api:"):
            asked.append(key)
        return get(key, default)

    monkeypatch.setattr(cache, "get", counted)
    response = anonymous_client.get("/api/designations/?kind=vessel")

    assert response.status_code == 200
    assert len(asked) == 1  # before DRF, not again in DRF's ``initial``


def test_without_the_response_cache_a_304_of_a_plain_url_does_not_reach_drf(
    demo, anonymous_client, drf_calls, settings
):
    settings.ATLAS_API_RESPONSE_CACHE_SECONDS = 0
    etag = anonymous_client.get("/api/designations/")["ETag"]
    drf_calls.clear()

    plain = anonymous_client.get("/api/designations/", headers={"If-None-Match": etag})
    # With parameters, DRF checks them first: a 304 only for a URL it would answer.
    checked = anonymous_client.get(
        "/api/designations/?kind=vessel", headers={"If-None-Match": etag}
    )
    refused = anonymous_client.get("/api/designations/?kind=boat", headers={"If-None-Match": etag})

    assert drf_calls == ["/api/designations/?kind=vessel", "/api/designations/?kind=boat"]
    _same(checked, plain)
    assert plain.status_code == 304
    assert refused.status_code == 400
    assert "kind" in refused.json()


def test_a_rate_limited_client_is_refused_a_cached_response_too(
    demo, anonymous_client, settings, drf_calls
):
    settings.ATLAS_API_ANON_RATE = "2/minute"
    statuses = [anonymous_client.get("/api/regimes/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert len(drf_calls) == 2  # the miss, then the refusal with its Retry-After


ACCEPT_RANGES = st.sampled_from(
    [
        "*/*",
        "application/*",
        "application/json",
        "APPLICATION/JSON",
        "text/csv",
        "text/*",
        "text/html",
        "application/x-bibtex",
        "application/vnd.citationstyles.csl+json",
        "image/png",
        "",
    ]
)
ACCEPT_PARAMETERS = st.sampled_from(
    ["", ";q=0", "; q=0.5", ";q=1", ";q=0.001", ";indent=4", ";q=abc", ";charset=utf-8"]
)
ACCEPT = st.one_of(
    st.none(),
    st.lists(st.tuples(ACCEPT_RANGES, ACCEPT_PARAMETERS), max_size=3).map(
        lambda parts: ", ".join(media + parameters for media, parameters in parts)
    ),
)
PROBED_URLS = st.sampled_from(
    [
        *URLS,
        "/api/designations/?format=json",
        "/api/designations/?format=csv",
        "/api/designations/?format=",
        "/api/designations/KPi.033/citation/?format=bibtex",
        "/api/designations/KPi.033/citation/?format=csl",
        "/api/designations/?bogus=1",
        "/api/designations/?page=2",
        "/api/designations/NO.SUCH/",
    ]
)
CONDITIONS = st.sampled_from(
    ["none", "current", "current csv", "star", "old", "since", "match old", "match current"]
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=PROBED_URLS, accept=ACCEPT, condition=CONDITIONS, warm=st.booleans())
def test_what_is_answered_before_drf_is_what_drf_answers(
    demo, anonymous_client, monkeypatch, url, accept, condition, warm
):
    """Any URL, Accept header and validator: the same status, body and headers with and without
    the answers before DRF (whether the response cache holds the URL or not)."""
    base = {"Accept": accept} if accept is not None else {}
    state = anonymous_client.get("/api/regimes/")["ETag"].strip('"').rsplit("-", 1)[0]
    headers = {
        "none": {},
        "current": {"If-None-Match": f'"{state}-json"'},
        "current csv": {"If-None-Match": f'"{state}-csv"'},
        "star": {"If-None-Match": "*"},
        "old": {"If-None-Match": '"3-0.0-json"'},
        "since": {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"},
        "match old": {"If-Match": '"3-0.0-json"'},
        "match current": {"If-Match": f'"{state}-json"'},
    }[condition]

    def answers():
        if warm:
            anonymous_client.get(url, headers=base)  # fills the response cache when it may
        return anonymous_client.get(url, headers={**base, **headers})

    with_answers = answers()
    with monkeypatch.context() as patch:
        patch.setattr(viewsets, "answer_before_drf", lambda request, allow: None)
        by_drf = answers()

    _same(by_drf, with_answers)
