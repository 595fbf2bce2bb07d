"""Transitions of a coding round: open, submit a coding, close, reconcile.

Blindness is a rule of these functions and of the admin that calls them: while a round is open
each coder sees and changes only their own coding (``visible_codings``); closing the round
(automatically when the last coder submits) reveals every coding and freezes the agreement.
The consensus is an ordinary ``EffectivenessAssessment`` saved as a new revision and, if asked,
submitted for review through ``editorial.services``; approving it is refused to the coders and the
reconciler (``assessments.models.consensus_authors``, the assessment aggregate's ``extra_authors``).
"""

from dataclasses import dataclass

import reversion
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from assessments import agreement
from assessments.models import (
    CodingRound,
    EffectivenessAssessment,
    IndependentCoding,
    UnintendedConsequence,
)
from editorial import services
from editorial.services import WorkflowError

OPEN_PERMISSION = "assessments.add_codinground"
MANAGE_PERMISSION = "assessments.change_codinground"
CODE_PERMISSION = "assessments.change_independentcoding"
RECONCILE_PERMISSIONS = (MANAGE_PERMISSION, "assessments.change_effectivenessassessment")


def _require(user, *permissions: str, message: str) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise WorkflowError(message)
    if not all(user.has_perm(permission) for permission in permissions):
        raise WorkflowError(message)


def eligible_coders():
    """Active staff who may code: members of a role that has the coding permission."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(groups__permissions__codename="change_independentcoding")
            | Q(user_permissions__codename="change_independentcoding")
        )
        .distinct()
        .order_by("username")
    )


def visible_codings(user, queryset=None):
    """The codings ``user`` may see: their own, and every coding of a closed round."""
    queryset = IndependentCoding.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(coder=user) | Q(round__status=CodingRound.Status.CLOSED))


def can_change(coding: IndependentCoding, user) -> bool:
    return (
        coding.coder_id == getattr(user, "pk", None)
        and coding.submitted_at is None
        and coding.round.is_open
        and user.has_perm(CODE_PERMISSION)
    )


# --- open -------------------------------------------------------------------------------------


def open_round(*, episode, purpose: str, coders, by, note: str = "") -> CodingRound:
    """Open a round for one episode purpose and give each coder an empty coding of their own."""
    _require(by, OPEN_PERMISSION, message="Only researchers and reviewers can open coding rounds.")
    coders = list(dict.fromkeys(coders))
    if len(coders) < 2:
        raise WorkflowError("Choose at least two coders: agreement needs two.")
    eligible = set(eligible_coders().filter(pk__in=[c.pk for c in coders]))
    refused = [c for c in coders if c not in eligible]
    if refused:
        names = ", ".join(str(c) for c in refused)
        raise WorkflowError(f"Only active researchers and reviewers can code; not: {names}.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                coding_round = CodingRound.objects.create(
                    episode=episode,
                    purpose=purpose,
                    note=note,
                    opened_by=by,
                    opened_at=timezone.now(),
                )
        except IntegrityError:
            raise WorkflowError(
                "This episode purpose already has an open coding round: close it first."
            ) from None
        IndependentCoding.objects.bulk_create(
            IndependentCoding(round=coding_round, coder=coder) for coder in coders
        )
    return coding_round


# --- submit -----------------------------------------------------------------------------------


@dataclass
class Submission:
    coding: IndependentCoding
    closed_round: bool  # True when this was the last coding and the round closed


def submit_coding(coding: IndependentCoding, *, by) -> Submission:
    """The coder hands in their coding; it is final. The last one closes the round."""
    with transaction.atomic():
        coding_round = CodingRound.objects.select_for_update().get(pk=coding.round_id)
        coding = IndependentCoding.objects.select_for_update().get(pk=coding.pk)
        if coding.coder_id != getattr(by, "pk", None):
            raise WorkflowError("Only the coder can submit their own coding.")
        _require(by, CODE_PERMISSION, message="You may no longer code.")
        if not coding_round.is_open:
            raise WorkflowError("This round is closed: codings can no longer be submitted.")
        if coding.submitted_at is not None:
            raise WorkflowError("You have already submitted this coding.")
        missing = [
            label
            for label, value in (
                ("the policy outcome score", coding.policy_outcome_score),
                ("the policy outcome narrative", coding.policy_outcome.strip()),
                ("the sanctions contribution score", coding.sanctions_contribution_score),
                ("the sanctions contribution narrative", coding.sanctions_contribution.strip()),
            )
            if not value
        ]
        if missing:
            raise WorkflowError(f"Complete your coding before submitting it: {', '.join(missing)}.")
        coding.submitted_at = timezone.now()
        # The submission is a revision of its own, so the history says when the coding became final.
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment("Submitted the coding (final).")
            coding.save(update_fields=["submitted_at"])
        pending = coding_round.codings.filter(submitted_at__isnull=True).exists()
        if not pending:
            _close(coding_round, by=by)
    return Submission(coding=coding, closed_round=not pending)


# --- close ------------------------------------------------------------------------------------


def close_round(coding_round: CodingRound, *, by) -> CodingRound:
    """Close a round early: codings not yet submitted are revealed but do not count.

    Not by one of its coders, who would reveal the others' drafts to themselves."""
    _require(by, MANAGE_PERMISSION, message="Only researchers and reviewers can close rounds.")
    with transaction.atomic():
        coding_round = CodingRound.objects.select_for_update().get(pk=coding_round.pk)
        if not coding_round.is_open:
            raise WorkflowError("This round is already closed.")
        if coding_round.codings.filter(coder=by).exists():
            raise WorkflowError("You code in this round: someone who does not must close it.")
        _close(coding_round, by=by)
    return coding_round


def _close(coding_round: CodingRound, *, by) -> None:
    consequence_ids = list(
        UnintendedConsequence.objects.order_by("pk").values_list("pk", flat=True)
    )
    fresh = CodingRound.objects.prefetch_related("codings__consequences").get(pk=coding_round.pk)
    coding_round.status = CodingRound.Status.CLOSED
    coding_round.closed_by = by
    coding_round.closed_at = timezone.now()
    coding_round.summary = agreement.round_summary(fresh, consequence_ids)
    coding_round.save(update_fields=["status", "closed_by", "closed_at", "summary"])


# --- reconcile --------------------------------------------------------------------------------


@dataclass
class Reconciliation:
    assessment: EffectivenessAssessment
    change_request: object | None  # the ChangeRequest, when submitted for review


def reconcile(
    coding_round: CodingRound,
    *,
    by,
    policy_outcome_score: int,
    policy_outcome: str,
    sanctions_contribution_score: int,
    sanctions_contribution: str,
    reason: str,
    submit: bool = True,
    comment: str = "",
) -> Reconciliation:
    """Write the consensus of a closed round as the episode purpose's assessment (a new revision)
    and, with ``submit``, send it to review."""
    _require(by, *RECONCILE_PERMISSIONS, message="Only researchers and reviewers can reconcile.")
    with transaction.atomic():
        coding_round = CodingRound.objects.select_for_update().get(pk=coding_round.pk)
        if coding_round.is_open:
            raise WorkflowError("Codings are still blind: close the round before reconciling.")
        if coding_round.reconciled_by_id is not None:
            raise WorkflowError(
                f"This round was already reconciled by {coding_round.reconciled_by}."
            )
        if (coding_round.summary or {}).get("coders", 0) < 1:
            raise WorkflowError(
                "Nobody submitted a coding in this round: there is nothing to reconcile."
            )
        assessment = EffectivenessAssessment.objects.filter(
            episode=coding_round.episode, purpose=coding_round.purpose
        ).first() or EffectivenessAssessment(
            episode=coding_round.episode, purpose=coding_round.purpose
        )
        assessment.policy_outcome_score = policy_outcome_score
        assessment.policy_outcome = policy_outcome
        assessment.sanctions_contribution_score = sanctions_contribution_score
        assessment.sanctions_contribution = sanctions_contribution
        assessment.coding_round = coding_round
        assessment.full_clean()
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(reason or f"Consensus of coding round #{coding_round.pk}.")
            assessment.save()
        coding_round.reconciled_by = by
        coding_round.reconciled_at = timezone.now()
        coding_round.save(update_fields=["reconciled_by", "reconciled_at"])
        change_request = None
        if submit:
            change_request = services.submit_for_review(
                [assessment],
                by=by,
                comment=comment or f"Consensus of independent coding round #{coding_round.pk}.",
            )
    return Reconciliation(assessment=assessment, change_request=change_request)
