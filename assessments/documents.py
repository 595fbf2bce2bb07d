"""The public shape of an effectiveness assessment (one episode, one purpose)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments import agreement
from assessments.models import (
    EffectivenessAssessment,
    PublishedAssessment,
    Scale,
    ScoreLabel,
    consensus_authors,
)
from assessments.rules import is_effective
from editorial.registry import Aggregate, register
from episodes.models import Episode


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
        if "score_labels" not in self.context:
            self.context["score_labels"] = {
                (label.scale, label.score): label.label for label in ScoreLabel.objects.all()
            }
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
        extra_authors=consensus_authors,
    )
)
