"""Words and numbers as a reader reads them: singulars, small numbers in words, dates alike."""

import pytest

from tests.factories import (
    AssessmentFactory,
    BirthDateFactory,
    DesignationFactory,
    EpisodeFactory,
    RegimeFactory,
)
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(db):
    """One regime, one episode assessed for one purpose (not effective), one vessel, one person
    born on an exact day."""
    regime = RegimeFactory(code="ZZ", short_name="Zedland")
    episode = EpisodeFactory(regime=regime, number=3, slug="zz-ep-3", title="Zedland - EP 3")
    vessel = DesignationFactory(regime=regime, vessel=True)
    person = DesignationFactory(regime=regime, reference_number="ZZi.001")
    BirthDateFactory(designation=person)
    publish(regime, episode, vessel, person)
    publish(AssessmentFactory(episode=episode, purpose="coerce"))
    return episode


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_one_vessel_is_a_vessel(anonymous_client, small):
    for url in ("/", "/regimes/ZZ/"):
        page = _page(anonymous_client, url)
        assert "<strong>1</strong> vessel</a>" in page, url
        assert "1</strong> vessels" not in page, url
        assert "<strong>1</strong> individual</a>" in page, url


def test_the_compare_page_counts_in_words(anonymous_client, small):
    assert "Put two to four episodes side by side" in _page(anonymous_client, "/compare/")


def test_an_exact_date_of_birth_reads_like_every_other_date(anonymous_client, small):
    page = _page(anonymous_client, "/designations/ZZi.001/")
    assert "<li>17 July 1964</li>" in page
    assert "1964-07-17</li>" not in page


def test_the_latest_changes_name_an_assessment_by_its_episode_s_title(anonymous_client, small):
    page = _page(anonymous_client, "/")
    assert ">Zedland - EP 3: effectiveness (coerce)</a>" in page
    assert ">zz-ep-3: effectiveness" not in page


def test_the_statistics_say_what_each_number_counts(anonymous_client, small):
    page = _page(anonymous_client, "/statistics/")
    assert "Coerce: 1 assessed: 0 effective, 1 not effective" in page
    assert "(Not effective: 1)" not in page
