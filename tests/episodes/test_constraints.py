"""Structural rules are enforced by the database itself, not only by forms."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from assessments.models import EffectivenessAssessment, ScoreLabel
from designations.models import BirthDate, Designation
from episodes.models import Episode, EpisodePurpose, Regime
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, PurposeFactory

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_an_episode_cannot_end_before_it_starts():
    episode = EpisodeFactory()
    rejected(
        lambda: Episode.objects.filter(pk=episode.pk).update(end_date=datetime.date(2000, 1, 1))
    )


def test_slugs_are_unique():
    episode = EpisodeFactory()
    rejected(lambda: EpisodeFactory(slug=episode.slug))


def test_an_episode_has_one_primary_purpose():
    episode = EpisodeFactory()  # comes with a primary "coerce"
    rejected(
        lambda: EpisodePurpose.objects.create(
            episode=episode, purpose="signal", objective="x", is_primary=True
        )
    )
    PurposeFactory(episode=episode, purpose="signal", is_primary=False)


def test_a_purpose_is_coded_once_per_episode():
    episode = EpisodeFactory()
    rejected(lambda: PurposeFactory(episode=episode, purpose="coerce"))


def test_current_designees_cannot_exceed_the_maximum():
    rejected(lambda: EpisodeFactory(current_vessels=60, max_vessels=59))


@pytest.mark.parametrize("field", ["policy_outcome_score", "sanctions_contribution_score"])
@pytest.mark.parametrize("score", [0, 6, 7])
def test_scores_run_from_one_to_five(field, score):
    rejected(lambda: AssessmentFactory(**{field: score}))


def test_one_assessment_per_episode_and_purpose():
    assessment = AssessmentFactory()
    rejected(
        lambda: EffectivenessAssessment.objects.create(
            episode=assessment.episode,
            purpose=assessment.purpose,
            policy_outcome_score=3,
            policy_outcome="x",
            sanctions_contribution_score=3,
            sanctions_contribution="y",
        )
    )


def test_score_labels_run_from_one_to_five():
    rejected(lambda: ScoreLabel.objects.create(scale="policy_outcome", score=6, label="Beyond"))


def test_reference_numbers_are_unique():
    designation = DesignationFactory()
    rejected(lambda: DesignationFactory(reference_number=designation.reference_number))


def test_individuals_need_a_reference_number_and_vessels_an_imo_number():
    regime = Regime.objects.get(code="KP")
    rejected(
        lambda: Designation.objects.create(
            kind="individual", regime=regime, name="NO REF", listed_on=datetime.date(2017, 1, 1)
        )
    )
    rejected(
        lambda: Designation.objects.create(
            kind="vessel", regime=regime, name="NO IMO", listed_on=datetime.date(2017, 1, 1)
        )
    )
    rejected(lambda: DesignationFactory(vessel=True, imo_number="12345"))


def test_a_designation_cannot_be_delisted_before_it_was_listed():
    rejected(lambda: DesignationFactory(delisted_on=datetime.date(2000, 1, 1)))


def test_a_date_of_birth_holds_the_fields_its_kind_needs():
    designation = DesignationFactory()
    rejected(lambda: BirthDate.objects.create(designation=designation, kind="exact"))
    rejected(
        lambda: BirthDate.objects.create(
            designation=designation, kind="between", from_year=1969, to_year=1967
        )
    )
    BirthDate.objects.create(designation=designation, kind="approximate", year=1958)
