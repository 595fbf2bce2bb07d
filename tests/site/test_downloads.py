"""Downloads: the filtered lists as CSV and JSON, the tables, and the data package."""

import csv
import io
import json
import zipfile

import pytest

from assessments.models import PublishedAssessment
from designations.models import PublishedDesignation
from episodes.models import PublishedEpisode, PublishedRegime
from public import selectors
from public.exports import datapackage
from public.exports.tables import TABLES
from tests.factories import AliasFactory, DesignationFactory
from tests.site import datapackage_check
from tests.site.conftest import publish_world
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
    day = selectors.last_approval().date().isoformat()
    assert csv_response["Content-Disposition"] == (
        f'attachment; filename="sanctions-atlas-designations-filtered-{day}.csv"'
    )
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
    assert record["dataid"] == "6908643"  # an identifier: text, as the schema says


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
            (top,) = {name.partition("/")[0] for name in source.namelist()}
            descriptor = json.loads(source.read(f"{top}/datapackage.json"))
            for name in source.namelist():
                if name != f"{top}/datapackage.json":
                    data = source.read(name)
                    data, descriptor = change(name.partition("/")[2], data, descriptor)
                    target.writestr(name, data)
            target.writestr(f"{top}/datapackage.json", json.dumps(descriptor))
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


@pytest.fixture
def world(db):
    """A small published atlas (two episodes, three designations, one with a DATAID)."""
    world = publish_world(episodes=2, designations=3)
    person = DesignationFactory(regime=world["regime"], reference_number="KPi.899", dataid=6908643)
    publish(person)
    world["designations"].insert(0, person)
    return world


def _day() -> str:
    return selectors.last_approval().date().isoformat()


def test_downloads_are_named_with_the_atlas_and_the_day_of_the_last_approval(
    anonymous_client, world
):
    day = _day()
    names = {
        "/downloads/episodes.csv": f"sanctions-atlas-episodes-{day}.csv",
        "/downloads/episodes.json": f"sanctions-atlas-episodes-{day}.json",
        "/downloads/episodes-excel.csv": f"sanctions-atlas-episodes-{day}-excel.csv",
        "/episodes/?format=csv": f"sanctions-atlas-episodes-{day}.csv",  # every episode
        "/episodes/?format=csv&ordering=-start": f"sanctions-atlas-episodes-{day}.csv",
        "/episodes/?format=json&ongoing=true": f"sanctions-atlas-episodes-filtered-{day}.json",
        "/designations/?format=excel-csv&kind=vessel": (
            f"sanctions-atlas-designations-filtered-{day}-excel.csv"
        ),
    }
    for url, name in names.items():
        response = anonymous_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"] == f'attachment; filename="{name}"', url


def test_each_csv_has_an_excel_variant_with_a_byte_order_mark(anonymous_client, world):
    for plain, excel in (
        ("/downloads/designations.csv", "/downloads/designations-excel.csv"),
        (
            "/designations/?kind=individual&format=csv",
            "/designations/?kind=individual&format=excel-csv",
        ),
    ):
        plain_body, excel_body = (
            _body(anonymous_client.get(plain)),
            _body(anonymous_client.get(excel)),
        )
        assert not plain_body.startswith(b"\xef\xbb\xbf")
        assert excel_body == b"\xef\xbb\xbf" + plain_body
        assert anonymous_client.get(excel)["Content-Type"] == "text/csv; charset=utf-8"
    assert anonymous_client.get("/downloads/secrets-excel.csv").status_code == 404
    assert anonymous_client.get("/downloads/designations-excel.json").status_code == 404
    page = anonymous_client.get("/designations/").content.decode()
    assert "format=excel-csv" in page and "CSV for Excel" in page
    downloads = anonymous_client.get("/downloads/").content.decode()
    assert 'href="/downloads/designation_aliases-excel.csv"' in downloads


def test_identifiers_are_text_in_the_schema_and_in_the_rows(world):
    schema = {field["name"]: field for field in TABLES["designations"].schema()["fields"]}
    for name in ("key", "reference_number", "imo_number", "dataid", "vessel_mmsi"):
        assert schema[name]["type"] == "string", name
    assert TABLES["designations"].identifier_columns == [
        "key",
        "reference_number",
        "imo_number",
        "dataid",
        "vessel_call_sign",
        "vessel_mmsi",
        "vessel_owner_key",
    ]
    person = world["designations"][0]
    (row,) = [
        row
        for row in TABLES["designations"].release_rows()
        if row["key"] == person.reference_number
    ]
    assert row["dataid"] == "6908643"
    assert TABLES["designation_addresses"].identifier_columns == ["designation", "zip_code"]


def test_the_one_liners_read_identifiers_as_text_and_parse_dates(anonymous_client, world):
    page = anonymous_client.get("/downloads/").content.decode()
    url = "http://testserver/downloads/designations.csv"
    pandas = (
        f"pandas.read_csv(&quot;{url}&quot;, dtype={{&quot;key&quot;: str, "
        "&quot;reference_number&quot;: str, &quot;imo_number&quot;: str, &quot;dataid&quot;: str"
    )
    assert pandas in page
    assert (
        "parse_dates=[&quot;listed_on&quot;, &quot;delisted_on&quot;, &quot;approved_on&quot;])"
        in page
    )
    r = (
        f"read.csv(&quot;{url}&quot;, encoding = &quot;UTF-8&quot;, na.strings = &quot;&quot;, "
        "colClasses = c(key = &quot;character&quot;, reference_number = &quot;character&quot;"
    )
    assert r in page
    assert "listed_on = &quot;Date&quot;, delisted_on = &quot;Date&quot;" in page
    episodes = "http://testserver/downloads/episodes.csv"
    assert (
        f"pandas.read_csv(&quot;{episodes}&quot;, parse_dates=[&quot;start_date&quot;, "
        "&quot;end_date&quot;, &quot;approved_on&quot;])" in page
    )


def test_the_data_package_unpacks_into_one_readable_folder_with_a_readme_and_a_citation(
    anonymous_client, world
):
    response = anonymous_client.get("/downloads/sanctions-atlas.zip")
    top = f"sanctions-atlas-{_day()}"
    assert response["Content-Disposition"] == f'attachment; filename="{top}.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[:3] == [f"{top}/datapackage.json", f"{top}/README.md", f"{top}/CITATION.cff"]
    assert set(names[3:]) == {f"{top}/data/{name}.csv" for name in TABLES} | {
        f"{top}/codebook.json",
        f"{top}/codebook.md",
    }
    for info in archive.infolist():
        assert info.external_attr >> 16 == 0o100644, info.filename  # a file, rw-r--r--
        assert info.date_time[:3] == selectors.last_approval().timetuple()[:3]
    readme = archive.read(f"{top}/README.md").decode()
    assert readme.startswith("# Sanctions Atlas: ")
    assert "- `data/designation_aliases.csv`: Aliases of each designation." in readme
    assert "CC-BY-4.0" not in readme and "Creative Commons Attribution 4.0" in readme
    citation = archive.read(f"{top}/CITATION.cff").decode()
    assert citation.startswith('cff-version: "1.2.0"\n')
    assert f'date-released: "{_day()}"' in citation
    assert 'url: "http://testserver/"' in citation
    assert 'authors:\n  - name: "Sanctions Atlas"' in citation
    datapackage_check.validate(response.content)


def test_one_episode_downloads_as_its_row_of_the_episodes_csv(anonymous_client, world):
    episode = world["episodes"][0]
    listed = {row["slug"]: row for row in _csv(anonymous_client.get("/episodes/?format=csv"))}
    response = anonymous_client.get(f"/episodes/{episode.slug}/episode.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="sanctions-atlas-episode-{episode.slug}-{_day()}.csv"'
    )
    (row,) = _csv(response)
    assert list(row) == TABLES["episodes"].column_names
    assert row == listed[episode.slug]  # the same columns and values as the list's download
    # Like every download: an ETag, and a 304 while nothing changed.
    again = anonymous_client.get(
        f"/episodes/{episode.slug}/episode.csv", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    # For Excel: the same bytes after a byte order mark.
    excel = anonymous_client.get(f"/episodes/{episode.slug}/episode-excel.csv")
    plain = anonymous_client.get(f"/episodes/{episode.slug}/episode.csv")
    assert _body(excel) == b"\xef\xbb\xbf" + _body(plain)
    assert excel["Content-Disposition"] == (
        f'attachment; filename="sanctions-atlas-episode-{episode.slug}-{_day()}-excel.csv"'
    )


def test_the_episode_page_links_its_csv_beside_its_json(anonymous_client, world):
    episode = world["episodes"][0]
    page = anonymous_client.get(f"/episodes/{episode.slug}/").content.decode()
    section = page[page.index('id="as-data"') :]
    section = section[: section.index("</section>")]
    assert f"/api/episodes/{episode.slug}/" in section
    assert f'href="/episodes/{episode.slug}/episode.csv" download>This episode as CSV' in section
    assert f'href="/episodes/{episode.slug}/episode-excel.csv"' in section
    # An archived version's page offers that version's JSON, not the current row as CSV.
    version = anonymous_client.get(f"/episodes/{episode.slug}/versions/1/").content.decode()
    assert "episode.csv" not in version


def test_an_unknown_episode_has_no_csv(anonymous_client, world):
    assert anonymous_client.get("/episodes/no-such-episode/episode.csv").status_code == 404
    assert anonymous_client.get("/episodes/no-such-episode/episode-excel.csv").status_code == 404
