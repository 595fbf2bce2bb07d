"""Public API of regimes and episodes: the stored published documents, never the working copy."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from assessments.documents import PublicAssessmentSerializer
from episodes.documents import EPISODE, REGIME, PublicEpisodeSerializer, PublicRegimeSerializer
from episodes.models import Effectiveness, Level, MeasureCategory, Purpose
from public.api.citations import CitationMixin, citation_schema
from public.api.pagination import iso, page_serializer
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
from public.filters import EpisodeFilter

PURPOSE_ORDER = {value: index for index, value in enumerate(Purpose.values)}

# --- documented shapes --------------------------------------------------------------------------


class RegimeSerializer(PublicRegimeSerializer):
    version = version_field()
    approved_at = approved_at_field()

    class Meta(PublicRegimeSerializer.Meta):
        fields = [*PublicRegimeSerializer.Meta.fields, "version", "approved_at"]


class RegimeRowSerializer(RegimeSerializer):
    url = serializers.URLField(help_text="This regime in the API.")

    class Meta(RegimeSerializer.Meta):
        fields = [*RegimeSerializer.Meta.fields, "url"]


class EpisodeSerializer(PublicEpisodeSerializer):
    """The complete published episode, with its published assessments (one per purpose)."""

    assessments = PublicAssessmentSerializer(many=True)
    version = version_field()
    approved_at = approved_at_field()

    class Meta(PublicEpisodeSerializer.Meta):
        fields = [*PublicEpisodeSerializer.Meta.fields, "assessments", "version", "approved_at"]


class EpisodeRowSerializer(serializers.Serializer):
    """One episode in a list (the full document is at ``url``)."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    regime = serializers.CharField(help_text="Regime code, e.g. KP.")
    number = serializers.IntegerField(help_text="Order of the episode within its regime.")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    ongoing = serializers.BooleanField()
    primary_purpose = serializers.ChoiceField(choices=Purpose.choices, allow_null=True)
    purposes = serializers.ListField(child=serializers.ChoiceField(choices=Purpose.choices))
    measure_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=MeasureCategory.choices)
    )
    population_impact = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    overall_effectiveness = serializers.ChoiceField(choices=Effectiveness.choices, allow_null=True)
    conflict_types = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the types of conflict or issue area."
    )
    targets = serializers.ListField(child=serializers.CharField(), help_text="Codes of targets.")
    objectives = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the objectives of its purposes."
    )
    instruments = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of other policy instruments in use."
    )
    version = version_field()
    approved_at = approved_at_field()
    url = serializers.URLField(help_text="The complete episode in the API.")


# --- regimes ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Regimes",
        parameters=[AS_OF, CURSOR, PAGE_SIZE, LIST_FORMAT],
        responses=list_responses(
            page_serializer(RegimeRowSerializer, "RegimePage"), csv_table=tables.REGIMES
        ),
    ),
    retrieve=extend_schema(
        summary="One regime",
        parameters=[AS_OF, DETAIL_FORMAT],
        responses=detail_responses(RegimeSerializer),
    ),
)
class RegimeViewSet(DetailMixin, PublishedViewSet):
    """UN sanctions regimes, by code (KP for the DPRK)."""

    aggregate = REGIME
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9]{1,4}"
    list_fields = ("document",)
    default_ordering = ("code",)
    csv_table = tables.REGIMES
    detail_view_name = "api:regime-detail"

    def row(self, data, url):
        document = data["document"]
        return {
            # In the documented order (PostgreSQL's jsonb keeps no order of keys).
            **{field: document[field] for field in PublicRegimeSerializer.Meta.fields},
            "version": data["public_version"],
            "approved_at": iso(data["approved_at"]),
            "url": absolute(url, document["code"]),
        }


# --- episodes -----------------------------------------------------------------------------------

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$")


@extend_schema_view(
    list=extend_schema(
        summary="Episodes",
        parameters=[AS_OF, CURSOR, PAGE_SIZE, LIST_FORMAT],
        responses=list_responses(
            page_serializer(EpisodeRowSerializer, "EpisodePage"), csv_table=tables.EPISODES
        ),
    ),
    retrieve=extend_schema(
        summary="One episode, complete",
        parameters=[SLUG, AS_OF, DETAIL_FORMAT],
        responses=detail_responses(EpisodeSerializer),
    ),
    **versions_schema("episodes", "an episode", SLUG, PublicEpisodeSerializer, "EpisodeVersion"),
    **citation_schema("episodes", "an episode", SLUG),
)
class EpisodeViewSet(CitationMixin, VersionsMixin, DetailMixin, PublishedViewSet):
    """Sanctions episodes, by slug (dprk-ep-8)."""

    aggregate = EPISODE
    citation_kind = "episode"
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = EpisodeFilter
    list_fields = (
        "slug",
        "title",
        "regime_code",
        "number",
        "start_date",
        "end_date",
        "primary_purpose",
        "purposes",
        "categories",
        "population_impact",
        "overall_effectiveness",
        "conflict_types",
        "targets",
        "objectives",
        "instruments",
    )
    default_ordering = ("regime_code", "number")
    csv_table = tables.EPISODES
    detail_view_name = "api:episode-detail"

    def row(self, data, url):
        return {
            "slug": data["slug"],
            "title": data["title"],
            "regime": data["regime_code"],
            "number": data["number"],
            "start_date": iso(data["start_date"]),
            "end_date": iso(data["end_date"]),
            "ongoing": data["end_date"] is None,
            "primary_purpose": data["primary_purpose"] or None,
            "purposes": split_pipes(data["purposes"]),
            "measure_categories": split_pipes(data["categories"]),
            "population_impact": data["population_impact"] or None,
            "overall_effectiveness": data["overall_effectiveness"] or None,
            "conflict_types": split_pipes(data["conflict_types"]),
            "targets": split_pipes(data["targets"]),
            "objectives": split_pipes(data["objectives"]),
            "instruments": split_pipes(data["instruments"]),
            "version": data["public_version"],
            "approved_at": iso(data["approved_at"]),
            "url": absolute(url, data["slug"]),
        }
