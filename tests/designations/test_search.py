"""Search of published designations finds what people type, on SQLite and PostgreSQL alike:
case, accents, apostrophes, hyphens and spacing ignored; misspellings tolerated; identifiers
exact; original scripts; nationalities by the names people use; best matches first, each saying
what matched."""

import copy
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from designations import search
from designations.documents import designation_columns
from designations.importing import import_un_list
from designations.models import PublishedDesignation, SearchTrigram
from editorial import services
from editorial.models import ChangeRequest
from public.filters import DesignationFilter
from tests.factories import AliasFactory, DesignationFactory
from tests.importing.conftest import UN_2023, needs_real_lists
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    ri = DesignationFactory(
        name="RI WON HO", first_name="RI", second_name="WON HO", reference_number="KPi.033"
    )
    ri.dataid = "6908555"
    ri.save()
    kim = DesignationFactory(name="KIM JONG SIK", first_name="KIM", second_name="JONG SIK")
    other = DesignationFactory(name="PAK YONG SIK", first_name="PAK", second_name="YONG SIK")
    AliasFactory(designation=other, name="Kim Cho’ng-sik", quality="aka")
    similar = DesignationFactory(name="KIM JONG SIC", first_name="KIM", second_name="JONG SIC")
    korean = DesignationFactory(name="KIM SONG IL", name_original_script="김성일")
    iranian = DesignationFactory(
        name="ALI AKBAR AHMADIAN", reference_number="IRi.001", nationalities=["Iran"]
    )
    vessel = DesignationFactory(vessel=True, name="CHON MA SAN", imo_number="8660313")
    publish(ri, kim, other, similar, korean, iranian, vessel)
    return {
        "ri": ri.reference_number,
        "kim": kim.reference_number,
        "alias": other.reference_number,
        "similar": similar.reference_number,
        "korean": korean.reference_number,
        "iranian": "IRi.001",
        "vessel": "8660313",
    }


def found(text):
    rows = search.search(PublishedDesignation.objects.for_list(), text)
    return [(row.key, search.matched(row.search_terms, text)) for row in rows]


def keys(text):
    return [key for key, _ in found(text)]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("kim chong sik", "Kim Cho’ng-sik"),
        ("Kim Cho'ng-sik", "Kim Cho’ng-sik"),
        ("KIM CHOʼNG SIK", "Kim Cho’ng-sik"),
        ("  kim   cho’ng - sik ", "Kim Cho’ng-sik"),
        ("choe ryong hae", "CHŎE RYONG-HAE"),
        ("CHŎE Ryong-Hae", "choe ryong hae"),
    ],
)
def test_both_sides_are_normalised_alike(typed, stored):
    assert search.normalise(typed) == search.normalise(stored)


def test_an_apostrophe_joins_and_a_hyphen_splits():
    assert search.normalise("Kim Cho’ng-sik") == "kim chong sik"


def test_kim_chong_sik_finds_the_alias_and_says_so(people):
    results = found("kim chong sik")
    assert (people["alias"], "alias: Kim Cho’ng-sik") in results


def test_ri_won_hoo_finds_ri_won_ho_as_a_similar_name(people):
    results = found("RI WON HOO")
    assert results[0] == (people["ri"], "similar name: RI WON HO")


def test_misspellings_are_tolerated(people):
    assert keys("Kim Jong Sick")[0] in (people["kim"], people["similar"])
    assert people["vessel"] in keys("chon ma sun")
    assert keys("Vladimir Nobody") == []


def test_reference_numbers_are_found_exactly_in_any_case(people):
    assert found("KPi.033") == [(people["ri"], "reference: KPi.033")]
    assert found("kpi.033 ") == [(people["ri"], "reference: KPi.033")]
    assert keys("KPi.03") == []  # exact: not every reference starting so


def test_imo_numbers_and_dataids_are_found_exactly(people):
    assert found("8660313") == [(people["vessel"], "IMO number: 8660313")]
    assert found("IMO 8660313") == [(people["vessel"], "IMO number: 8660313")]
    assert found("6908555") == [(people["ri"], "DATAID: 6908555")]


def test_original_script_names_are_found(people):
    assert found("김성일") == [(people["korean"], "original script: 김성일")]


def test_results_rank_identifier_then_name_then_alias_then_similar(people):
    someone = DesignationFactory(name="SOMEONE ELSE", reference_number="KPi.777")
    AliasFactory(designation=someone, name="KIM JONG SIK")
    publish(someone)
    order = keys("Kim Jong Sik")
    assert order.index(people["kim"]) < order.index("KPi.777") < order.index(people["similar"])
    ranks = {
        row.key: row.search_rank
        for row in search.search(PublishedDesignation.objects.for_list(), "Kim Jong Sik")
    }
    assert ranks[people["kim"]] == search.EXACT_NAME
    assert ranks["KPi.777"] == search.ALIAS
    assert ranks[people["similar"]] == search.SIMILAR
    assert search.search(PublishedDesignation.objects.for_list(), "KPi.033")[0].search_rank == 0


@pytest.mark.parametrize(
    "country",
    ["DPRK", "North Korea", "Democratic People's Republic of Korea", "kp", "korea, north"],
)
def test_nationality_by_the_names_people_use(people, country):
    filtered = DesignationFilter(
        {"nationality": country}, queryset=PublishedDesignation.objects.for_list()
    )
    assert filtered.is_valid()
    found_keys = {row.key for row in filtered.qs}
    assert people["ri"] in found_keys
    assert people["iranian"] not in found_keys


def test_nationality_as_listed_still_matches_part_of_it(people):
    filtered = DesignationFilter(
        {"nationality": "Iran"}, queryset=PublishedDesignation.objects.all()
    )
    assert filtered.is_valid()
    assert [row.key for row in filtered.qs] == [people["iranian"]]


def test_approval_stores_the_normalised_text_and_the_trigrams(people):
    row = PublishedDesignation.objects.get(key=people["alias"])
    assert "\n kim chong sik \n" in row.search_aliases
    assert row.nationality_codes == "|kp|"
    # The names' word trigrams serve the misspelling look-up, on both databases.
    assert SearchTrigram.objects.filter(word="chong", trigram="hon").exists()


def test_a_search_does_not_normalise_rows(people, django_assert_max_num_queries):
    # One query per misspelt word (the word-trigram table) and one for the words they begin, on
    # both databases; then the rows.
    with django_assert_max_num_queries(3 + 1 + 1):
        list(search.search(PublishedDesignation.objects.for_list(), "ri won hoo")[:50])


def test_the_backfill_migration_computes_what_approval_stores(people):
    migration = importlib.import_module("designations.migrations.0006_backfill_search_columns")
    for row in PublishedDesignation.objects.all():
        expected = designation_columns(row.document, None)
        computed = migration._columns(row.document)
        assert computed == {name: expected[name] for name in computed}


def test_the_backfill_migration_fills_rows_published_before_it(people):
    from django.apps import apps as current_apps

    migration = importlib.import_module("designations.migrations.0006_backfill_search_columns")
    PublishedDesignation.objects.update(search_names="", search_ids="", search_terms=[])
    SearchTrigram.objects.all().delete()

    class Editor:
        connection = connection

    migration.forwards(current_apps, Editor())
    assert found("KPi.033") == [(people["ri"], "reference: KPi.033")]
    assert people["ri"] in keys("ri won hoo")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_the_trigram_index_exists_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["designations_published_search_trgm"],
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


# --- the real UN list of 27 March 2023 -------------------------------------------------------


@needs_real_lists
def test_the_real_list_is_found_as_people_type_it(researcher, reviewer):
    import_un_list(str(UN_2023), user=researcher, submit=True)
    services.approve(ChangeRequest.objects.latest("pk"), by=reviewer)
    cases = {
        # typed: (expected first key, what matched)
        "KPi.033": ("KPi.033", "reference: KPi.033"),
        "kpi.033": ("KPi.033", "reference: KPi.033"),
        "6908555": ("KPi.033", "DATAID: 6908555"),
        "RI WON HOO": ("KPi.033", "similar name: RI WON HO"),
        "ri won-ho": ("KPi.033", "name: RI WON HO"),
        "Айрат Насимович Вахитов": ("QDi.397", "original script: Айрат Насимович Вахитов"),
        "Вахитов": ("QDi.397", "original script: Айрат Насимович Вахитов"),
        "أبو محمد الجولاني": ("QDi.317", "original script: أبو محمد الجولاني"),
    }
    failures = {}
    for typed, expected in cases.items():
        results = found(typed)
        if not results or results[0] != expected:
            failures[typed] = results[:3]
    kim = [(key, what) for key, what in found("kim chong sik") if what == "alias: Kim Cho’ng-sik"]
    if not kim:
        failures["kim chong sik"] = found("kim chong sik")[:5]
    assert failures == {}
    dprk = DesignationFilter({"nationality": "DPRK"}, queryset=PublishedDesignation.objects.all())
    listed = PublishedDesignation.objects.filter(
        nationalities__contains="Democratic People's Republic of Korea"
    )
    assert dprk.is_valid()
    assert dprk.qs.count() == listed.count() > 50


@pytest.fixture
def crowd(people):
    """3,000 more published rows beside ``people``, of other names, 30 of them Iraqi, so that
    PostgreSQL's planner chooses as it would over a real list (with seven rows it reads the
    table whole, rightly)."""
    template = PublishedDesignation.objects.get(key=people["kim"])
    rows = []
    for n in range(3000):
        row = copy.copy(template)
        row.pk, row.object_id, row.key = None, 900_000 + n, f"XXi.{n:05d}"
        row.reference_number, row.imo_number = row.key, None
        row.search_text = row.search_names = f"\n filler{n} person{n % 97} \n"
        row.search_aliases, row.search_ids = "", f"|xxi.{n:05d}|"
        row.nationalities, row.nationality_codes = (
            ("Iraq", "|iq|") if n % 100 == 0 else ("Iran", "|ir|")
        )
        rows.append(row)
    PublishedDesignation.objects.bulk_create(rows)
    search.index_words(rows)  # as approval does
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE designations_publisheddesignation")
    return people


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL's indexes")
@pytest.mark.parametrize(
    "text, nationality, indexes",
    [
        ("kim jong sick", "", ["designations_published_search_words"]),
        ("RI WON HOO", "", ["designations_published_search_words"]),
        ("KPi.033", "", ["designations_published_search_ids"]),
        ("IMO 8660313", "", ["designations_published_search_ids"]),
        ("filler", "Iraq", ["designations_published_nationality_codes"]),
        ("filler", "raq", ["designations_published_nationalities_trgm"]),
    ],
)
def test_a_search_reads_the_projection_through_its_indexes_on_postgresql(
    crowd, text, nationality, indexes
):
    """No Seq Scan of the designations for a search: the ids of the matching rows come from the
    word index (0008), the identifiers' index or, with a nationality, those and the
    nationalities' indexes (0009) together, in one read of the table; the page and its count
    then read those rows by primary key."""
    with CaptureQueriesContext(connection) as captured:
        rows = search.search(PublishedDesignation.objects.for_list(), text, nationality)
    (matching,) = [
        q["sql"]
        for q in captured.captured_queries
        if PublishedDesignation._meta.db_table in q["sql"]
    ]
    sql, params = rows.query.sql_with_params()
    count_sql, count_params = rows.order_by().values("pk").query.sql_with_params()
    plans = []
    with connection.cursor() as cursor:
        for statement, values in (
            (matching, None),  # as sent, with its values
            (sql, params),
            ("SELECT count(*) FROM (" + count_sql + ") AS found", count_params),
        ):
            cursor.execute("EXPLAIN " + statement, values)
            plans.append("\n".join(line for (line,) in cursor.fetchall()))
    for explained in plans:
        assert "Seq Scan on designations_publisheddesignation" not in explained, explained
    for index in indexes:
        assert index in plans[0], plans[0]
    # The table is read once: the indexes' rows tested as they are read, not read again by id.
    reads = re.findall(r"Scan (?:using \S+ )?on designations_publisheddesignation\b", plans[0])
    assert len(reads) == 1, plans[0]
    for explained in plans[1:]:
        assert "designations_publisheddesignation_pkey" in explained, explained
    assert rows.count() >= 1  # and it finds the rows


def _ids_asked_for(sql: str) -> int:
    """How many ids the statement's ``_AmongIds`` filter names (its array or JSON list)."""
    listed = re.search(r"ANY\('\{([0-9,]*)\}'::bigint\[\]\)|json_each\('\[([0-9, ]*)\]'\)", sql)
    return len((listed.group(1) or listed.group(2) or "").split(","))


def test_a_page_of_a_search_reads_its_own_rows_and_the_pages_make_the_whole(crowd):
    """The ids of a search are read once in its order; a page then asks for the ids up to its
    end alone, not every match (3,000 here), and the pages put together are the whole list; its
    count is known without a query. A filter or ordering added after the search asks for every id
    again and counts anew, and stays right."""
    rows = search.search(PublishedDesignation.objects.for_list(), "filler")
    whole = [row.key for row in rows.all()]  # .all(): a new query each time, no cached rows
    assert len(whole) == 3000
    with CaptureQueriesContext(connection) as captured:
        page = [row.key for row in rows.all()[50:100]]
    (statement,) = [q["sql"] for q in captured.captured_queries]
    assert _ids_asked_for(statement) == 100
    assert page == whole[50:100]
    assert [row.key for row in rows[2990:3010]] == whole[2990:3010]
    with CaptureQueriesContext(connection) as counted:
        assert rows.count() == 3000
    assert counted.captured_queries == []  # known when the ids were read
    assert rows.filter(nationalities="Iraq").count() == 30
    assert rows.exclude(nationalities="Iraq").count() == 2970
    assert rows.none().count() == 0
    assert rows.values("nationalities").distinct().count() == 2
    iraqi = [row.key for row in rows.filter(nationalities="Iraq")[:5]]
    expected = [row.key for row in rows if row.nationalities == "Iraq"][:5]
    assert iraqi == expected and len(iraqi) == 5
    backwards = [row.key for row in rows.order_by("-id")[:3]]
    assert backwards == [row.key for row in rows.order_by("-id")][:3]


def test_each_slice_of_a_ranked_search_is_that_slice_of_the_whole(people):
    """Identifier, name, alias and similar names, each rank's rows told apart on the page as
    in the whole list."""
    someone = DesignationFactory(name="SOMEONE ELSE", reference_number="KPi.777")
    AliasFactory(designation=someone, name="KIM JONG SIK")
    publish(someone)
    rows = search.search(PublishedDesignation.objects.for_list(), "Kim Jong Sik")
    whole = [(row.key, row.search_rank) for row in rows.all()]
    assert len({rank for _, rank in whole}) >= 3
    for start in range(len(whole)):
        for stop in range(start + 1, len(whole) + 1):
            assert [(r.key, r.search_rank) for r in rows.all()[start:stop]] == whole[start:stop]


@pytest.mark.parametrize(
    "nationality", ["DPRK", "North Korea", "korea", "orth Kor", "Iran", "kp", "IR", "Congo", "zz"]
)
def test_a_nationality_narrows_the_candidates_never_the_results(people, nationality):
    """The nationality's indexes (0009) only narrow what a search reads: with or without them
    the same rows match, whatever part of a nationality is typed."""
    both = DesignationFilter(
        {"q": "kim", "nationality": nationality}, queryset=PublishedDesignation.objects.for_list()
    )
    assert both.is_valid()
    searched = search.search(PublishedDesignation.objects.for_list(), "kim")
    expected = [row.key for row in searched.filter(search.nationality_q(nationality))]
    assert [row.key for row in both.qs] == expected
    if nationality in ("DPRK", "North Korea", "korea", "kp"):
        assert expected  # the Korean names are found


def test_the_nationalities_index_follows_every_write(people):
    """SQLite's trigram table of nationalities is kept by triggers (0009), as PostgreSQL keeps
    its indexes: a changed, a new and a deleted row are found as they now are."""
    iranian = PublishedDesignation.objects.get(key=people["iranian"])
    iranian.nationalities = "Iraq"
    iranian.nationality_codes = "|iq|"
    iranian.save()
    found = DesignationFilter(
        {"q": "ali akbar", "nationality": "Iraq"}, queryset=PublishedDesignation.objects.all()
    )
    assert [row.key for row in found.qs] == [people["iranian"]]
    iran = DesignationFilter(
        {"q": "ali akbar", "nationality": "Iran"}, queryset=PublishedDesignation.objects.all()
    )
    assert list(iran.qs) == []
    iranian.delete()
    assert list(found.qs.all()) == []
