from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from assessments.admin import EpisodeConsequenceInline
from assessments.forms import all_score_labels, score_text
from designations.admin import designee_counts_panel
from editorial.admin import HTTPS_URLS, EditorialAdmin, LookupAdmin
from editorial.adminforms import StackedInline
from episodes.coding_admin import (
    ConflictTypeInline,
    InstrumentInline,
    ObjectiveInline,
    TargetInline,
)
from episodes.forms import DocumentFormSet, EpisodeForm, PurposeFormSet
from episodes.models import (
    Episode,
    EpisodeDocument,
    EpisodePurpose,
    MeasureSubtype,
    Purpose,
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


class ResolutionInline(StackedInline):
    model = Resolution
    after_fieldset = "Episode"  # templates/admin/change_form.html
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = [("number", "year", "adopted_on"), ("role", "vote"), "description", "url"]


class PurposeInline(StackedInline):
    model = EpisodePurpose
    after_fieldset = "Episode"
    formset = PurposeFormSet
    extra = 0
    max_num = 3
    fields = [("purpose", "is_primary"), "objective"]


class MeasureInline(StackedInline):
    model = SanctionMeasure
    # The two long lists start folded (the contents open them; a list with an error stays open).
    classes = ["collapse"]
    extra = 0
    fields = [
        ("title", "position"),
        ("category", "subtype", "secondary_sanctions"),
        ("application", "population_impact", "resolution_paragraph"),
        "description",
        "exemptions",
    ]
    autocomplete_fields = ["subtype"]


class DocumentInline(StackedInline):
    model = EpisodeDocument
    classes = ["collapse"]
    formfield_overrides = HTTPS_URLS
    formset = DocumentFormSet
    extra = 0
    fields = [("kind", "position"), "title", "url", ("reference", "issued_on"), "measure", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = SanctionMeasure.objects.filter(episode_id=object_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsequenceInline(EpisodeConsequenceInline):
    after_fieldset = "Effectiveness"


@admin.register(Episode)
class EpisodeAdmin(EditorialAdmin):
    """The episode form in sections: the contents at the top link to each; the resolutions and
    purposes follow the episode's dates, the consequences its effectiveness, and the long lists
    (measures, documents) come last."""

    form = EpisodeForm
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
        ObjectiveInline,
        ConflictTypeInline,
        TargetInline,
        ConsequenceInline,
        MeasureInline,
        InstrumentInline,
        DocumentInline,
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
        """Each purpose's assessment, with a link to edit it (or to add it, with the episode and
        the purpose filled in). Assessments are records of their own: reviewed and published on
        their own, so they are not inlines of the episode."""
        if episode.pk is None:
            return "Save the episode first, then add an assessment per purpose."
        assessed = {a.purpose: a for a in episode.assessments.all()}
        labels = all_score_labels() if assessed else {}
        coded = [p.purpose for p in episode.purposes.all()]
        rows = [
            _assessment_row(episode, purpose, assessed.get(purpose), labels)
            for purpose in [*coded, *(p for p in assessed if p not in coded)]
        ]
        if not rows:
            rows.append("No purpose coded yet: add the purposes above, save, then assess each.")
        return format_html(
            "<ul>{}</ul><p>Assessments are reviewed and published on their own; “Submit for "
            "review” on this page offers to include them.</p>",
            format_html_join("", "<li>{}</li>", ((row,) for row in rows)),
        )

    def get_urls(self):
        preview = path(
            "markdown-preview/",
            self.admin_site.admin_view(self.markdown_preview_view),
            name="episodes_episode_markdown_preview",
        )
        return [preview, *super().get_urls()]

    def markdown_preview_view(self, request):
        """The Markdown of a text box as the public pages will show it (MarkdownTextarea)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request, "admin/markdown_preview.html", {"text": request.POST.get("text", "")}
        )

    def related_for_submission(self, episode):
        return list(episode.assessments.all())


def _assessment_row(episode, purpose, assessment, labels):
    name = Purpose(purpose).label if purpose in Purpose.values else purpose
    if assessment is None:
        return format_html(
            '{}: not assessed yet · <a href="{}?episode={}&amp;purpose={}">Add the {} assessment</a>',
            name,
            reverse("admin:assessments_effectivenessassessment_add"),
            episode.pk,
            purpose,
            name.lower(),
        )
    outcome, contribution = assessment.policy_outcome_score, assessment.sanctions_contribution_score
    return format_html(
        '{}: policy outcome {}; sanctions contribution {} · <a href="{}">Edit the {} assessment</a>',
        name,
        score_text(outcome, labels.get(("policy_outcome", outcome))),
        score_text(contribution, labels.get(("sanctions_contribution", contribution))),
        reverse("admin:assessments_effectivenessassessment_change", args=[assessment.pk]),
        name.lower(),
    )


@admin.register(MeasureSubtype)
class MeasureSubtypeAdmin(LookupAdmin):
    list_display = ["name", "slug", "category"]
    list_filter = ["category"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
