"""Bad input in the admin gets a clear form error, never a 500, and changes nothing."""

import pytest
from django.urls import reverse

from assessments.models import EffectivenessAssessment
from designations.models import Designation
from episodes.models import Episode, EpisodePurpose
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, PurposeFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def post_change(client, obj, form_id, **changes):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url), form_id)
    data.update(change_reason="Testing bad input", **changes)
    return client.post(url, data)


def test_end_before_start(researcher_client):
    episode = EpisodeFactory()
    response = post_change(researcher_client, episode, "episode_form", end_date="2001-01-01")
    assert response.status_code == 200
    assert "The episode cannot end before it starts." in response.content.decode()
    episode.refresh_from_db()
    assert episode.end_date is None


def test_score_seven(researcher_client):
    assessment = AssessmentFactory()
    response = post_change(
        researcher_client, assessment, "effectivenessassessment_form", policy_outcome_score="7"
    )
    assert response.status_code == 200
    # The score is a select of the five labelled scores: a forged 7 is not one of them.
    assert "Select a valid choice. 7 is not one of the available choices." in (
        response.content.decode()
    )
    assert EffectivenessAssessment.objects.get().policy_outcome_score == 2


def test_a_second_primary_purpose(researcher_client):
    episode = EpisodeFactory()
    PurposeFactory(episode=episode, purpose="signal")
    response = post_change(
        researcher_client, episode, "episode_form", **{"purposes-1-is_primary": "on"}
    )
    assert response.status_code == 200
    assert "Mark exactly one purpose as primary (now 2 are)." in response.content.decode()
    assert EpisodePurpose.objects.filter(episode=episode, is_primary=True).count() == 1


def test_moving_the_primary_purpose_to_another_row_saves(researcher_client):
    episode = EpisodeFactory()
    PurposeFactory(episode=episode, purpose="signal")
    # Rows are ordered coerce, signal: the new primary row is saved after the old one stops being it.
    response = post_change(
        researcher_client,
        episode,
        "episode_form",
        **{"purposes-0-is_primary": "", "purposes-1-is_primary": "on"},
    )
    assert response.status_code == 302
    assert EpisodePurpose.objects.get(episode=episode, is_primary=True).purpose == "signal"


def test_a_duplicate_reference_number(researcher_client):
    existing = DesignationFactory()
    other = DesignationFactory()
    response = post_change(
        researcher_client, other, "designation_form", reference_number=existing.reference_number
    )
    assert response.status_code == 200
    assert "Designation with this UN reference number already exists." in response.content.decode()
    other.refresh_from_db()
    assert other.reference_number != existing.reference_number


def test_a_vessel_without_imo_number(researcher_client):
    vessel = DesignationFactory(vessel=True)
    response = post_change(researcher_client, vessel, "designation_form", imo_number="")
    assert response.status_code == 200
    assert "A vessel needs its seven-digit IMO number." in response.content.decode()
    assert Designation.objects.get(pk=vessel.pk).imo_number == vessel.imo_number


def test_a_bad_amendment_date(researcher_client):
    designation = DesignationFactory()
    response = post_change(
        researcher_client, designation, "designation_form", amended_on="2018-02-30"
    )
    assert response.status_code == 200
    assert "is not a date; write one date per line as YYYY-MM-DD or DD/MM/YYYY." in (
        response.content.decode()
    )


def test_adding_an_episode_with_a_start_after_its_end_changes_nothing(researcher_client):
    url = reverse("admin:episodes_episode_add")
    data = form_data(researcher_client.get(url), "episode_form")
    data.update(
        regime=str(EpisodeFactory().regime_id),
        number="77",
        title="Bad",
        slug="bad",
        start_date="2020-01-01",
        end_date="2019-01-01",
    )
    response = researcher_client.post(url, data)
    assert response.status_code == 200
    assert not Episode.objects.filter(slug="bad").exists()
