"""The public shape of an effectiveness assessment (one episode, one purpose)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import EffectivenessAssessment, PublishedAssessment, Scale, ScoreLabel
from assessments.rules import is_effective
from editorial.registry import Aggregate, register
from episodes.models import Episode


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    label = serializers.CharField()
    narrative = serializers.CharField(help_text="Markdown")


class PublicAssessmentSerializer(serializers.ModelSerializer):
    episode = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regime = serializers.CharField(source="episode.regime.code")
    purpose_label = serializers.CharField(source="get_purpose_display")
    policy_outcome = serializers.SerializerMethodField()
    sanctions_contribution = serializers.SerializerMethodField()
    effective = serializers.SerializerMethodField()

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
    )
)
