"""The analogy finder: the documented similarity, its ranking of the demo episodes, the page, the
"similar episodes" panel and the API endpoint, validated and within a fixed number of queries."""

import datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from public import analogy
from tests.api.conftest import get_json
from tests.site.conftest import publish_world

D = datetime.date

# A described situation: a coercive and constraining non-proliferation regime with commodity
# and financial measures, negotiations going on beside it.
SITUATION = {
    "purpose": ["coerce", "constrain"],
    "conflict_type": ["non-proliferation"],
    "category": ["commodity", "financial_sector"],
    "instrument": ["negotiations"],
}


# --- the formula ------------------------------------------------------------------------------


def test_jaccard_is_shared_over_either():
    assert analogy.jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)
    assert analogy.jaccard(frozenset("ab"), frozenset()) == 0
    assert analogy.jaccard(frozenset(), frozenset()) == 0


def test_period_jaccard_counts_days_in_common_over_days_of_either():
    a = (D(2020, 1, 1), D(2020, 1, 10))  # 10 days
    b = (D(2020, 1, 6), D(2020, 1, 20))  # 15 days, 5 in common
    assert analogy.period_jaccard(a, b) == pytest.approx(5 / 20)
    assert analogy.period_jaccard(a, (D(2021, 1, 1), D(2021, 2, 1))) == 0
    assert analogy.period_jaccard(a, a) == 1


def test_similarity_is_the_weighted_mean_over_the_described_variables_only():
    episode = {
        "purposes": "|coerce|signal|",
        "conflict_types": "|non-proliferation|",
        "objectives": "",
        "targets": "|government|",
        "categories": "|arms|",
        "instruments": "",
        "start_date": D(2010, 1, 1),
        "end_date": None,
    }
    situation = analogy.Situation(
        {"purpose": frozenset({"coerce"}), "conflict_type": frozenset({"non-proliferation"})}
    )
    # purposes J = 1/2 (weight 2), conflict type J = 1 (weight 3); targets etc. not described
    expected = (2 * 0.5 + 3 * 1) / (2 + 3)
    assert analogy.similarity(situation, episode, today=D(2020, 1, 1)) == pytest.approx(expected)
    # An ongoing episode runs until today for the period.
    period = analogy.Situation(period=(D(2015, 1, 1), D(2020, 1, 1)))
    days = (D(2020, 1, 1) - D(2015, 1, 1)).days + 1
    union = (D(2020, 1, 1) - D(2010, 1, 1)).days + 1
    assert analogy.similarity(period, episode, today=D(2020, 1, 1)) == pytest.approx(days / union)


def test_the_page_documents_the_formula_and_its_weights(db, anonymous_client):
    response = anonymous_client.get("/analogies/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jaccard" in page and "weighted mean" in page
    for label, weight in analogy.WEIGHTS.items():
        assert f"{analogy.LABELS[label]}</th><td>{weight}</td>" in page
    assert "Jaccard" in analogy.__doc__ and "Σ" in analogy.__doc__


# --- the demo, ranked ------------------------------------------------------------------------------


def test_it_ranks_the_demo_episodes_for_a_described_situation(demo, anonymous_client):
    results = get_json(anonymous_client, "/api/analogies/", SITUATION)

    assert [(row["slug"], row["score"]) for row in results] == [
        # shares all four variables: conflict type 1, purposes 2/3, categories 2/5, instr. 1/4
        ("dprk-ep-8", 0.69),
        # the others are not coded for conflict type or instruments: purposes and categories
        ("dprk-ep-7", 0.262),
        ("dprk-ep-6", 0.262),
        ("dprk-ep-5", 0.248),
        ("dprk-ep-3", 0.248),
        ("dprk-ep-4", 0.231),
        ("dprk-ep-2", 0.226),
        ("dprk-ep-1", 0.211),
    ]
    first = results[0]
    assert [(s["variable"], [v["code"] for v in s["values"]]) for s in first["shared"]] == [
        ("conflict_type", ["non-proliferation"]),
        ("purpose", ["coerce", "constrain"]),
        ("category", ["commodity", "financial_sector"]),
        ("instrument", ["negotiations"]),
    ]
    assert first["shared"][0]["values"][0]["label"] == "Non-proliferation"
    # The demo's one assessed episode says how each purpose fared; the others are not assessed.
    verdicts = {row["purpose"]: row for row in first["effectiveness"]}
    assert verdicts["coerce"]["assessed"] and verdicts["coerce"]["effective"] is False
    assert verdicts["coerce"]["policy_outcome_score"] == 2
    assert all(not row["assessed"] for row in results[1]["effectiveness"])
    assert first["url"] == "http://testserver/api/episodes/dprk-ep-8/"


def test_a_period_brings_the_episodes_in_force_then_first(demo, anonymous_client):
    results = get_json(
        anonymous_client,
        "/api/analogies/",
        {"purpose": "coerce", "period_start": "2016-03-02", "period_end": "2016-11-29"},
    )
    # EP 4 ran exactly then (2 March to 29 November 2016); its neighbours overlap it less.
    assert results[0]["slug"] == "dprk-ep-4"
    assert results[0]["shared"][-1] == {
        "variable": "period",
        "label": "Period",
        "values": [{"code": "2016-03-02/2016-11-29", "label": "2016-03-02 to 2016-11-29"}],
    }


def test_the_page_lists_the_same_ranking_with_what_is_shared_and_not_assessed(
    demo, anonymous_client
):
    response = anonymous_client.get("/analogies/", SITUATION)
    assert response.status_code == 200
    page = response.content.decode()
    order = [page.index(f'href="/episodes/dprk-ep-{n}/"') for n in (8, 7, 6, 5, 3, 4, 2, 1)]
    assert order == sorted(order)
    assert "<dt>Type of conflict or issue area</dt><dd>Non-proliferation</dd>" in page
    assert "Coerce: not effective (policy outcome 2 of 5" in page
    assert "Signal: not assessed" in page
    assert 'method="get"' in page  # a plain form: works without JavaScript
    assert 'name="conflict_type" value="non-proliferation" id="id_conflict_type_1" checked' in page


def test_every_episode_page_has_a_similar_episodes_panel_without_itself(
    demo, anonymous_client, settings
):
    settings.ATLAS_PAGE_CACHE_SECONDS = 0  # each page rendered, with its context
    for url in ("/episodes/dprk-ep-8/", "/episodes/dprk-ep-8/versions/1/", "/episodes/dprk-ep-3/"):
        response = anonymous_client.get(url)
        assert response.status_code == 200
        similar = response.context["similar"]
        assert similar and len(similar) <= 5
        assert "dprk-ep-8" not in [row["slug"] for row in similar] or "ep-3" in url
        assert 'id="similar-title">Similar episodes</h2>' in response.content.decode()
    # EP 8 shares the three purposes and its categories with the other episodes.
    similar = anonymous_client.get("/episodes/dprk-ep-8/").context["similar"]
    assert {row["slug"] for row in similar} <= {f"dprk-ep-{n}" for n in range(1, 8)}


def test_unpublished_episodes_are_never_ranked(demo, anonymous_client):
    from tests.factories import EpisodeFactory

    EpisodeFactory(regime=demo.regime, slug="dprk-ep-99", title="A draft")
    results = get_json(anonymous_client, "/api/analogies/", {"purpose": "coerce"})
    assert "dprk-ep-99" not in [row["slug"] for row in results]
    assert (
        "A draft" not in anonymous_client.get("/analogies/", {"purpose": "coerce"}).content.decode()
    )


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"purpose": "persuade"}, "purpose", "“persuade” is not one of this variable's values"),
        ({"conflict_type": "Piracy!"}, "conflict_type", "“Piracy!” is not a code of the codebook"),
        ({"purpose": "coerce", "colour": "red"}, "colour", "Unknown parameter"),
        ({"purpose": "coerce", "limit": "0"}, "limit", "greater than or equal to 1"),
        ({"purpose": "coerce", "limit": "51"}, "limit", "less than or equal to 50"),
        ({"period_start": "2020-13-01"}, "period_start", "Enter a valid date"),
        ({"period_end": "2020-01-01"}, "period_start", "Give the period's first day too"),
        (
            {"period_start": "2020-02-01", "period_end": "2020-01-01"},
            "period_end",
            "ends before it starts",
        ),
        ({}, "non_field_errors", "Describe the situation"),
    ],
)
def test_the_api_refuses_a_bad_description_with_a_clear_message(
    db, anonymous_client, query, field, message
):
    response = anonymous_client.get("/api/analogies/", query)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_a_well_formed_code_no_value_has_matches_nothing(demo, anonymous_client):
    # As in the list filters: the codebook can grow, and nothing is coded with it yet.
    assert get_json(anonymous_client, "/api/analogies/", {"conflict_type": "piracy"}) == []
    both = get_json(
        anonymous_client, "/api/analogies/", {"conflict_type": ["piracy", "non-proliferation"]}
    )
    assert [row["slug"] for row in both] == ["dprk-ep-8"] and both[0]["score"] == 0.5


def test_the_page_says_what_is_wrong_with_a_bad_description(db, anonymous_client):
    response = anonymous_client.get("/analogies/", {"purpose": "persuade", "colour": "red"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This description cannot be used yet" in page
    assert "“persuade” is not one of this variable&#x27;s values" in page
    assert "Unknown parameter “colour”" in page


NAMES = st.sampled_from([*analogy.PARAMETERS, "other"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["coerce", "non-proliferation", "2020-01-01", "9999-12-31", "0001-01-01"]),
    st.integers(-(2**70), 2**70).map(str),
)


@given(query=st.lists(st.tuples(NAMES, VALUES), max_size=6))
@hypothesis_settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_description_gives_a_server_error(db, anonymous_client, query):
    for url in ("/api/analogies/", "/analogies/"):
        response = anonymous_client.get(url, _as_multi(query))
        assert response.status_code in (200, 400), (url, query, response.status_code)


def _as_multi(pairs):
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


# --- queries -------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return publish_world(episodes=8, designations=3)


def test_the_finder_runs_a_fixed_number_of_queries(
    world, anonymous_client, django_assert_num_queries
):
    query = {"purpose": ["coerce", "constrain"], "category": "arms", "limit": "3"}
    # the publication state (the page's validators), the four lookups of the form (conflict
    # types, objectives, targets, instruments), then every public episode with its regime name
    # and its public assessments (one query)
    with django_assert_num_queries(6):
        response = anonymous_client.get("/analogies/", query)
    assert len(response.context["results"]) == 3
    # the same without the episodes: the page read them, and they are held until the next
    # change of what is public (public.selectors.held_per_state)
    with django_assert_num_queries(4):
        results = get_json(anonymous_client, "/api/analogies/", query)
    assert len(results) == 3
    assert {row["effectiveness"][0]["assessed"] for row in results} == {True}
