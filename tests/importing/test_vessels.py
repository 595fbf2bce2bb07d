"""The 1718 Committee's vessel list (CSV): the same sync, revision and error rules, keyed on IMO."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Revision

from designations.models import Alias, Designation, ImportRun
from tests.factories import DesignationFactory
from tests.importing.conftest import VESSELS, database_state

pytestmark = pytest.mark.django_db

HEADER = (
    "Vessel name,IMO number,MMSI,Flag,Call sign,Type,Designated owner,Date(s) of designation,"
    "Other information,Applicable measures\n"
)


def run(path, *options) -> str:
    out = io.StringIO()
    call_command("import_vessels", str(path), *options, stdout=out)
    return out.getvalue()


def test_the_real_vessel_list_is_imported(researcher):
    output = run(VESSELS, "--date", "2023-03-27", "--user", researcher.username)

    vessels = Designation.objects.filter(kind="vessel")
    assert sorted(vessels.values_list("imo_number", flat=True)) == [
        "7389704",
        "8126070",
        "8312497",
        "8705539",
        "9020534",
        "9114555",
    ]
    assert set(vessels.values_list("regime__code", "source")) == {("KP", "vessel_list")}
    kum_un_san = vessels.get(imo_number="8705539")
    assert kum_un_san.name == "KUM UN SAN 3"
    assert kum_un_san.flag == "Democratic People's Republic of Korea"
    assert kum_un_san.vessel_type == "Tanker"
    assert kum_un_san.listed_on == datetime.date(2018, 10, 16)
    assert kum_un_san.applicable_measures == (
        "Deflagging (resolution 2321 (2016), paragraph 12); "
        "port entry ban (resolution 2371 (2017), paragraph 6)"
    )
    assert vessels.get(imo_number="9114555").listed_on == datetime.date(2017, 12, 28)
    assert "Read 6 entries: 6 vessels, in 1 regime." in output
    assert (
        "Added 6, amended 0, delisted 0 (as of 27 March 2023), relisted 0; 0 unchanged." in output
    )
    assert Revision.objects.latest("pk").comment.startswith(
        "1718 Committee vessel list of 2023-03-27"
    )
    assert ImportRun.objects.get().source == "vessel_list"


def test_reimporting_the_vessel_list_changes_nothing():
    run(VESSELS, "--date", "2023-03-27")
    revisions = Revision.objects.count()

    output = run(VESSELS, "--date", "2023-03-27")

    assert "Nothing changed: all 6 entries already match the working copy" in output
    assert Revision.objects.count() == revisions


def test_a_vessel_missing_from_a_later_list_is_delisted_and_its_owner_linked(write):
    run(VESSELS, "--date", "2023-03-27")
    owner = DesignationFactory(entity=True, reference_number="KPe.067", name="KOTI CORP")
    rows = VESSELS.read_text(encoding="utf-8").splitlines()
    # A made-up vessel for the owner link (9999993 passes the check digit; it is no real ship).
    later = "\n".join(
        [*rows[:-1], 'TEST VESSEL,IMO 9999993,,Panama,,,"KOTI CORP (KPe.067)",2023-05-02,,']
    )

    output = run(write("later.csv", later), "--date", "2023-06-01")

    assert "Added 1, amended 0, delisted 1 (as of 1 June 2023), relisted 0; 5 unchanged." in output
    assert Designation.objects.get(imo_number="8705539").delisted_on == datetime.date(2023, 6, 1)
    test_vessel = Designation.objects.get(imo_number="9999993")
    assert test_vessel.owner == owner
    assert test_vessel.owner_name == "KOTI CORP"


def test_an_unknown_owner_reference_is_a_warning(write):
    text = HEADER + 'TEST VESSEL,9999993,,,,,"NOBODY LTD (KPe.999)",2023-05-02,,\n'

    output = run(write("list.csv", text), "--date", "2023-06-01")

    assert Designation.objects.get(imo_number="9999993").owner is None
    assert "Owner's reference number not found among the entities" in output
    assert "IMO 9999993 → KPe.999" in output


def test_aliases_typed_by_hand_on_a_vessel_are_kept_and_versioned(write):
    run(VESSELS, "--date", "2023-03-27")
    vessel = Designation.objects.get(imo_number="8705539")
    Alias.objects.create(designation=vessel, quality="fka", name="A FORMER NAME")
    changed = VESSELS.read_text(encoding="utf-8").replace(
        "KUM UN SAN 3,8705539,,Democratic People's Republic of Korea,,Tanker",
        "KUM UN SAN 3,8705539,,Democratic People's Republic of Korea,,Oil tanker",
    )

    run(write("changed.csv", changed), "--date", "2023-04-01")

    vessel.refresh_from_db()
    assert vessel.vessel_type == "Oil tanker"
    assert list(vessel.aliases.values_list("name", flat=True)) == ["A FORMER NAME"]
    latest = Revision.objects.latest("pk")
    assert set(latest.version_set.values_list("object_repr", flat=True)) == {
        "8705539 KUM UN SAN 3",
        "A FORMER NAME",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "Name of ship,Number\nX,1\n",
            "has no 'vessel name', 'IMO number', 'date(s) of designation' column",
        ),
        (HEADER + "SHIP,12345,,,,,,2023-01-01,,\n", "Row 2: “12345” is not an IMO number"),
        (
            HEADER + "SHIP,9999993,,,,,,yesterday,,\n",
            "Row 2 (IMO 9999993): “yesterday” is not a date",
        ),
        (HEADER + "SHIP,9999993,,,,,,,,\n", "Row 2 (IMO 9999993) has no date of designation."),
        (HEADER + ",9999993,,,,,,2023-01-01,,\n", "Row 2 (IMO 9999993) has no vessel name."),
        (
            HEADER + "A,9999993,,,,,,2023-01-01,,\nB,9999993,,,,,,2023-01-01,,\n",
            "The list names imo number 9999993 twice",
        ),
        ("Vessel name,IMO number\n".encode("utf-16"), "is not a UTF-8 text file"),
    ],
    ids=["columns", "imo", "date", "no-date", "no-name", "duplicate", "encoding"],
)
def test_bad_vessel_lists_are_refused_and_change_nothing(write, content, message):
    run(VESSELS, "--date", "2023-03-27")
    before = database_state()

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(write("bad.csv", content), "--date", "2023-04-01")

    assert database_state() == before


def test_a_vessel_list_date_must_be_a_date():
    with pytest.raises(CommandError, match="write the list's date as YYYY-MM-DD"):
        run(VESSELS, "--date", "27/03/2023")
