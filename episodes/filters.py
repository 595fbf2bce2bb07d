"""Filters of the public episode lists (website and API), over the published projections only.

``PublicFilterSet`` is the base of every public FilterSet: a bad value or an unknown parameter is
an error naming the parameter (the website shows it, the API answers 400), never silently ignored.
"""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.forms.utils import ErrorList
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from episodes.models import Effectiveness, Level, MeasureCategory, PublishedEpisode, Purpose

regime_code = RegexValidator(r"^[A-Za-z]{2,4}$", "A regime code has two to four letters, e.g. KP.")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    """true/false (also 1/0, yes/no); anything else is an error, never "no filter"."""

    field_class = forms.TypedChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [(v, v) for v in ("true", "false", "1", "0", "yes", "no")])
        kwargs.setdefault("coerce", lambda value: value in ("true", "1", "yes"))
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return super().filter(qs, value)


class PublicFilterSet(django_filters.FilterSet):
    # Query parameters that are not filters but that the list views understand.
    passthrough = frozenset({"page", "page_size", "cursor", "format", "as_of"})

    def is_valid(self):
        valid = super().is_valid()
        unknown = sorted(set(self.data) - set(self.filters) - self.passthrough)
        for name in unknown:
            self.form.errors[name] = ErrorList(
                [f"Unknown parameter. Known parameters: {', '.join(sorted(self.filters))}."]
            )
        return valid and not unknown


def filter_delimited(column):
    """A filter method for a "|a|b|" column: rows whose column holds the value."""

    def method(self, queryset, name, value):
        return queryset.filter(**{f"{column}__contains": f"|{value}|"}) if value else queryset

    return method


def filter_regime(self, queryset, name, value):
    return queryset.filter(regime_code=value.upper()) if value else queryset


class EpisodeFilter(PublicFilterSet):
    regime = django_filters.CharFilter(
        method="filter_regime", validators=[regime_code], help_text="Regime code, e.g. KP."
    )
    purpose = django_filters.ChoiceFilter(
        choices=Purpose.choices, method="filter_purpose", help_text="Episodes with this purpose."
    )
    primary_purpose = django_filters.ChoiceFilter(choices=Purpose.choices)
    category = django_filters.ChoiceFilter(
        choices=MeasureCategory.choices,
        method="filter_category",
        help_text="Episodes with at least one measure of this category.",
    )
    population_impact = django_filters.ChoiceFilter(choices=Level.choices)
    effectiveness = django_filters.ChoiceFilter(
        field_name="overall_effectiveness", choices=Effectiveness.choices
    )
    ongoing = StrictBooleanFilter(method="filter_ongoing", help_text="true: no end date yet.")
    active_from = django_filters.DateFilter(
        method="filter_active_from", help_text="In force on or after this date (YYYY-MM-DD)."
    )
    active_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        help_text="Started on or before this date (YYYY-MM-DD).",
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("start_date", "start"),
            ("end_date", "end"),
            ("regime_code", "regime"),
            ("title", "title"),
        ),
        help_text="start, end, regime or title; prefix with - to reverse.",
    )

    class Meta:
        model = PublishedEpisode
        fields = []

    filter_regime = filter_regime
    filter_purpose = filter_delimited("purposes")
    filter_category = filter_delimited("categories")

    def filter_ongoing(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value)

    def filter_active_from(self, queryset, name, value):
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=value))
