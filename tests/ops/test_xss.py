"""Untrusted text: the known XSS payload families through every rendered text field, and
formula injection through every CSV.

Every text field of regimes, episodes (and their resolutions, purposes, measures, documents,
consequences), assessments and designations (and their aliases, addresses, birth dates and places,
identity documents) is filled with payloads, found by introspection so that a field added later is
filled too; every link field gets a ``javascript:``, ``data:`` or ``vbscript:`` address. The records
go through the real workflow: published, edited and published again (a history, two versions to
compare), edited once more and submitted (an open change request to review). Then every page that
shows them (the public site, the admin's lists, forms and histories, the review pages) is parsed
with lxml and must hold no executable markup: no <script> but the project's own static files, no
``on*`` attribute, no ``style`` attribute (the CSP forbids them, so none is the project's), no
``javascript:``/``data:``/``vbscript:`` address in a link, source or form action, no <iframe>,
<object>, <embed>, <style>, <base>, <form> of the content's making, no refresh.

The downloads are data, not pages: CSV and JSON are served as attachments with their own media
type and ``nosniff``, so a browser never renders them; the JSON keeps every value as written. A
CSV cell that starts with =, +, -, @, a tab or a carriage return, the characters spreadsheets take
for a formula, is written with an apostrophe in front, in the site's downloads and data package
and in the API's CSV alike (one helper, ``editorial.api.formula_safe``); typed columns (numbers,
dates, booleans) are written as they are.
"""

import csv
import datetime
import io
import itertools
import json
import re
import zipfile

import lxml.html
import pytest
import reversion
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from assessments.models import UnintendedConsequence
from designations.models import Address, BirthPlace
from editorial import services
from editorial.models import ChangeRequest, PublicationRecord
from public.exports.csv import FORMULA_START, csv_cell, formula_safe
from public.exports.tables import TABLES, csv_value
from public.templatetags.atlas import render_markdown, safe_url
from tests import workflow
from tests.factories import (
    AliasFactory,
    AssessmentFactory,
    BirthDateFactory,
    ConsequenceFactory,
    DesignationFactory,
    DocumentFactory,
    EpisodeFactory,
    IdentityDocumentFactory,
    PurposeFactory,
    RegimeFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

# --- the payloads ------------------------------------------------------------------------------

# Each family, with {m} where the field's marker goes (so that a page shows which field it is).
FAMILIES = {
    "script tag": "<script>alert('{m}')</script>",
    "img onerror": "<img src=x onerror=\"alert('{m}')\">",
    "svg onload": "<svg onload=alert('{m}')>",
    "Markdown javascript link": "[{m} md-js](javascript:alert(1))",
    "Markdown mixed-case link": "[{m} md-case](JaVaScRiPt:alert(1))",
    "Markdown entity link": "[{m} md-entity](&#106;avascript:alert(1))",
    "Markdown data link": "[{m} md-data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "Markdown vbscript link": "[{m} md-vb](vbscript:msgbox(1))",
    "Markdown reference link": "[{m} md-ref][r]\n\n[r]: javascript:alert(1)",
    "raw javascript link": '<a href="javascript:alert(1)">{m} raw-js</a>',
    "raw entity link": '<a href="&#106;avascript:alert(1)">{m} raw-entity</a>',
    "raw tab link": '<a href="jav&#x09;ascript:alert(1)">{m} raw-tab</a>',
    "raw data link": '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">{m} raw-data</a>',
    "attribute breakout": "\"><script>alert('{m}')</script>",
    "single-quote breakout": "' onmouseover='alert(1)' data-m='{m}",
    "style expression": '<p style="width:expression(alert(1))">{m} style</p>',
    "style tag": "<style>@import 'javascript:alert(1)';</style>{m}",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>{m}',
    "object": '<object data="javascript:alert(1)"></object>{m}',
    "embed": '<embed src="javascript:alert(1)">{m}',
    "link with onclick": '<a href="https://example.org/" onclick="alert(1)">{m} onclick</a>',
    "Markdown image onerror": '![{m}](x" onerror="alert(1))',
    "Markdown image javascript": "![{m}](javascript:alert(1))",
    "nested tags": "<scr<script>ipt>alert('{m}')</scr</script>ipt>",
    "obfuscated tags": "<<script>script>alert('{m}')<</script>/script>",
    "svg script": "<svg><script>alert(1)</script></svg>{m}",
    "mathml mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>{m}",
    "form action": '<form action="javascript:alert(1)"><button>{m}</button></form>',
    "base href": '<base href="javascript:alert(1)//">{m}',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">{m}',
    "details ontoggle": "<details open ontoggle=alert(1)>{m}</details>",
    "comment breakout": "<!--><script>alert(1)</script>-->{m}",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">{m}',
}
SHORT = "<svg onload=x>"  # 14 characters, for the shortest fields
UNSAFE_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "jav\tascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
)
# Identifiers (in addresses and keys, checked by their own validators) and fields that are not text.
NOT_TEXT = {"code", "slug", "reference_number", "imo_number", "mmsi", "amended_on"}
# Text fields no public page shows (they are not in the public documents).
NOT_PUBLIC = {"designations.Designation.un_list_type", "episodes.Regime.un_list_types"}


class Poison:
    """Fills text fields with payloads; each field gets a marker naming it."""

    def __init__(self):
        self.markers: dict[str, str] = {}  # marker → "app.Model.field"
        self._formula = itertools.cycle(FORMULA_START)
        self._rotation = itertools.count()
        self._urls = itertools.cycle(UNSAFE_URLS)

    def marker(self, where: str) -> str:
        marker = f"mk{len(self.markers):03d}x"
        self.markers[marker] = where
        return marker

    def text(self, where: str, max_length: int | None) -> str:
        """Payloads for one field: every family when it is long enough, else as many as fit.
        The value starts with a formula character, for the CSV checks."""
        marker = self.marker(where)
        families = [family.format(m=marker) for family in FAMILIES.values()]
        start = next(self._formula)
        if max_length is None:
            return start + "\n\n".join(families)
        shift = next(self._rotation) % len(families)
        value = start + marker
        for family in families[shift:] + families[:shift]:
            if len(value) + 1 + len(family) <= max_length:
                value += " " + family
        if len(value) + len(SHORT) <= max_length:
            value += SHORT
        return value

    def fill(self, obj) -> None:
        """Every text, list-of-text and link field of ``obj``, saved (in the caller's revision)."""
        label = obj._meta.label
        for field in obj._meta.concrete_fields:
            if field.name in NOT_TEXT or field.choices or field.primary_key:
                continue
            where = f"{label}.{field.name}"
            if isinstance(field, models.URLField):
                setattr(obj, field.name, next(self._urls))
            elif isinstance(field, models.CharField | models.TextField):
                setattr(obj, field.name, self.text(where, field.max_length))
            elif isinstance(field, models.JSONField) and isinstance(getattr(obj, field.name), list):
                setattr(obj, field.name, [self.text(where, 300), self.text(where, 300)])
        obj.save()


def build_world():
    """Every kind of record, poisoned, through the workflow: published twice, then edited and
    submitted again (an open change request)."""
    researcher = workflow.factory_researcher()
    reviewer = workflow.factory_reviewer()
    poison = Poison()

    regime = RegimeFactory(code="KP")
    episodes = [EpisodeFactory(regime=regime) for _ in range(2)]
    other = UnintendedConsequence.objects.get(is_other=True)
    for episode in episodes:
        ResolutionFactory(episode=episode)
        PurposeFactory(episode=episode, purpose="constrain")
        measure = episode.measures.get()
        DocumentFactory(episode=episode)
        DocumentFactory(episode=episode, kind="exemption", measure=measure)
        DocumentFactory(episode=episode, kind="exemption")
        ConsequenceFactory(episode=episode, consequence=other)
        ConsequenceFactory(episode=episode)
    assessments = [
        AssessmentFactory(episode=episode, purpose=purpose)
        for episode in episodes
        for purpose in ("coerce", "constrain")
    ]
    individual = DesignationFactory(regime=regime)
    AliasFactory(designation=individual)
    BirthDateFactory(designation=individual)
    IdentityDocumentFactory(designation=individual)
    Address.objects.create(designation=individual, country="Somewhere")
    BirthPlace.objects.create(designation=individual, country="Somewhere")
    entity = DesignationFactory(regime=regime, entity=True)
    Address.objects.create(designation=entity, city="Pyongyang")
    AliasFactory(designation=entity, quality="aka")
    vessel = DesignationFactory(regime=regime, vessel=True)
    designations = [individual, entity, vessel]
    records = [regime, *episodes, *assessments, *designations]

    def poison_all(comment):
        with reversion.create_revision():
            reversion.set_user(researcher)
            reversion.set_comment(comment)
            poison.fill(regime)
            for episode in episodes:
                poison.fill(episode)
                for related in ("resolutions", "purposes", "measures", "documents"):
                    for child in getattr(episode, related).all():
                        poison.fill(child)
                for consequence in episode.unintended_consequences.all():
                    poison.fill(consequence)
            for assessment in assessments:
                poison.fill(assessment)
            for designation in designations:
                poison.fill(designation)
                for related in ("aliases", "addresses", "birth_dates", "birth_places", "documents"):
                    for child in getattr(designation, related).all():
                        poison.fill(child)

    poison_all("First poisoned version")
    workflow.publish(*records, submitter=researcher, approver=reviewer)
    poison_all("Second poisoned version")
    workflow.publish(*records, submitter=researcher, approver=reviewer)
    poison_all("Third poisoned version, in review")
    open_request = services.submit_for_review(records, by=researcher)

    # A poisoned draft, deleted: the recover list shows it.
    draft = DesignationFactory(regime=regime)
    with reversion.create_revision():
        reversion.set_user(researcher)
        poison.fill(draft)
    deleted_version = Version.objects.get_for_object(draft).first()
    draft.delete()
    return {
        "poison": poison,
        "regime": regime,
        "episodes": episodes,
        "assessments": assessments,
        "designations": designations,
        "open_request": open_request,
        "deleted_version": deleted_version,
        "researcher": researcher,
    }


# --- what may not survive ----------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "srcset"}
URL_ATTRIBUTES |= {"xlink:href", "{http://www.w3.org/1999/xlink}href", "cite", "longdesc"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "style", "base", "frame", "frameset", "applet"}
# Browsers drop these before reading a scheme: "jav\tascript:" is "javascript:".
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
# Fingerprints of a payload that escaped escaping, in the raw bytes (whatever a parser makes of it).
RAW_FINGERPRINTS = re.compile(
    r"<script>alert|<svg[ /]onload|<img src=x|<iframe|<object|<embed|<details open|<base href"
    r"|<meta http-equiv|<math>|<style>@import|<scr<script>",
    re.IGNORECASE,
)


def unsafe_url(value: str) -> bool:
    scheme = _IGNORED_IN_URLS.sub("", value).lower()
    return scheme.startswith(("javascript:", "data:", "vbscript:"))


def executable_markup(html: str) -> list[str]:
    """Everything in ``html`` that could run script or load content the project did not write."""
    problems = [f"raw {m.group(0)!r}" for m in RAW_FINGERPRINTS.finditer(html)]
    root = lxml.html.document_fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = element.tag.lower()
        if tag == "script":
            src = element.get("src") or ""
            own = src.startswith(settings.STATIC_URL) or src == reverse("admin:jsi18n")
            if not own or (element.text or "").strip():
                problems.append(f"<script src={src!r}>{(element.text or '')[:40]}")
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "style":
                problems.append(f"<{tag} style={value[:40]!r}>")
            if name in URL_ATTRIBUTES and unsafe_url(value):
                problems.append(f"<{tag} {name}={value[:40]!r}>")
    return problems


def markers_in(html: str) -> set[str]:
    return set(re.findall(r"mk\d{3}x", html))


def check_pages(client, pages: dict[str, int]) -> tuple[list[str], set[str]]:
    """GET each page; the problems found (status or markup) and the markers shown."""
    problems, shown = [], set()
    for url, status in pages.items():
        response = client.get(url)
        if response.status_code != status:
            problems.append(f"{url}: status {response.status_code}, expected {status}")
            continue
        html = response.content.decode()
        problems.extend(f"{url}: {problem}" for problem in executable_markup(html))
        shown |= markers_in(html)
    return problems, shown


# --- the renderer on its own -------------------------------------------------------------------


@pytest.mark.parametrize("family", list(FAMILIES))
def test_the_markdown_renderer_leaves_nothing_executable(family):
    source = FAMILIES[family].format(m="mk000x")

    html = render_markdown(source)

    assert executable_markup(f"<html><body>{html}</body></html>") == []


def test_the_markdown_renderer_keeps_ordinary_links_and_formatting():
    html = render_markdown(
        "See the [panel report](https://www.un.org/securitycouncil/sanctions/1718) and "
        "[write](mailto:atlas@example.org); **bold**, *em*.\n\n- one\n- two"
    )

    assert '<a href="https://www.un.org/securitycouncil/sanctions/1718"' in html
    assert 'href="mailto:atlas@example.org"' in html
    assert "<strong>bold</strong>" in html and "<li>one</li>" in html


@pytest.mark.parametrize("url", UNSAFE_URLS + ("\x00javascript:alert(1)", "java\x0bscript:x"))
def test_a_link_from_content_is_dropped_unless_it_is_http_https_or_mailto(url):
    assert safe_url(url) == ""


@pytest.mark.parametrize(
    "url",
    ["https://www.un.org/x?a=1&b=2", "http://example.org/", "mailto:a@example.org", "/episodes/"],
)
def test_an_ordinary_link_from_content_is_kept(url):
    assert safe_url(url) == url


# --- every page --------------------------------------------------------------------------------


def public_pages(world) -> dict[str, int]:
    episode, other = world["episodes"]
    individual, entity, vessel = world["designations"]
    slug, key = episode.slug, individual.reference_number
    payload = '"><script>alert(1)</script><svg onload=alert(1)>'
    return {
        "/": 200,
        "/episodes/": 200,
        f"/episodes/{slug}/": 200,
        f"/episodes/{slug}/history/": 200,
        f"/episodes/{slug}/versions/1/": 200,
        f"/episodes/{slug}/versions/2/": 200,
        f"/compare/?episodes={slug},{other.slug}": 200,
        "/regimes/": 200,
        "/regimes/KP/": 200,
        "/assessments/": 200,
        "/statistics/": 200,
        "/downloads/": 200,
        "/codebook/": 200,
        "/designations/": 200,
        "/designations/?q=TEST": 200,
        f"/designations/{key}/": 200,
        f"/designations/{entity.reference_number}/": 200,
        f"/designations/{vessel.imo_number}/": 200,
        # What people type comes back in forms, errors and suggestions.
        "/designations/?q=" + payload: 200,
        "/designations/?nationality=" + payload: 200,
        "/episodes/?regime=" + payload: 400,
        "/regimes/?on=" + payload: 400,
        "/regimes/?" + payload + "=1": 400,
        "/episodes/?" + payload + "=1": 400,
        f"/episodes/{slug}x/": 404,  # suggests the poisoned titles
        f"/designations/{key}9/": 404,  # suggests the poisoned names
        "/designations/" + payload.replace("/", "") + "/": 404,
        "/no-such-page/" + payload.replace("/", ""): 404,
    }


def test_no_public_page_runs_what_researchers_wrote(anonymous_client):
    world = build_world()

    problems, shown = check_pages(anonymous_client, public_pages(world))

    assert problems == [], "\n".join(problems)
    # Not vacuous: every poisoned field shows on some public page (so every one was checked),
    # except the informational UN list types, which are not public.
    poison = world["poison"]
    rendered = {poison.markers[marker] for marker in shown}
    assert set(poison.markers.values()) - rendered == NOT_PUBLIC


def test_no_staff_page_runs_what_researchers_wrote(reviewer_client):
    world = build_world()
    open_request = world["open_request"]
    approved = ChangeRequest.objects.filter(status=ChangeRequest.Status.APPROVED).order_by("pk")
    pages = {
        "/admin/": 200,
        "/review/": 200,
        f"/review/{open_request.pk}/": 200,  # the diff of the third version against the second
        f"/review/{approved.first().pk}/": 200,  # a first publication: everything as additions
        "/admin/editorial/changerequest/": 200,
        f"/admin/editorial/changerequest/{open_request.pk}/change/": 200,
        "/admin/editorial/auditevent/": 200,
        "/admin/editorial/publicationrecord/": 200,
        f"/admin/editorial/publicationrecord/{PublicationRecord.objects.last().pk}/change/": 200,
        "/admin/designations/designation/recover/": 200,
        f"/admin/designations/designation/recover/{world['deleted_version'].pk}/": 200,
        "/admin/episodes/episode/?q=%3Cscript%3Ealert(1)%3C/script%3E": 200,
    }
    records = [world["regime"], *world["episodes"], *world["assessments"]]
    records += world["designations"]
    for record in records:
        meta = record._meta
        prefix = f"/admin/{meta.app_label}/{meta.model_name}/"
        version = Version.objects.get_for_object(record).last()  # the first poisoned one
        pages |= {
            prefix: 200,  # the list columns
            f"{prefix}{record.pk}/change/": 200,
            f"{prefix}{record.pk}/history/": 200,  # every version, with its diff
            f"{prefix}{record.pk}/history/{version.pk}/": 200,  # restoring an old version
            f"{prefix}{record.pk}/request/unpublish/": 200,
        }

    problems, shown = check_pages(reviewer_client, pages)

    assert problems == [], "\n".join(problems)
    assert len(shown) > 100  # the payloads are on the pages, as text


# --- downloads: data, not pages; CSV formula-safe ------------------------------------------------


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]


def neutralised_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell[:1] == "'" and cell[1:2] in FORMULA_START]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_csv_is_formula_safe_and_every_download_is_an_attachment(settings):
    settings.ATLAS_API_ANON_RATE = None
    build_world()
    client = Client()
    csv_urls = [f"/downloads/{name}.csv" for name in TABLES]
    csv_urls += [f"/{path}/?format=csv" for path in ("episodes", "designations", "assessments")]
    api_csv = [f"/api/{path}/?format=csv" for path in ("regimes", "episodes", "designations")]
    api_csv += ["/api/assessments/?format=csv"]
    json_urls = [f"/downloads/{name}.json" for name in TABLES]
    json_urls += [f"/{path}/?format=json" for path in ("episodes", "designations", "assessments")]

    outputs: dict[str, list[list[str]]] = {}
    for url in csv_urls + api_csv:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/csv"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Content-Disposition"].startswith("attachment;"), url
        outputs[url] = csv_rows(body(response))
    package = client.get("/downloads/sanctions-atlas.zip")
    assert package["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body(package))) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                outputs[f"sanctions-atlas.zip/{name}"] = csv_rows(archive.read(name))

    # The individual codings hold slugs, pseudonyms and scores only: no text anybody writes.
    free_text = {url: rows for url, rows in outputs.items() if "codings" not in url}
    for url, rows in outputs.items():
        assert formula_cells(rows) == [], url
    for url, rows in free_text.items():
        assert neutralised_cells(rows), url  # not vacuous: the poisoned text is there, made safe

    for url in json_urls:
        response = client.get(url)
        assert response["Content-Type"].startswith("application/json"), url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        json.loads(body(response))
    # JSON keeps the values as written: data for a program, never a page.
    narrative = json.loads(body(client.get("/downloads/episodes.json")))[0]["narrative"]
    assert narrative.startswith(FORMULA_START) and "<script>alert(" in narrative


def test_text_cells_are_neutralised_and_typed_cells_are_not():
    for start in FORMULA_START:
        assert formula_safe(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
        assert csv_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
        assert csv_value(f"{start}SUM(A1)", "string") == f"'{start}SUM(A1)"
    assert formula_safe("S/RES/2397 (2017)") == "S/RES/2397 (2017)"
    # A number is a number, negative or not; a date range is a date twice; a list is checked
    # as the cell it becomes.
    assert csv_cell(-5) == -5
    assert csv_cell(-2.5) == -2.5
    assert csv_value(-5, "integer") == "-5"
    assert csv_value("-5", "integer") == "-5"
    assert csv_value(datetime.date(2017, 12, 22), "date") == "2017-12-22"
    assert csv_cell(["=1+1", "x"]) == "'=1+1|x"
    # Text that merely looks like a number is text: "-5" in a name column is neutralised too, as
    # a spreadsheet would compute it.
    assert csv_value("-5", "string") == "'-5"
