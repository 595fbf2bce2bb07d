"""Public API of designations: the stored published documents, never the working copy."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from designations import search
from designations.documents import DESIGNATION, PublicDesignationSerializer
from designations.models import Designation
from public.api.citations import CitationMixin, citation_schema
from public.api.pagination import OrderKey, iso, page_serializer
from public.api.schema import (
    AS_OF,
    CURSOR,
    DETAIL_FORMAT,
    LIST_FORMAT,
    PAGE_SIZE,
    approved_at_field,
    detail_responses,
    list_responses,
    version_field,
    versions_schema,
)
from public.api.viewsets import DetailMixin, PublishedViewSet, VersionsMixin, absolute, split_pipes
from public.exports import tables
from public.filters import DesignationFilter


class DesignationSerializer(PublicDesignationSerializer):
    version = version_field()
    approved_at = approved_at_field()

    class Meta(PublicDesignationSerializer.Meta):
        fields = [*PublicDesignationSerializer.Meta.fields, "version", "approved_at"]


class DesignationRowSerializer(serializers.Serializer):
    """One designation in a list (the full document is at ``url``)."""

    key = serializers.CharField(help_text="UN reference number; IMO number for vessels.")
    kind = serializers.ChoiceField(choices=Designation.Kind.choices)
    regime = serializers.CharField(help_text="Regime code, e.g. KP.")
    reference_number = serializers.CharField(allow_null=True)
    imo_number = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    nationalities = serializers.ListField(child=serializers.CharField())
    listed_on = serializers.DateField()
    delisted_on = serializers.DateField(allow_null=True)
    in_force = serializers.BooleanField(help_text="Not delisted.")
    version = version_field()
    approved_at = approved_at_field()
    url = serializers.URLField(help_text="The complete designation in the API.")
    matched = serializers.CharField(
        allow_null=True,
        help_text="With q: what of the designation matched, e.g. “alias: Kim Cho’ng-sik”, "
        "“reference: KPi.033”, “similar name: RI WON HO”. Rows come best match first. "
        "Null without q.",
    )


KEY = OpenApiParameter(
    "key",
    str,
    OpenApiParameter.PATH,
    pattern=r"^[^/\x00-\x1f\x7f]+$",
    description="UN reference number (KPi.033), or IMO number for vessels (9112222).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Designations",
        parameters=[AS_OF, CURSOR, PAGE_SIZE, LIST_FORMAT],
        responses=list_responses(
            page_serializer(DesignationRowSerializer, "DesignationPage"),
            csv_table=tables.DESIGNATIONS,
        ),
    ),
    retrieve=extend_schema(
        summary="One designation, complete",
        parameters=[KEY, AS_OF, DETAIL_FORMAT],
        responses=detail_responses(DesignationSerializer),
    ),
    **versions_schema(
        "designations", "a designation", KEY, PublicDesignationSerializer, "DesignationVersion"
    ),
    **citation_schema("designations", "a designation", KEY),
)
class DesignationViewSet(CitationMixin, VersionsMixin, DetailMixin, PublishedViewSet):
    """Designated individuals, entities and vessels, by UN reference number (IMO for vessels)."""

    aggregate = DESIGNATION
    citation_kind = "designation"
    lookup_field = "key"
    filterset_class = DesignationFilter
    list_fields = (
        "key",
        "kind",
        "regime_code",
        "reference_number",
        "imo_number",
        "name",
        "nationalities",
        "listed_on",
        "delisted_on",
        "search_terms",
    )
    # The unique index on the identifier makes every page, however deep, one index seek.
    default_ordering = ("key",)
    tiebreak = "key"
    csv_table = tables.DESIGNATIONS
    detail_view_name = "api:designation-detail"

    def list_columns(self):
        """The search terms only when searching (they say what matched)."""
        if self.query:
            return self.list_fields
        return tuple(field for field in self.list_fields if field != "search_terms")

    def row(self, data, url):
        return {
            "key": data["key"],
            "kind": data["kind"],
            "regime": data["regime_code"],
            "reference_number": data["reference_number"],
            "imo_number": data["imo_number"],
            "name": data["name"],
            "nationalities": split_pipes(data["nationalities"]),
            "listed_on": iso(data["listed_on"]),
            "delisted_on": iso(data["delisted_on"]),
            "in_force": data["delisted_on"] is None,
            "version": data["public_version"],
            "approved_at": iso(data["approved_at"]),
            "url": absolute(url, data["key"]),
            "matched": search.matched(data["search_terms"], self.query) if self.query else None,
        }

    @property
    def query(self) -> str:
        """The search text of this request, if it searches (``q``)."""
        if self.filterset is None or self.cutoff is not None:
            return ""
        return self.filterset.form.cleaned_data.get("q") or ""

    def ordering(self):
        """Best match first when searching, unless an ordering is asked for."""
        keys = super().ordering()
        if search.searches(self.query) and not self.filterset.form.cleaned_data.get("ordering"):
            return [OrderKey("search_rank"), *keys]
        return keys
