"""Name search of designations: case-, accent- and order-insensitive everywhere; on PostgreSQL
also tolerant of small misspellings (pg_trgm), with exact matches first."""

import pytest
from django.db import connection

from designations.models import PublishedDesignation
from designations.search import search
from tests.factories import AliasFactory, DesignationFactory
from tests.workflow import publish

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="fuzzy search uses PostgreSQL's pg_trgm"
)


@pytest.fixture
def people(db):
    kim = DesignationFactory(
        name="KIM JONG UN", first_name="KIM", second_name="JONG UN", reference_number="KPi.901"
    )
    sik = DesignationFactory(
        name="KIM JONG SIK", first_name="KIM", second_name="JONG SIK", reference_number="KPi.902"
    )
    accented = DesignationFactory(name="CHŎE RYONG-HAE", reference_number="KPi.903")
    ri = DesignationFactory(name="RI WON HO", reference_number="KPi.904")
    AliasFactory(designation=ri, name="Ri Won-ho (the younger)", quality="aka")
    publish(kim, sik, accented, ri)


def keys(text):
    return [d.key for d in search(PublishedDesignation.objects.for_list(), text)]


def test_kim_jong_un_finds_kim_jong_un(people):
    assert keys("Kim Jong Un")[0] == "KPi.901"
    assert "KPi.901" in keys("kim jong-un")


def test_word_order_case_and_accents_do_not_matter(people):
    assert keys("Un Jong KIM")[0] == "KPi.901"
    assert keys("choe ryong hae") == ["KPi.903"]
    assert keys("Chŏe") == ["KPi.903"]


def test_aliases_are_searched(people):
    assert keys("the younger") == ["KPi.904"]


def test_a_name_that_is_not_there_finds_nothing(people):
    assert keys("Vladimir Nobody") == []


def test_the_search_box_lists_matches(anonymous_client, people):
    response = anonymous_client.get("/designations/", {"q": "Kim Jong Un"})
    names = [d.name for d in response.context["rows"]]
    assert names[0] == "KIM JONG UN"


@postgres_only
def test_small_misspellings_are_tolerated_on_postgresql(people):
    assert keys("Kim Jong Sick")[0] == "KPi.902"
    assert keys("Kim Jong Uhn")[0] == "KPi.901"
    assert keys("Ryong-hea Choe") == ["KPi.903"]


@postgres_only
def test_exact_matches_rank_before_similar_names_on_postgresql(anonymous_client, people):
    found = keys("Kim Jong Un")
    assert found[0] == "KPi.901"
    response = anonymous_client.get("/designations/", {"q": "Kim Jong Un"})
    assert "similar name" in response.content.decode()


@postgres_only
def test_the_trigram_index_exists_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["designations_published_search_trgm"],
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
