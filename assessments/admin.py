from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from assessments import coding_admin, round_admin  # noqa: F401  (register their admins)
from assessments.forms import AssessmentForm, score_text
from assessments.models import (
    EffectivenessAssessment,
    EpisodeConsequence,
    Scale,
    ScoreLabel,
    UnintendedConsequence,
)
from assessments.rules import is_effective
from editorial.admin import COMPACT_TEXT, EditorialAdmin, LookupAdmin
from editorial.adminforms import TabularInline


class EpisodeConsequenceInline(TabularInline):
    model = EpisodeConsequence
    formfield_overrides = COMPACT_TEXT
    extra = 0
    fields = ["consequence", "other_text", "note"]


@admin.register(EffectivenessAssessment)
class EffectivenessAssessmentAdmin(EditorialAdmin):
    form = AssessmentForm
    # Short columns, so that the list with its filters fits 1280 pixels with "effective" and
    # the public status in view.
    list_display = [
        "episode",
        "purpose",
        "outcome",
        "contribution",
        "effective",
    ]
    list_filter = [
        "purpose",
        "episode__regime",
        "policy_outcome_score",
        "sanctions_contribution_score",
    ]
    search_fields = ["episode__title", "episode__slug", "policy_outcome", "sanctions_contribution"]
    list_select_related = ["episode"]
    autocomplete_fields = ["episode"]
    fieldsets = [
        (None, {"fields": ["episode", "purpose"]}),
        ("Policy outcome", {"fields": ["policy_outcome_score", "policy_outcome"]}),
        (
            "Sanctions contribution",
            {"fields": ["sanctions_contribution_score", "sanctions_contribution"]},
        ),
        ("Independent coding", {"fields": ["coding_round_link"]}),
    ]
    readonly_fields = ["coding_round_link"]

    @admin.display(description="consensus of")
    def coding_round_link(self, assessment):
        if assessment.coding_round_id is None:
            return "Written by one researcher (no coding round)."
        url = reverse("admin:assessments_codinground_change", args=[assessment.coding_round_id])
        return format_html('<a href="{}">coding round #{}</a>', url, assessment.coding_round_id)

    def get_queryset(self, request):
        def label(scale, score_field):
            return Subquery(
                ScoreLabel.objects.filter(scale=scale, score=OuterRef(score_field)).values("label")[
                    :1
                ]
            )

        return (
            super()
            .get_queryset(request)
            .annotate(
                outcome_label=label(Scale.POLICY_OUTCOME, "policy_outcome_score"),
                contribution_label=label(
                    Scale.SANCTIONS_CONTRIBUTION, "sanctions_contribution_score"
                ),
            )
        )

    @admin.display(description="outcome", ordering="policy_outcome_score")
    def outcome(self, assessment):
        return score_text(assessment.policy_outcome_score, assessment.outcome_label)

    @admin.display(description="contribution", ordering="sanctions_contribution_score")
    def contribution(self, assessment):
        return score_text(assessment.sanctions_contribution_score, assessment.contribution_label)

    @admin.display(boolean=True, description="effective")
    def effective(self, assessment):
        return is_effective(
            assessment.policy_outcome_score, assessment.sanctions_contribution_score
        )


@admin.register(ScoreLabel)
class ScoreLabelAdmin(LookupAdmin):
    list_display = ["scale", "score", "label", "description"]
    list_filter = ["scale"]
    ordering = ["scale", "score"]


@admin.register(UnintendedConsequence)
class UnintendedConsequenceAdmin(LookupAdmin):
    list_display = ["name", "polarity", "is_other", "position"]
    list_filter = ["polarity"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
