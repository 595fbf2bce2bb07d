from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from assessments import coding_admin, round_admin  # noqa: F401  (register their admins)
from assessments.models import (
    EffectivenessAssessment,
    EpisodeConsequence,
    ScoreLabel,
    UnintendedConsequence,
)
from assessments.rules import is_effective
from editorial.admin import COMPACT_TEXT, EditorialAdmin


class EpisodeConsequenceInline(admin.TabularInline):
    model = EpisodeConsequence
    formfield_overrides = COMPACT_TEXT
    extra = 0
    fields = ["consequence", "other_text", "note"]


@admin.register(EffectivenessAssessment)
class EffectivenessAssessmentAdmin(EditorialAdmin):
    list_display = [
        "episode",
        "purpose",
        "policy_outcome_score",
        "sanctions_contribution_score",
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

    @admin.display(boolean=True, description="effective")
    def effective(self, assessment):
        return is_effective(
            assessment.policy_outcome_score, assessment.sanctions_contribution_score
        )


@admin.register(ScoreLabel)
class ScoreLabelAdmin(admin.ModelAdmin):
    list_display = ["scale", "score", "label", "description"]
    list_filter = ["scale"]
    ordering = ["scale", "score"]


@admin.register(UnintendedConsequence)
class UnintendedConsequenceAdmin(admin.ModelAdmin):
    list_display = ["name", "polarity", "is_other", "position"]
    list_filter = ["polarity"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
