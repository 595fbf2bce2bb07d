"""The coded variables filter the episode lists, on the site and the API, validated like the rest."""

import pytest

from tests.factories import (
    ConflictTypeRowFactory,
    EpisodeFactory,
    InstrumentRowFactory,
    ObjectiveRowFactory,
    RegimeFactory,
    TargetRowFactory,
)
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(db):
    regime = RegimeFactory(code="KP", published=True)
    coded = EpisodeFactory(regime=regime, slug="kp-ep-coded")
    ConflictTypeRowFactory(episode=coded)
    TargetRowFactory(episode=coded)
    ObjectiveRowFactory(episode=coded)
    InstrumentRowFactory(episode=coded)
    plain = EpisodeFactory(regime=regime, slug="kp-ep-plain")
    publish(coded, plain)


@pytest.mark.parametrize(
    "query",
    [
        "conflict_type=non-proliferation",
        "target=government",
        "objective=cease-nuclear-missile-tests",
        "instrument=negotiations",
    ],
)
def test_each_coded_variable_filters_site_and_api(coded, anonymous_client, query):
    api = anonymous_client.get(f"/api/episodes/?{query}").json()["results"]
    assert [row["slug"] for row in api] == ["kp-ep-coded"]
    page = anonymous_client.get(f"/episodes/?{query}")
    assert [row.slug for row in page.context["page"].object_list] == ["kp-ep-coded"]


def test_the_api_rows_carry_the_codes(coded, anonymous_client):
    rows = {r["slug"]: r for r in anonymous_client.get("/api/episodes/").json()["results"]}
    assert rows["kp-ep-coded"]["conflict_types"] == ["non-proliferation"]
    assert rows["kp-ep-coded"]["instruments"] == ["negotiations"]
    assert rows["kp-ep-plain"]["targets"] == []


@pytest.mark.parametrize("name", ["conflict_type", "target", "objective", "instrument"])
def test_a_malformed_code_is_a_clear_error_and_an_unknown_one_matches_nothing(
    coded, anonymous_client, name
):
    api = anonymous_client.get(f"/api/episodes/?{name}=Not a code!")
    assert api.status_code == 400
    assert "code of the codebook" in api.json()[name][0]
    assert anonymous_client.get(f"/episodes/?{name}=Not a code!").status_code == 400
    assert anonymous_client.get(f"/api/episodes/?{name}=no-such-code").json()["results"] == []
