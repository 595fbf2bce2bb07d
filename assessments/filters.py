"""Filters of the public assessment rows (one per episode and purpose)."""

import django_filters
from django import forms

from assessments.models import PublishedAssessment
from episodes.filters import PublicFilterSet, StrictBooleanFilter, filter_regime, regime_code
from episodes.models import Purpose


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
