"""Citations of approved versions: BibTeX, RIS, CSL-JSON and plain text, on the site and the API.

The files are read back with real readers (bibtexparser, rispy) and the CSL-JSON is validated
against the CSL project's own schema: ``csl-data.json`` beside this file is schema v1.0 of
citation-style-language/schema (MIT licence, © Citation Style Language and contributors).
"""

import datetime
import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from django.test import RequestFactory
from django.utils import timezone

from designations.models import PublishedDesignation
from editorial import services
from episodes.models import PublishedEpisode
from public import citations
from tests.api.conftest import get_json

CSL_SCHEMA = json.loads((Path(__file__).parent / "csl-data.json").read_text())
EPISODE_URL = "http://testserver/episodes/dprk-ep-8/versions/1/"
FORMATS = ("bib", "ris", "json", "txt")


def _bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


def _approved_day(slug="dprk-ep-8"):
    return timezone.localdate(PublishedEpisode.objects.get(slug=slug).approved_at)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.mark.django_db
def test_the_episode_page_offers_every_format_of_its_version(demo, anonymous_client):
    for url in ("/episodes/dprk-ep-8/", "/episodes/dprk-ep-8/versions/1/"):
        page = anonymous_client.get(url).content.decode()
        for suffix, (_, label) in citations.FORMATS.items():
            link = f'href="/episodes/dprk-ep-8/versions/1/citation.{suffix}" download>{label}</a>'
            assert link in page
        assert "(stable link to this approved version)" in page  # the plain line stays


@pytest.mark.django_db
def test_the_episode_citation_files_parse_and_name_version_date_url_and_publisher(
    demo, anonymous_client
):
    day = _approved_day()
    files = {}
    for suffix in FORMATS:
        response = anonymous_client.get(f"/episodes/dprk-ep-8/versions/1/citation.{suffix}")
        assert response.status_code == 200
        assert response["Content-Type"] == citations.FORMATS[suffix][0]
        assert (
            f'filename="sanctions-atlas-dprk-ep-8-v1.{suffix}"' in response["Content-Disposition"]
        )
        files[suffix] = response.content.decode()

    entry = _bibtex(files["bib"])
    assert entry.entry_type == "misc"
    assert entry.key == "sanctions-atlas-dprk-ep-8-v1"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == "DPRK - EP 8"
    assert fields["version"] == "1"
    assert fields["publisher"] == "Sanctions Atlas"
    assert fields["author"] == "Sanctions Atlas"
    assert fields["date"] == day.isoformat()
    assert fields["url"] == EPISODE_URL
    assert fields["note"] == f"Version 1, approved {_long(day)}"

    (record,) = rispy.loads(files["ris"])
    assert record["type_of_reference"] == "DATA"
    assert record["title"] == "DPRK - EP 8"
    assert record["publisher"] == "Sanctions Atlas"
    assert record["edition"] == "Version 1"
    assert record["date"] == day.strftime("%Y/%m/%d/")
    assert record["urls"] == [EPISODE_URL]

    csl = json.loads(files["json"])
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(csl)
    assert csl[0]["version"] == "1"
    assert csl[0]["publisher"] == "Sanctions Atlas"
    assert csl[0]["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
    assert csl[0]["URL"] == EPISODE_URL

    assert files["txt"] == (
        f"Sanctions Atlas. “DPRK - EP 8”, version 1, approved {_long(day)}. {EPISODE_URL}\n"
    )


@pytest.mark.django_db
def test_designation_pages_offer_the_citation_of_their_version(demo, anonymous_client):
    row = PublishedDesignation.objects.get(key="KPi.033")
    base = f"/designations/KPi.033/versions/{row.public_version}/citation"
    for url in ("/designations/KPi.033/", f"/designations/KPi.033/versions/{row.public_version}/"):
        page = anonymous_client.get(url).content.decode()
        assert all(f'href="{base}.{suffix}"' in page for suffix in FORMATS)
    entry = _bibtex(anonymous_client.get(base + ".bib").content.decode())
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == f"{row.document['name']} (KPi.033)"
    assert fields["url"] == f"http://testserver/designations/KPi.033/versions/{row.public_version}/"
    (record,) = rispy.loads(anonymous_client.get(base + ".ris").content.decode())
    assert record["edition"] == f"Version {row.public_version}"
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(
        json.loads(anonymous_client.get(base + ".json").content)
    )


@pytest.mark.django_db
def test_the_api_gives_the_same_citation(demo, anonymous_client):
    data = get_json(anonymous_client, "/api/episodes/dprk-ep-8/citation/")
    assert data == get_json(anonymous_client, "/api/episodes/dprk-ep-8/versions/1/citation/")
    assert data["version"] == 1 and data["url"] == EPISODE_URL
    assert data["publisher"] == "Sanctions Atlas"
    site = "/episodes/dprk-ep-8/versions/1/citation"
    assert data["bibtex"] == anonymous_client.get(site + ".bib").content.decode()
    assert data["ris"] == anonymous_client.get(site + ".ris").content.decode()
    assert data["csl"] == json.loads(anonymous_client.get(site + ".json").content)
    assert data["text"] + "\n" == anonymous_client.get(site + ".txt").content.decode()
    for fmt, media_type in (
        ("bibtex", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("csl", "application/vnd.citationstyles.csl+json"),
        ("text", "text/plain"),
    ):
        response = anonymous_client.get("/api/episodes/dprk-ep-8/citation/", {"format": fmt})
        assert response.status_code == 200
        assert response["Content-Type"].startswith(media_type)
    bib = anonymous_client.get("/api/episodes/dprk-ep-8/citation/", {"format": "bibtex"})
    assert bib.content.decode() == data["bibtex"]
    designation = get_json(anonymous_client, "/api/designations/KPi.033/citation/")
    assert designation["url"].startswith("http://testserver/designations/KPi.033/versions/")


@pytest.mark.django_db
def test_the_api_refuses_unknown_formats_parameters_and_versions(demo, anonymous_client):
    response = anonymous_client.get("/api/episodes/dprk-ep-8/citation/", {"format": "docx"})
    assert response.status_code == 400 and "format" in response.json()
    response = anonymous_client.get("/api/episodes/dprk-ep-8/citation/", {"style": "apa"})
    assert response.status_code == 400 and "Unknown parameter" in response.json()["style"][0]
    assert anonymous_client.get("/api/episodes/dprk-ep-8/versions/99/citation/").status_code == 404
    assert anonymous_client.get("/api/episodes/nothing/citation/").status_code == 404
    assert anonymous_client.get("/episodes/dprk-ep-8/versions/99/citation.bib").status_code == 404
    assert anonymous_client.get("/episodes/dprk-ep-8/versions/1/citation.doc").status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_version_has_no_citation(demo, anonymous_client, researcher, reviewer):
    services.approve(
        services.submit_for_review([demo], by=researcher, action="unpublish"), by=reviewer
    )
    for suffix in FORMATS:
        response = anonymous_client.get(f"/episodes/dprk-ep-8/versions/1/citation.{suffix}")
        assert response.status_code == 410
        assert "DPRK" not in response.content.decode()
    assert anonymous_client.get("/api/episodes/dprk-ep-8/citation/").status_code == 410
    assert anonymous_client.get("/api/episodes/dprk-ep-8/versions/1/citation/").status_code == 410


def test_special_characters_survive_every_format():
    title = "Ships & {funds} at 100% of #2_a ~ b^c \\ d\nnext line"
    citation = citations.Citation(
        kind="episode",
        key="x-ep-1",
        title=title,
        version=3,
        approved_at=datetime.datetime(2024, 2, 29, 23, 30, tzinfo=datetime.UTC),
        url="https://atlas.example/episodes/x-ep-1/versions/3/",
    )
    flat = " ".join(title.split())
    fields = {field.key: field.value for field in _bibtex(citations.bibtex(citation)).fields}
    # (pylatexenc reads \textasciicircum as the modifier letter ˆ; LaTeX prints a caret.)
    assert fields["title"].replace("ˆ", "^") == flat
    assert fields["date"] == "2024-02-29"
    assert rispy.loads(citations.ris(citation))[0]["title"] == flat
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(citations.csl(citation))
    assert "version 3, approved 29 February 2024" in citations.text(citation)


@pytest.mark.django_db
def test_citations_run_a_fixed_number_of_queries(
    demo, anonymous_client, django_assert_max_num_queries
):
    # the record behind the slug, the version with the later records
    with django_assert_max_num_queries(3):
        assert (
            anonymous_client.get("/episodes/dprk-ep-8/versions/1/citation.bib").status_code == 200
        )
    # the publication state, the record behind the slug, the current row
    with django_assert_max_num_queries(4):
        get_json(anonymous_client, "/api/episodes/dprk-ep-8/citation/")


def test_of_version_builds_the_stable_address_of_the_version():
    request = RequestFactory().get("/")
    citation = citations.of_version(
        request,
        "designation",
        {"name": "KIM", "key": "KPi.001"},
        number=2,
        approved_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    assert citation.url == "http://testserver/designations/KPi.001/versions/2/"
    assert citation.id == "sanctions-atlas-kpi-001-v2"
