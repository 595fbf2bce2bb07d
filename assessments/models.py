"""Expert assessments of whether an episode's sanctions worked, and their unintended consequences."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from editorial.links import link
from editorial.models import PublishedBase, PublishedLookupBase, PublishedQuerySet
from episodes.models import Episode, Purpose

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Scale(models.TextChoices):
    POLICY_OUTCOME = "policy_outcome", "Policy outcome"
    SANCTIONS_CONTRIBUTION = "sanctions_contribution", "Sanctions contribution"


class ScoreLabel(models.Model):
    """Configurable label of each score (1–5) on each of the two scales."""

    scale = models.CharField(max_length=30, choices=Scale.choices)
    score = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    label = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "score"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "score"],
                name="score_label_unique",
                violation_error_message="This score already has a label on this scale.",
            ),
            models.CheckConstraint(
                name="score_label_score_1_to_5",
                condition=Q(score__gte=1) & Q(score__lte=5),
                violation_error_message="Scores run from 1 to 5.",
            ),
        ]

    def __str__(self):
        return f"{self.get_scale_display()} {self.score}: {self.label}"


class EffectivenessAssessment(models.Model):
    """How far one purpose of one episode was achieved, and how much the sanctions contributed."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    policy_outcome_score = models.PositiveSmallIntegerField(
        validators=SCORE_VALIDATORS,
        help_text="1 (negative outcome) to 5 (significant progress) towards the purpose's objective.",
    )
    policy_outcome = models.TextField(
        "policy outcome narrative",
        help_text="What happened with respect to the objective. Markdown allowed.",
    )
    sanctions_contribution_score = models.PositiveSmallIntegerField(
        validators=SCORE_VALIDATORS,
        help_text="1 (negative contribution) to 5 (significant contribution) of the sanctions "
        "to that outcome.",
    )
    sanctions_contribution = models.TextField(
        "sanctions contribution narrative",
        help_text="Why the sanctions did or did not contribute, and what else did. Markdown allowed.",
    )
    # Set by reconciliation only (assessments.coding.reconcile): the closed round this assessment
    # is the consensus of. Versioned with the assessment, so the published document names exactly
    # the round that was reviewed.
    coding_round = models.ForeignKey(
        "assessments.CodingRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="consensus_assessments",
        help_text="The independent coding round this assessment is the consensus of.",
    )

    class Meta:
        ordering = ["episode", "purpose"]
        verbose_name = "effectiveness assessment"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "purpose"],
                name="assessment_once_per_episode_purpose",
                violation_error_message="This episode already has an assessment for this purpose.",
            ),
            models.CheckConstraint(
                name="assessment_policy_outcome_1_to_5",
                condition=Q(policy_outcome_score__gte=1) & Q(policy_outcome_score__lte=5),
                violation_error_message="The policy outcome score runs from 1 to 5.",
            ),
            models.CheckConstraint(
                name="assessment_contribution_1_to_5",
                condition=Q(sanctions_contribution_score__gte=1)
                & Q(sanctions_contribution_score__lte=5),
                violation_error_message="The sanctions contribution score runs from 1 to 5.",
            ),
        ]

    def __str__(self):
        return f"{self.episode} — {self.get_purpose_display()}"


class UnintendedConsequence(models.Model):
    """Configurable list of unintended consequences, each positive or negative."""

    class Polarity(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150, unique=True)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    is_other = models.BooleanField(
        "is “other”",
        default=False,
        help_text="Selecting this consequence requires a free-text description.",
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class EpisodeConsequence(models.Model):
    """An unintended consequence observed in an episode (part of the episode's record)."""

    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="unintended_consequences"
    )
    consequence = models.ForeignKey(
        UnintendedConsequence, on_delete=models.PROTECT, related_name="+"
    )
    other_text = models.CharField(
        "description of “other”",
        max_length=300,
        blank=True,
        help_text="Required when the consequence is “Other”.",
    )
    note = models.TextField(blank=True, help_text="Evidence or explanation. Markdown allowed.")

    class Meta:
        ordering = ["consequence__position", "id"]
        verbose_name = "unintended consequence"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "consequence"],
                name="consequence_once_per_episode",
                violation_error_message="This consequence is already selected for the episode.",
            ),
        ]

    def __str__(self):
        return self.other_text or str(self.consequence)

    def clean(self):
        if self.consequence_id and self.consequence.is_other and not self.other_text.strip():
            raise ValidationError({"other_text": "Describe the “other” consequence."})


class CodingRound(models.Model):
    """Two or more researchers code one episode purpose independently (blind), then reconcile.

    A round is open while its coders work; each sees only their own coding. It closes when the
    last coder submits, or when someone closes it early; closing reveals the codings to everyone
    and freezes their agreement in ``summary`` (see assessments.coding and assessments.agreement).
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open: coders work blind"
        CLOSED = "closed", "Closed: codings revealed"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="coding_rounds")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    note = models.TextField(blank=True, help_text="Instructions for the coders.")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Frozen at closing: {"coders": n, "agreement": {...}} (assessments.agreement.round_summary).
    summary = models.JSONField(null=True, blank=True, editable=False)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reconciled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "coding round"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "purpose"],
                condition=Q(status="open"),
                name="one_open_coding_round_per_episode_purpose",
                violation_error_message="This episode purpose already has an open coding round.",
            ),
        ]

    def __str__(self):
        return f"Coding round #{self.pk}: {self.episode} — {self.get_purpose_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class IndependentCoding(models.Model):
    """One coder's own coding of a round's episode purpose, invisible to others while it is open."""

    round = models.ForeignKey(CodingRound, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    policy_outcome_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCORE_VALIDATORS
    )
    policy_outcome = models.TextField("policy outcome narrative", blank=True)
    sanctions_contribution_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCORE_VALIDATORS
    )
    sanctions_contribution = models.TextField("sanctions contribution narrative", blank=True)
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="Once submitted, a coding can no longer be changed."
    )

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "independent coding"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "coder"],
                name="one_coding_per_coder_per_round",
                violation_error_message="This researcher already codes in this round.",
            ),
            models.CheckConstraint(
                name="coding_scores_1_to_5",
                condition=(
                    (
                        Q(policy_outcome_score__isnull=True)
                        | Q(policy_outcome_score__gte=1, policy_outcome_score__lte=5)
                    )
                    & (
                        Q(sanctions_contribution_score__isnull=True)
                        | Q(
                            sanctions_contribution_score__gte=1, sanctions_contribution_score__lte=5
                        )
                    )
                ),
                violation_error_message="Scores run from 1 to 5.",
            ),
        ]

    def __str__(self):
        # No content here: this text appears in logs and history lists.
        return f"Coding by {self.coder} in round #{self.round_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class CodedConsequence(models.Model):
    """An unintended consequence that one coder found in the round's episode."""

    coding = models.ForeignKey(
        IndependentCoding, on_delete=models.CASCADE, related_name="consequences"
    )
    consequence = models.ForeignKey(
        UnintendedConsequence, on_delete=models.PROTECT, related_name="+"
    )
    other_text = models.CharField("description of “other”", max_length=300, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["consequence__position", "id"]
        verbose_name = "coded unintended consequence"
        constraints = [
            models.UniqueConstraint(
                fields=["coding", "consequence"],
                name="consequence_once_per_coding",
                violation_error_message="This consequence is already in this coding.",
            ),
        ]

    def __str__(self):
        return self.other_text or str(self.consequence)

    def clean(self):
        if self.consequence_id and self.consequence.is_other and not self.other_text.strip():
            raise ValidationError({"other_text": "Describe the “other” consequence."})


class PublishedAssessmentQuerySet(PublishedQuerySet):
    def public(self):
        """Assessments whose episode is public too (an episode can be withdrawn alone)."""
        from episodes.models import PublishedEpisode

        # A correlated EXISTS (see PublishedEpisodeQuerySet.public): a page walks the index.
        episodes = PublishedEpisode.objects.public().filter(
            object_id=models.OuterRef("episode_object_id")
        )
        return self.filter(models.Exists(episodes))

    def for_list(self):
        return self.public().order_by("regime_code", "episode_number", "purpose")


class PublishedAssessment(PublishedBase):
    # The working episode's primary key: the join to PublishedEpisode.object_id that survives a
    # renamed slug.
    episode_object_id = models.BigIntegerField(db_index=True)
    episode_slug = models.SlugField(max_length=80, db_index=True)
    regime_code = models.CharField(max_length=4, db_index=True)
    episode_number = models.PositiveSmallIntegerField()
    purpose = models.CharField(max_length=10, db_index=True)
    policy_outcome_score = models.PositiveSmallIntegerField()
    sanctions_contribution_score = models.PositiveSmallIntegerField()
    effective = models.BooleanField(db_index=True)
    # The closed coding round the approved version is the consensus of (None: one researcher).
    coding_round_id = models.BigIntegerField(null=True, blank=True)

    objects = PublishedAssessmentQuerySet.as_manager()

    class Meta(PublishedBase.Meta):
        ordering = ["regime_code", "episode_number", "purpose"]
        # The lists' order, the API's tiebreak included: a page is read in the index's order.
        indexes = [
            models.Index(
                fields=["regime_code", "episode_number", "purpose", "object_id"],
                name="assessments_pub_order",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["episode_slug", "purpose"], name="published_assessment_unique"
            ),
        ]

    def __str__(self):
        return f"{self.episode_slug} {self.purpose}"

    def get_absolute_url(self):
        return link("episodes:detail", self.episode_slug) + f"#effectiveness-{self.purpose}"


class PublishedScoreLabel(PublishedLookupBase):
    """The approved label of one score of one scale."""

    scale = models.CharField(max_length=30)
    score = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=80)

    class Meta(PublishedLookupBase.Meta):
        ordering = ["scale", "score"]
        verbose_name = "published score label"
        indexes = [models.Index(fields=["scale", "score"])]

    def __str__(self):
        return f"{self.scale} {self.score}: {self.label}"


class PublishedConsequence(PublishedLookupBase):
    """The approved version of one unintended consequence of the list."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta(PublishedLookupBase.Meta):
        ordering = ["position", "name"]
        verbose_name = "published unintended consequence"

    def __str__(self):
        return self.name


reversion.register(EffectivenessAssessment)
# Unintended consequences are part of the episode's record: saving one versions the episode.
reversion.register(EpisodeConsequence, follow=("episode",))
# A coder's consequences are part of their coding: one save of the coding is one revision.
reversion.register(IndependentCoding, follow=("consequences",))
reversion.register(CodedConsequence, follow=("coding",))


def consensus_authors(object_ids) -> dict[str, dict[int, str]]:
    """{assessment id: {user id: why they may not approve it}}: its round's coders and reconciler.

    The assessment aggregate's ``extra_authors`` hook for the four-eyes rule in
    ``editorial.services.approve``.
    """
    result: dict[str, dict[int, str]] = {}
    rows = EffectivenessAssessment.objects.filter(
        pk__in=[int(pk) for pk in object_ids], coding_round__isnull=False
    ).values_list("pk", "coding_round__reconciled_by_id", "coding_round__codings__coder_id")
    for pk, reconciler, coder in rows:
        authors = result.setdefault(str(pk), {})
        if coder is not None:
            authors[coder] = "is a consensus of a coding round you coded in"
        if reconciler is not None:
            authors.setdefault(reconciler, "is a consensus you reconciled")
    return result


# The configurable lists are reviewed like any record.
reversion.register(ScoreLabel)
reversion.register(UnintendedConsequence)
