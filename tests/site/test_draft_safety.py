"""No page, download or history ever shows what a reviewer has not approved.

The world below holds, beside approved data, every kind of unapproved content: records that were
never submitted, a published episode edited and submitted but not yet approved, a published
designation and regime edited and never submitted, an assessment awaiting review. Each carries
the marker text; the test reads every public address and every file of the data package.
"""

import io
import zipfile

import pytest

from editorial import services
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import edit

pytestmark = pytest.mark.django_db

DRAFT = "UNAPPROVEDDRAFTMARKER"


@pytest.fixture
def world(researcher, reviewer):
    regime = RegimeFactory(code="KP", short_name="DPRK", published=True)
    episode = EpisodeFactory(
        regime=regime, number=8, slug="dprk-ep-8", narrative="The approved narrative."
    )
    assessment = AssessmentFactory(episode=episode, purpose="coerce")
    person = DesignationFactory(regime=regime, name="APPROVED PERSON", reference_number="KPi.001")
    services.approve(
        services.submit_for_review([episode, assessment, person], by=researcher), by=reviewer
    )

    # Pending: edited and submitted, awaiting review.
    edit(episode, by=researcher, narrative=f"{DRAFT} narrative", summary=f"{DRAFT} summary")
    edit(assessment, by=researcher, policy_outcome=f"{DRAFT} outcome", policy_outcome_score=5)
    services.submit_for_review([episode, assessment], by=researcher)
    # Edited and never submitted.
    edit(person, by=researcher, name=f"{DRAFT} PERSON")
    edit(regime, by=researcher, name=f"{DRAFT} regime")
    # Never submitted at all.
    draft_episode = EpisodeFactory(
        regime=regime, number=9, slug="dprk-ep-9", title=f"{DRAFT} EP", narrative=DRAFT
    )
    AssessmentFactory(episode=draft_episode, purpose="signal", policy_outcome=DRAFT)
    DesignationFactory(regime=regime, name=f"{DRAFT} NEWCOMER", reference_number="KPi.999")
    DesignationFactory(regime=regime, vessel=True, name=f"{DRAFT} SHIP", imo_number="9999999")
    RegimeFactory(code="ZZ", name=f"{DRAFT} regime")
    return {"episode": episode}


ADDRESSES = [
    "/",
    "/regimes/",
    "/regimes/?on=2018-01-01",
    "/regimes/KP/",
    "/regimes/ZZ/",
    "/episodes/",
    "/episodes/?ongoing=true&ordering=-start",
    "/episodes/?format=csv",
    "/episodes/?format=json",
    "/episodes/dprk-ep-8/",
    "/episodes/dprk-ep-8/history/",
    "/episodes/dprk-ep-8/versions/1/",
    "/episodes/dprk-ep-8/versions/2/",
    "/episodes/dprk-ep-9/",
    "/episodes/dprk-ep-9/history/",
    "/compare/",
    "/compare/?episodes=dprk-ep-8,dprk-ep-9",
    "/statistics/",
    "/assessments/",
    "/assessments/?format=csv",
    "/assessments/?format=json",
    "/designations/",
    "/designations/?q=person",
    "/designations/?format=csv",
    "/designations/?format=json",
    "/designations/KPi.001/",
    "/designations/KPi.999/",
    "/designations/9999999/",
    "/downloads/",
    "/codebook/",
    "/downloads/codebook.json",
    "/downloads/codebook.md",
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_no_page_or_download_shows_a_draft(anonymous_client, world):
    from public.exports.tables import TABLES

    addresses = ADDRESSES + [
        f"/downloads/{name}.{fmt}" for name in TABLES for fmt in ("csv", "json")
    ]
    for address in addresses:
        response = anonymous_client.get(address)
        assert response.status_code in (200, 400, 404), address
        assert DRAFT.encode() not in _body(response), address


def test_the_approved_content_is_what_shows(anonymous_client, world):
    page = anonymous_client.get("/episodes/dprk-ep-8/").content.decode()
    assert "The approved narrative." in page
    assert "Policy outcome: 2 of 5" in page
    assert anonymous_client.get("/episodes/dprk-ep-9/").status_code == 404
    assert anonymous_client.get("/designations/KPi.999/").status_code == 404
    assert anonymous_client.get("/regimes/ZZ/").status_code == 404
    assert "APPROVED PERSON" in anonymous_client.get("/designations/KPi.001/").content.decode()
    # Searching for a draft's name finds nothing (the page only echoes the search words).
    search = anonymous_client.get(f"/designations/?q={DRAFT}")
    assert search.context["page"].paginator.count == 0
    assert anonymous_client.get("/designations/?q=newcomer").context["page"].paginator.count == 0


def test_the_history_lists_only_approvals(anonymous_client, world):
    history = anonymous_client.get("/episodes/dprk-ep-8/history/").content.decode()
    assert history.count(": version ") == 1
    assert anonymous_client.get("/episodes/dprk-ep-8/versions/2/").status_code == 404


def test_the_data_package_holds_no_draft(anonymous_client, world):
    response = anonymous_client.get("/downloads/sanctions-atlas.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name in archive.namelist():
        assert DRAFT.encode() not in archive.read(name), name
    (episodes_csv,) = [name for name in archive.namelist() if name.endswith("/data/episodes.csv")]
    episodes = archive.read(episodes_csv).decode()
    assert "dprk-ep-8" in episodes and "dprk-ep-9" not in episodes
