"""The search box of the designations page: best matches first, each saying what matched, in a
fixed number of queries, and never a 500 whatever is typed (SQLite and PostgreSQL alike)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AliasFactory, DesignationFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    kim = DesignationFactory(
        name="KIM JONG UN", first_name="KIM", second_name="JONG UN", reference_number="KPi.901"
    )
    sik = DesignationFactory(
        name="KIM JONG SIK", first_name="KIM", second_name="JONG SIK", reference_number="KPi.902"
    )
    accented = DesignationFactory(name="CHŎE RYONG-HAE", reference_number="KPi.903")
    ri = DesignationFactory(name="RI WON HO", reference_number="KPi.033")
    AliasFactory(designation=ri, name="Ri Won-ho (the younger)", quality="aka")
    pak = DesignationFactory(name="PAK YONG SIK", reference_number="KPi.905")
    AliasFactory(designation=pak, name="Kim Cho’ng-sik", quality="aka")
    publish(kim, sik, accented, ri, pak)


def results(client, **params):
    response = client.get("/designations/", params)
    assert response.status_code == 200
    return [(row.key, getattr(row, "matched", "")) for row in response.context["rows"]], response


def test_the_search_box_lists_the_best_match_first_and_what_matched(anonymous_client, people):
    rows, response = results(anonymous_client, q="kim chong sik")
    assert ("KPi.905", "alias: Kim Cho’ng-sik") in rows
    assert "alias: Kim Cho’ng-sik" in response.content.decode()


def test_a_misspelt_name_is_found_on_the_page(anonymous_client, people):
    rows, response = results(anonymous_client, q="RI WON HOO")
    assert rows[0] == ("KPi.033", "similar name: RI WON HO")
    assert "similar name: RI WON HO" in response.content.decode()


def test_a_reference_number_is_found_in_any_case(anonymous_client, people):
    rows, _ = results(anonymous_client, q="kpi.033")
    assert rows == [("KPi.033", "reference: KPi.033")]


def test_accents_and_word_order_do_not_matter(anonymous_client, people):
    assert results(anonymous_client, q="choe ryong hae")[0] == [("KPi.903", "name: CHŎE RYONG-HAE")]
    assert results(anonymous_client, q="Un Jong KIM")[0][0][0] == "KPi.901"


def test_nationality_by_a_common_name(anonymous_client, people):
    rows, _ = results(anonymous_client, nationality="North Korea")
    assert len(rows) == 5


def test_without_a_search_nothing_says_what_matched(anonymous_client, people):
    rows, response = results(anonymous_client)
    assert {matched for _, matched in rows} == {""}
    assert 'class="matched"' not in response.content.decode()


def test_the_search_page_reads_in_a_fixed_number_of_queries(
    anonymous_client, people, django_assert_max_num_queries
):
    for index in range(20):
        designation = DesignationFactory(
            name=f"KIM TEST {index}", reference_number=f"KPi.{700 + index}"
        )
        AliasFactory(designation=designation, name="Kim Other")
    from designations.models import Designation

    publish(*Designation.objects.filter(name__startswith="KIM TEST"))
    # The regimes of the filter (1), the count (1), the page (1), the trigram look-ups of the
    # two words (2) and of the words they begin (1), sessions and the publication state (≤ 4):
    # what matched comes from the rows themselves, whatever their number.
    with django_assert_max_num_queries(10):
        rows, _ = results(anonymous_client, q="kim tesst")
    assert len(rows) >= 20


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=250))
def test_any_search_text_gives_a_page_not_an_error(anonymous_client, people, text):
    response = anonymous_client.get("/designations/", {"q": text})
    # Longer than the field allows, or a NUL, is a clear 400 naming the field; otherwise a page.
    # An empty box redirects to the list without the empty parameter.
    typed = text.strip()
    if "\x00" in text:
        assert response.status_code == 400
    elif typed == "":
        assert response.status_code == 302 and response["Location"] == "/designations/"
    else:
        assert response.status_code == (400 if len(typed) > 200 else 200)


@pytest.mark.parametrize(
    "text",
    ['" OR * NEAR(', 'kpi"033', "^kim", "AND", "-", "*", "kim OR ri", "search_ids : x", "|", "%_"],
)
def test_search_syntax_of_the_index_is_only_text(anonymous_client, people, text):
    rows, _ = results(anonymous_client, q=text)
    assert all(key.startswith("KPi.") for key, _ in rows)


def test_an_unpublished_designation_is_no_longer_found(
    anonymous_client, people, researcher, reviewer
):
    from designations.models import Designation
    from editorial import services

    ri = Designation.objects.get(reference_number="KPi.033")
    services.approve(
        services.submit_for_review([ri], by=researcher, action="unpublish"), by=reviewer
    )
    assert results(anonymous_client, q="ri won ho")[0] == []
    assert results(anonymous_client, q="KPi.033")[0] == []
