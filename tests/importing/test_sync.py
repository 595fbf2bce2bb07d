"""The sync rules: match, amend field by field, delist, relist, never duplicate, dry runs."""

import datetime
import io

import pytest
import reversion
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from designations.importing import import_un_list
from designations.models import Alias, Designation, ImportRun
from editorial.models import AuditEvent
from episodes.models import Regime
from tests.factories import DesignationFactory
from tests.importing.conftest import UN_2023, database_state, entry, needs_real_lists, un_list

pytestmark = pytest.mark.django_db

ALIAS = "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{}</ALIAS_NAME></INDIVIDUAL_ALIAS>"


def run(path, *options) -> str:
    out = io.StringIO()
    call_command("import_un_list", str(path), *options, stdout=out)
    return out.getvalue()


@needs_real_lists
def test_importing_the_same_real_list_twice_changes_nothing_and_says_so(researcher):
    import_un_list(str(UN_2023), user=researcher)
    before = database_state()
    revisions = Revision.objects.count()

    output = run(UN_2023, "--user", researcher.username)

    assert "Nothing changed: all 955 entries already match the working copy" in output
    assert "No revision was made." in output
    assert "This exact file was already imported on" in output
    assert Revision.objects.count() == revisions
    after = database_state()
    # Only the record of the run itself is new.
    assert len(after.pop("designations.ImportRun")) == len(before.pop("designations.ImportRun")) + 1
    assert after == before
    assert ImportRun.objects.latest().summary == (
        "No changes: all 955 entries already matched the working copy."
    )


def test_changed_entries_are_amended_field_by_field_and_only_they_get_a_version(write):
    first = write(
        "1.xml",
        un_list(
            entry(1, "KPi.801", first="KIM", second="ONE", extra=ALIAS.format("Kim Il")),
            entry(2, "KPi.802", first="PAK", second="TWO"),
            generated="2023-01-01T12:00:00-05:00",
        ),
    )
    second = write(
        "2.xml",
        un_list(
            # A second alias and a new amendment date; the other entry is identical.
            entry(
                1,
                "KPi.801",
                first="KIM",
                second="ONE",
                extra=ALIAS.format("Kim Il")
                + ALIAS.format("Kim Ir")
                + "<LAST_DAY_UPDATED><VALUE>2023-02-01</VALUE></LAST_DAY_UPDATED>",
            ),
            entry(2, "KPi.802", first="PAK", second="TWO"),
            generated="2023-02-02T12:00:00-05:00",
        ),
    )
    run(first)
    kim = Designation.objects.get(reference_number="KPi.801")
    kept_alias = kim.aliases.get()

    output = run(second)

    assert (
        "Added 0, amended 1, delisted 0 (as of 2 February 2023), relisted 0; 1 unchanged." in output
    )
    kim.refresh_from_db()
    assert kim.amended_on == ["2023-02-01"]
    assert list(kim.aliases.values_list("pk", "name")) == [
        (kept_alias.pk, "Kim Il"),
        (kim.aliases.last().pk, "Kim Ir"),
    ]
    latest = Revision.objects.latest("pk")
    assert set(
        Version.objects.filter(revision=latest).values_list("content_type__model", "object_repr")
    ) == {
        ("designation", "KPi.801 KIM ONE"),
        ("alias", "Kim Il"),
        ("alias", "Kim Ir"),
    }


def test_a_designation_missing_from_the_list_is_delisted_then_relisted(write):
    one, two = (
        entry(1, "KPi.801", first="KIM", second="ONE"),
        entry(2, "KPi.802", first="PAK", second="TWO"),
    )
    run(write("1.xml", un_list(one, two, generated="2023-01-01T12:00:00-05:00")))

    run(
        write("2.xml", un_list(one, generated="2023-02-01T12:00:00-05:00")),
        "--allow-mass-delisting",
    )
    pak = Designation.objects.get(reference_number="KPi.802")
    assert pak.delisted_on == datetime.date(2023, 2, 1)

    output = run(write("3.xml", un_list(one, two, generated="2023-03-01T12:00:00-05:00")))

    assert "Added 0, amended 0, delisted 0 (as of 1 March 2023), relisted 1; 1 unchanged." in output
    pak.refresh_from_db()
    assert pak.delisted_on is None
    assert Designation.objects.count() == 2


def test_a_designation_typed_by_hand_is_matched_on_its_reference_number(write, researcher):
    typed = DesignationFactory(reference_number="KPi.801", name="KIM ONE", dataid=None)

    run(write("1.xml", un_list(entry(1, "KPi.801", first="KIM", second="ONE"))))

    assert Designation.objects.count() == 1
    typed.refresh_from_db()
    assert (typed.dataid, typed.source) == (1, "un_list")


def test_a_reference_number_that_belongs_to_another_designation_is_refused(write):
    run(write("1.xml", un_list(entry(1, "KPi.801"), entry(2, "KPi.802"))))
    before = database_state()
    # DATAID 1 now claims KPi.802, which DATAID 2 holds.
    swapped = un_list(entry(1, "KPi.802"), entry(2, "KPi.801"), generated="2023-04-01T00:00:00Z")

    with pytest.raises(CommandError, match="belongs to another designation in the working copy"):
        run(write("2.xml", swapped))
    assert database_state() == before


def test_a_dry_run_writes_nothing_and_says_what_would_change(write):
    run(write("1.xml", un_list(entry(1, "KPi.801"), generated="2023-01-01T12:00:00-05:00")))
    before = database_state()

    output = run(
        write(
            "2.xml",
            un_list(entry(1, "KPi.801"), entry(2, "ZZi.001"), generated="2023-02-01T00:00:00Z"),
        ),
        "--dry-run",
    )

    assert "Dry run, nothing was written. The import would add 1, amend 0, delist 0" in output
    assert "Would create regime ZZ" in output
    assert database_state() == before


def test_an_unknown_regime_is_created_and_reported(write):
    output = run(write("1.xml", un_list(entry(7, "ZZi.001", first="NEW", second="REGIME"))))

    regime = Regime.objects.get(code="ZZ")
    assert regime.name == "Regime ZZ (created by the import: complete its details)"
    assert Designation.objects.get(reference_number="ZZi.001").regime == regime
    assert "Created regime ZZ, which the list uses but the atlas did not have" in output
    # The new regime is in the import's one revision.
    assert (
        Version.objects.get_for_object(regime)
        .get()
        .revision.comment.startswith("UN consolidated list generated 2023-03-27")
    )
    assert "Created regime ZZ: complete its details." in ImportRun.objects.get().warnings


def test_unknown_elements_are_warnings_not_failures(write):
    text = un_list(entry(1, "KPi.801", extra="<SHOE_SIZE>44</SHOE_SIZE>")).replace(
        "</ENTITIES>", "</ENTITIES><VESSELS/>"
    )

    output = run(write("1.xml", text))

    assert Designation.objects.filter(reference_number="KPi.801").exists()
    assert "  - Unknown element <SHOE_SIZE> in <INDIVIDUAL>, ignored" in output
    assert "  - Unknown element <VESSELS> in <CONSOLIDATED_LIST>, ignored" in output


def test_the_import_records_who_ran_it_and_an_audit_event(write, researcher):
    run(write("1.xml", un_list(entry(1, "KPi.801"))), "--user", researcher.username)

    revision = Revision.objects.latest("pk")  # after the seeded lists' first revision
    assert revision.user == researcher
    run_ = ImportRun.objects.get()
    assert (run_.created_by, run_.revision) == (researcher, revision)
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED)
    assert event.actor == researcher
    assert event.comment.startswith("UN consolidated list generated 27 March 2023")


def test_a_hand_edit_since_the_last_import_is_overwritten_by_the_list(write, researcher):
    path = write("1.xml", un_list(entry(1, "KPi.801", first="KIM", second="ONE")))
    run(path)
    kim = Designation.objects.get()
    with reversion.create_revision():
        kim.name = "KIM WON"
        kim.save()
        Alias.objects.create(designation=kim, quality="low", name="Typed by hand")

    output = run(path)

    assert "amended 1" in output
    kim.refresh_from_db()
    assert kim.name == "KIM ONE"
    assert not kim.aliases.exists()


@needs_real_lists
def test_an_unchanged_reimport_compares_no_children(researcher, django_assert_max_num_queries):
    import_un_list(str(UN_2023), user=researcher)

    with django_assert_max_num_queries(20) as queries:
        outcome = import_un_list(str(UN_2023), user=researcher)

    assert outcome.counts.unchanged == 955
    # Entries byte for byte as last time, on designations not saved since: one light query.
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("alias", "address", "birthdate", "birthplace", "identitydocument"):
        assert f"designations_{table}" not in sql
    # Only the latest run keeps its digests.
    assert [bool(run.entry_digests) for run in ImportRun.objects.order_by("pk")] == [False, True]


def test_each_chunk_reads_its_matches_by_primary_key_unsorted(
    write, monkeypatch, django_assert_max_num_queries
):
    """The working copy's keys are read once; a chunk then reads only the designations it
    matches, by primary key, without the model's ordering (which joins the regimes and sorts)
    and without ``dataid = ANY(…) OR reference_number = ANY(…)``, which PostgreSQL, having no
    statistics of the rows the import's own transaction inserts, answered by scanning the
    whole growing table for every chunk."""
    from designations.importing import sync

    monkeypatch.setattr(sync, "CHUNK", 2)
    first = write("1.xml", un_list(*(entry(n, f"KPi.{800 + n}") for n in range(1, 9))))
    run(first)
    second = write(
        "2.xml",
        un_list(
            *(entry(n, f"KPi.{800 + n}", second="RENAMED") for n in range(1, 5)),
            *(entry(n, f"KPi.{800 + n}") for n in range(5, 13)),
        ),
    )

    with django_assert_max_num_queries(120) as queries:
        output = run(second)

    assert "Added 4, amended 4" in output
    reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "designations_designation"' in query["sql"]
    ]
    key_reads = [sql for sql in reads if '"designations_designation"."dataid" IS NOT NULL' in sql]
    assert len(key_reads) == 1
    compared = [sql for sql in reads if '"designations_designation"."narrative"' in sql]
    assert compared
    for sql in reads:
        assert "ORDER BY" not in sql and "JOIN" not in sql, sql
    for sql in compared:
        assert '"dataid" IN' not in sql and '"dataid" = ANY' not in sql, sql


@needs_real_lists
def test_an_unchanged_reimport_reads_no_entry_in_full_and_warns_as_the_first(
    researcher, monkeypatch
):
    from designations.importing import un_xml

    first = import_un_list(str(UN_2023), user=researcher)
    read_in_full = []
    full_reader = un_xml._entry
    monkeypatch.setattr(
        un_xml, "_entry", lambda *args: read_in_full.append(args[1]) or full_reader(*args)
    )

    again = import_un_list(str(UN_2023), user=researcher)

    assert again.counts.unchanged == 955
    assert read_in_full == []
    assert first.warnings and again.warnings == first.warnings
    runs = ImportRun.objects.order_by("pk")
    assert runs[0].warnings == runs[1].warnings == first.warnings


def test_an_entry_saved_since_is_read_in_full_and_warned_about_once(write):
    odd = "<INDIVIDUAL_ALIAS><QUALITY>Doubtful</QUALITY><ALIAS_NAME>KIM</ALIAS_NAME></INDIVIDUAL_ALIAS>"
    path = write(
        "1.xml",
        un_list(
            entry(1, "KPi.801", first="KIM", second="ONE", extra=odd),
            entry(2, "KPi.802", first="KIM", second="TWO", extra=odd),
        ),
    )
    warning = "Alias quality “Doubtful” not known, recorded as a.k.a.: KPi.801, KPi.802"
    assert warning in run(path)
    kim = Designation.objects.get(reference_number="KPi.801")
    with reversion.create_revision():
        kim.name = "KIM WON"
        kim.save()

    output = run(path)

    assert "amended 1" in output and "1 unchanged" in output
    assert warning in output
    kim.refresh_from_db()
    assert kim.name == "KIM ONE"
    assert list(kim.aliases.values_list("quality", "name")) == [("aka", "KIM")]
    assert ImportRun.objects.order_by("-pk").first().warnings == [warning]


def test_an_entry_saved_since_the_last_import_is_compared_in_full(write):
    path = write("1.xml", un_list(entry(1, "KPi.801", first="KIM", second="ONE")))
    run(path)
    kim = Designation.objects.get()
    with reversion.create_revision():
        kim.delisted_on = datetime.date(2023, 3, 28)
        kim.save()

    output = run(path)

    assert "relisted 1" in output
    kim.refresh_from_db()
    assert kim.delisted_on is None
