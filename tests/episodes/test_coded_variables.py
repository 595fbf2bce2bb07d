"""Types of conflict, targets, objectives and other instruments: coded on the episode form,
versioned with it, reviewed, published in its document and its filter columns."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from editorial import services
from episodes.models import (
    ConflictType,
    Episode,
    EpisodeConflictType,
    EpisodeInstrument,
    EpisodeTarget,
    Objective,
    PolicyInstrument,
    PublishedEpisode,
    PurposeObjective,
    TargetType,
)
from tests import workflow
from tests.factories import (
    ConflictTypeRowFactory,
    EpisodeFactory,
    InstrumentRowFactory,
    ObjectiveRowFactory,
    PurposeFactory,
    TargetRowFactory,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CODING_PREFIXES = ("conflict_types", "targets", "objectives", "instruments")


def change_url(episode):
    return reverse("admin:episodes_episode_change", args=[episode.pk])


def post_with_rows(client, episode, rows: dict[str, list[dict]], **changes):
    """The episode's change form as it is, with ``rows`` added to the named inlines."""
    data = form_data(client.get(change_url(episode)), "episode_form")
    data.update(change_reason="Coded the variables", **changes)
    for prefix, new_rows in rows.items():
        start = int(data[f"{prefix}-TOTAL_FORMS"])
        for offset, fields in enumerate(new_rows):
            for name, value in fields.items():
                data[f"{prefix}-{start + offset}-{name}"] = value
        data[f"{prefix}-TOTAL_FORMS"] = str(start + len(new_rows))
    return client.post(change_url(episode), data)


def pk(model, code):
    return str(model.objects.get(code=code).pk)


def full_coding():
    return {
        "conflict_types": [{"conflict_type": pk(ConflictType, "non-proliferation")}],
        "targets": [
            {"target": pk(TargetType, "government")},
            {"target": pk(TargetType, "individuals-entities")},
        ],
        "objectives": [
            {
                "purpose": "coerce",
                "objective": pk(Objective, "cease-nuclear-missile-tests"),
                "note": "Stop the tests.",
            }
        ],
        "instruments": [
            {"instrument": pk(PolicyInstrument, "negotiations"), "note": "Talks with the US."}
        ],
    }


def test_one_save_of_the_episode_form_is_one_revision_holding_the_coding(researcher_client):
    episode = EpisodeFactory()

    response = post_with_rows(researcher_client, episode, full_coding())

    assert response.status_code == 302, response.content.decode()[:2000]
    revision = Version.objects.get_for_object(episode).first().revision
    models = {version.content_type.model_class() for version in revision.version_set.all()}
    assert {EpisodeConflictType, EpisodeTarget, PurposeObjective, EpisodeInstrument} <= models
    assert revision.version_set.filter(content_type__model="episodetarget").count() == 2
    assert revision.comment == "Coded the variables"


def test_the_published_document_and_columns_carry_the_coding(researcher_client):
    episode = EpisodeFactory()
    PurposeFactory(episode=episode, purpose="signal")
    coding = full_coding()
    coding["objectives"].append(
        {"purpose": "signal", "objective": pk(Objective, "support-non-proliferation-norms")}
    )
    post_with_rows(researcher_client, episode, coding)

    workflow.publish(episode)

    row = PublishedEpisode.objects.get(object_id=episode.pk)
    document = row.document
    assert document["conflict_types"] == [
        {"code": "non-proliferation", "label": "Non-proliferation"}
    ]
    assert [t["code"] for t in document["targets"]] == ["government", "individuals-entities"]
    objectives = {p["purpose"]: p["objectives"] for p in document["purposes"]}
    assert objectives == {
        "coerce": [
            {
                "code": "cease-nuclear-missile-tests",
                "label": "Cease nuclear tests and ballistic missile launches",
                "note": "Stop the tests.",
            }
        ],
        "signal": [
            {
                "code": "support-non-proliferation-norms",
                "label": "Support non-proliferation norms (NPT)",
                "note": "",
            }
        ],
    }
    assert document["instruments"] == [
        {
            "code": "negotiations",
            "label": "Negotiations and diplomacy",
            "note": "Talks with the US.",
        }
    ]
    assert row.conflict_types == "|non-proliferation|"
    assert row.targets == "|government|individuals-entities|"
    assert row.objectives == "|cease-nuclear-missile-tests|support-non-proliferation-norms|"
    assert row.instruments == "|negotiations|"


def test_an_uncoded_episode_has_empty_lists_and_columns():
    episode = EpisodeFactory(published=True)

    row = PublishedEpisode.objects.get(object_id=episode.pk)

    assert row.document["conflict_types"] == row.document["targets"] == []
    assert row.document["instruments"] == []
    assert all(p["objectives"] == [] for p in row.document["purposes"])
    assert (row.conflict_types, row.targets, row.objectives, row.instruments) == ("", "", "", "")


def test_rows_saved_outside_the_admin_are_versioned_with_their_episode():
    episode = EpisodeFactory()
    with_rows = [
        ConflictTypeRowFactory(
            episode=episode, conflict_type=ConflictType.objects.get(code="terrorism")
        ),
        TargetRowFactory(episode=episode),
        ObjectiveRowFactory(episode=episode),
        InstrumentRowFactory(episode=episode),
    ]

    workflow.publish(episode)  # records the first version at submission, with every row

    row = PublishedEpisode.objects.get(object_id=episode.pk)
    assert (row.conflict_types, row.targets) == ("|terrorism|", "|government|")
    assert (row.objectives, row.instruments) == ("|cease-nuclear-missile-tests|", "|negotiations|")
    revision = Version.objects.get_for_object(episode).first().revision
    assert {v.object_id for v in revision.version_set.all()} >= {str(r.pk) for r in with_rows}


def test_the_reviewer_sees_the_coding_in_the_diff(researcher_client, reviewer_client):
    episode = EpisodeFactory(published=True)
    post_with_rows(researcher_client, episode, full_coding())
    change_request = services.submit_for_review([episode], by=workflow.factory_researcher())

    page = reviewer_client.get(reverse("editorial:request", args=[change_request.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    for label in ("Non-proliferation", "Individuals and entities", "Talks with the US."):
        assert label in text
    assert "Conflict types" in text and "Instruments" in text


def test_republish_rebuilds_the_same_coded_document(researcher_client):
    episode = EpisodeFactory()
    post_with_rows(researcher_client, episode, full_coding())
    workflow.publish(episode)
    published = PublishedEpisode.objects.get(object_id=episode.pk).document
    # The working copy changes after approval; the approved version is what gets rebuilt.
    EpisodeConflictType.objects.filter(episode=episode).delete()
    call_command("republish", "--write", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert PublishedEpisode.objects.get(object_id=episode.pk).document == published


def test_an_objective_of_another_purpose_is_refused(researcher_client):
    episode = EpisodeFactory()  # its one purpose is coerce
    coding = {
        "objectives": [{"purpose": "coerce", "objective": pk(Objective, "limit-wmd-technology")}]
    }

    response = post_with_rows(researcher_client, episode, coding)

    assert response.status_code == 200
    assert (
        "“Limit access to WMD-related goods and technology” is an objective of the purpose "
        "“Constrain”." in response.content.decode()
    )
    assert not PurposeObjective.objects.exists()


def test_an_objective_under_a_purpose_the_episode_does_not_have_is_refused(researcher_client):
    episode = EpisodeFactory()  # coerce only
    coding = {
        "objectives": [{"purpose": "signal", "objective": pk(Objective, "counter-terrorism")}]
    }

    response = post_with_rows(researcher_client, episode, coding)

    assert response.status_code == 200
    assert "The episode has no purpose “Signal”" in response.content.decode()
    assert not PurposeObjective.objects.exists()


def test_a_purpose_added_on_the_same_form_takes_objectives(researcher_client):
    episode = EpisodeFactory()
    coding = {
        "purposes": [{"purpose": "signal", "objective": "Signal the norm."}],
        "objectives": [{"purpose": "signal", "objective": pk(Objective, "counter-terrorism")}],
    }

    response = post_with_rows(researcher_client, episode, coding)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert PurposeObjective.objects.get(episode=episode).purpose == "signal"


def test_removing_a_purpose_that_still_has_objectives_is_refused(researcher_client):
    episode = EpisodeFactory()
    PurposeFactory(episode=episode, purpose="signal")
    post_with_rows(
        researcher_client,
        episode,
        {"objectives": [{"purpose": "signal", "objective": pk(Objective, "counter-terrorism")}]},
    )
    # Rows are ordered coerce, signal: delete the second purpose, keep its objective.
    response = post_with_rows(researcher_client, episode, {}, **{"purposes-1-DELETE": "on"})

    assert response.status_code == 200
    assert "The episode has no purpose “Signal”" in response.content.decode()
    assert episode.purposes.filter(purpose="signal").exists()


def test_a_value_is_coded_once_per_episode(researcher_client):
    episode = EpisodeFactory()
    twice = {"conflict_types": [{"conflict_type": pk(ConflictType, "terrorism")}] * 2}

    response = post_with_rows(researcher_client, episode, twice)

    assert response.status_code == 200
    assert not EpisodeConflictType.objects.exists()


def test_an_inactive_value_is_not_offered_but_stays_where_it_is_coded(researcher_client):
    episode = EpisodeFactory()
    post_with_rows(researcher_client, episode, full_coding())
    other = EpisodeFactory()
    ConflictType.objects.filter(code="non-proliferation").update(active=False)
    inactive = pk(ConflictType, "non-proliferation")

    coded_form = researcher_client.get(change_url(episode)).content.decode()
    fresh_form = researcher_client.get(change_url(other)).content.decode()
    resaved = post_with_rows(researcher_client, episode, {})
    offered_anew = post_with_rows(
        researcher_client, other, {"conflict_types": [{"conflict_type": inactive}]}
    )

    assert f'<option value="{inactive}" selected>Non-proliferation (inactive)<' in coded_form
    assert "Non-proliferation (inactive)" not in fresh_form
    assert ">Terrorism<" in fresh_form
    assert resaved.status_code == 302
    assert offered_anew.status_code == 200
    assert "Select a valid choice." in offered_anew.content.decode()
    assert Episode.objects.get(pk=episode.pk).conflict_types.count() == 1


def test_restoring_a_version_keeps_an_inactive_value_it_was_coded_with(researcher_client):
    episode = EpisodeFactory()
    post_with_rows(researcher_client, episode, full_coding())
    coded = Version.objects.get_for_object(episode).first()
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data.update({"conflict_types-0-DELETE": "on", "change_reason": "Not non-proliferation"})
    researcher_client.post(change_url(episode), data)
    assert not episode.conflict_types.exists()
    ConflictType.objects.filter(code="non-proliferation").update(active=False)
    url = reverse("admin:episodes_episode_revision", args=[episode.pk, coded.pk])

    restore = form_data(researcher_client.get(url), "episode_form")
    response = researcher_client.post(url, restore | {"change_reason": "Restored"})

    assert response.status_code == 302, response.content.decode()[:3000]
    assert [row.conflict_type.code for row in episode.conflict_types.all()] == ["non-proliferation"]


def test_a_reviewer_adds_a_value_to_a_list_but_cannot_change_its_code(reviewer_client):
    response = reviewer_client.post(
        reverse("admin:episodes_policyinstrument_add"),
        {
            "code": "arms-control-talks",
            "label": "Arms control talks",
            "order": "20",
            "active": "on",
        },
    )
    instrument = PolicyInstrument.objects.get(code="arms-control-talks")
    url = reverse("admin:episodes_policyinstrument_change", args=[instrument.pk])
    reviewer_client.post(
        url, {"code": "renamed", "label": "Arms control talks", "order": "20", "active": "on"}
    )

    assert response.status_code == 302
    assert 'name="code"' not in reviewer_client.get(url).content.decode()
    instrument.refresh_from_db()
    assert instrument.code == "arms-control-talks"


def test_a_researcher_reads_the_lists_but_does_not_edit_them(researcher_client):
    assert researcher_client.get(reverse("admin:episodes_objective_changelist")).status_code == 200
    assert researcher_client.get(reverse("admin:episodes_objective_add")).status_code == 403


def test_the_demo_episode_is_coded_from_its_text(demo):
    document = PublishedEpisode.objects.get(slug="dprk-ep-8").document

    assert [c["code"] for c in document["conflict_types"]] == ["non-proliferation"]
    assert [t["code"] for t in document["targets"]] == ["government", "individuals-entities"]
    objectives = {p["purpose"]: [o["code"] for o in p["objectives"]] for p in document["purposes"]}
    assert objectives == {
        "coerce": ["cease-nuclear-missile-tests", "end-wmd-programmes", "return-to-negotiations"],
        "constrain": ["limit-wmd-technology"],
        "signal": ["support-non-proliferation-norms"],
    }
    instruments = {i["code"]: i["note"] for i in document["instruments"]}
    assert set(instruments) == {
        "negotiations",
        "unilateral-sanctions",
        "military-de-escalation",
        "threat-of-force",
    }
    assert "United States" in instruments["negotiations"]
    assert "inter-Korean" in instruments["negotiations"]
    assert all(instruments.values())
