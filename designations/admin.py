from django.contrib import admin

from designations.forms import DesignationForm
from designations.models import Address, Alias, BirthDate, BirthPlace, Designation, IdentityDocument
from editorial.admin import EditorialAdmin


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


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ["quality", "name", "date_of_birth", "city_of_birth", "country_of_birth", "note"]


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0
    fields = ["street", "city", "state_province", "zip_code", "country", "note"]


class BirthDateInline(admin.TabularInline):
    model = BirthDate
    extra = 0
    fields = ["kind", "date", "year", "from_year", "to_year", "note"]


class BirthPlaceInline(admin.TabularInline):
    model = BirthPlace
    extra = 0
    fields = ["city", "state_province", "country", "note"]


class IdentityDocumentInline(admin.TabularInline):
    model = IdentityDocument
    extra = 0
    fields = [
        "document_type",
        "document_type2",
        "number",
        "issuing_country",
        "date_of_issue",
        "city_of_issue",
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
        ("Person", {"fields": ["gender", "titles", "positions", "nationalities"]}),
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
            },
        ),
    ]

    @admin.display(description="reference", ordering="reference_number")
    def public_key(self, designation):
        return designation.public_key
