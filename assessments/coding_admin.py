"""The admin of independent codings, blind while their round is open.

Every page of an independent coding starts from ``get_queryset``, which holds the one rule
(``assessments.coding.visible_codings``: your own codings, and every coding of a closed round);
the reversion pages (history, a version, recover) are checked against it too, since reversion reads
``Version`` rows directly. The rounds' pages are in ``assessments.round_admin``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from reversion.admin import VersionAdmin
from reversion.models import Version

from assessments import coding
from assessments.forms import score_choices
from assessments.models import (
    CodedConsequence,
    IndependentCoding,
    Scale,
)
from editorial.admin import COMPACT_TEXT
from editorial.adminforms import AtlasModelForm, TabularInline
from editorial.services import WorkflowError


def when(value) -> str:
    return date_format(timezone.localtime(value), "j M Y H:i") if value else ""


# --- independent codings ----------------------------------------------------------------------


class CodedConsequenceInline(TabularInline):
    model = CodedConsequence
    formfield_overrides = COMPACT_TEXT
    extra = 0
    fields = ["consequence", "other_text", "note"]

    def _changeable(self, request, obj):
        return obj is not None and coding.can_change(obj, request.user)

    def has_add_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_delete_permission(request, obj)


@admin.register(IndependentCoding)
class IndependentCodingAdmin(VersionAdmin):
    form = AtlasModelForm
    list_display = [
        "__str__",
        "round",
        "coder",
        "status",
        "policy_outcome_score",
        "sanctions_contribution_score",
    ]
    list_filter = ["round__status", "round__purpose"]
    search_fields = ["policy_outcome", "sanctions_contribution", "round__episode__title"]
    list_select_related = ["round__episode", "coder"]
    inlines = [CodedConsequenceInline]
    readonly_fields = ["round", "coder", "submitted_at"]
    fieldsets = [
        (None, {"fields": ["round", "coder", "submitted_at"]}),
        ("Policy outcome", {"fields": ["policy_outcome_score", "policy_outcome"]}),
        (
            "Sanctions contribution",
            {"fields": ["sanctions_contribution_score", "sanctions_contribution"]},
        ),
    ]
    change_form_template = "assessments/admin/independentcoding_change_form.html"
    history_latest_first = True

    def get_queryset(self, request):
        return coding.visible_codings(request.user, super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        scales = {
            "policy_outcome_score": Scale.POLICY_OUTCOME,
            "sanctions_contribution_score": Scale.SANCTIONS_CONTRIBUTION,
        }
        if db_field.name in scales:
            return forms.TypedChoiceField(
                label=db_field.verbose_name.capitalize(),
                choices=[("", "—"), *score_choices(scales[db_field.name])],
                coerce=int,
                empty_value=None,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="status")
    def status(self, obj):
        return f"submitted {when(obj.submitted_at)}" if obj.submitted_at else "draft"

    def has_add_permission(self, request):
        return False  # opening a round gives each coder their coding

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return coding.can_change(obj, request.user)

    def response_change(self, request, obj):
        if "_submit_coding" in request.POST:
            try:
                result = coding.submit_coding(obj, by=request.user)
            except WorkflowError as error:
                messages.error(request, f"Saved, but not submitted: {error.message}")
                return HttpResponseRedirect(request.path)
            messages.success(
                request,
                "Your coding is submitted; "
                + (
                    "it was the last one, so the round is closed and the codings are revealed."
                    if result.closed_round
                    else "the others' codings stay hidden until all have submitted."
                ),
            )
            return HttpResponseRedirect(
                reverse("admin:assessments_independentcoding_change", args=[quote(obj.pk)])
            )
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_submit_coding"] = obj is not None and coding.can_change(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- reversion's pages read Version rows directly: check them against the queryset ------

    def _visible_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such coding, or not yours while its round is open.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self._visible_or_404(request, object_id)
        # A version of this very coding: reversion alone would revert any record's version.
        get_object_or_404(
            Version,
            pk=version_id,
            object_id=str(obj.pk),
            content_type=ContentType.objects.get_for_model(IndependentCoding),
        )
        if request.method == "POST" and not coding.can_change(obj, request.user):
            # Restoring an old draft would undo a submission.
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied  # codings are never deleted, so there is nothing to recover

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied
