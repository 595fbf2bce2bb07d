"""The public shape of an effectiveness assessment (one episode, one purpose), and of the two
configurable lists of this app (score labels, unintended consequences), reviewed like any record."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments import agreement
from assessments.models import (
    EffectivenessAssessment,
    PublishedAssessment,
    PublishedConsequence,
    PublishedScoreLabel,
    Scale,
    ScoreLabel,
    UnintendedConsequence,
    consensus_authors,
)
from assessments.rules import is_effective
from editorial.registry import Aggregate, lookup_serializer, register
from episodes.models import Episode, PublishedEpisode


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    label = serializers.CharField()
    narrative = serializers.CharField(help_text="Markdown")


class PercentAgreementSerializer(serializers.Serializer):
    policy_outcome = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    sanctions_contribution = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    consequences = serializers.FloatField(allow_null=True, min_value=0, max_value=100)


class AgreementUnitsSerializer(serializers.Serializer):
    policy_outcome = serializers.IntegerField(min_value=0)
    sanctions_contribution = serializers.IntegerField(min_value=0)
    consequences = serializers.IntegerField(min_value=0)


class AgreementSerializer(serializers.Serializer):
    """Inter-coder agreement of the round this assessment is the consensus of."""

    policy_outcome = serializers.FloatField(
        allow_null=True,
        help_text="Krippendorff's alpha (ordinal). Null with fewer than two coders, or when the "
        "coders gave the same score (alpha is undefined without variation).",
    )
    sanctions_contribution = serializers.FloatField(
        allow_null=True, help_text="Krippendorff's alpha (ordinal), as for the policy outcome."
    )
    consequences = serializers.FloatField(
        allow_null=True,
        help_text="Krippendorff's alpha (nominal): each unintended consequence of the list is a "
        "unit, present or absent in each coding.",
    )
    percent_agreement = PercentAgreementSerializer(
        help_text="Per variable: the share of coder pairs that agree, in percent (null with "
        "fewer than two coders)."
    )
    units = AgreementUnitsSerializer(
        help_text="Per variable: the number of units coded by at least two coders."
    )


class CodingSerializer(serializers.Serializer):
    coders = serializers.IntegerField(
        min_value=1, help_text="How many experts coded this assessment independently."
    )
    agreement = AgreementSerializer()


class PublicAssessmentSerializer(serializers.ModelSerializer):
    episode = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regime = serializers.CharField(source="episode.regime.code")
    purpose_label = serializers.CharField(source="get_purpose_display")
    policy_outcome = serializers.SerializerMethodField()
    sanctions_contribution = serializers.SerializerMethodField()
    effective = serializers.SerializerMethodField()
    coding = serializers.SerializerMethodField()

    class Meta:
        model = EffectivenessAssessment
        fields = [
            "episode",
            "regime",
            "purpose",
            "purpose_label",
            "policy_outcome",
            "sanctions_contribution",
            "effective",
            "coding",
        ]

    def _labels(self) -> dict:
        # The approved labels only (``compose_assessments`` fills them again at approval).
        if "score_labels" not in self.context:
            self.context["score_labels"] = published_score_labels()
        return self.context["score_labels"]

    @extend_schema_field(ScoreSerializer)
    def get_policy_outcome(self, assessment):
        return {
            "score": assessment.policy_outcome_score,
            "label": self._labels().get(
                (Scale.POLICY_OUTCOME, assessment.policy_outcome_score), ""
            ),
            "narrative": assessment.policy_outcome,
        }

    @extend_schema_field(ScoreSerializer)
    def get_sanctions_contribution(self, assessment):
        return {
            "score": assessment.sanctions_contribution_score,
            "label": self._labels().get(
                (Scale.SANCTIONS_CONTRIBUTION, assessment.sanctions_contribution_score), ""
            ),
            "narrative": assessment.sanctions_contribution,
        }

    @extend_schema_field(CodingSerializer)
    def get_coding(self, assessment):
        # Frozen on the round when it closed, so republishing gives the same document.
        coding_round = assessment.coding_round if assessment.coding_round_id else None
        if coding_round is None or coding_round.summary is None:
            return agreement.single_coder_summary()
        return coding_round.summary

    def get_effective(self, assessment) -> bool:
        return is_effective(
            assessment.policy_outcome_score, assessment.sanctions_contribution_score
        )


def assessment_columns(document: dict, root: EffectivenessAssessment) -> dict:
    return {
        # Join keys to the episode that the document itself does not need to show.
        "episode_object_id": root.episode_id,
        "episode_number": root.episode.number,
        "episode_slug": document["episode"],
        "regime_code": document["regime"],
        "purpose": document["purpose"],
        "policy_outcome_score": document["policy_outcome"]["score"],
        "sanctions_contribution_score": document["sanctions_contribution"]["score"],
        "effective": document["effective"],
        "coding_round_id": root.coding_round_id,
    }


def published_score_labels() -> dict:
    """{(scale, score): label} of the approved score labels."""
    return {
        (scale, score): label
        for scale, score, label in PublishedScoreLabel.objects.values_list(
            "scale", "score", "label"
        )
    }


def label_scores(document: dict, labels: dict) -> None:
    """Fill the approved labels of the two scores into an assessment document."""
    for scale in Scale.values:
        if isinstance(document.get(scale), dict):
            document[scale]["label"] = labels.get((scale, document[scale]["score"]), "")


def compose_assessments(items) -> None:
    labels = published_score_labels()
    for _object_id, document, _columns in items:
        label_scores(document, labels)


def assessments_scored(rows) -> dict:
    """``shown_on`` of score labels: the assessments with those scores, and their episodes."""
    scored = Q(pk__in=[])
    for row in rows:
        scored |= Q(**{f"{row.scale}_score": row.score})
    assessments = list(
        PublishedAssessment.objects.filter(scored).values_list("object_id", "episode_object_id")
    )
    return {
        EffectivenessAssessment: {object_id for object_id, _ in assessments},
        Episode: {episode for _, episode in assessments},
    }


ASSESSMENT = register(
    Aggregate(
        model=EffectivenessAssessment,
        projection=PublishedAssessment,
        serializer=PublicAssessmentSerializer,
        columns=assessment_columns,
        shown_on=lambda rows: {Episode: {row.episode_object_id for row in rows}},
        key=lambda document: f"{document['episode']}/{document['purpose']}",
        public_url=lambda document: (
            f"/episodes/{document['episode']}/#effectiveness-{document['purpose']}"
        ),
        compose=compose_assessments,
        composes=tuple(Scale.values),
        extra_authors=consensus_authors,
    )
)


def every_episode(rows) -> dict:
    """``shown_on`` of a list that no filter column records (measure subtypes, consequences):
    every published episode is composed again, and only those whose page changed get a version."""
    return (
        {Episode: set(PublishedEpisode.objects.values_list("object_id", flat=True))} if rows else {}
    )


SCORE_LABEL = register(
    Aggregate(
        model=ScoreLabel,
        projection=PublishedScoreLabel,
        serializer=lookup_serializer(ScoreLabel, ["scale", "score", "label", "description"]),
        columns=lambda document, root: {
            "scale": document["scale"],
            "score": document["score"],
            "label": document["label"],
        },
        key=lambda document: f"{document['scale']}/{document['score']}",
        public_url=lambda document: "/codebook/#scales",
        shown_on=assessments_scored,
        is_lookup=True,
    )
)

CONSEQUENCE = register(
    Aggregate(
        model=UnintendedConsequence,
        projection=PublishedConsequence,
        serializer=lookup_serializer(
            UnintendedConsequence,
            ["slug", "name", "polarity", "is_other", "description", "position"],
        ),
        columns=lambda document, root: {
            "slug": document["slug"],
            "name": document["name"],
            "position": document["position"],
        },
        key=lambda document: document["slug"],
        public_url=lambda document: "/codebook/#v-episode-unintended_consequences-slug",
        shown_on=every_episode,
        is_lookup=True,
    )
)
