from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from assessments.admin import EpisodeConsequenceInline
from designations.admin import designee_counts_panel
from editorial.admin import HTTPS_URLS, EditorialAdmin
from episodes.forms import DocumentFormSet, PurposeFormSet
from episodes.models import (
    Episode,
    EpisodeDocument,
    EpisodePurpose,
    MeasureSubtype,
    Regime,
    Resolution,
    SanctionMeasure,
)


@admin.register(Regime)
class RegimeAdmin(EditorialAdmin):
    list_display = ["code", "short_name", "name", "committee", "established_on", "terminated_on"]
    list_display_links = ["code", "short_name"]
    search_fields = ["code", "short_name", "name", "committee", "target", "target_countries"]
    list_filter = ["is_thematic", "terminated_on"]
    frozen_when_published = ("code",)


class ResolutionInline(admin.StackedInline):
    model = Resolution
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = [("number", "year", "adopted_on"), ("role", "vote"), "description", "url"]


class PurposeInline(admin.StackedInline):
    model = EpisodePurpose
    formset = PurposeFormSet
    extra = 0
    max_num = 3
    fields = [("purpose", "is_primary"), "objective"]


class MeasureInline(admin.StackedInline):
    model = SanctionMeasure
    extra = 0
    fields = [
        ("title", "position"),
        ("category", "subtype", "secondary_sanctions"),
        ("application", "population_impact", "resolution_paragraph"),
        "description",
        "exemptions",
    ]
    autocomplete_fields = ["subtype"]


class DocumentInline(admin.StackedInline):
    model = EpisodeDocument
    formfield_overrides = HTTPS_URLS
    formset = DocumentFormSet
    extra = 0
    fields = [("kind", "position"), "title", "url", ("reference", "issued_on"), "measure", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = SanctionMeasure.objects.filter(episode_id=object_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Episode)
class EpisodeAdmin(EditorialAdmin):
    list_display = ["title", "regime", "start_date", "end_date", "overall_effectiveness"]
    list_filter = ["regime", "overall_effectiveness", "population_impact", "start_date"]
    search_fields = ["title", "slug", "summary", "narrative"]
    list_select_related = ["regime"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    frozen_when_published = ("slug",)
    inlines = [
        ResolutionInline,
        PurposeInline,
        MeasureInline,
        DocumentInline,
        EpisodeConsequenceInline,
    ]
    fieldsets = [
        (
            "Episode",
            {
                "fields": [
                    "regime",
                    "number",
                    "title",
                    "slug",
                    "summary",
                    ("start_date", "end_date"),
                ]
            },
        ),
        ("Narrative", {"fields": ["narrative"]}),
        (
            "Designees (as coded)",
            {
                "fields": [
                    ("current_individuals", "max_individuals"),
                    ("current_entities", "max_entities"),
                    ("current_vessels", "max_vessels"),
                    "designees_note",
                    "designees_computed",  # designations.counts (issue #6)
                ]
            },
        ),
        (
            "Likely impact on the general population",
            {"fields": ["population_impact", "population_impact_text"]},
        ),
        (
            "Institutions",
            {
                "fields": [
                    ("has_sanctions_committee", "has_panel_of_experts"),
                    (
                        "designation_criteria_specified",
                        "targets_designated",
                        "enforcement_authorities_specified",
                    ),
                    "institutions_text",
                ]
            },
        ),
        (
            "Humanitarian carve-out",
            {"fields": ["humanitarian_carve_out", "humanitarian_carve_out_text"]},
        ),
        ("Effectiveness", {"fields": ["overall_effectiveness", "assessments_panel"]}),
    ]
    readonly_fields = ["assessments_panel", "designees_computed"]

    @admin.display(description="computed from the designations")
    def designees_computed(self, episode):
        return designee_counts_panel(episode)

    @admin.display(description="assessments per purpose")
    def assessments_panel(self, episode):
        if episode.pk is None:
            return "Save the episode first, then add an assessment per purpose."
        rows = list(episode.assessments.all())
        add_url = (
            reverse("admin:assessments_effectivenessassessment_add") + f"?episode={episode.pk}"
        )
        listing = format_html_join(
            "",
            '<li><a href="{}">{}</a>: policy outcome {}/5, sanctions contribution {}/5</li>',
            (
                (
                    reverse("admin:assessments_effectivenessassessment_change", args=[a.pk]),
                    a.get_purpose_display(),
                    a.policy_outcome_score,
                    a.sanctions_contribution_score,
                )
                for a in rows
            ),
        )
        return format_html(
            '<ul>{}</ul><a href="{}">Add an assessment</a> (assessments are reviewed and published '
            "on their own; “Submit for review” on this page offers to include them).",
            listing,
            add_url,
        )

    def related_for_submission(self, episode):
        return list(episode.assessments.all())


@admin.register(MeasureSubtype)
class MeasureSubtypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category"]
    list_filter = ["category"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
