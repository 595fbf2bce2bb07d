"""The transitions of a coding round refuse the wrong person, the wrong state and anonymity."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from assessments import coding
from assessments.models import CodingRound, EffectivenessAssessment, consensus_authors
from editorial import services
from editorial.services import WorkflowError
from tests import workflow
from tests.assessments.conftest import coding_of, fill
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

CONSENSUS = {
    "policy_outcome_score": 2,
    "policy_outcome": "Consensus outcome.",
    "sanctions_contribution_score": 3,
    "sanctions_contribution": "Consensus contribution.",
    "reason": "Consensus of the round",
}


def closed_round(coding_round, researcher, other_researcher):
    fill(
        coding_of(coding_round, researcher), policy_outcome_score=2, sanctions_contribution_score=3
    )
    fill(
        coding_of(coding_round, other_researcher),
        policy_outcome_score=3,
        sanctions_contribution_score=3,
    )
    coding_round.refresh_from_db()
    return coding_round


# --- open ---------------------------------------------------------------------------------------


def test_a_round_needs_two_coders(episode, researcher, reviewer):
    with pytest.raises(WorkflowError, match="at least two coders"):
        coding.open_round(episode=episode, purpose="coerce", coders=[researcher], by=reviewer)


def test_only_researchers_and_reviewers_code_or_open_rounds(episode, researcher, reviewer):
    outsider = workflow.staff_user("olga", "Researchers")
    outsider.groups.clear()
    with pytest.raises(WorkflowError, match="Only active researchers and reviewers can code"):
        coding.open_round(
            episode=episode, purpose="coerce", coders=[researcher, outsider], by=reviewer
        )
    for by in (outsider, AnonymousUser(), None):
        with pytest.raises(WorkflowError, match="Only researchers and reviewers can open"):
            coding.open_round(
                episode=episode, purpose="coerce", coders=[researcher, reviewer], by=by
            )


def test_one_open_round_per_episode_purpose(coding_round, episode, researcher, reviewer):
    with pytest.raises(WorkflowError, match="already has an open coding round"):
        coding.open_round(
            episode=episode, purpose="coerce", coders=[researcher, reviewer], by=reviewer
        )
    # Another purpose may have its own.
    coding.open_round(episode=episode, purpose="signal", coders=[researcher, reviewer], by=reviewer)


# --- submit -------------------------------------------------------------------------------------


def test_only_the_coder_submits_their_coding(coding_round, researcher, other_researcher):
    rita = fill(
        coding_of(coding_round, researcher),
        policy_outcome_score=2,
        sanctions_contribution_score=3,
        submit=False,
    )
    with pytest.raises(WorkflowError, match="Only the coder"):
        coding.submit_coding(rita, by=other_researcher)


def test_an_incomplete_coding_cannot_be_submitted(coding_round, researcher):
    with pytest.raises(WorkflowError, match="policy outcome score.*sanctions contribution"):
        coding.submit_coding(coding_of(coding_round, researcher), by=researcher)


def test_a_coding_is_submitted_once_and_never_into_a_closed_round(
    coding_round, researcher, other_researcher, reviewer
):
    rita = fill(
        coding_of(coding_round, researcher), policy_outcome_score=2, sanctions_contribution_score=3
    )
    with pytest.raises(WorkflowError, match="already submitted"):
        coding.submit_coding(rita, by=researcher)
    assert coding_round.codings.get(pk=rita.pk).submitted_at is not None
    coding_round.refresh_from_db()
    assert coding_round.is_open  # Oscar has not submitted yet

    coding.close_round(coding_round, by=reviewer)
    oscar = fill(
        coding_of(coding_round, other_researcher),
        policy_outcome_score=3,
        sanctions_contribution_score=3,
        submit=False,
    )
    with pytest.raises(WorkflowError, match="round is closed"):
        coding.submit_coding(oscar, by=other_researcher)


# --- close --------------------------------------------------------------------------------------


def test_closing_needs_the_role_and_an_open_round(coding_round, reviewer):
    outsider = workflow.staff_user("olga", "Researchers")
    outsider.groups.clear()
    for by in (AnonymousUser(), outsider):
        with pytest.raises(WorkflowError, match="Only researchers and reviewers can close"):
            coding.close_round(coding_round, by=by)
    with pytest.raises(WorkflowError, match="You code in this round"):
        coding.close_round(coding_round, by=coding_round.codings.first().coder)
    coding.close_round(coding_round, by=reviewer)
    with pytest.raises(WorkflowError, match="already closed"):
        coding.close_round(coding_round, by=reviewer)


# --- reconcile ----------------------------------------------------------------------------------


def test_an_open_round_cannot_be_reconciled(coding_round, third_researcher):
    with pytest.raises(WorkflowError, match="still blind"):
        coding.reconcile(coding_round, by=third_researcher, **CONSENSUS)
    assert not EffectivenessAssessment.objects.exists()


def test_a_round_is_reconciled_once(coding_round, researcher, other_researcher, third_researcher):
    closed_round(coding_round, researcher, other_researcher)
    coding.reconcile(coding_round, by=third_researcher, submit=False, **CONSENSUS)
    with pytest.raises(WorkflowError, match="already reconciled"):
        coding.reconcile(coding_round, by=researcher, **CONSENSUS)


def test_a_round_nobody_submitted_to_has_nothing_to_reconcile(coding_round, reviewer):
    coding.close_round(coding_round, by=reviewer)
    with pytest.raises(WorkflowError, match="nothing to reconcile"):
        coding.reconcile(coding_round, by=reviewer, **CONSENSUS)


def test_reconciling_replaces_the_working_assessment_as_a_new_revision(
    coding_round, episode, researcher, other_researcher, third_researcher
):
    existing = AssessmentFactory(episode=episode, purpose="coerce", policy_outcome_score=5)
    closed_round(coding_round, researcher, other_researcher)

    result = coding.reconcile(coding_round, by=third_researcher, **CONSENSUS)

    assert result.assessment.pk == existing.pk
    existing.refresh_from_db()
    assert existing.policy_outcome_score == 2 and existing.coding_round == coding_round
    assert result.change_request.submitted_by == third_researcher


# --- four eyes ----------------------------------------------------------------------------------


def test_a_coder_cannot_approve_the_consensus_even_without_editing_it(
    coding_round, researcher, other_researcher, third_researcher, reviewer
):
    other_researcher.groups.add(Group.objects.get(name="Reviewers"))
    closed_round(coding_round, researcher, other_researcher)
    result = coding.reconcile(coding_round, by=third_researcher, **CONSENSUS)

    with pytest.raises(WorkflowError, match="coding round you coded in.*four-eyes"):
        services.approve(result.change_request, by=other_researcher)
    services.approve(result.change_request, by=reviewer)


def test_the_reconciler_is_among_the_consensus_authors(
    coding_round, researcher, other_researcher, third_researcher
):
    closed_round(coding_round, researcher, other_researcher)
    result = coding.reconcile(coding_round, by=third_researcher, submit=False, **CONSENSUS)

    authors = consensus_authors([str(result.assessment.pk)])[str(result.assessment.pk)]

    assert authors == {
        researcher.pk: "is a consensus of a coding round you coded in",
        other_researcher.pk: "is a consensus of a coding round you coded in",
        third_researcher.pk: "is a consensus you reconciled",
    }


def test_an_assessment_without_a_round_has_no_extra_authors(episode):
    assessment = AssessmentFactory(episode=episode)
    assert consensus_authors([str(assessment.pk)]) == {}


def test_the_round_closes_with_the_last_submission(coding_round, researcher, other_researcher):
    closed_round(coding_round, researcher, other_researcher)
    assert coding_round.status == CodingRound.Status.CLOSED
    assert coding_round.closed_by == other_researcher
