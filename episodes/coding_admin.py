"""The coded variables in the admin: their inlines on the episode form, and their lists.

Types of conflict, targets, objectives and other policy instruments are rows of the episode (so
one save of the episode is one revision, reviewed like the rest); the lists of values they pick
from are curated by reviewers, like the measure subtypes.
"""

from django.contrib import admin
from django.db.models import Q

from editorial.admin import COMPACT_TEXT
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


class CodedInline(admin.TabularInline):
    """Offers the active values of the list, and any inactive one this episode already has."""

    formfield_overrides = COMPACT_TEXT
    extra = 0
    lookup_field: str

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.lookup_field:
            episode_id = request.resolver_match.kwargs.get("object_id")
            in_use = self.model.objects.filter(episode_id=episode_id or 0).values(db_field.attname)
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


class CodedLookupAdmin(admin.ModelAdmin):
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
