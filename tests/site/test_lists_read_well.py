"""Lists that read well: counts, a clear message when empty, compare links that work, and
"not assessed" (with n) instead of 0 % where no assessment exists."""

import re

import pytest

from episodes.models import Regime
from tests import workflow
from tests.factories import AssessmentFactory, EpisodeFactory, PurposeFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page's text, tags stripped and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/episodes/", "No episode is published yet."),
        ("/designations/", "No designation is published yet."),
        ("/assessments/", "No assessment is published yet."),
        ("/regimes/", "No regime is published yet."),
    ],
)
def test_an_empty_list_says_nothing_is_published_yet(anonymous_client, url, message):
    text = _text(anonymous_client.get(url))
    assert message in text
    assert "match" not in text.split("Results")[-1].split("Every page shows")[0]


@pytest.mark.parametrize(
    ("url", "count", "no_match"),
    [
        ("/episodes/", "6 episodes.", "/episodes/?regime=SO"),
        ("/designations/", "12 designations.", "/designations/?q=nobody+at+all"),
        ("/assessments/", "12 assessments.", "/assessments/?purpose=signal"),
    ],
)
def test_every_list_shows_its_count_and_a_clear_no_match(
    anonymous_client, many, url, count, no_match
):
    assert count in _text(anonymous_client.get(url))
    response = anonymous_client.get(no_match)
    assert response.status_code == 200
    text = _text(response)
    noun = url.strip("/")
    assert re.search(rf"No {noun[:-1]} matches .*: 0 {noun}\. Show all {noun}", text), text
    assert f'<a href="{url}">Show all {noun}</a>' in response.content.decode()


def test_the_compare_link_needs_two_public_episodes(anonymous_client):
    regime = Regime.objects.get(code="KP")
    first = EpisodeFactory(regime=regime, published=True)
    page = anonymous_client.get("/regimes/KP/").content.decode()
    assert "Compare these episodes" not in page
    assert "/compare/?episodes=" not in page
    second = EpisodeFactory(regime=regime, published=True)
    EpisodeFactory(regime=regime)  # a draft does not count
    page = anonymous_client.get("/regimes/KP/").content.decode()
    link = re.search(r'<a href="(/compare/\?episodes=[^"]+)">Compare these episodes</a>', page)
    assert link and link[1] == f"/compare/?episodes={first.slug},{second.slug}"
    assert anonymous_client.get(link[1]).status_code == 200


@pytest.fixture
def unassessed(db):
    """Two published episodes pursuing coerce and constrain, neither assessed."""
    regime = Regime.objects.get(code="KP")
    episodes = []
    for _ in range(2):
        episode = EpisodeFactory(regime=regime, overall_effectiveness="")
        PurposeFactory(episode=episode, purpose="constrain")
        episodes.append(episode)
    workflow.publish(*episodes)
    return episodes


def test_the_home_page_says_not_assessed_instead_of_zero_percent(anonymous_client, unassessed):
    response = anonymous_client.get("/")
    figures = _text(response).split("Share of effective episodes, per purpose")[1]
    figures = figures.split("Regimes and their episodes")[0]
    assert "%" not in figures
    assert "not assessed coerce no episode assessed yet; 2 episodes not assessed" in figures
    assert "not assessed constrain no episode assessed yet; 2 episodes not assessed" in figures
    assert "not assessed signal no episode assessed yet " in figures  # no episode pursues it


def test_the_home_page_gives_the_share_with_its_n(anonymous_client, unassessed):
    AssessmentFactory(episode=unassessed[0], purpose="coerce", policy_outcome_score=4)
    workflow.publish(unassessed[0].assessments.get())
    text = _text(anonymous_client.get("/"))
    assert "100% coerce effective in 1 of 1 assessed episode; 1 episode not assessed" in text
    assert "not assessed constrain no episode assessed yet; 2 episodes not assessed" in text


def test_the_statistics_page_says_not_assessed_with_n(anonymous_client, unassessed):
    AssessmentFactory(episode=unassessed[0], purpose="coerce")
    workflow.publish(unassessed[0].assessments.get())
    response = anonymous_client.get("/statistics/")
    rows = {row["purpose"]: row for row in response.context["by_purpose"]}
    assert (rows["coerce"]["assessed"], rows["coerce"]["not_assessed"]) == (1, 1)
    assert (rows["constrain"]["assessed"], rows["constrain"]["not_assessed"]) == (0, 2)
    text = _text(response)
    assert "Coerce 1 0 (0%) 2.0 3.0 1" in text
    assert "Constrain 0 not assessed not assessed not assessed 2" in text
    means = text.split("Mean scores per purpose")[1].split("Agreement between independent coders")[
        0
    ]
    assert "Constrain 0 0" not in means and "–" not in means


def test_statistics_before_any_assessment_say_so(anonymous_client, unassessed):
    text = _text(anonymous_client.get("/statistics/"))
    assert "No episode is assessed yet: every purpose is “not assessed”." in text
    assert "(0%)" not in text


def test_episode_pages_say_not_assessed(anonymous_client, unassessed):
    episode = unassessed[0]
    for url in ("/episodes/", "/regimes/KP/"):
        row = re.search(
            rf'<a href="/episodes/{episode.slug}/">.*?</tr>',
            anonymous_client.get(url).content.decode(),
            re.S,
        )
        assert row and "<td>not assessed</td>" in row[0], url
    page = _text(anonymous_client.get(f"/episodes/{episode.slug}/"))
    assert "Overall effectiveness Not assessed" in page
    slugs = ",".join(e.slug for e in unassessed)
    compare = anonymous_client.get(f"/compare/?episodes={slugs}")
    overall = [r for g in compare.context["table"] for r in g["rows"] if r["label"] == "Overall"]
    assert overall and overall[0]["cells"] == [["Not assessed"], ["Not assessed"]]


def test_the_assessments_page_counts_the_episodes_not_assessed(anonymous_client, unassessed):
    AssessmentFactory(episode=unassessed[0], purpose="coerce")
    workflow.publish(unassessed[0].assessments.get())
    text = _text(anonymous_client.get("/assessments/"))
    assert "2 published episodes: 1 assessed, 1 not assessed yet." in text
    assert "1 assessment." in text
