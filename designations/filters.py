"""Filters and name search of the public designation lists (website and API)."""

import django_filters

from designations.models import Designation, PublishedDesignation
from designations.search import normalise
from episodes.filters import PublicFilterSet, StrictBooleanFilter, filter_regime, regime_code


def search(queryset, text: str):
    """Rows whose names or aliases contain every word of ``text`` (case- and accent-insensitive).

    The plain fallback that works on every database; word order does not matter.
    """
    words = normalise(text).split()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class DesignationFilter(PublicFilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, help_text="Name or alias; case and accents are ignored."
    )
    kind = django_filters.ChoiceFilter(choices=Designation.Kind.choices)
    regime = django_filters.CharFilter(
        method="filter_regime", validators=[regime_code], help_text="Regime code, e.g. KP."
    )
    nationality = django_filters.CharFilter(
        field_name="nationalities", lookup_expr="icontains", max_length=100
    )
    listed_after = django_filters.DateFilter(field_name="listed_on", lookup_expr="gte")
    listed_before = django_filters.DateFilter(field_name="listed_on", lookup_expr="lte")
    in_force = StrictBooleanFilter(
        field_name="delisted_on", lookup_expr="isnull", help_text="true: not delisted."
    )
    ordering = django_filters.OrderingFilter(
        fields=(("sort_name", "name"), ("listed_on", "listed"), ("key", "reference")),
        help_text="name, listed or reference; prefix with - to reverse.",
    )

    class Meta:
        model = PublishedDesignation
        fields = []

    filter_regime = filter_regime

    def filter_q(self, queryset, name, value):
        return search(queryset, value) if value.strip() else queryset
