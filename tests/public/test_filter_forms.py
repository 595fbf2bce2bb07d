"""The public FilterSets' form classes are built once per class (public.filters.get_form_class),
and each form still has fields of its own."""

import pytest
from django.http import QueryDict

from designations.models import PublishedDesignation
from episodes.models import PublishedEpisode
from public.filters import DesignationFilter, EpisodeFilter

pytestmark = pytest.mark.django_db


def _filterset(data: str, filterset_class=DesignationFilter, model=PublishedDesignation):
    return filterset_class(QueryDict(data), queryset=model.objects.public())


def test_a_filterset_class_builds_its_form_class_once():
    first, second = _filterset("kind=vessel"), _filterset("regime=KP&in_force=false")
    assert type(first.form) is type(second.form)
    assert type(_filterset("", EpisodeFilter, PublishedEpisode).form) is not type(first.form)
    assert first.is_valid() and second.is_valid()
    assert first.form.cleaned_data["kind"] == "vessel"
    assert second.form.cleaned_data["in_force"] is False


def test_each_form_has_fields_of_its_own():
    dressed = _filterset("kind=vessel")
    dressed.form.fields["kind"].label = "Kind of designee"
    dressed.form.fields["kind"].widget.choices = [("", "Any")]

    plain = _filterset("kind=vessel").form.fields["kind"]
    assert plain.label != "Kind of designee"
    assert ("", "Any") not in plain.widget.choices
    assert ("vessel", "Vessel") in [(value, str(label)) for value, label in plain.choices]


def test_a_bad_value_is_still_an_error_naming_the_parameter():
    filterset = _filterset("kind=boat&listed_after=yesterday&colour=red")
    assert not filterset.is_valid()
    assert set(filterset.form.errors) == {"kind", "listed_after", "colour"}
    assert not _filterset("kind=vessel").form.errors


def test_each_filterset_has_filters_of_its_own_bound_to_it():
    first, second = _filterset("regime=KP"), _filterset("regime=IR")
    for filterset in (first, second):
        for name, filter_ in filterset.filters.items():
            assert filter_ is not DesignationFilter.base_filters[name]
            assert filter_.parent is filterset
            if filter_.method is not None:
                assert filter_.filter.f is filter_  # the method runs on this FilterSet
    assert first.is_valid() and second.is_valid()
    regimes = {
        code: set(filterset.qs.values_list("regime_code", flat=True))
        for code, filterset in (("KP", first), ("IR", second))
    }
    assert regimes["KP"] <= {"KP"} and regimes["IR"] <= {"IR"}
    assert not hasattr(DesignationFilter.base_filters["regime"], "parent")  # the class untouched
