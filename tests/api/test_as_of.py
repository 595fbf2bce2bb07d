"""``as_of``: the data as it was published at the end of a given day, from the public history."""

import datetime

import pytest

from designations.models import Designation
from editorial import services
from editorial.models import PublicationRecord
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, RegimeFactory
from tests.workflow import edit, factory_researcher, factory_reviewer

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def approve_on(when: datetime.datetime, *objects, action="publish"):
    """Submit and approve ``objects`` through the workflow, as if approved at ``when``."""
    request = services.submit_for_review(list(objects), by=factory_researcher(), action=action)
    services.approve(request, by=factory_reviewer())
    # The public history is dated by approval; move this approval back in time.
    PublicationRecord.objects.filter(change_request=request).update(approved_at=when)


@pytest.fixture
def history(db, researcher):
    """An episode published, corrected, then withdrawn; its assessment rescored in between."""
    regime = RegimeFactory(code="KP")
    approve_on(datetime.datetime(2019, 1, 1, tzinfo=UTC), regime)
    episode = EpisodeFactory(regime=regime, slug="kp-ep-1", title="First title")
    assessment = AssessmentFactory(episode=episode, policy_outcome_score=2)
    designation = DesignationFactory(regime=regime, reference_number="KPi.001", name="FIRST")
    approve_on(datetime.datetime(2020, 1, 10, 12, tzinfo=UTC), episode, assessment, designation)

    edit(episode, by=researcher, title="Corrected title")
    edit(assessment, by=researcher, policy_outcome_score=4)
    approve_on(datetime.datetime(2021, 6, 1, 23, 30, tzinfo=UTC), episode, assessment)

    approve_on(datetime.datetime(2022, 3, 1, 9, tzinfo=UTC), episode, action="unpublish")
    approve_on(datetime.datetime(2022, 3, 1, 9, tzinfo=UTC), designation, action="unpublish")
    return episode


def test_an_episode_as_of_a_day_is_the_version_public_at_its_end(
    history, anonymous_client, researcher
):
    # Before its withdrawal, day by day (published at noon: in by the end of the day; the
    # correction approved at 23:30 UTC; withdrawn the morning of 1 March 2022).
    before = [
        ("2020-01-09", None, None, None),
        ("2020-01-10", "First title", 1, 2),
        ("2021-05-31", "First title", 1, 2),
        ("2021-06-01", "Corrected title", 2, 4),
        ("2022-02-28", "Corrected title", 2, 4),
        ("2022-03-01", None, None, None),
    ]
    # Public again after its withdrawal: what the withdrawal withdrew stays withdrawn.
    edit(history, by=researcher, title="Corrected title")
    approve_on(datetime.datetime(2023, 1, 1, tzinfo=UTC), history)
    after = [(day, None, None, None) for day, *_ in before] + [
        ("2030-01-01", "Corrected title", 4, 4)
    ]
    for day, title, version, score in after:
        response = anonymous_client.get("/api/episodes/kp-ep-1/", {"as_of": day})

        if title is None:
            assert response.status_code == 404, day
            continue
        body = response.json()
        assert (body["title"], body["version"]) == (title, version), day
        assert [a["policy_outcome"]["score"] for a in body["assessments"]] == [score], day
        record = PublicationRecord.objects.get(key="kp-ep-1", number=version)
        assert body["approved_at"] == record.approved_at.isoformat().replace("+00:00", "Z")


def test_lists_as_of_a_day_hold_what_was_public_then(history, anonymous_client):
    # Public again after the withdrawal (a withdrawn record's history is withdrawn with it).
    designation = Designation.objects.get(reference_number="KPi.001")
    approve_on(datetime.datetime(2023, 1, 1, tzinfo=UTC), history, designation)

    def keys(url, day):
        return [
            row.get("slug") or row.get("key") or row.get("episode")
            for row in anonymous_client.get(url, {"as_of": day}).json()["results"]
        ]

    assert keys("/api/episodes/", "2020-01-09") == []
    # Withdrawn, then published again: the withdrawn versions never come back.
    assert keys("/api/episodes/", "2020-01-10") == []
    assert keys("/api/episodes/", "2022-03-01") == []
    assert keys("/api/episodes/", "2023-01-01") == ["kp-ep-1"]
    assert keys("/api/designations/", "2021-12-31") == []
    assert keys("/api/designations/", "2023-01-01") == ["KPi.001"]
    regimes = anonymous_client.get("/api/regimes/", {"as_of": "2018-12-31"}).json()["results"]
    assert regimes == []
    regimes = anonymous_client.get("/api/regimes/", {"as_of": "2022-03-01"}).json()["results"]
    assert [row["code"] for row in regimes] == ["KP"]
    rows = anonymous_client.get("/api/assessments/", {"as_of": "2021-06-01"}).json()["results"]
    assert [(row["episode"], row["policy_outcome_score"], row["version"]) for row in rows] == [
        ("kp-ep-1", 4, 2)
    ]
    assert rows[0]["episode_url"] == "http://testserver/api/episodes/kp-ep-1/?as_of=2021-06-01"


def test_a_withdrawn_episode_is_gone_with_its_versions_but_its_approvals_stay_listed(
    history, anonymous_client
):
    gone = anonymous_client.get("/api/episodes/kp-ep-1/")
    assert gone.status_code == 410
    assert "withdrawn from public view on 2022-03-01" in gone.json()["detail"]

    versions = anonymous_client.get("/api/episodes/kp-ep-1/versions/").json()

    assert [(v["number"], v["action"]) for v in versions] == [
        (1, "published"),
        (2, "published"),
        (3, "unpublished"),
    ]
    first = anonymous_client.get("/api/episodes/kp-ep-1/versions/1/")
    assert first.status_code == 410
    assert "First title" not in first.content.decode()
    for day in ("2020-01-10", "2021-06-01"):
        assert anonymous_client.get("/api/episodes/kp-ep-1/", {"as_of": day}).status_code == 404
        assert anonymous_client.get("/api/episodes/", {"as_of": day}).json()["results"] == []
    assert anonymous_client.get("/api/episodes/kp-ep-1/versions/4/").status_code == 404


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2020-13-01", "2020-1-1", "0000-01-01", "2020-01-01T00:00"]
)
def test_a_bad_as_of_is_refused_with_a_message(db, anonymous_client, value):
    for url in ("/api/episodes/", "/api/episodes/kp-ep-1/", "/api/designations/"):
        response = anonymous_client.get(url, {"as_of": value})
        assert response.status_code == 400, url
        assert response.json() == {"as_of": ["Give a date as YYYY-MM-DD, e.g. 2020-01-31."]}


def test_an_as_of_that_is_not_text_is_refused_before_the_view(db, anonymous_client):
    for url in ("/api/episodes/", "/api/episodes/kp-ep-1/", "/api/designations/"):
        response = anonymous_client.get(url, {"as_of": "\x00"})
        assert response.status_code == 400, url
        assert response.json() == {"as_of": ["Not valid text: give UTF-8 without NUL characters."]}


def test_as_of_on_a_list_does_not_combine_with_filters(db, anonymous_client):
    response = anonymous_client.get(
        "/api/designations/", {"as_of": "2020-01-01", "kind": "vessel", "ordering": "name"}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"kind", "ordering"}
    assert "as_of" in response.json()["kind"][0]


def test_the_last_possible_day_is_accepted(history, anonymous_client):
    response = anonymous_client.get("/api/designations/", {"as_of": "9999-12-31"})

    assert response.status_code == 200


def test_an_as_of_before_publication_says_that_as_of_is_about_publication(anonymous_client):
    regime = RegimeFactory(code="KP")
    person = DesignationFactory(regime=regime, reference_number="KPi.950")
    approve_on(datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC), regime, person)

    response = anonymous_client.get("/api/designations/KPi.950/?as_of=2020-01-31")

    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("Nothing was public under “KPi.950” on 2020-01-31. ")
    assert "about publication in this atlas" in detail
    assert "listed_on with listed_before or listed_after" in detail
    later = anonymous_client.get("/api/designations/KPi.950/?as_of=2024-05-01")
    assert later.status_code == 200
