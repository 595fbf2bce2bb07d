"""/regimes/: every public regime, its timeline and the world map on a chosen day.

The migrations seed all 32 regimes as working records; a test publishes the few it needs through
the real workflow, so the others stay drafts the page must never show.
"""

import datetime
import re

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episodes.models import Regime
from tests import workflow
from tests.factories import DesignationFactory, EpisodeFactory

pytestmark = pytest.mark.django_db

# Southern Rhodesia (232): 16 December 1966 to 21 December 1979; ISIL and Al-Qaida (QD), thematic,
# from 15 October 1999; the DPRK (KP) from 14 October 2006; Iran (IR) 2006 to 16 January 2016.
PUBLISHED = ("232", "QD", "KP", "IR")


@pytest.fixture
def regimes(db):
    published = [Regime.objects.get(code=code) for code in PUBLISHED]
    workflow.publish(*published)
    return {regime.code: regime for regime in published}


def _country_link(content: str, code: str) -> list[str]:
    """The aria-labels of the map's links to a regime page."""
    return re.findall(rf'<a href="/regimes/{code}/" aria-label="([^"]+)"><path', content)


def test_it_lists_every_public_regime_with_its_facts(anonymous_client, regimes):
    response = anonymous_client.get("/regimes/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "4 regimes: 2 in force today, 2 ended." in content
    codes = [row["regime"].code for row in response.context["table"]]
    assert codes == ["232", "QD", "KP", "IR"]  # in the order they were established
    for text in (
        "Southern Rhodesia",
        "253 Committee",
        'S/RES/232 (1966), <span class="nowrap">16 December 1966</span>',
        "21 December 1979</span>, S/RES/460 (1979)",
        "1718 Committee",
        '<span class="badge">thematic</span>',
    ):
        assert text in content
    # The timeline: one bar per regime, from 1966 to today, with its data table.
    timeline = response.context["timeline"]
    assert [lane.label for lane in timeline.lanes][0] == "Southern Rhodesia (232)"
    assert timeline.first_year == 1966
    assert timeline.last_year == timezone.localdate().year + 1
    assert content.count('class="span') == 4
    assert '<th scope="row">Southern Rhodesia (232)</th><td>16 December 1966</td>' in content


def test_the_map_shows_the_regimes_in_force_today_by_default(anonymous_client, regimes):
    response = anonymous_client.get("/regimes/")
    world = response.context["map"]
    assert world.on == timezone.localdate()
    assert [r.code for r in world.country_regimes] == ["KP"]
    assert [r.code for r in world.thematic] == ["QD"]
    content = response.content.decode()
    assert _country_link(content, "KP") == [
        "North Korea: Democratic People&#x27;s Republic of Korea (KP)"
    ]
    assert _country_link(content, "232") == []  # ended in 1979
    assert _country_link(content, "QD") == []  # thematic: listed beside the map
    assert 'href="/regimes/QD/">ISIL (Da&#x27;esh) and Al-Qaida</a>' in content
    assert f'value="{timezone.localdate().isoformat()}"' in content  # the form shows the day
    assert '<svg viewBox="0 0 960 500" width="100%"' in content  # scales to the screen
    assert "<script" not in content


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        ("1966-12-15", []),
        ("1966-12-16", ["232"]),
        ("1979-12-21", ["232"]),  # its last day
        ("1979-12-22", []),
        ("2006-12-23", ["QD", "KP", "IR"]),
        ("2016-01-16", ["QD", "KP", "IR"]),
        ("2016-01-17", ["QD", "KP"]),
    ],
)
def test_the_map_shows_the_regimes_in_force_on_a_chosen_day(
    anonymous_client, regimes, day, in_force
):
    response = anonymous_client.get("/regimes/", {"on": day})
    assert response.status_code == 200
    assert [r.code for r in response.context["map"].in_force] == in_force
    content = response.content.decode()
    assert f"in force on {datetime.date.fromisoformat(day):%-d %B %Y}" in content
    if "232" in in_force:
        assert _country_link(content, "232") == ["Zimbabwe: Southern Rhodesia (232)"]
    if not in_force:
        assert "No UN sanctions regime published in this atlas was in force on" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"on": "2023-02-30"}, "Enter a date as YYYY-MM-DD, for example 2006-10-14."),
        ({"on": "27/03/2023"}, "Enter a date as YYYY-MM-DD, for example 2006-10-14."),
        ({"on": "0000-01-01"}, "Enter a date as YYYY-MM-DD, for example 2006-10-14."),
        ({"on": "9999-12-31"}, "9999-12-31 is after today"),
        ({"day": "2023-03-27"}, "Unknown parameter <code>day</code>"),
    ],
)
def test_a_bad_day_answers_400_saying_why(anonymous_client, regimes, query, message):
    response = anonymous_client.get("/regimes/", query)
    assert response.status_code == 400
    content = response.content.decode()
    assert "The map cannot show the day in this address" in content
    assert message in content
    assert response.context["map"] is None  # no map of another day than the one asked for
    assert 'aria-label="North Korea' not in content
    assert "Southern Rhodesia" in content  # the list and the timeline stay


def test_tomorrow_is_refused_and_an_empty_day_means_today(anonymous_client, regimes):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert anonymous_client.get("/regimes/", {"on": tomorrow.isoformat()}).status_code == 400
    response = anonymous_client.get("/regimes/", {"on": ""})
    assert response.status_code == 200
    assert response.context["map"].on == timezone.localdate()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=30))
def test_no_value_of_on_gives_a_500(anonymous_client, regimes, value):
    response = anonymous_client.get("/regimes/", {"on": value})
    assert response.status_code in (200, 400)


def test_a_draft_regime_is_not_on_the_page_nor_the_map(anonymous_client, regimes, researcher):
    # Libya (LY) and Iraq (IQ), in force today, are seeded but never approved.
    response = anonymous_client.get("/regimes/")
    content = response.content.decode()
    assert "Libya" not in content and "/regimes/LY/" not in content
    assert "/regimes/IQ/" not in content
    assert [c.iso3 for c in response.context["map"].targeted] == ["PRK"]
    # An unapproved edit of a public regime changes nothing either.
    workflow.edit(regimes["KP"], by=researcher, name="Renamed in a draft", target_countries="KOR")
    content = anonymous_client.get("/regimes/?on=2023-03-27").content.decode()
    assert "Renamed in a draft" not in content
    assert _country_link(content, "KP")[0].startswith("North Korea:")
    assert "South Korea" not in content


def test_an_atlas_without_public_regimes_says_so(anonymous_client):
    response = anonymous_client.get("/regimes/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "No regime is published yet." in content
    assert "No UN sanctions regime published in this atlas was in force on" in content


def test_the_site_navigation_links_the_page(anonymous_client, regimes):
    content = anonymous_client.get("/episodes/").content.decode()
    assert '<a href="/regimes/">Regimes</a>' in content
    content = anonymous_client.get("/regimes/").content.decode()
    assert '<a href="/regimes/" aria-current="page">Regimes</a>' in content


def test_queries_do_not_grow_with_regimes_episodes_and_designations(
    anonymous_client, regimes, django_assert_num_queries
):
    kp = regimes["KP"]
    episodes = [EpisodeFactory(regime=kp) for _ in range(3)]
    people = [DesignationFactory(regime=kp) for _ in range(4)]
    people += [
        DesignationFactory(regime=regimes["QD"], reference_number=f"QDi.9{i}") for i in range(2)
    ]
    workflow.publish(*episodes, *people)
    # the publication state (the page cache's key), the regimes' documents, episodes per regime,
    # designations per regime
    with django_assert_num_queries(4):
        response = anonymous_client.get("/regimes/")
    assert response.status_code == 200
    rows = {row["regime"].code: row for row in response.context["table"]}
    assert (rows["KP"]["episodes"], rows["KP"]["designations"]) == (3, 4)
    assert (rows["QD"]["episodes"], rows["QD"]["designations"]) == (0, 2)
    # Then from the page cache until the next approval, the publication state from the cache:
    # no query.
    with django_assert_num_queries(0):
        anonymous_client.get("/regimes/")
    # Another day is not cached: the same three queries (the state is in the cache).
    with django_assert_num_queries(3):
        assert anonymous_client.get("/regimes/?on=2000-01-01").status_code == 200
