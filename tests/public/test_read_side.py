"""The read side shows exactly what reviewers approved: one visibility rule, pages composed from
approved state only, versions that name what their page showed, withdrawal that stays final."""

import csv
import datetime
import io

import pytest

from designations import counts
from editorial import services
from episodes.models import PublishedEpisode
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def _withdraw(obj, **people):
    request = services.submit_for_review([obj], by=people["by"], action="unpublish")
    services.approve(request, by=people["approver"])


# --- 1. a vessel's owner comes from the owner's published state ---------------------------------


@pytest.fixture
def vessel_with_draft_owner(researcher):
    regime = RegimeFactory(code="KP", published=True)
    owner = DesignationFactory(regime=regime, entity=True, name="DRAFT OWNER TRADING")
    vessel = DesignationFactory(regime=regime, vessel=True, owner=owner, name="TEST SHIP")
    publish(vessel)
    return vessel, owner


def test_a_draft_owner_never_reaches_the_vessel_page(vessel_with_draft_owner, anonymous_client):
    vessel, owner = vessel_with_draft_owner
    page = anonymous_client.get(f"/designations/{vessel.imo_number}/").content.decode()
    api = anonymous_client.get(f"/api/designations/{vessel.imo_number}/").json()
    assert "DRAFT OWNER TRADING" not in page
    assert owner.reference_number not in page
    assert api["vessel"]["owner"] is None


def test_an_owner_renamed_after_review_stays_as_approved(
    vessel_with_draft_owner, anonymous_client, researcher
):
    vessel, owner = vessel_with_draft_owner
    publish(owner)
    body = anonymous_client.get(f"/api/designations/{vessel.imo_number}/").json()
    assert body["vessel"]["owner"]["name"] == "DRAFT OWNER TRADING"
    assert body["version"] == 2  # the owner's publication changed what the vessel page shows
    edit(owner, by=researcher, name="RENAMED, NOT REVIEWED")
    body = anonymous_client.get(f"/api/designations/{vessel.imo_number}/").json()
    assert body["vessel"]["owner"]["name"] == "DRAFT OWNER TRADING"
    assert (
        "RENAMED"
        not in anonymous_client.get(f"/designations/{vessel.imo_number}/").content.decode()
    )


def test_a_withdrawn_owner_leaves_the_vessel_page(
    vessel_with_draft_owner, anonymous_client, researcher, reviewer
):
    vessel, owner = vessel_with_draft_owner
    publish(owner)
    _withdraw(owner, by=researcher, approver=reviewer)
    body = anonymous_client.get(f"/api/designations/{vessel.imo_number}/").json()
    assert body["vessel"]["owner"] is None
    assert body["version"] == 3


def test_republish_reports_no_difference_while_an_owner_is_a_draft(vessel_with_draft_owner):
    from editorial.publication import rebuild

    checked, differences = rebuild(write=False)
    assert checked >= 2
    assert differences == []


# --- 2, 6, 7. one visibility rule --------------------------------------------------------------


@pytest.fixture
def hidden_assessments(researcher, reviewer):
    regime = RegimeFactory(code="KP", published=True)
    never = EpisodeFactory(regime=regime, slug="kp-ep-never", title="Never published")
    withdrawn = EpisodeFactory(regime=regime, slug="kp-ep-withdrawn", title="Withdrawn later")
    shown = EpisodeFactory(regime=regime, slug="kp-ep-shown", title="Shown")
    publish(withdrawn, shown)
    a_never = AssessmentFactory(episode=never)
    a_withdrawn = AssessmentFactory(episode=withdrawn)
    a_shown = AssessmentFactory(episode=shown)
    publish(a_never, a_withdrawn, a_shown)
    _withdraw(withdrawn, by=researcher, approver=reviewer)


def test_the_api_serves_only_assessments_of_public_episodes(hidden_assessments, anonymous_client):
    rows = anonymous_client.get("/api/assessments/").json()["results"]
    assert [row["episode"] for row in rows] == ["kp-ep-shown"]
    text = _body(anonymous_client.get("/api/assessments/?format=csv"))
    episodes = [row["episode"] for row in csv.DictReader(io.StringIO(text))]
    assert episodes == ["kp-ep-shown"]
    home = anonymous_client.get("/").content.decode()
    assert "kp-ep-never" not in home and "kp-ep-withdrawn" not in home
    assert "Withdrawn later" not in home


def test_a_withdrawn_designation_answers_410_on_the_site_as_on_the_api(
    anonymous_client, researcher, reviewer
):
    designation = DesignationFactory(published=True, name="GONE PERSON")
    _withdraw(designation, by=researcher, approver=reviewer)
    key = designation.reference_number
    assert anonymous_client.get(f"/designations/{key}/").status_code == 410
    assert anonymous_client.get(f"/api/designations/{key}/").status_code == 410
    assert "GONE PERSON" not in anonymous_client.get("/").content.decode()


def test_a_designation_in_a_never_published_regime_shows_nowhere(anonymous_client):
    regime = RegimeFactory(code="ZQ", name="Never published regime")
    designation = DesignationFactory(regime=regime, reference_number="ZQi.001", name="ZQ PERSON")
    request = services.submit_for_review([designation], by=_researcher())
    services.approve(request, by=_reviewer())
    for url in ["/designations/", "/api/designations/", "/api/designations/?format=csv", "/"]:
        body = _body(anonymous_client.get(url))
        assert "ZQ PERSON" not in body and "ZQi.001" not in body, url
    assert anonymous_client.get("/designations/ZQi.001/").status_code == 404
    assert anonymous_client.get("/api/designations/ZQi.001/").status_code == 404


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _researcher():
    from tests.workflow import factory_researcher

    return factory_researcher()


def _reviewer():
    from tests.workflow import factory_reviewer

    return factory_reviewer()


# --- 3. withdrawal is final for what it withdrew ------------------------------------------------


def test_withdrawn_versions_stay_withdrawn_after_a_new_publication(
    anonymous_client, researcher, reviewer
):
    episode = EpisodeFactory(published=True, narrative="The withdrawn text.")
    _withdraw(episode, by=researcher, approver=reviewer)
    edit(episode, by=researcher, narrative="The text published again.")
    publish(episode)
    slug = episode.slug
    assert anonymous_client.get(f"/episodes/{slug}/versions/1/").status_code == 410
    assert anonymous_client.get(f"/api/episodes/{slug}/versions/1/").status_code == 410
    assert (
        "The withdrawn text"
        not in anonymous_client.get(f"/episodes/{slug}/versions/1/").content.decode()
    )
    current = anonymous_client.get(f"/api/episodes/{slug}/").json()
    assert current["version"] == 3  # the numbering continues: 1, withdrawn as 2, then 3
    history = anonymous_client.get(f"/episodes/{slug}/history/").content.decode()
    assert "withdrawn on" in history
    assert anonymous_client.get(f"/episodes/{slug}/versions/3/").status_code == 200


# --- 4. the citation names what the page showed -------------------------------------------------


def test_an_assessment_change_gives_the_episode_page_a_new_version(anonymous_client, researcher):
    episode = EpisodeFactory(published=True)
    assessment = AssessmentFactory(episode=episode, published=True, policy_outcome_score=3)
    slug = episode.slug
    before = anonymous_client.get(f"/api/episodes/{slug}/").json()["version"]
    edit(assessment, by=researcher, policy_outcome_score=4)
    publish(assessment)
    page = anonymous_client.get(f"/episodes/{slug}/").content.decode()
    api = anonymous_client.get(f"/api/episodes/{slug}/").json()
    assert api["version"] == before + 1
    assert f"version {before + 1}" in page
    old = anonymous_client.get(f"/api/episodes/{slug}/versions/{before}/").json()
    assert old["document"]["assessments"][0]["policy_outcome"]["score"] == 3
    new = anonymous_client.get(f"/api/episodes/{slug}/versions/{before + 1}/").json()
    assert new["document"]["assessments"][0]["policy_outcome"]["score"] == 4
    old_page = anonymous_client.get(f"/episodes/{slug}/versions/{before}/").content.decode()
    assert "Policy outcome: 3 of 5" in old_page


# --- 5. one in-force rule -----------------------------------------------------------------------


def test_a_designation_delisted_on_the_first_day_is_counted_nowhere(anonymous_client):
    regime = RegimeFactory(code="KP", published=True)
    episode = EpisodeFactory(regime=regime, start_date=datetime.date(2020, 1, 1), published=True)
    DesignationFactory(
        regime=regime,
        listed_on=datetime.date(2019, 1, 1),
        delisted_on=datetime.date(2020, 1, 1),
        published=True,
    )
    admin_side = counts.working_counts(regime.pk, episode.start_date, episode.end_date)
    public_side = counts.published_counts("KP", episode.start_date, episode.end_date)
    assert admin_side["individual"].maximum == public_side["individual"].maximum == 0
    listed = anonymous_client.get(
        "/designations/", {"regime": "KP", "active_from": "2020-01-01"}
    ).context["page"]
    assert listed.paginator.count == 0
    page = anonymous_client.get(f"/episodes/{episode.slug}/")
    rows = {row["label"]: row for row in page.context["designees"]}
    assert rows["Individuals"]["computed_maximum"] == 0


# --- 8. empty results say so ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, message",
    [
        ("/designations/?q=nobody+by+this+name", "No designation matches “nobody by this name”"),
        ("/episodes/?regime=ZZ", "No episode matches these filters"),
        ("/assessments/?purpose=signal", "No assessment matches these filters"),
    ],
)
def test_an_empty_result_says_so_with_a_way_back(anonymous_client, url, message):
    RegimeFactory(code="KP", published=True)
    body = anonymous_client.get(url).content.decode()
    assert message in body
    assert "Show all" in body


# --- 9. designations have a public history and versions ----------------------------------------


def test_a_designation_has_history_and_version_pages(anonymous_client, researcher):
    designation = DesignationFactory(published=True, name="FIRST NAME")
    edit(designation, by=researcher, name="SECOND NAME")
    publish(designation)
    key = designation.reference_number
    history = anonymous_client.get(f"/designations/{key}/history/")
    assert history.status_code == 200
    assert f"/designations/{key}/versions/1/" in history.content.decode()
    first = anonymous_client.get(f"/designations/{key}/versions/1/").content.decode()
    assert "FIRST NAME" in first and "SECOND NAME" not in first.split("<main")[1].split("Cite")[0]
    current = anonymous_client.get(f"/designations/{key}/").content.decode()
    assert f"/designations/{key}/versions/2/" in current  # the citation's stable link


def test_every_public_projection_has_a_public_manager():
    from editorial import registry

    for aggregate in registry.all_aggregates():
        assert hasattr(aggregate.projection.objects, "public"), aggregate.label
    assert PublishedEpisode.objects.public().query is not None


def test_a_withdrawn_regime_answers_410_on_the_site_as_on_the_api(
    anonymous_client, researcher, reviewer
):
    regime = RegimeFactory(code="ZR", name="Withdrawn regime", published=True)
    _withdraw(regime, by=researcher, approver=reviewer)
    assert anonymous_client.get("/regimes/ZR/").status_code == 410
    assert anonymous_client.get("/api/regimes/ZR/").status_code == 410
