"""The importer's bulk-written versions are the ones reversion itself would write."""

import io
import json

import pytest
import reversion
from django.core.management import call_command
from reversion.models import Version

from designations.models import Designation
from editorial import snapshots
from tests.importing.conftest import entry, un_list

pytestmark = pytest.mark.django_db

FULL_ENTRY = entry(
    1,
    "KPi.801",
    first="KIM",
    second="ONE",
    extra=(
        "<TITLE><VALUE>Dr.</VALUE></TITLE><NATIONALITY><VALUE>Democratic People's Republic of Korea"
        "</VALUE></NATIONALITY><LAST_DAY_UPDATED><VALUE>2020-01-02</VALUE><VALUE/></LAST_DAY_UPDATED>"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Kim Il; Kim Ir</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><CITY>Pyongyang</CITY></INDIVIDUAL_ADDRESS>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR>"
        "</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_PLACE_OF_BIRTH><COUNTRY>Japan</COUNTRY>"
        "</INDIVIDUAL_PLACE_OF_BIRTH><INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Pasaporte"
        "</TYPE_OF_DOCUMENT><NUMBER>P1</NUMBER><DATE_OF_ISSUE>2010-05-06</DATE_OF_ISSUE>"
        "</INDIVIDUAL_DOCUMENT>"
    ),
)


def test_bulk_versions_equal_those_reversion_writes(write):
    call_command("import_un_list", str(write("1.xml", un_list(FULL_ENTRY))), stdout=io.StringIO())
    designation = Designation.objects.get()
    imported = {
        (v.content_type_id, v.object_id): v
        for v in Version.objects.filter(
            revision_id=Version.objects.get_for_object(designation).get().revision_id
        )
    }

    with reversion.create_revision():
        reversion.add_to_revision(designation)
    own = Version.objects.get_for_object(designation).first().revision.version_set.all()

    assert len(own) == len(imported) == 1 + 2 + 1 + 1 + 1 + 1
    for version in own:
        twin = imported[(version.content_type_id, version.object_id)]
        assert json.loads(twin.serialized_data) == json.loads(version.serialized_data)
        assert (twin.object_repr, twin.format, twin.db) == (
            version.object_repr,
            version.format,
            version.db,
        )


def test_an_imported_version_rebuilds_the_whole_designation(write):
    call_command("import_un_list", str(write("1.xml", un_list(FULL_ENTRY))), stdout=io.StringIO())
    designation = Designation.objects.get()
    version = Version.objects.get_for_object(designation).get()

    rebuilt = snapshots.load([version])[version.pk]

    assert rebuilt.name == "KIM ONE"
    assert rebuilt.titles == ["Dr."]
    assert rebuilt.amended_on == ["2020-01-02"]
    assert sorted(a.name for a in rebuilt.aliases.all()) == ["Kim Il", "Kim Ir"]
    assert [(b.kind, b.year) for b in rebuilt.birth_dates.all()] == [("approximate", 1960)]
    assert [(d.document_type, str(d.date_of_issue)) for d in rebuilt.documents.all()] == [
        ("Pasaporte", "2010-05-06")
    ]
    assert [p.country for p in rebuilt.birth_places.all()] == ["Japan"]
    assert [a.city for a in rebuilt.addresses.all()] == ["Pyongyang"]
