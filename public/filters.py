"""Filters of the public lists (episodes, designations, assessments; website and API), over the
published projections only.

``PublicFilterSet`` is the base of every public FilterSet: a bad value or an unknown parameter is
an error naming the parameter (the website shows it, the API answers 400), never silently ignored.
"""

import copy
import functools

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.forms.utils import ErrorList
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assessments.models import PublishedAssessment
from designations import counts
from designations.models import Designation, PublishedDesignation
from designations.search import nationality_q, search
from episodes.models import (
    REGIME_CODE_ANY_CASE_PATTERN,
    Effectiveness,
    Level,
    MeasureCategory,
    PublishedEpisode,
    Purpose,
)
from public import statements

regime_code = RegexValidator(
    REGIME_CODE_ANY_CASE_PATTERN,
    "A regime code is its UN reference prefix (e.g. KP) or its establishing resolution's number "
    "(e.g. 232).",
)


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
    # (start, end) pairs of date filters: a range that ends before it starts is refused with a
    # message rather than answered with nothing.
    date_ranges: tuple[tuple[str, str], ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """django-filter's, except that each filter is copied with ``copy.copy`` rather than
        ``copy.deepcopy`` (20 µs rather than 160 µs for the designations' filters, every
        filtered request): what a filter changes per FilterSet is its ``model`` and ``parent``,
        set here, and its method, bound here to the copy. Their other attributes (choices,
        validators, lookups) are never changed once the class is made."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # a FilterMethod of this copy, not the class's

    def given(self) -> tuple[tuple[str, object], ...]:
        """(name, value) of the valid filters given, in the form's order, lists as tuples: what
        the rows depend on, as a key."""
        return tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in self.form.cleaned_data.items()
            if value not in EMPTY_VALUES
        )

    # Filters that read the database while they filter (a search reads the matching ids
    # first): a query with one of them is compiled anew every time (``statement``).
    reading_filters: frozenset[str] = frozenset()

    def statement(self, base: str, using: str, queryset) -> statements.Query | None:
        """The valid filters over ``queryset()`` as a ``statements.Query``, their SQL compiled
        once per shape; None when one of ``reading_filters`` is given. ``base`` names what
        ``queryset()`` returns (the same for every request that names it the same).

        A value of a plain filter (a django-filter ``CharFilter``, ``DateFilter`` or
        ``NumberFilter`` comparing its column, without a method) is a parameter of the
        statement; every other given value (choices, booleans, orderings, method filters, which
        may change the query's form) is part of its shape."""
        shape, names, values, fields = [type(self).__name__, base], [], [], []
        model = self._meta.model
        for name, value in self.given():
            if name in self.reading_filters:
                return None
            filter_ = self.filters[name]
            if (
                isinstance(filter_, _PLAIN_FILTERS)
                and filter_.method is None
                and filter_.lookup_expr in _PLAIN_LOOKUPS
            ):
                names.append(name)
                values.append(value)
                fields.append(model._meta.get_field(filter_.field_name))
                shape.append(name)
            else:
                shape.append((name, value))

        def build(given):
            cleaned = self.form.cleaned_data
            self.form.cleaned_data = {**cleaned, **dict(zip(names, given, strict=True))}
            try:
                return self.filter_queryset(queryset())
            finally:
                self.form.cleaned_data = cleaned

        return statements.Query(tuple(shape), using, build, values, fields)

    def get_form_class(self):
        """The form class of this FilterSet class, built once per class.

        django-filter builds it again for every FilterSet (a form field per filter, each with its
        label looked up on the model): about 1 ms of every filtered request for the
        designations' filters, more than reading the page. The class depends only on the
        filters, their choices (fixed, from the models' choices) and the model, so it is built
        from this class's filters on its ``Meta.model``; a FilterSet over another model builds
        its own as django-filter does. Each form still has its own copy of the fields (Django
        copies them per form), which the site's ``dress_form`` changes."""
        if self.queryset.model is not self._meta.model:
            return super().get_form_class()
        return _form_class(type(self))

    def is_valid(self):
        valid = super().is_valid()
        unknown = sorted(set(self.data) - set(self.filters) - self.passthrough)
        for name in unknown:
            self.form.errors[name] = ErrorList(
                [f"Unknown parameter. Known parameters: {', '.join(sorted(self.filters))}."]
            )
        return self._ranges_valid() and valid and not unknown

    def _ranges_valid(self) -> bool:
        cleaned = getattr(self.form, "cleaned_data", {})
        for start, end in self.date_ranges:
            first, last = cleaned.get(start), cleaned.get(end)
            if first is not None and last is not None and first > last:
                # add_error drops ``end`` from cleaned_data: a second call adds nothing.
                self.form.add_error(
                    end,
                    f"{end} ({last.isoformat()}) is earlier than {start} ({first.isoformat()}): "
                    "nothing can match. Swap the two dates, or leave one empty.",
                )
        return not any(end in self.form.errors for _, end in self.date_ranges)


# What ``PublicFilterSet.statement`` passes as parameters: django-filter's own filters that
# compare their column with the value as it is.
_PLAIN_FILTERS = (django_filters.CharFilter, django_filters.DateFilter, django_filters.NumberFilter)
_PLAIN_LOOKUPS = frozenset({"exact", "gt", "gte", "lt", "lte"})


@functools.cache
def _form_class(filterset_class: type[PublicFilterSet]) -> type[forms.Form]:
    model = filterset_class._meta.model
    filterset = filterset_class(queryset=model._default_manager.none())
    return django_filters.FilterSet.get_form_class(filterset)


def filter_delimited(column):
    """A filter method for a "|a|b|" column: rows whose column holds the value."""

    def method(self, queryset, name, value):
        return queryset.filter(**{f"{column}__contains": f"|{value}|"}) if value else queryset

    return method


lookup_code = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,59}$",
    "A code of the codebook: lower-case letters, digits and hyphens, e.g. non-proliferation.",
)


def lookup_filter(what: str):
    """A code of a configurable lookup (the codebook lists them). A well-formed code that no
    episode carries matches nothing, as an unknown regime code does."""
    return django_filters.CharFilter(
        method=f"filter_{what}",
        max_length=60,
        validators=[lookup_code],
        help_text=f"Episodes coded with this {what.replace('_', ' ')} (a code of the codebook).",
    )


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

    conflict_type = lookup_filter("conflict_type")
    target = lookup_filter("target")
    objective = lookup_filter("objective")
    instrument = lookup_filter("instrument")

    class Meta:
        model = PublishedEpisode
        fields = []

    filter_regime = filter_regime
    filter_purpose = filter_delimited("purposes")
    filter_category = filter_delimited("categories")
    filter_conflict_type = filter_delimited("conflict_types")
    filter_target = filter_delimited("targets")
    filter_objective = filter_delimited("objectives")
    filter_instrument = filter_delimited("instruments")

    def filter_ongoing(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value)

    def filter_active_from(self, queryset, name, value):
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=value))


class DesignationFilter(PublicFilterSet):
    reading_filters = frozenset({"q"})

    q = django_filters.CharFilter(
        method="filter_q",
        max_length=200,
        help_text="Name, alias, original-script name, reference number, DATAID or IMO number. "
        "Case, accents, apostrophes, hyphens and spacing are ignored and small misspellings "
        "tolerated; results come best first (identifier, whole name, name, alias, words, similar "
        "names), and each list row says what matched in `matched`.",
    )
    kind = django_filters.ChoiceFilter(choices=Designation.Kind.choices)
    regime = django_filters.CharFilter(
        method="filter_regime", validators=[regime_code], help_text="Regime code, e.g. KP."
    )
    nationality = django_filters.CharFilter(
        method="filter_nationality",
        max_length=100,
        help_text="A country by any of its names or its ISO code (“DPRK”, “North Korea”, "
        "“Democratic People's Republic of Korea”, “KP”), or part of a nationality as listed.",
    )
    date_ranges = (("listed_after", "listed_before"),)
    listed_after = django_filters.DateFilter(field_name="listed_on", lookup_expr="gte")
    listed_before = django_filters.DateFilter(field_name="listed_on", lookup_expr="lte")
    in_force = StrictBooleanFilter(method="filter_in_force", help_text="true: not delisted.")
    # With active_to: the designations in force at some time during a period (an episode's).
    active_from = django_filters.DateFilter(
        method="filter_active_from",
        help_text="In force on or after this date: not delisted on or before it (YYYY-MM-DD).",
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

    def filter_queryset(self, queryset):
        """The search last (then the ordering, if one is asked for): it reads the ids of the
        rows that every other filter keeps once, through the indexes (designations.search)."""
        cleaned = self.form.cleaned_data
        last = ("q", "ordering")
        for name, value in cleaned.items():
            if name not in last:
                queryset = self.filters[name].filter(queryset, value)
        for name in last:
            if name in cleaned:
                queryset = self.filters[name].filter(queryset, cleaned[name])
        return queryset

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        # The nationality, if given, narrows the search's index look-up too.
        nationality = (self.form.cleaned_data.get("nationality") or "").strip()
        return search(queryset, value, nationality=nationality)

    def filter_nationality(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(nationality_q(value)) if value else queryset

    def filter_in_force(self, queryset, name, value):
        return queryset.in_force(value)

    def filter_active_from(self, queryset, name, value):
        return queryset.filter(counts.in_force_between_q(value))


class ScoreFilter(django_filters.NumberFilter):
    """A whole score from 1 to 5: "2.5" is an error, not a rounding."""

    field_class = forms.IntegerField


class AssessmentFilter(PublicFilterSet):
    regime = django_filters.CharFilter(
        method="filter_regime", validators=[regime_code], help_text="Regime code, e.g. KP."
    )
    episode = django_filters.CharFilter(field_name="episode_slug", max_length=80)
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices)
    effective = StrictBooleanFilter(field_name="effective")
    min_policy_outcome = ScoreFilter(
        field_name="policy_outcome_score", lookup_expr="gte", min_value=1, max_value=5
    )
    min_sanctions_contribution = ScoreFilter(
        field_name="sanctions_contribution_score", lookup_expr="gte", min_value=1, max_value=5
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("episode_slug", "episode"),
            ("policy_outcome_score", "policy_outcome"),
            ("sanctions_contribution_score", "sanctions_contribution"),
        )
    )

    class Meta:
        model = PublishedAssessment
        fields = []

    filter_regime = filter_regime
