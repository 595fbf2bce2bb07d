"""Designee counts per episode, computed from listing and delisting dates, beside the coded ones."""

import datetime

import pytest
from django.urls import reverse

from designations import counts
from designations.admin import designee_counts_panel
from episodes.models import Regime
from tests.factories import DesignationFactory, EpisodeFactory
from tests.workflow import publish

D = datetime.date


def test_current_is_at_the_end_and_maximum_is_the_most_at_any_time():
    rows = [
        ("individual", D(2016, 1, 1), None),  # in force throughout
        ("individual", D(2016, 1, 1), D(2018, 6, 1)),  # delisted during the episode
        ("individual", D(2018, 1, 1), None),  # listed during the episode
        ("individual", D(2018, 3, 1), D(2018, 5, 1)),  # listed and delisted during it
        ("individual", D(2016, 1, 1), D(2017, 12, 22)),  # delisted on the first day: never counts
        ("individual", D(2019, 1, 2), None),  # listed after the end: never counts
        ("entity", D(2017, 12, 22), None),  # listed on the first day
        ("vessel", D(2018, 12, 31), D(2019, 1, 1)),  # listed on the last day
    ]

    result = counts.count(rows, D(2017, 12, 22), D(2018, 12, 31))

    assert result["individual"] == counts.KindCount(current=2, maximum=4)
    assert result["entity"] == counts.KindCount(current=1, maximum=1)
    assert result["vessel"] == counts.KindCount(current=1, maximum=1)


def test_a_delisting_and_a_listing_on_the_same_day_do_not_inflate_the_maximum():
    rows = [("entity", D(2016, 1, 1), D(2018, 1, 1)), ("entity", D(2018, 1, 1), None)]

    assert counts.count(rows, D(2017, 1, 1), D(2019, 1, 1))["entity"] == counts.KindCount(1, 1)


@pytest.mark.django_db
def test_working_and_published_counts_read_one_query_each(django_assert_num_queries):
    regime = Regime.objects.get(code="KP")
    DesignationFactory(regime=regime, listed_on=D(2016, 11, 30))
    DesignationFactory(regime=regime, listed_on=D(2016, 11, 30), delisted_on=D(2018, 3, 1))
    publish(DesignationFactory(regime=regime, entity=True, listed_on=D(2017, 1, 1)))
    DesignationFactory(regime=Regime.objects.get(code="IR"), listed_on=D(2016, 1, 1))

    with django_assert_num_queries(1):
        working = counts.working_counts(regime.pk, D(2017, 12, 22), D(2019, 1, 1))
    with django_assert_num_queries(1):
        published = counts.published_counts("KP", D(2017, 12, 22), D(2019, 1, 1))

    assert (working["individual"], working["entity"]) == (
        counts.KindCount(current=1, maximum=2),
        counts.KindCount(current=1, maximum=1),
    )
    # The public side sees only what was approved: the entity.
    assert (published["individual"], published["entity"]) == (
        counts.KindCount(0, 0),
        counts.KindCount(1, 1),
    )


@pytest.mark.django_db
def test_an_ongoing_episode_counts_until_today():
    regime = Regime.objects.get(code="KP")
    DesignationFactory(regime=regime, listed_on=D(2016, 11, 30))
    episode = EpisodeFactory(regime=regime, start_date=D(2017, 12, 22), end_date=None)

    (individuals, *_rest) = counts.compare_with_coded(episode)

    assert (individuals.computed_current, individuals.computed_maximum) == (1, 1)


@pytest.mark.django_db
def test_researchers_see_a_warning_where_the_coded_counts_differ(
    researcher_client, django_assert_max_num_queries
):
    regime = Regime.objects.get(code="KP")
    for _ in range(3):
        DesignationFactory(regime=regime, listed_on=D(2016, 11, 30))
    DesignationFactory(regime=regime, entity=True, listed_on=D(2016, 11, 30))
    episode = EpisodeFactory(
        regime=regime,
        start_date=D(2017, 12, 22),
        end_date=D(2018, 12, 31),
        current_individuals=3,
        max_individuals=3,
        current_entities=2,
        max_entities=2,
    )

    with django_assert_max_num_queries(2):  # the regime, and the designations' dates
        panel = designee_counts_panel(episode)
    page = researcher_client.get(reverse("admin:episodes_episode_change", args=[episode.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Computed from the designations" in html
    assert (
        "the coded counts differ from the designations in the working copy: "
        "entities (current and maximum)." in html
    )
    # Information, not an error of the form: no error styling, no warning sign.
    assert "errornote" not in panel and "⚠" not in panel
    assert 'class="info-note"' in panel
    assert panel.count('class="count-note"') == 2  # the computed entities, current and maximum


@pytest.mark.django_db
def test_agreeing_counts_show_no_warning():
    regime = Regime.objects.get(code="KP")
    DesignationFactory(regime=regime, listed_on=D(2016, 11, 30))
    episode = EpisodeFactory(
        regime=regime, start_date=D(2017, 12, 22), current_individuals=1, max_individuals=1
    )

    panel = designee_counts_panel(episode)

    assert "⚠" not in panel
    assert "agree with the designations" in panel
    assert "not coded" in panel  # entities and vessels were left empty
