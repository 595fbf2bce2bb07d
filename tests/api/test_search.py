"""``/api/designations/?q=``: best matches first, each row saying what matched, paged by cursor
through the ranking; any search text answers 200 or a clear 400, never 500."""

from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import get_json
from tests.factories import AliasFactory, DesignationFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    ri = DesignationFactory(name="RI WON HO", reference_number="KPi.033")
    exact = DesignationFactory(name="KIM JONG SIK", reference_number="KPi.801")
    alias = DesignationFactory(name="PAK YONG SIK", reference_number="KPi.802")
    AliasFactory(designation=alias, name="Kim Jong-sik", quality="aka")
    similar = DesignationFactory(name="KIM JONG SIC", reference_number="KPi.803")
    publish(ri, exact, alias, similar)


def test_rows_come_best_first_and_say_what_matched(anonymous_client, people):
    page = get_json(anonymous_client, "/api/designations/", {"q": "kim jong sik"})
    rows = [(row["key"], row["matched"]) for row in page["results"]]
    assert rows == [
        ("KPi.801", "name: KIM JONG SIK"),
        ("KPi.802", "alias: Kim Jong-sik"),
        ("KPi.803", "similar name: KIM JONG SIC"),
    ]


def test_a_reference_number_and_a_misspelling(anonymous_client, people):
    page = get_json(anonymous_client, "/api/designations/", {"q": "KPI.033"})
    assert [(r["key"], r["matched"]) for r in page["results"]] == [
        ("KPi.033", "reference: KPi.033")
    ]
    page = get_json(anonymous_client, "/api/designations/", {"q": "RI WON HOO"})
    assert page["results"][0]["matched"] == "similar name: RI WON HO"


def test_the_cursor_walks_the_ranking(anonymous_client, people):
    keys, url, params = [], "/api/designations/", {"q": "kim jong sik", "page_size": 1}
    while url:
        page = get_json(anonymous_client, url, params)
        keys += [row["key"] for row in page["results"]]
        params = None
        url = page["next"] and f"{urlsplit(page['next']).path}?{urlsplit(page['next']).query}"
    assert keys == ["KPi.801", "KPi.802", "KPi.803"]


def test_an_ordering_asked_for_wins_over_the_ranking(anonymous_client, people):
    page = get_json(
        anonymous_client, "/api/designations/", {"q": "kim jong sik", "ordering": "-reference"}
    )
    assert [row["key"] for row in page["results"]] == ["KPi.803", "KPi.802", "KPi.801"]


def test_without_q_nothing_matched(anonymous_client, people):
    page = get_json(anonymous_client, "/api/designations/")
    assert {row["matched"] for row in page["results"]} == {None}


def test_nationality_by_a_common_name(anonymous_client, people):
    page = get_json(anonymous_client, "/api/designations/", {"nationality": "DPRK"})
    assert len(page["results"]) == 4


def test_a_search_reads_in_a_fixed_number_of_queries(
    anonymous_client, people, django_assert_max_num_queries
):
    # The publication state (1), the trigram look-ups of three words (3) and of the words they
    # begin (1), the candidate rows' ids from the word index (1), the page.
    with django_assert_max_num_queries(7):
        get_json(anonymous_client, "/api/designations/", {"q": "kim jong sick"})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=250), cursor=st.booleans())
def test_any_search_text_answers_200_or_400(anonymous_client, people, text, cursor):
    params = {"q": text}
    if cursor:
        params["cursor"] = text
    response = anonymous_client.get("/api/designations/", params)
    assert response.status_code in (200, 400), response.content[:300]
