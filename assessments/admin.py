from django.contrib import admin

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
    ]

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
