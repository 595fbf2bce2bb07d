"""Importing the real 2017 list, then the real 2023 list, checked against an independent reading."""

import datetime
import hashlib
from collections import Counter

import pytest
from django.test import TestCase, override_settings
from reversion.models import Revision, Version

from designations import counts
from designations.importing import import_un_list
from designations.models import Designation, ImportRun
from episodes.models import Regime
from tests import workflow
from tests.importing import reference
from tests.importing.conftest import UN_2017, UN_2023, needs_real_lists

pytestmark = [needs_real_lists, pytest.mark.django_db]

LIST_DATE = datetime.date(2023, 3, 27)


@pytest.fixture(scope="module")
def two_lists(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both real lists imported once for this module's read-only checks, rolled back afterwards."""
    from django.db import transaction

    archive = tmp_path_factory.mktemp("archive")
    with (
        django_db_blocker.unblock(),
        override_settings(ATLAS_IMPORT_ARCHIVE_DIR=archive),
        transaction.atomic(),
    ):
        researcher = workflow.staff_user("importer", "Researchers")
        # As if each import committed: its archived copy moves into place.
        with TestCase.captureOnCommitCallbacks(execute=True):
            first = import_un_list(str(UN_2017), user=researcher)
            second = import_un_list(str(UN_2023), user=researcher, allow_mass_delisting=True)
        yield {"first": first, "second": second, "archive": archive, "user": researcher}
        transaction.set_rollback(True)


def in_force(on=LIST_DATE):
    return Designation.objects.filter(listed_on__lte=on).exclude(delisted_on__lte=on)


def test_entries_per_regime_and_kind_match_the_list(two_lists):
    expected = reference.per_regime_and_kind(UN_2023)

    found = Counter((code, kind) for code, kind in in_force().values_list("regime__code", "kind"))

    assert found == expected
    assert sum(expected.values()) == 955
    # Every entry of either list is a designation, once.
    both = reference.entries(UN_2017).keys() | reference.entries(UN_2023).keys()
    assert sorted(Designation.objects.values_list("dataid", flat=True)) == sorted(both)


def test_added_amended_delisted_unchanged_match_an_independent_comparison(two_lists):
    expected = reference.changes(UN_2017, UN_2023)
    result = two_lists["second"].counts

    assert {
        "added": result.added,
        "amended": result.amended,
        "delisted": result.delisted,
        "unchanged": result.unchanged,
    } == expected
    assert result.relisted == 0
    assert expected == {"added": 146, "amended": 575, "delisted": 212, "unchanged": 234}
    first = two_lists["first"].counts
    assert (first.added, first.amended, first.delisted, first.unchanged) == (1021, 0, 0, 0)


def test_dprk_counts_in_force_on_27_march_2023_are_80_individuals_and_75_entities(two_lists):
    dprk = Regime.objects.get(code="KP")

    computed = counts.working_counts(dprk.pk, LIST_DATE, LIST_DATE)

    assert computed["individual"].current == 80
    assert computed["entity"].current == 75
    assert computed["vessel"].current == 0
    assert in_force().filter(regime=dprk, kind="individual").count() == 80
    assert in_force().filter(regime=dprk, kind="entity").count() == 75
    # On the 2017 list's date the working copy had the 2017 list's 53 and 46.
    on_2017 = counts.working_counts(dprk.pk, datetime.date(2017, 7, 3), datetime.date(2017, 7, 3))
    assert (on_2017["individual"].current, on_2017["entity"].current) == (53, 46)


def test_kpi_033_field_by_field(two_lists):
    ri = Designation.objects.get(reference_number="KPi.033")

    assert ri.dataid == 6908555
    assert ri.kind == "individual"
    assert ri.regime.code == "KP"
    assert ri.source == "un_list"
    assert (ri.first_name, ri.second_name, ri.third_name, ri.fourth_name) == (
        "RI",
        "WON HO",
        "",
        "",
    )
    assert ri.name == "RI WON HO"
    assert ri.positions == ["DPRK Ministry of State Security Official"]
    assert ri.nationalities == ["Democratic People's Republic of Korea"]
    assert ri.listed_on == datetime.date(2016, 11, 30)
    assert ri.amended_on == []
    assert ri.delisted_on is None
    assert ri.narrative == (
        "Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID."
    )
    assert [(b.kind, b.date) for b in ri.birth_dates.all()] == [
        ("exact", datetime.date(1964, 7, 17))
    ]
    assert [(d.document_type, d.number, d.issuing_country) for d in ri.documents.all()] == [
        ("Passport", "381310014", "")
    ]
    # The empty placeholders of the list (<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/>…) made no rows.
    assert not ri.aliases.exists()
    assert not ri.addresses.exists()
    assert not ri.birth_places.exists()


def test_names_and_amendment_dates_as_in_the_list(two_lists):
    element = reference.by_reference(UN_2023, "QDi.001")
    zidane = Designation.objects.get(reference_number="QDi.001")

    parts = [
        element.findtext(tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    ]
    assert [zidane.first_name, zidane.second_name, zidane.third_name, zidane.fourth_name] == parts
    assert zidane.name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert zidane.name_original_script == element.findtext("NAME_ORIGINAL_SCRIPT")
    # Several LAST_DAY_UPDATED/VALUEs: every one is an amendment date.
    assert zidane.amended_on == [v.text for v in element.findall("LAST_DAY_UPDATED/VALUE")]
    assert len(zidane.amended_on) == 5


def test_quirks_of_the_real_list(two_lists):
    # A wrong UN_LIST_TYPE ("26532022"): the regime comes from the reference number.
    haiti = Designation.objects.get(reference_number="HTi.001")
    assert haiti.regime.code == "HT"
    assert haiti.un_list_type == "26532022"
    # A date with a time-zone suffix (1960-01-01-05:00).
    assert [
        (b.kind, b.date)
        for b in Designation.objects.get(reference_number="SSi.005").birth_dates.all()
    ] == [("exact", datetime.date(1960, 1, 1))]
    # EXACT with only a YEAR is a year; BETWEEN is a range.
    assert [
        (b.kind, b.year)
        for b in Designation.objects.get(reference_number="KPi.004").birth_dates.all()
    ] == [("year", 1940)]
    assert [
        (b.kind, b.from_year, b.to_year)
        for b in Designation.objects.get(reference_number="KPi.066").birth_dates.all()
    ] == [("between", 1967, 1969)]
    # Several names in one ALIAS_NAME, separated by "; ".
    soleimani = Designation.objects.get(reference_number="IRi.039")
    assert {"Haj Qasem", "Haji Qassem", "Sardar Soleimani"} <= set(
        soleimani.aliases.filter(quality="low").values_list("name", flat=True)
    )
    assert not soleimani.aliases.filter(name__contains=";").exists()
    # Entities' vocabulary (a.k.a., f.k.a.), white space inside names normalised.
    assert list(
        Designation.objects.get(reference_number="KPe.020").aliases.values_list("quality", "name")
    ) == [
        ("aka", "East Sea Shipping Company"),
        ("aka", "Korea Mirae Shipping Co. Ltd"),
        ("aka", "Haeyang Crew Management Company"),
    ]
    assert (
        "fka",
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
    ) in Designation.objects.get(reference_number="CDe.001").aliases.values_list("quality", "name")
    # COUNTRY_OF_ISSUE when ISSUING_COUNTRY is not given.
    assert ("K048787", "Jordan") in Designation.objects.get(
        reference_number="QDi.343"
    ).documents.values_list("number", "issuing_country")


def test_delisted_entries_stay_with_the_list_date(two_lists):
    gone = reference.entries(UN_2017).keys() - reference.entries(UN_2023).keys()

    delisted = Designation.objects.filter(dataid__in=gone)

    assert delisted.count() == len(gone) == 212
    assert set(delisted.values_list("delisted_on", flat=True)) == {LIST_DATE}
    assert (
        not Designation.objects.exclude(dataid__in=gone).filter(delisted_on__isnull=False).exists()
    )


def test_each_import_is_one_revision_that_versions_only_what_changed(two_lists):
    second = two_lists["second"]
    revision = Revision.objects.get(pk=second.revision_id)
    sha = hashlib.sha256(UN_2023.read_bytes()).hexdigest()

    assert revision.comment == f"UN consolidated list generated 2023-03-27 (sha256 {sha})"
    assert revision.user == two_lists["user"]
    # the two imports' (the migrations' one revision of the seeded lists has no user)
    assert Revision.objects.exclude(user=None).count() == 2
    versioned = set(
        Version.objects.filter(revision=revision, content_type__model="designation").values_list(
            "object_id", flat=True
        )
    )
    counts_ = second.counts
    assert len(versioned) == counts_.added + counts_.amended + counts_.delisted == 933
    unchanged = Designation.objects.get(reference_number="KPi.033")
    assert str(unchanged.pk) not in versioned


def test_the_archive_and_the_list_of_imports(two_lists):
    runs = list(ImportRun.objects.order_by("list_date"))

    assert [
        (r.list_date, r.added, r.amended, r.delisted, r.relisted, r.unchanged) for r in runs
    ] == [
        (datetime.date(2017, 7, 3), 1021, 0, 0, 0, 0),
        (LIST_DATE, 146, 575, 212, 0, 234),
    ]
    latest = runs[-1]
    archived = two_lists["archive"] / latest.archive_path
    assert archived.read_bytes() == UN_2023.read_bytes()
    assert latest.sha256 == hashlib.sha256(archived.read_bytes()).hexdigest()
    assert latest.generated_at == datetime.datetime.fromisoformat("2023-03-27T19:16:01.471-04:00")
    assert latest.summary == (
        "Read 955 entries: 146 added, 575 amended, 212 delisted, 0 relisted, 234 unchanged."
    )


def test_the_output_says_what_happened_in_plain_words(two_lists):
    text = "\n".join(two_lists["second"].lines())

    assert "UN consolidated list generated 27 March 2023 at 19:16 (UTC−04:00)" in text
    assert "Read 955 entries: 701 individuals and 254 entities, in 15 regimes." in text
    assert (
        "Added 146, amended 575, delisted 212 (as of 27 March 2023), relisted 0; 234 unchanged."
        in text
    )
    assert "Saved as one revision" in text
    assert "Not yet submitted for review" in text
    # The two dates of birth the model cannot hold as dates are kept, and said so.
    assert "kept in the narrative: QDi.291, LYi.022" in text
    assert "Date of birth as given in the list: 24/06/1402 (Hijri Calendar)." in (
        Designation.objects.get(reference_number="QDi.291").narrative
    )
