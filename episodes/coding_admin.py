"""The coded variables in the admin: their inlines on the episode form, and their lists.

Types of conflict, targets, objectives and other policy instruments are rows of the episode (so
one save of the episode is one revision, reviewed like the rest); the lists of values they pick
from are curated by reviewers, like the measure subtypes, and each value is reviewed like any
record: an edit is the working copy, which the public sees once a second person approved it.
"""

from django.contrib import admin
from django.db.models import Q
from reversion.models import Version

from editorial.admin import COMPACT_TEXT, LookupAdmin
from editorial.adminforms import TabularInline
from episodes.forms import ObjectiveFormSet
from episodes.models import (
    ConflictType,
    EpisodeConflictType,
    EpisodeInstrument,
    EpisodeTarget,
    Objective,
    PolicyInstrument,
    PurposeObjective,
    TargetType,
)


def _episode_id(request):
    """The episode of the change form: on its change page, and on reversion's restore and recover
    pages (which name it positionally, or through the version being recovered)."""
    match = request.resolver_match
    if "object_id" in match.kwargs:
        return match.kwargs["object_id"]
    if match.url_name.endswith("_revision") and match.args:
        return match.args[0]
    if match.url_name.endswith("_recover") and match.args:
        return Version.objects.filter(pk=match.args[0]).values_list("object_id", flat=True).first()
    return None


class CodedInline(TabularInline):
    """Offers the active values of the list, and any inactive one this episode already has.

    Restore and recover pages run inside reversion's temporary revert, so "already has" there
    means the version being restored.
    """

    formfield_overrides = COMPACT_TEXT
    extra = 0
    lookup_field: str

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.lookup_field:
            episode_id = _episode_id(request) or 0
            in_use = self.model.objects.filter(episode_id=episode_id).values(db_field.attname)
            kwargs["queryset"] = db_field.related_model.objects.filter(
                Q(active=True) | Q(pk__in=in_use)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConflictTypeInline(CodedInline):
    model = EpisodeConflictType
    lookup_field = "conflict_type"
    fields = ["conflict_type"]


class TargetInline(CodedInline):
    model = EpisodeTarget
    lookup_field = "target"
    fields = ["target"]


class ObjectiveInline(CodedInline):
    model = PurposeObjective
    formset = ObjectiveFormSet
    lookup_field = "objective"
    fields = ["purpose", "objective", "note"]
    verbose_name_plural = "objectives per purpose"


class InstrumentInline(CodedInline):
    model = EpisodeInstrument
    lookup_field = "instrument"
    fields = ["instrument", "note"]


class CodedLookupAdmin(LookupAdmin):
    """A list of values: its codes are public (documents, filters, codebook), so they stay fixed."""

    list_display = ["label", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["label", "code", "definition"]
    ordering = ["order", "label"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "code"] if obj is not None else readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {"code": ["label"]} if obj is None else {}


admin.site.register(ConflictType, CodedLookupAdmin)
admin.site.register(TargetType, CodedLookupAdmin)
admin.site.register(PolicyInstrument, CodedLookupAdmin)


@admin.register(Objective)
class ObjectiveAdmin(CodedLookupAdmin):
    list_display = ["label", "code", "purpose", "order", "active"]
    list_filter = ["purpose", "active"]
