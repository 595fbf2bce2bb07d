"""The admin of coding rounds: open one, see who has submitted (never what), close it, and
reconcile the revealed codings side by side into the consensus assessment.

The codings themselves, and the blind rule, are in ``assessments.coding_admin``.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from assessments import coding
from assessments.agreement import NEEDS_TWO, VARIABLES
from assessments.coding_admin import when
from assessments.forms import OpenRoundForm, ReconcileForm, prefill
from assessments.models import (
    CodingRound,
    IndependentCoding,
    Scale,
    ScoreLabel,
)
from editorial.adminforms import AtlasModelForm
from editorial.services import WorkflowError

VARIABLE_LABELS = {
    "policy_outcome": "Policy outcome",
    "sanctions_contribution": "Sanctions contribution",
    "consequences": "Unintended consequences",
}


@admin.register(CodingRound)
class CodingRoundAdmin(admin.ModelAdmin):
    form = AtlasModelForm
    list_display = ["__str__", "status", "coders", "submitted", "agreement", "reconciled"]
    list_filter = ["status", "purpose", "episode__regime"]
    search_fields = ["episode__title", "episode__slug"]
    list_select_related = ["episode", "reconciled_by"]
    autocomplete_fields = ["episode"]
    change_form_template = "assessments/admin/codinground_change_form.html"
    readonly_when_open = [
        "episode",
        "purpose",
        "status",
        "opened_by",
        "opened_at",
        "coder_status",
    ]
    readonly_when_closed = [
        *readonly_when_open,
        "note",
        "closed_by",
        "closed_at",
        "agreement_table",
        "reconciled_by",
        "reconciled_at",
        "consensus",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("codings__coder")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OpenRoundForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["episode", "purpose", "coders", "note"]
        return self.readonly_when_open + ["note"] if obj.is_open else self.readonly_when_closed

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.readonly_when_open if obj.is_open else self.readonly_when_closed

    def has_delete_permission(self, request, obj=None):
        return False  # a round is part of the research record, like its codings

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        opened = coding.open_round(
            episode=obj.episode,
            purpose=obj.purpose,
            coders=form.cleaned_data["coders"],
            by=request.user,
            note=obj.note,
        )
        obj.pk, obj.opened_by, obj.opened_at = opened.pk, opened.opened_by, opened.opened_at
        obj._state.adding = False

    # --- columns and panels: who has submitted, never what, until the round closes ---------

    @admin.display(description="coders")
    def coders(self, obj):
        return ", ".join(str(c.coder) for c in obj.codings.all())

    @admin.display(description="submitted")
    def submitted(self, obj):
        codings = obj.codings.all()
        return f"{sum(c.submitted_at is not None for c in codings)} of {len(codings)}"

    @admin.display(description="agreement (alpha)")
    def agreement(self, obj):
        if obj.is_open:
            return "hidden until the round closes"
        summary = obj.summary or {}
        if summary.get("coders", 0) < 2:
            return "needs two coders"
        alphas = summary["agreement"]
        return " · ".join(
            f"{VARIABLE_LABELS[v].split()[0].lower()} {_number(alphas[v])}" for v in VARIABLES
        )

    @admin.display(description="reconciled")
    def reconciled(self, obj):
        return f"by {obj.reconciled_by} on {when(obj.reconciled_at)}" if obj.reconciled_by else ""

    @admin.display(description="coders")
    def coder_status(self, obj):
        return format_html_join(
            "",
            "<div>{}: {}</div>",
            (
                (
                    c.coder,
                    f"submitted on {when(c.submitted_at)}" if c.submitted_at else "not submitted",
                )
                for c in obj.codings.all()
            ),
        )

    @admin.display(description="agreement")
    def agreement_table(self, obj):
        summary = obj.summary or {}
        if summary.get("coders", 0) < 2:
            return NEEDS_TWO
        agreement = summary["agreement"]
        return format_html(
            "<table><tr><th>variable</th><th>Krippendorff's alpha</th><th>percent agreement</th>"
            "<th>units</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        VARIABLE_LABELS[v],
                        _number(agreement[v]),
                        _percent(agreement["percent_agreement"][v]),
                        agreement["units"][v],
                    )
                    for v in VARIABLES
                ),
            ),
        )

    @admin.display(description="consensus assessment")
    def consensus(self, obj):
        assessment = obj.consensus_assessments.first()
        if assessment is None:
            return "not reconciled yet"
        url = reverse("admin:assessments_effectivenessassessment_change", args=[assessment.pk])
        return format_html('<a href="{}">{}</a>', url, assessment)

    # --- close and reconcile ----------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/close/",
                wrap(self.close_view),
                name="assessments_codinground_close",
            ),
            path(
                "<path:object_id>/reconcile/",
                wrap(self.reconcile_view),
                name="assessments_codinground_reconcile",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            links = []
            coders = {c.coder_id for c in obj.codings.all()}
            if obj.is_open and request.user.pk not in coders:
                links.append(
                    (
                        reverse("admin:assessments_codinground_close", args=[quote(obj.pk)]),
                        "Close round…",
                    )
                )
            elif not obj.is_open:
                links.append(
                    (
                        reverse("admin:assessments_codinground_reconcile", args=[quote(obj.pk)]),
                        "Compare and reconcile"
                        if obj.reconciled_by_id is None
                        else "Compare codings",
                    )
                )
                links.append(
                    (
                        reverse("admin:assessments_independentcoding_changelist")
                        + f"?round__id__exact={obj.pk}",
                        "Codings",
                    )
                )
            context["round_links"] = links
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _round_or_404(self, request, object_id) -> CodingRound:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(CodingRound, pk=unquote(object_id))

    def _change_url(self, obj):
        return reverse("admin:assessments_codinground_change", args=[quote(obj.pk)])

    def close_view(self, request, object_id):
        coding_round = self._round_or_404(request, object_id)
        if request.method == "POST" and "confirm" in request.POST:
            try:
                coding.close_round(coding_round, by=request.user)
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "The round is closed and its codings are revealed.")
            return HttpResponseRedirect(self._change_url(coding_round))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Close {coding_round}",
            "round": coding_round,
            "pending": [c for c in coding_round.codings.all() if c.submitted_at is None],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "assessments/admin/close_round.html", context)

    def reconcile_view(self, request, object_id):
        coding_round = self._round_or_404(request, object_id)
        if coding_round.is_open:
            messages.error(request, "Codings are still blind: close the round before reconciling.")
            return HttpResponseRedirect(self._change_url(coding_round))
        codings = [
            c
            for c in coding_round.codings.select_related("coder").prefetch_related(
                "consequences__consequence"
            )
            if c.submitted_at is not None
        ]
        form = ReconcileForm(request.POST or None, initial=prefill(coding_round, codings))
        can_reconcile = coding_round.reconciled_by_id is None and all(
            request.user.has_perm(p) for p in coding.RECONCILE_PERMISSIONS
        )
        if request.method == "POST":
            if not can_reconcile:
                raise PermissionDenied
            if form.is_valid():
                return self._reconcile(request, coding_round, form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reconcile {coding_round}",
            "round": coding_round,
            "codings": codings,
            "rows": _side_by_side(codings),
            "agreement": self.agreement_table(coding_round),
            "form": form if can_reconcile else None,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "assessments/admin/reconcile.html", context)

    def _reconcile(self, request, coding_round, data):
        try:
            result = coding.reconcile(
                coding_round,
                by=request.user,
                policy_outcome_score=data["policy_outcome_score"],
                policy_outcome=data["policy_outcome"],
                sanctions_contribution_score=data["sanctions_contribution_score"],
                sanctions_contribution=data["sanctions_contribution"],
                reason=data["change_reason"],
                submit=data["submit"],
                comment=data["comment"],
            )
        except WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self._change_url(coding_round))
        if result.change_request is not None:
            url = reverse("editorial:request", args=[result.change_request.pk])
            messages.success(
                request,
                format_html(
                    'The consensus was saved and submitted for review in <a href="{}">change '
                    "request #{}</a>.",
                    url,
                    result.change_request.pk,
                ),
            )
        else:
            messages.success(request, "The consensus was saved; submit it for review when ready.")
        return HttpResponseRedirect(
            reverse("admin:assessments_effectivenessassessment_change", args=[result.assessment.pk])
        )


def _number(value) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _percent(value) -> str:
    return "—" if value is None else f"{value:.1f} %"


def _side_by_side(codings: list[IndependentCoding]) -> list[tuple[str, list]]:
    """Rows of the comparison table: one per variable, one cell per coder."""
    labels = {(label.scale, label.score): label.label for label in ScoreLabel.objects.all()}

    def score(coding_, scale):
        value = getattr(coding_, f"{scale}_score")
        return f"{value} — {labels.get((scale, value), '')}"

    return [
        ("Policy outcome score", [score(c, Scale.POLICY_OUTCOME) for c in codings]),
        ("Policy outcome narrative", [c.policy_outcome for c in codings]),
        ("Sanctions contribution score", [score(c, Scale.SANCTIONS_CONTRIBUTION) for c in codings]),
        ("Sanctions contribution narrative", [c.sanctions_contribution for c in codings]),
        (
            "Unintended consequences",
            [
                "; ".join(
                    f"{cc} ({cc.consequence.get_polarity_display().lower()})"
                    for cc in c.consequences.all()
                )
                or "none"
                for c in codings
            ],
        ),
    ]
