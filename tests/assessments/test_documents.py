"""The published consensus: its whole document, rebuilt identically, and only what was approved."""

import pytest
from django.core.management import call_command

from assessments import agreement, coding
from assessments.models import PublishedAssessment
from tests import workflow
from tests.assessments.conftest import coding_of, fill

pytestmark = pytest.mark.django_db


def publish_consensus(coding_round, coders, third_researcher, reviewer, scores):
    for user, (outcome, contribution, consequences) in zip(coders, scores, strict=True):
        fill(
            coding_of(coding_round, user),
            policy_outcome_score=outcome,
            sanctions_contribution_score=contribution,
            consequences=consequences,
        )
    result = coding.reconcile(
        coding_round,
        by=third_researcher,
        policy_outcome_score=3,
        policy_outcome="The consensus outcome.",
        sanctions_contribution_score=4,
        sanctions_contribution="The consensus contribution.",
        reason="Consensus",
    )
    workflow.services.approve(result.change_request, by=reviewer)
    return result.assessment


def test_the_published_consensus_document(
    coding_round, episode, researcher, other_researcher, third_researcher, reviewer
):
    assessment = publish_consensus(
        coding_round,
        [researcher, other_researcher],
        third_researcher,
        reviewer,
        [(3, 4, ["resource-diversion"]), (3, 4, ["resource-diversion"])],
    )

    document = PublishedAssessment.objects.get(object_id=assessment.pk).document

    assert document == {
        "episode": episode.slug,
        "regime": episode.regime.code,
        "purpose": "coerce",
        "purpose_label": "Coerce",
        "policy_outcome": {
            "score": 3,
            "label": document["policy_outcome"]["label"],
            "narrative": "The consensus outcome.",
        },
        "sanctions_contribution": {
            "score": 4,
            "label": document["sanctions_contribution"]["label"],
            "narrative": "The consensus contribution.",
        },
        "effective": False,
        "coding": {
            "coders": 2,
            "agreement": {
                # The same score from both: no variation, so alpha is undefined. The consequences
                # vary between units (one present, eleven absent) and agree on each: alpha 1.
                "policy_outcome": None,
                "sanctions_contribution": None,
                "consequences": 1.0,
                "percent_agreement": {
                    "policy_outcome": 100.0,
                    "sanctions_contribution": 100.0,
                    "consequences": 100.0,
                },
                "units": {"policy_outcome": 1, "sanctions_contribution": 1, "consequences": 12},
            },
        },
    }
    assert document["policy_outcome"]["label"] and document["sanctions_contribution"]["label"]


def test_a_later_round_changes_nothing_public_until_its_consensus_is_approved(
    coding_round, episode, researcher, other_researcher, third_researcher, reviewer, capsys
):
    assessment = publish_consensus(
        coding_round,
        [researcher, other_researcher],
        third_researcher,
        reviewer,
        [(2, 4, []), (3, 4, [])],
    )
    before = PublishedAssessment.objects.get(object_id=assessment.pk).document

    second = coding.open_round(
        episode=episode,
        purpose="coerce",
        coders=[researcher, third_researcher],
        by=reviewer,
    )
    fill(coding_of(second, researcher), policy_outcome_score=5, sanctions_contribution_score=5)
    fill(
        coding_of(second, third_researcher), policy_outcome_score=1, sanctions_contribution_score=1
    )
    coding.reconcile(
        second,
        by=other_researcher,
        policy_outcome_score=3,
        policy_outcome="Not approved yet.",
        sanctions_contribution_score=3,
        sanctions_contribution="Not approved yet.",
        reason="Second consensus",
    )

    published = PublishedAssessment.objects.get(object_id=assessment.pk)
    assert published.document == before
    assert published.coding_round_id == coding_round.pk
    assert agreement.published_rounds().get() == coding_round
    assert {row["round"] for row in agreement.published_coding_rows()} == {1}
    # Rebuilt from the approved revision, the document is the same.
    call_command("republish")
    assert "no difference" in capsys.readouterr().out


def test_codings_of_a_consensus_in_review_stay_out_of_the_data_package(
    coding_round, researcher, other_researcher, third_researcher
):
    fill(
        coding_of(coding_round, researcher), policy_outcome_score=2, sanctions_contribution_score=3
    )
    fill(
        coding_of(coding_round, other_researcher),
        policy_outcome_score=3,
        sanctions_contribution_score=3,
    )
    coding.reconcile(
        coding_round,
        by=third_researcher,
        policy_outcome_score=3,
        policy_outcome="In review.",
        sanctions_contribution_score=3,
        sanctions_contribution="In review.",
        reason="Consensus",
    )

    assert agreement.published_coding_rows() == []
    assert agreement.dataset_agreement()["policy_outcome"]["units"] == 0
