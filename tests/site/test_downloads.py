"""Downloads: the filtered lists as CSV and JSON, the tables, and the data package."""

import csv
import io
import json
import zipfile

import pytest

from assessments.models import PublishedAssessment
from designations.models import PublishedDesignation
from episodes.models import PublishedEpisode, PublishedRegime
from public.exports import datapackage
from public.exports.tables import TABLES
from tests.factories import AliasFactory, DesignationFactory
from tests.site import datapackage_check
from tests.workflow import publish

pytestmark = pytest.mark.django_db

# Three individuals of the real list, in the order of their names.
SAMPLE = {"KPi.066", "KPi.004", "KPi.033"}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8"))))


def test_the_filtered_list_downloads_as_csv_and_json(anonymous_client, demo):
    query = "/designations/?kind=individual&regime=KP&ordering=name"
    csv_response = anonymous_client.get(f"{query}&format=csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="designations.csv"' in csv_response["Content-Disposition"]
    rows = _csv(csv_response)
    assert len(rows) == 80  # the DPRK individuals of the UN list of 27 March 2023
    assert [r["key"] for r in rows if r["key"] in SAMPLE] == ["KPi.066", "KPi.004", "KPi.033"]
    assert list(rows[0]) == TABLES["designations"].column_names
    (row,) = [r for r in rows if r["key"] == "KPi.066"]
    assert row["dates_of_birth"] == "between 1967 and 1969"
    assert row["in_force"] == "true"
    assert row["url"] == "http://testserver/designations/KPi.066/"

    json_response = anonymous_client.get(f"{query}&format=json")
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    records = json.loads(_body(json_response))
    assert [r["key"] for r in records] == [r["key"] for r in rows]
    (record,) = [r for r in records if r["key"] == "KPi.066"]
    assert record["in_force"] is True
    assert record["dataid"] == 6908643


def test_downloads_are_utf8(anonymous_client, demo):
    person = DesignationFactory(name="KIM JŎNG-ŬN", reference_number="KPi.960")
    AliasFactory(designation=person, name="Kim Cho’ng-sik", quality="aka")
    publish(person)
    rows = _csv(anonymous_client.get("/designations/?q=jong&format=csv"))
    assert "KIM JŎNG-ŬN" in [row["name"] for row in rows]
    aliases = json.loads(_body(anonymous_client.get("/downloads/designation_aliases.json")))
    assert "Kim Cho’ng-sik" in [a["name"] for a in aliases]


def test_episode_rows_flatten_the_document(anonymous_client, demo):
    rows = _csv(anonymous_client.get("/episodes/?regime=KP&format=csv"))
    assert [r["slug"] for r in rows] == [f"dprk-ep-{n}" for n in range(1, 9)]
    row = rows[-1]
    assert row["start_date"] == "2017-12-22"
    assert row["end_date"] == ""
    assert row["ongoing"] == "true"
    assert row["primary_purpose"] == "coerce"
    assert row["purposes"] == "coerce; constrain; signal"
    assert row["individuals_current"] == "80" and row["vessels_maximum"] == "59"
    assert row["resolutions"].startswith("S/RES/2397 (2017); ")
    assert row["humanitarian_carve_out"] == "true"
    assert row["version"] == "1"


def test_assessments_download_one_row_per_episode_and_purpose(anonymous_client, demo):
    rows = _csv(anonymous_client.get("/assessments/?format=csv"))
    assert [(r["episode"], r["purpose"]) for r in rows] == [
        ("dprk-ep-8", "coerce"),
        ("dprk-ep-8", "constrain"),
        ("dprk-ep-8", "signal"),
    ]
    assert rows[0]["policy_outcome_label"] == "No progress"
    assert rows[0]["effective"] == "false"


def test_an_unknown_table_is_not_found(anonymous_client, db):
    assert anonymous_client.get("/downloads/secrets.csv").status_code == 404


def test_the_data_package_validates_against_its_own_descriptor(anonymous_client, demo):
    response = anonymous_client.get("/downloads/sanctions-atlas.zip")
    assert response["Content-Type"] == "application/zip"
    descriptor, tables = datapackage_check.validate(response.content)

    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
    # Row counts: one row per published record (or per part of one).
    documents = list(PublishedEpisode.objects.values_list("document", flat=True))
    people = list(PublishedDesignation.objects.values_list("document", flat=True))

    def parts(records, key):
        return sum(len(record[key]) for record in records)

    assert len(tables["regimes"]) == PublishedRegime.objects.count() == 32
    assert len(tables["episodes"]) == len(documents) == 8
    assert len(tables["episode_measures"]) == parts(documents, "measures") > 13
    assert len(tables["episode_documents"]) == parts(documents, "documents") == 12
    assert len(tables["episode_consequences"]) == parts(documents, "unintended_consequences")
    assert len(tables["episode_purposes"]) == parts(documents, "purposes") == 24
    assert len(tables["episode_resolutions"]) == parts(documents, "resolutions") == 12
    assert len(tables["assessments"]) == PublishedAssessment.objects.count() == 3
    assert len(tables["designations"]) == len(people) == 956
    assert len(tables["designation_aliases"]) == parts(people, "aliases") > 1000
    assert len(tables["designation_addresses"]) == parts(people, "addresses") > 500


def test_the_data_package_validator_catches_errors(demo):
    """frictionless refuses a package with a wrong value, hash or key, with its error codes."""
    good = datapackage.build("http://testserver")
    datapackage_check.validate(good)

    def tamper(change):
        source = zipfile.ZipFile(io.BytesIO(good))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            descriptor = json.loads(source.read("datapackage.json"))
            for name in source.namelist():
                if name != "datapackage.json":
                    data = source.read(name)
                    data, descriptor = change(name, data, descriptor)
                    target.writestr(name, data)
            target.writestr("datapackage.json", json.dumps(descriptor))
        return out.getvalue()

    def drop_hashes(descriptor):
        for resource in descriptor["resources"]:
            resource.pop("hash", None)
            resource.pop("bytes", None)
        return descriptor

    def bad_date(name, data, descriptor):
        if name == "data/episodes.csv":
            data = data.replace(b"2017-12-22", b"22/12/2017")
        return data, drop_hashes(descriptor)

    def bad_key(name, data, descriptor):
        if name == "data/assessments.csv":
            data = data.replace(b"dprk-ep-8,KP", b"dprk-ep-80,KP")
        return data, drop_hashes(descriptor)

    def bad_hash(name, data, descriptor):
        if name == "data/regimes.csv":
            data = data + b"\r\n"
        return data, descriptor

    for change, codes in (
        (bad_date, {"type-error"}),
        (bad_key, {"foreign-key"}),
        (bad_hash, {"byte-count", "hash-count"}),  # (and the blank row the change adds)
    ):
        with pytest.raises(datapackage_check.Invalid) as refused:
            datapackage_check.validate(tamper(change))
        assert codes <= set(refused.value.codes), str(refused.value)


def test_the_data_package_answers_not_modified_while_nothing_changed(anonymous_client, demo):
    first = anonymous_client.get("/downloads/sanctions-atlas.zip")
    again = anonymous_client.get("/downloads/sanctions-atlas.zip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
