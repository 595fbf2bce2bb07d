from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from designations import counts
from designations.forms import DesignationForm
from designations.models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    IdentityDocument,
    ImportRun,
)
from editorial.admin import COMPACT_TEXT, EditorialAdmin, ReadOnlyAdmin
from editorial.adminforms import StackedInline, TabularInline

Kind = Designation.Kind
# The sections that only one kind of designation has (fieldsets and inlines, by name). On the add
# form every section is there, and static/atlas-admin/admin.js shows those of the chosen kind.
ONLY_FOR_KIND = {"Person": Kind.INDIVIDUAL, "Vessel": Kind.VESSEL}


class InForceFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", "In force"), ("no", "Delisted")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(delisted_on__isnull=True)
        if self.value() == "no":
            return queryset.filter(delisted_on__isnull=False)
        return queryset


class AliasInline(TabularInline):
    model = Alias
    formfield_overrides = COMPACT_TEXT
    extra = 0
    fields = ["quality", "name", "date_of_birth", "city_of_birth", "country_of_birth", "note"]


class AddressInline(StackedInline):
    model = Address
    extra = 0
    fields = ["street", ("city", "state_province", "zip_code"), "country", "note"]


class BirthDateInline(TabularInline):
    model = BirthDate
    only_for_kind = Kind.INDIVIDUAL
    classes = ["kind-individual"]
    formfield_overrides = COMPACT_TEXT
    extra = 0
    fields = ["kind", "date", "year", "from_year", "to_year", "note"]


class BirthPlaceInline(TabularInline):
    model = BirthPlace
    only_for_kind = Kind.INDIVIDUAL
    classes = ["kind-individual"]
    formfield_overrides = COMPACT_TEXT
    extra = 0
    fields = ["city", "state_province", "country", "note"]


class IdentityDocumentInline(StackedInline):
    model = IdentityDocument
    only_for_kind = Kind.INDIVIDUAL
    classes = ["kind-individual"]
    extra = 0
    fields = [
        ("document_type", "document_type2"),
        ("number", "date_of_issue"),
        ("issuing_country", "city_of_issue"),
        "note",
    ]


@admin.register(Designation)
class DesignationAdmin(EditorialAdmin):
    form = DesignationForm
    list_display = ["public_key", "name", "kind", "regime", "listed_on", "delisted_on"]
    list_display_links = ["public_key", "name"]
    list_filter = ["kind", "regime", InForceFilter, "source", "listed_on"]
    search_fields = [
        "reference_number",
        "imo_number",
        "name",
        "name_original_script",
        "aliases__name",
    ]
    list_select_related = ["regime"]
    date_hierarchy = "listed_on"
    autocomplete_fields = ["owner"]
    frozen_when_published = ("reference_number", "imo_number")
    inlines = [
        AliasInline,
        BirthDateInline,
        BirthPlaceInline,
        AddressInline,
        IdentityDocumentInline,
    ]
    fieldsets = [
        ("Designation", {"fields": ["kind", "regime", ("reference_number", "dataid"), "source"]}),
        (
            "Names",
            {
                "fields": [
                    "name",
                    ("first_name", "second_name"),
                    ("third_name", "fourth_name"),
                    "name_original_script",
                ]
            },
        ),
        (
            "Person",
            {
                "fields": ["gender", "titles", "positions", "nationalities"],
                "classes": ["kind-individual"],
            },
        ),
        (
            "Listing",
            {"fields": ["listed_on", "amended_on", "delisted_on", "narrative", "un_list_type"]},
        ),
        (
            "Vessel",
            {
                "fields": [
                    ("imo_number", "mmsi"),
                    ("flag", "call_sign", "vessel_type"),
                    ("owner", "owner_name"),
                    "applicable_measures",
                ],
                "description": "Only for vessels (from the 1718 Committee's vessel list).",
                "classes": ["kind-vessel"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [
            (name, opts)
            for name, opts in fieldsets
            if ONLY_FOR_KIND.get(name, obj.kind) == obj.kind
        ]

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None:
            return inlines
        return [i for i in inlines if getattr(i, "only_for_kind", obj.kind) == obj.kind]

    @admin.display(description="reference", ordering="reference_number")
    def public_key(self, designation):
        return designation.public_key


# --- Imports of lists (designations.importing) ----------------------------------------------------


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    """Past imports, read-only: what each list was, and what importing it changed."""

    list_display = [
        "created_at",
        "source",
        "list_date",
        "what_happened",
        "added",
        "amended",
        "delisted",
        "relisted",
        "unchanged",
        "created_by",
        "review",
    ]
    list_display_links = ["created_at", "source"]
    list_filter = ["source", "list_date"]
    list_select_related = ["created_by", "change_request"]
    search_fields = ["sha256", "location"]
    date_hierarchy = "created_at"
    fields = [
        "source",
        "what_happened",
        ("list_date", "generated_at"),
        "location",
        ("sha256", "size_bytes"),
        "archive_path",
        ("entries", "added", "amended", "delisted", "relisted", "unchanged"),
        "warning_list",
        ("created_by", "created_at", "seconds"),
        "revision",
        "review",
    ]
    readonly_fields = ["what_happened", "warning_list", "review"]

    def get_queryset(self, request):
        # The digests of the latest import run to megabytes; no page shows them.
        return super().get_queryset(request).defer("entry_digests")

    @admin.display(description="what happened")
    def what_happened(self, run):
        return run.summary

    @admin.display(description="warnings")
    def warning_list(self, run):
        if not run.warnings:
            return "None."
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in run.warnings))
        )

    @admin.display(description="change request")
    def review(self, run):
        if run.change_request_id is None:
            return "Not submitted for review" if run.changed else "—"
        return format_html(
            '<a href="{}">#{} {}</a>',
            reverse("editorial:request", args=[run.change_request_id]),
            run.change_request_id,
            run.change_request.get_status_display().lower(),
        )


def designee_counts_panel(episode):
    """The episode's coded designee counts beside the computed ones (for the episode admin)."""
    if episode is None or episode.pk is None or episode.regime_id is None:
        return "Save the episode first: the counts are computed from its regime's designations."
    rows = counts.compare_with_coded(episode)
    end = episode.end_date
    period = f"{date_format(episode.start_date, 'j M Y')} to " + (
        date_format(end, "j M Y") if end else "today (ongoing)"
    )
    differs = [
        f"{row.plural} ({'current' if row.current_differs else ''}"
        f"{' and ' if row.current_differs and row.maximum_differs else ''}"
        f"{'maximum' if row.maximum_differs else ''})"
        for row in rows
        if row.differs
    ]
    return render_to_string(
        "admin/designations/_designee_counts.html",
        {"rows": rows, "differs": differs, "regime": episode.regime.code, "period": period},
    )
