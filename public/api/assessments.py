"""Public API of effectiveness assessments: one flat row per episode and purpose, for analysis."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from assessments.documents import ASSESSMENT
from episodes.models import Purpose
from public.api.pagination import iso, page_serializer
from public.api.schema import (
    AS_OF,
    CURSOR,
    LIST_FORMAT,
    PAGE_SIZE,
    approved_at_field,
    list_responses,
    version_field,
)
from public.api.viewsets import PublishedViewSet, absolute
from public.exports import tables
from public.filters import AssessmentFilter


class AssessmentRowSerializer(serializers.Serializer):
    """One assessment (episode and purpose), flat: scores, labels and narratives side by side."""

    episode = serializers.SlugField(help_text="Slug of the episode.")
    regime = serializers.CharField(help_text="Regime code, e.g. KP.")
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    purpose_label = serializers.CharField()
    policy_outcome_score = serializers.IntegerField(min_value=1, max_value=5)
    policy_outcome_label = serializers.CharField()
    policy_outcome_narrative = serializers.CharField(help_text="Markdown")
    sanctions_contribution_score = serializers.IntegerField(min_value=1, max_value=5)
    sanctions_contribution_label = serializers.CharField()
    sanctions_contribution_narrative = serializers.CharField(help_text="Markdown")
    effective = serializers.BooleanField(
        help_text="Whether the purpose counts as effective under the published rule."
    )
    version = version_field()
    approved_at = approved_at_field()
    episode_url = serializers.URLField(help_text="The complete episode in the API.")
    coders = serializers.IntegerField(
        min_value=1, help_text="How many experts coded the assessment independently."
    )
    policy_outcome_alpha = serializers.FloatField(allow_null=True)
    policy_outcome_percent_agreement = serializers.FloatField(allow_null=True)
    policy_outcome_units = serializers.IntegerField(min_value=0)
    sanctions_contribution_alpha = serializers.FloatField(allow_null=True)
    sanctions_contribution_percent_agreement = serializers.FloatField(allow_null=True)
    sanctions_contribution_units = serializers.IntegerField(min_value=0)
    consequences_alpha = serializers.FloatField(allow_null=True)
    consequences_percent_agreement = serializers.FloatField(allow_null=True)
    consequences_units = serializers.IntegerField(min_value=0)


AGREED = ("policy_outcome", "sanctions_contribution", "consequences")


def agreement_columns(coding: dict) -> dict:
    """The document's ``coding``, flat: coders, then alpha, percent agreement and units per
    variable (the same columns as the data package's assessments table)."""
    agreement = coding["agreement"]
    row = {"coders": coding["coders"]}
    for variable in AGREED:
        row[f"{variable}_alpha"] = agreement[variable]
        row[f"{variable}_percent_agreement"] = agreement["percent_agreement"][variable]
        row[f"{variable}_units"] = agreement["units"][variable]
    return row


@extend_schema_view(
    list=extend_schema(
        summary="Assessments, one row per episode and purpose",
        parameters=[AS_OF, CURSOR, PAGE_SIZE, LIST_FORMAT],
        responses=list_responses(
            page_serializer(AssessmentRowSerializer, "AssessmentPage"),
            csv_table=tables.ASSESSMENTS,
        ),
    ),
)
class AssessmentViewSet(PublishedViewSet):
    """Effectiveness assessments; each belongs to the episode at ``episode_url``."""

    aggregate = ASSESSMENT
    filterset_class = AssessmentFilter
    list_fields = ("document",)
    default_ordering = ("regime_code", "episode_number", "purpose")
    csv_table = tables.ASSESSMENTS
    # Assessments are read within their episode.
    detail_view_name = "api:episode-detail"

    def columns_of(self, document):
        return {}  # rows are made from the document alone

    def row(self, data, url):
        document = data["document"]
        outcome = document["policy_outcome"]
        contribution = document["sanctions_contribution"]
        return {
            "episode": document["episode"],
            "regime": document["regime"],
            "purpose": document["purpose"],
            "purpose_label": document["purpose_label"],
            "policy_outcome_score": outcome["score"],
            "policy_outcome_label": outcome["label"],
            "policy_outcome_narrative": outcome["narrative"],
            "sanctions_contribution_score": contribution["score"],
            "sanctions_contribution_label": contribution["label"],
            "sanctions_contribution_narrative": contribution["narrative"],
            "effective": document["effective"],
            "version": data["public_version"],
            "approved_at": iso(data["approved_at"]),
            "episode_url": absolute(url, document["episode"]),
            **agreement_columns(document["coding"]),
        }
