"""No endpoint, format, version or as_of query shows anything a reviewer has not approved.

Two kinds of unapproved content exist next to the demo's published data: records that were never
published (draft-only), and published records edited since, with the edit awaiting review. Every
URL the API offers is fetched in every format; none may show either.
"""

import datetime

import pytest
from django.utils import timezone

from designations.models import Designation
from editorial import services
from episodes.models import Episode, Regime
from tests.api.conftest import content
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import edit

pytestmark = pytest.mark.django_db

SECRET = "UNAPPROVED-MARKER"


@pytest.fixture
def unapproved(demo, researcher):
    """Draft-only records of every kind, and pending edits of published ones."""
    draft_regime = RegimeFactory(code="ZZ", name=f"{SECRET} regime")
    draft_episode = EpisodeFactory(
        regime=draft_regime, slug="zz-ep-1", title=f"{SECRET} episode", narrative=SECRET
    )
    AssessmentFactory(episode=draft_episode, policy_outcome=SECRET)
    DesignationFactory(
        regime=Regime.objects.get(code="KP"), reference_number="KPi.999", name=f"{SECRET} PERSON"
    )

    # Published records, edited since; the edits are submitted and wait for a reviewer.
    regime = Regime.objects.get(code="KP")
    edit(regime, by=researcher, name=f"{SECRET} regime name")
    edit(demo, by=researcher, narrative=f"{SECRET} narrative", title=f"{SECRET} title")
    assessment = demo.assessments.get(purpose="coerce")
    edit(assessment, by=researcher, policy_outcome=f"{SECRET} outcome", policy_outcome_score=5)
    person = Designation.objects.get(reference_number="KPi.033")
    edit(person, by=researcher, name=f"{SECRET} NAME", narrative=SECRET)
    vessel = Designation.objects.get(imo_number="8705539")
    edit(vessel, by=researcher, flag=SECRET)
    services.submit_for_review([regime, demo, assessment, person], by=researcher)
    # The vessel's edit is not even submitted.
    return draft_episode


def public_urls(client) -> list[str]:
    """Every URL of the API reachable from its lists, plus versions and as_of variants."""
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    lists = ["/api/regimes/", "/api/episodes/", "/api/designations/", "/api/assessments/"]
    urls = []
    for list_url in lists:
        for query in ("", f"?as_of={tomorrow}", "?as_of=9999-12-31"):
            page = client.get(list_url + query).json()
            urls.append(list_url + query)
            urls.append(list_url + query + ("&" if query else "?") + "format=csv")
            for row in page["results"]:
                urls.append(row.get("url") or row["episode_url"])
    details = [url.removeprefix("http://testserver") for url in urls if "://" in url]
    for detail in list(details):
        path = detail.split("?")[0]
        if path.startswith(("/api/episodes/", "/api/designations/")):
            details.append(path + "versions/")
            for version in client.get(path + "versions/").json():
                details.append(version["url"].removeprefix("http://testserver"))
    return [url for url in urls if "://" not in url] + details


def test_anonymous_never_sees_unapproved_content_anywhere(unapproved, anonymous_client):
    urls = public_urls(anonymous_client)
    assert len(urls) > 40  # lists, CSV, details, versions, as_of: the crawl really crawled

    for url in urls:
        response = anonymous_client.get(url)
        assert response.status_code == 200, url
        body = content(response).decode()
        assert SECRET not in body, url
        for draft_key in ("zz-ep-1", "KPi.999", '"ZZ"', ",ZZ,"):
            assert draft_key not in body, (url, draft_key)


def test_published_records_show_their_approved_version_while_an_edit_waits(
    unapproved, anonymous_client
):
    episode = anonymous_client.get("/api/episodes/dprk-ep-8/").json()
    assert episode["title"] == "DPRK - EP 8"
    assert episode["version"] == 1
    coerce = next(a for a in episode["assessments"] if a["purpose"] == "coerce")
    assert coerce["policy_outcome"]["score"] == 2
    person = anonymous_client.get("/api/designations/KPi.033/").json()
    assert person["name"] == "RI WON HO"
    vessel = anonymous_client.get("/api/designations/8705539/").json()
    assert vessel["vessel"]["flag"] != SECRET
    assert anonymous_client.get("/api/regimes/KP/").json()["name"] != f"{SECRET} regime name"


def test_draft_only_records_and_unapproved_versions_are_not_found(unapproved, anonymous_client):
    for url in (
        "/api/episodes/zz-ep-1/",
        "/api/episodes/zz-ep-1/versions/",
        "/api/episodes/zz-ep-1/versions/1/",
        "/api/episodes/zz-ep-1/?as_of=9999-12-31",
        "/api/designations/KPi.999/",
        "/api/designations/KPi.999/versions/",
        "/api/designations/KPi.999/?as_of=9999-12-31",
        "/api/regimes/ZZ/",
        "/api/regimes/ZZ/?as_of=9999-12-31",
        "/api/episodes/dprk-ep-8/versions/2/",
        "/api/designations/KPi.033/versions/2/",
    ):
        response = anonymous_client.get(url)

        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        assert SECRET not in response.content.decode(), url


def test_filters_never_reach_draft_rows(unapproved, anonymous_client):
    for url, query in (
        ("/api/episodes/", {"regime": "ZZ"}),
        ("/api/designations/", {"q": SECRET.lower()}),
        ("/api/assessments/", {"episode": "zz-ep-1"}),
    ):
        response = anonymous_client.get(url, query)

        assert response.status_code == 200, url
        assert response.json()["results"] == [], url


def test_the_episode_list_holds_only_published_episodes(unapproved, anonymous_client):
    assert Episode.objects.filter(slug="zz-ep-1").exists()
    slugs = [row["slug"] for row in anonymous_client.get("/api/episodes/").json()["results"]]
    assert slugs == [f"dprk-ep-{n}" for n in range(1, 9)]  # the demo's, not the draft zz-ep-1
