"""Every endpoint's JSON, pinned whole on the demo data.

The expected documents are committed under tests/api/documents/. Only what changes from run to
run is normalised: approval times, and database ids (replaced by their order of appearance, so
that a link's ``measure`` still points at the right measure). To update a pin after a deliberate
change of shape, run with ``UPDATE_API_DOCUMENTS=1`` and review the diff.
"""

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assessments.models import PublishedAssessment
from designations.models import PublishedDesignation
from editorial.models import PublicationRecord
from episodes.models import PublishedEpisode, PublishedRegime
from public.exports.tables import TABLES
from tests.api.conftest import content, get_json

pytestmark = pytest.mark.django_db

PINS = Path(__file__).parent / "documents"

ENDPOINTS = {
    "regime-list": "/api/regimes/?page_size=100",  # every regime: the reference data whole
    "regime": "/api/regimes/KP/",
    "episode-list": "/api/episodes/",
    "episode": "/api/episodes/dprk-ep-8/",
    "episode-versions": "/api/episodes/dprk-ep-8/versions/",
    "episode-version": "/api/episodes/dprk-ep-8/versions/1/",
    "designation-list": "/api/designations/",
    "designation-individual": "/api/designations/KPi.066/",
    "designation-entity": "/api/designations/KPe.020/",
    "designation-vessel": "/api/designations/8705539/",
    "designation-versions": "/api/designations/KPi.033/versions/",
    "designation-version": "/api/designations/KPi.033/versions/1/",
    "assessment-list": "/api/assessments/",
    "episode-citation": "/api/episodes/dprk-ep-8/versions/1/citation/",
    "analogies": "/api/analogies/?purpose=coerce&conflict_type=non-proliferation&limit=3",
}


def normalised(data):
    """Approval times → "<approved_at>"; database ids → their rank among the ids of their kind.

    Ids differ between databases and runs; their order (creation order) does not, and it is
    what a reader of the document can rely on: "measure" in a link names one of the measures.
    """
    ids: dict[str, set[int]] = {}

    def kind(key, parent):
        return "measures" if key == "measure" else parent

    def collect(value, parent=None):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("id", "measure") and isinstance(item, int):
                    ids.setdefault(kind(key, parent), set()).add(item)
                collect(item, key if isinstance(item, list) else parent)
        elif isinstance(value, list):
            for item in value:
                collect(item, parent)

    def walk(value, key=None, parent=None):
        if isinstance(value, dict):
            return {k: walk(v, k, k if isinstance(v, list) else parent) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item, None, parent) for item in value]
        if key == "approved_at" and value is not None:
            return "<approved_at>"
        if key in ("id", "measure") and isinstance(value, int):
            ranked = sorted(ids[kind(key, parent)])
            return f"<{kind(key, parent)} {ranked.index(value) + 1}>"
        return value

    collect(data)
    return walk(data)


def assert_pinned(name: str, data) -> None:
    path = PINS / f"{name}.json"
    actual = normalised(data)
    if os.environ.get("UPDATE_API_DOCUMENTS"):
        PINS.mkdir(exist_ok=True)
        text = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True)
        path.write_text(text + "\n")
    expected = json.loads(path.read_text())
    assert actual == expected, f"{name}: differs from tests/api/documents/{name}.json"


# The moment the demo's records are said to have been approved, for the documents that render
# the approval's date in words (a citation's "approved 2 December 2026", its BibTeX and RIS).
APPROVED_AT = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_each_endpoint_returns_its_pinned_document(demo, anonymous_client):
    # The demo is approved when the test runs; a citation spells that day out, so the pin would
    # hold only on the day it was written. Every record is given one fixed approval moment.
    PublicationRecord.objects.update(approved_at=APPROVED_AT)
    for name, url in ENDPOINTS.items():
        assert_pinned(name, get_json(anonymous_client, url))


# The table of the data package each list's CSV is, and how a CSV row names its JSON row.
LIST_TABLES = {
    "regime-list": ("regimes", lambda item: (item["code"],)),
    "episode-list": ("episodes", lambda item: (item["slug"],)),
    "designation-list": ("designations", lambda item: (item["key"],)),
    "assessment-list": ("assessments", lambda item: (item["episode"], item["purpose"])),
}


def test_each_list_as_csv_is_the_site_s_table_of_the_same_records(demo, anonymous_client):
    """One definition of the columns (public.exports.tables) for the API's CSV, the site's
    downloads and the data package; the rows in the JSON list's order."""
    for name, url in ENDPOINTS.items():
        if name.endswith("-list"):
            assert_csv_is_the_table(anonymous_client, url, name)


def assert_csv_is_the_table(anonymous_client, url, name):
    table_name, identify = LIST_TABLES[name]
    table = TABLES[table_name]
    response = anonymous_client.get(url, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    reader = csv.DictReader(io.StringIO(content(response).decode()))
    rows = list(reader)
    assert reader.fieldnames == table.column_names
    site = list(
        csv.DictReader(
            io.StringIO(content(anonymous_client.get(f"/downloads/{table_name}.csv")).decode())
        )
    )

    def key(row):
        return tuple(row[column] for column in table.primary_key)

    assert sorted(rows, key=key) == sorted(site, key=key)
    # The CSV is the whole list, in the order of its pages (the pinned JSON is the first page).
    expected = json.loads((PINS / f"{name}.json").read_text())["results"]
    assert [key(row) for row in rows[: len(expected)]] == [identify(item) for item in expected]


def test_details_are_the_stored_documents_not_a_new_serialisation(demo, anonymous_client):
    """The API adds version and approval time (and an episode's assessments), nothing else."""
    extras = {"version", "approved_at"}
    regime = PublishedRegime.objects.get(code="KP")
    body = get_json(anonymous_client, "/api/regimes/KP/")
    assert {k: v for k, v in body.items() if k not in extras} == regime.document

    episode = PublishedEpisode.objects.get(slug="dprk-ep-8")
    body = get_json(anonymous_client, "/api/episodes/dprk-ep-8/")
    assert {k: v for k, v in body.items() if k not in extras} == episode.document
    assert body["assessments"] == [
        PublishedAssessment.objects.get(episode_slug="dprk-ep-8", purpose=purpose).document
        for purpose in ("coerce", "constrain", "signal")
    ]
    assert body["version"] == episode.public_version

    for designation in PublishedDesignation.objects.all():
        body = get_json(anonymous_client, f"/api/designations/{designation.key}/")
        assert {k: v for k, v in body.items() if k not in extras} == designation.document


def test_list_rows_and_details_agree_on_version_and_approval_time(demo, anonymous_client):
    for url in ("/api/regimes/", "/api/episodes/", "/api/designations/"):
        for row in get_json(anonymous_client, url)["results"]:
            detail = get_json(anonymous_client, row["url"])
            assert row["approved_at"].endswith("Z"), url
            assert (row["version"], row["approved_at"]) == (
                detail["version"],
                detail["approved_at"],
            ), row["url"]
