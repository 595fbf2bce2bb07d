"""Filters and name search of the public designation lists (website and API)."""

import django_filters
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, FloatField, Func, Q, Value

from designations.models import Designation, PublishedDesignation
from designations.search import normalise
from episodes.filters import PublicFilterSet, StrictBooleanFilter, filter_regime, regime_code


class _WordSimilar(Func):
    """``query <% search_text`` (pg_trgm): some extent of the names is similar to the query.

    An operator, not the ``word_similarity()`` function, so that PostgreSQL can use the trigram
    GIN index on ``search_text`` (migration 0002); the threshold is pg_trgm's
    ``word_similarity_threshold`` (0.6 by default).
    """

    arity = 2
    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "WORD_SIMILARITY"
    arity = 2
    output_field = FloatField()


def search(queryset, text: str):
    """Rows whose names or aliases match ``text``, case- and accent-insensitively.

    Everywhere: rows containing every word of ``text``, in any order (the plain fallback).
    On PostgreSQL also rows whose names are similar by trigrams (small misspellings, "Kim Jong Un"
    for "KIM JONG-UN"), ranked after the exact matches by similarity.
    """
    words = normalise(text).split()
    if not words:
        return queryset
    plain = Q()
    for word in words:
        plain &= Q(search_text__contains=word)
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(plain)
    query = Value(" ".join(words))
    return (
        queryset.filter(plain | Q(_WordSimilar(query, F("search_text"))))
        .annotate(
            search_exact=ExpressionWrapper(plain, output_field=BooleanField()),
            search_rank=_WordSimilarity(query, F("search_text")),
        )
        .order_by(F("search_exact").desc(), F("search_rank").desc(), "sort_name", "id")
    )


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
    # With active_to: the designations in force at some time during a period (an episode's).
    active_from = django_filters.DateFilter(
        method="filter_active_from",
        help_text="In force on or after this date: not delisted before it (YYYY-MM-DD).",
    )
    active_to = django_filters.DateFilter(
        field_name="listed_on",
        lookup_expr="lte",
        help_text="Listed on or before this date (YYYY-MM-DD).",
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

    def filter_active_from(self, queryset, name, value):
        return queryset.filter(Q(delisted_on__isnull=True) | Q(delisted_on__gte=value))
