"""The public data tables, defined once.

Each ``Table`` names its columns (type and description) and how its rows derive from the published
documents. The same definitions serve the filtered-list downloads (CSV and JSON of /episodes/,
/designations/, /assessments/), the per-table downloads, the Frictionless data package
(``episodes/datapackage.py``) and the column documentation on /downloads/, so the three can never
disagree. Rows are built only from ``Published…`` rows: a download shows what a page shows.
"""

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from assessments.models import PublishedAssessment
from designations.models import PublishedDesignation
from editorial import links
from episodes.models import PublishedEpisode, PublishedRegime
from public import selectors
from public.exports.csv import csv_cell
from public.exports.csv import csv_lines as csv_writer_lines

LIST_SEPARATOR = "; "
CHUNK = 500

# Frictionless Table Schema types used here, and the Python types a value may have.
TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "date": (str,),  # ISO 8601, YYYY-MM-DD
}


@dataclass(frozen=True)
class Record:
    """A published record as a table reads it, where no ``Published…`` row is at hand (the API's
    CSV reads only these three fields; its ``as_of`` rows come from the public history)."""

    document: dict
    public_version: int
    approved_at: Any


@dataclass(frozen=True)
class Row:
    """What a column reads: the published record, the part of its document the row is about."""

    record: Any
    item: dict
    base_url: str

    @property
    def doc(self) -> dict:
        return self.record.document


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    get: Callable[[Row], Any]
    required: bool = False
    # An identifier that looks like a number (a DATAID, an IMO number, a postal code): text, so
    # that pandas and R keep it as written (no 9112222.0, no lost leading zero).
    identifier: bool = False

    def schema(self) -> dict:
        entry = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "date":
            entry["format"] = "default"
        if self.required:
            entry["constraints"] = {"required": True}
        return entry


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    source: str  # key of SOURCES: the published records a full release reads
    # One published record → the document parts it contributes rows for.
    parts: Callable[[Any], Iterable[dict]] = field(default=lambda record: [record.document])
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    # The codebook path its columns are named after: a column "x" is the codebook's "<prefix>.x"
    # unless CODEBOOK_PATHS names another (see ``codebook_path``).
    prefix: str = ""

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def identifier_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.identifier]

    @property
    def date_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.type == "date"]

    def rows(self, records: Iterable, base_url: str = "") -> Iterator[dict]:
        for record in records:
            for item in self.parts(record):
                row = Row(record, item, base_url)
                yield {column.name: column.get(row) for column in self.columns}

    def queryset(self):
        return SOURCES[self.source]()

    def release_rows(self, base_url: str = "") -> Iterator[dict]:
        records = self.queryset()
        if hasattr(records, "iterator"):
            records = records.iterator(chunk_size=CHUNK)
        return self.rows(records, base_url)

    def schema(self) -> dict:
        schema = {
            "fields": [column.schema() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fields), "reference": {"resource": resource, "fields": list(ref)}}
                for fields, resource, ref in self.foreign_keys
            ]
        return schema


# The published records behind each table of a full release.
SOURCES: dict[str, Callable[[], Any]] = {
    "regimes": lambda: PublishedRegime.objects.for_list(),
    "episodes": lambda: PublishedEpisode.objects.for_list(),
    "assessments": lambda: PublishedAssessment.objects.for_list(),
    "designations": lambda: PublishedDesignation.objects.for_list(),
    "codings": selectors.published_codings,
}


# --- helpers ------------------------------------------------------------------------------------


def joined(values) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values if v not in (None, ""))


def _version(row: Row):
    return row.record.public_version


def _approved_on(row: Row):
    return row.record.approved_at.date().isoformat()


def _url(name: str, identifier: Callable[[Row], str], plain=links.SLUG) -> Callable[[Row], str]:
    """A row's page: ``editorial.links``, not a ``reverse`` per row (a sixth of a CSV's cost)."""

    def get(row: Row) -> str:
        return row.base_url + links.link(name, identifier(row), plain)

    return get


def _doc(key: str, default=None) -> Callable[[Row], Any]:
    return lambda row: row.doc.get(key, default)


def _item(key: str, default=None) -> Callable[[Row], Any]:
    return lambda row: row.item.get(key, default)


def _nested(*path: str) -> Callable[[Row], Any]:
    def get(row: Row):
        value = row.doc
        for key in path:
            value = (value or {}).get(key)
        return value

    return get


def _text(getter: Callable[[Row], Any]) -> Callable[[Row], str]:
    return lambda row: getter(row) or ""


VERSION = Column(
    "version", "integer", "Number of the approved version this row shows (1, 2, …).", _version, True
)
APPROVED_ON = Column(
    "approved_on", "date", "Date the reviewer approved this version.", _approved_on, True
)


# --- regimes ------------------------------------------------------------------------------------

REGIMES = Table(
    name="regimes",
    prefix="regime",
    title="Sanctions regimes",
    description="One row per UN sanctions regime.",
    source="regimes",
    primary_key=("code",),
    columns=(
        Column(
            "code",
            "string",
            "Regime code, the prefix of its UN reference numbers.",
            _doc("code"),
            True,
        ),
        Column("short_name", "string", "Short name used in episode titles.", _doc("short_name")),
        Column("name", "string", "Full name.", _doc("name"), True),
        Column("committee", "string", "Security Council sanctions committee.", _doc("committee")),
        Column(
            "established_by", "string", "Resolution that established it.", _doc("established_by")
        ),
        Column("established_on", "date", "Date it was established.", _doc("established_on")),
        Column(
            "terminated_on", "date", "Date it ended (empty while in force).", _doc("terminated_on")
        ),
        Column("description", "string", "Introduction (Markdown).", _doc("description")),
        Column("url", "string", "Page on this site.", _url("episodes:regime", _doc("code")), True),
        VERSION,
        APPROVED_ON,
    ),
)


# --- episodes and their parts ------------------------------------------------------------------

_KINDS = ("individuals", "entities", "vessels")


def _designee_columns():
    for kind in _KINDS:
        for measure, label in (("current", "current"), ("maximum", "maximum")):
            yield Column(
                f"{kind}_{measure}",
                "integer",
                f"Designated {kind}, {label} number during the episode, as coded by the researcher.",
                _nested("designees", kind, measure),
            )


def _episode_slug(row: Row) -> str:
    return row.doc["slug"]


EPISODES = Table(
    name="episodes",
    prefix="episode",
    title="Episodes",
    description="One row per episode: a period of a regime during which the type, target and "
    "purpose of the sanctions stay the same.",
    source="episodes",
    primary_key=("slug",),
    foreign_keys=((("regime",), "regimes", ("code",)),),
    columns=(
        Column("slug", "string", "Permanent identifier, e.g. dprk-ep-8.", _doc("slug"), True),
        Column("title", "string", "Title, e.g. DPRK - EP 8.", _doc("title"), True),
        Column("regime", "string", "Regime code (see regimes).", _doc("regime"), True),
        Column(
            "number", "integer", "Order of the episode within its regime.", _doc("number"), True
        ),
        Column("summary", "string", "One-sentence summary.", _doc("summary")),
        Column("start_date", "date", "First day of the episode.", _doc("start_date"), True),
        Column("end_date", "date", "Last day (empty while ongoing).", _doc("end_date")),
        Column(
            "ongoing", "boolean", "true while the episode has no end date.", _doc("ongoing"), True
        ),
        Column(
            "resolutions",
            "string",
            f"Resolutions of the episode, '{LIST_SEPARATOR}'-separated (see episode_resolutions).",
            lambda row: joined(r["symbol"] for r in row.doc["resolutions"]),
        ),
        Column(
            "primary_purpose",
            "string",
            "coerce, constrain or signal.",
            _text(_doc("primary_purpose")),
        ),
        Column(
            "purposes",
            "string",
            f"Every purpose of the episode, '{LIST_SEPARATOR}'-separated.",
            lambda row: joined(p["purpose"] for p in row.doc["purposes"]),
        ),
        Column(
            "measure_categories",
            "string",
            f"Categories of its measures, '{LIST_SEPARATOR}'-separated (see episode_measures).",
            lambda row: joined(sorted({m["category"] for m in row.doc["measures"]})),
        ),
        Column(
            "secondary_sanctions",
            "boolean",
            "true if any measure also targets third parties.",
            lambda row: any(m["secondary_sanctions"] for m in row.doc["measures"]),
            True,
        ),
        *_designee_columns(),
        Column(
            "designees_note", "string", "Note on the designee counts.", _nested("designees", "note")
        ),
        Column(
            "population_impact",
            "string",
            "Likely impact on the general population: low, medium or high.",
            lambda row: (row.doc["population_impact"] or {}).get("level", ""),
        ),
        Column(
            "population_impact_text",
            "string",
            "Why (Markdown).",
            lambda row: (row.doc["population_impact"] or {}).get("text", ""),
        ),
        Column(
            "sanctions_committee",
            "boolean",
            "A sanctions committee is in place.",
            _nested("institutions", "sanctions_committee"),
            True,
        ),
        Column(
            "panel_of_experts",
            "boolean",
            "A panel of experts or monitoring team is in place.",
            _nested("institutions", "panel_of_experts"),
            True,
        ),
        Column(
            "designation_criteria",
            "boolean",
            "Designation criteria were specified.",
            _nested("institutions", "designation_criteria"),
            True,
        ),
        Column(
            "targets_designated",
            "boolean",
            "Targets were designated.",
            _nested("institutions", "targets_designated"),
            True,
        ),
        Column(
            "enforcement_authorities",
            "boolean",
            "Enforcement authorities were specified.",
            _nested("institutions", "enforcement_authorities"),
            True,
        ),
        Column(
            "institutions_text",
            "string",
            "Institutions (Markdown).",
            _nested("institutions", "text"),
        ),
        Column(
            "humanitarian_carve_out",
            "boolean",
            "A standing humanitarian carve-out applies.",
            _nested("humanitarian_carve_out", "applies"),
            True,
        ),
        Column(
            "humanitarian_carve_out_text",
            "string",
            "The carve-out (Markdown).",
            _nested("humanitarian_carve_out", "text"),
        ),
        Column(
            "unintended_consequences",
            "string",
            f"Unintended consequences, '{LIST_SEPARATOR}'-separated slugs (see "
            "episode_consequences).",
            lambda row: joined(c["slug"] for c in row.doc["unintended_consequences"]),
        ),
        Column(
            "overall_effectiveness",
            "string",
            "Overall effectiveness: high, mixed or low.",
            lambda row: (row.doc["overall_effectiveness"] or {}).get("level", ""),
        ),
        Column("narrative", "string", "What happened (Markdown).", _doc("narrative")),
        Column("url", "string", "Page on this site.", _url("episodes:detail", _episode_slug), True),
        VERSION,
        APPROVED_ON,
    ),
)

_EPISODE_FK = ((("episode",), "episodes", ("slug",)),)
EPISODE = Column("episode", "string", "Episode slug (see episodes).", _episode_slug, True)

EPISODE_PURPOSES = Table(
    name="episode_purposes",
    prefix="episode.purposes",
    title="Purposes and objectives of each episode",
    description="One row per episode and purpose.",
    source="episodes",
    parts=lambda record: record.document["purposes"],
    primary_key=("episode", "purpose"),
    foreign_keys=_EPISODE_FK,
    columns=(
        EPISODE,
        Column("purpose", "string", "coerce, constrain or signal.", _item("purpose"), True),
        Column(
            "is_primary", "boolean", "The episode's primary purpose.", _item("is_primary"), True
        ),
        Column("objective", "string", "What the Security Council sought.", _item("objective")),
    ),
)

EPISODE_RESOLUTIONS = Table(
    name="episode_resolutions",
    prefix="episode.resolutions",
    title="Resolutions of each episode",
    description="One row per episode and Security Council resolution.",
    source="episodes",
    parts=lambda record: record.document["resolutions"],
    primary_key=("episode", "number"),
    foreign_keys=_EPISODE_FK,
    columns=(
        EPISODE,
        Column("symbol", "string", "e.g. S/RES/2397 (2017).", _item("symbol"), True),
        Column("number", "integer", "Resolution number.", _item("number"), True),
        Column("year", "integer", "Year of adoption.", _item("year"), True),
        Column("adopted_on", "date", "Date of adoption.", _item("adopted_on")),
        Column("role", "string", "opens, modifies or renews.", _item("role"), True),
        Column("vote", "string", "Vote, e.g. 15-0-0.", _item("vote")),
        Column("description", "string", "What it did for the episode.", _item("description")),
        Column("link", "string", "Link to the text.", _item("url")),
    ),
)


def _exemption_links(row: Row) -> str:
    return joined(
        d["url"]
        for d in row.doc["documents"]
        if d["kind"] == "exemption" and d["measure"] == row.item["id"]
    )


EPISODE_MEASURES = Table(
    name="episode_measures",
    prefix="episode.measures",
    title="Sanction measures of each episode",
    description="One row per measure.",
    source="episodes",
    parts=lambda record: record.document["measures"],
    primary_key=("episode", "measure_id"),
    foreign_keys=_EPISODE_FK,
    columns=(
        EPISODE,
        Column("measure_id", "integer", "Identifier of the measure.", _item("id"), True),
        Column(
            "category",
            "string",
            "travel, asset_freeze, diplomatic, arms, proscribed_activities, commodity, "
            "transportation or financial_sector.",
            _item("category"),
            True,
        ),
        Column(
            "subtype", "string", "Subtype slug, e.g. refined-petroleum.", _text(_item("subtype"))
        ),
        Column("subtype_label", "string", "Subtype name.", _text(_item("subtype_label"))),
        Column("title", "string", "Short name of the measure.", _item("title"), True),
        Column(
            "secondary_sanctions",
            "boolean",
            "Also targets third parties.",
            _item("secondary_sanctions"),
            True,
        ),
        Column(
            "application", "string", "mandatory, conditional or recommended.", _item("application")
        ),
        Column(
            "population_impact",
            "string",
            "Potential impact on the population: low, medium or high.",
            _item("population_impact"),
        ),
        Column(
            "resolution_paragraph", "string", "Where it is imposed.", _item("resolution_paragraph")
        ),
        Column("description", "string", "Description (Markdown).", _item("description")),
        Column("exemptions", "string", "Exemptions, in words.", _item("exemptions")),
        Column(
            "exemption_links",
            "string",
            f"Links to exemption pages, '{LIST_SEPARATOR}'-separated.",
            _exemption_links,
        ),
    ),
)

EPISODE_DOCUMENTS = Table(
    name="episode_documents",
    prefix="episode.documents",
    title="Documents and links of each episode",
    description="One row per document or link (reports, notices, press releases, exemption pages).",
    source="episodes",
    parts=lambda record: record.document["documents"],
    primary_key=("episode", "document_id"),
    foreign_keys=_EPISODE_FK,
    columns=(
        EPISODE,
        Column("document_id", "integer", "Identifier of the link.", _item("id"), True),
        Column("kind", "string", "Kind, e.g. panel_reports, press_release.", _item("kind"), True),
        Column("title", "string", "Title.", _item("title"), True),
        Column("link", "string", "Address.", _item("url")),
        Column("reference", "string", "UN document symbol, e.g. SC/13149.", _item("reference")),
        Column("issued_on", "date", "Date of issue.", _item("issued_on")),
        Column(
            "measure_id",
            "integer",
            "The measure an exemption page belongs to (see episode_measures).",
            _item("measure"),
        ),
        Column("note", "string", "Note.", _item("note")),
    ),
)

EPISODE_CONSEQUENCES = Table(
    name="episode_consequences",
    prefix="episode.unintended_consequences",
    title="Unintended consequences of each episode",
    description="One row per episode and unintended consequence observed.",
    source="episodes",
    parts=lambda record: record.document["unintended_consequences"],
    primary_key=("episode", "consequence"),
    foreign_keys=_EPISODE_FK,
    columns=(
        EPISODE,
        Column("consequence", "string", "Slug of the consequence.", _item("slug"), True),
        Column("name", "string", "Name of the consequence.", _item("name"), True),
        Column("polarity", "string", "positive or negative.", _item("polarity"), True),
        Column("other_text", "string", "Description, for “Other”.", _item("other_text")),
        Column("note", "string", "Evidence or explanation (Markdown).", _item("note")),
    ),
)


# --- assessments --------------------------------------------------------------------------------


_AGREED = {
    "policy_outcome": "policy outcome scores",
    "sanctions_contribution": "sanctions contribution scores",
    "consequences": "unintended consequences",
}


def _agreement_columns():
    yield Column(
        "coders",
        "integer",
        "How many experts coded the assessment independently (1: one researcher; agreement needs two).",
        _nested("coding", "coders"),
        True,
    )
    for variable, what in _AGREED.items():
        yield Column(
            f"{variable}_alpha",
            "number",
            f"Krippendorff's alpha of the coders' {what} (empty with fewer than two coders or "
            "without variation).",
            _nested("coding", "agreement", variable),
        )
        yield Column(
            f"{variable}_percent_agreement",
            "number",
            f"Share of coder pairs that agree on the {what}, in percent.",
            _nested("coding", "agreement", "percent_agreement", variable),
        )
        yield Column(
            f"{variable}_units",
            "integer",
            f"Units of the {what} coded by at least two coders.",
            _nested("coding", "agreement", "units", variable),
        )


AGREEMENT_COLUMNS = tuple(_agreement_columns())


def _assessment_url(row: Row) -> str:
    return (
        row.base_url
        + links.link("episodes:detail", row.doc["episode"])
        + f"#effectiveness-{row.doc['purpose']}"
    )


ASSESSMENTS = Table(
    name="assessments",
    prefix="assessment",
    title="Effectiveness assessments",
    description="One row per episode and purpose: how far the purpose was achieved (policy "
    "outcome) and how much the sanctions contributed, each scored 1 to 5.",
    source="assessments",
    primary_key=("episode", "purpose"),
    foreign_keys=_EPISODE_FK,
    columns=(
        Column("episode", "string", "Episode slug (see episodes).", _doc("episode"), True),
        Column("regime", "string", "Regime code.", _doc("regime"), True),
        Column("purpose", "string", "coerce, constrain or signal.", _doc("purpose"), True),
        Column(
            "policy_outcome_score",
            "integer",
            "Policy outcome, 1 (negative) to 5 (significant progress).",
            _nested("policy_outcome", "score"),
            True,
        ),
        Column(
            "policy_outcome_label",
            "string",
            "Label of that score.",
            _nested("policy_outcome", "label"),
        ),
        Column(
            "policy_outcome_narrative",
            "string",
            "What happened (Markdown).",
            _nested("policy_outcome", "narrative"),
        ),
        Column(
            "sanctions_contribution_score",
            "integer",
            "Contribution of the sanctions, 1 (negative) to 5 (significant).",
            _nested("sanctions_contribution", "score"),
            True,
        ),
        Column(
            "sanctions_contribution_label",
            "string",
            "Label of that score.",
            _nested("sanctions_contribution", "label"),
        ),
        Column(
            "sanctions_contribution_narrative",
            "string",
            "Why (Markdown).",
            _nested("sanctions_contribution", "narrative"),
        ),
        Column(
            "effective",
            "boolean",
            "Whether the purpose counts as effective under the atlas's rule (see /statistics/).",
            _doc("effective"),
            True,
        ),
        Column("url", "string", "Section of the episode page.", _assessment_url, True),
        VERSION,
        APPROVED_ON,
        *AGREEMENT_COLUMNS,
    ),
)


# --- individual codings (reliability analysis) ---------------------------------------------------


def _coding(key: str) -> Callable[[Row], Any]:
    return lambda row: row.item[key]


CODINGS = Table(
    name="codings",
    prefix="coding",
    title="Individual codings",
    description="One row per expert's independent coding of an episode purpose, in the coding "
    "rounds whose consensus is published (see assessments): for reliability analysis. Coders "
    "are pseudonymous: the same id across rounds, never a name. Their narratives are not "
    "published; the consensus's are.",
    source="codings",
    primary_key=("round", "coder"),
    foreign_keys=_EPISODE_FK,
    parts=lambda record: [record],
    columns=(
        Column("episode", "string", "Episode slug (see episodes).", _coding("episode"), True),
        Column("purpose", "string", "coerce, constrain or signal.", _coding("purpose"), True),
        Column(
            "round", "integer", "Number of the coding round in this table.", _coding("round"), True
        ),
        Column("coder", "string", "Pseudonymous coder id.", _coding("coder"), True),
        Column(
            "policy_outcome_score",
            "integer",
            "The coder's policy outcome, 1 to 5.",
            _coding("policy_outcome_score"),
            True,
        ),
        Column(
            "sanctions_contribution_score",
            "integer",
            "The coder's sanctions contribution, 1 to 5.",
            _coding("sanctions_contribution_score"),
            True,
        ),
        Column(
            "consequences",
            "string",
            "Slugs of the unintended consequences the coder found, separated by |.",
            _coding("consequences"),
        ),
    ),
)


# --- designations -------------------------------------------------------------------------------


def _vessel(key: str) -> Callable[[Row], Any]:
    return lambda row: (row.doc["vessel"] or {}).get(key) or ""


def _designation_key(row: Row) -> str:
    return row.doc["key"]


def _dataid(row: Row) -> str:
    dataid = row.doc.get("dataid")
    return "" if dataid is None else str(dataid)


DESIGNATIONS = Table(
    name="designations",
    prefix="designation",
    title="Designations",
    description="One row per designated individual, entity or vessel.",
    source="designations",
    primary_key=("key",),
    foreign_keys=((("regime",), "regimes", ("code",)),),
    columns=(
        Column(
            "key",
            "string",
            "UN reference number (e.g. KPi.033), or IMO number for vessels.",
            _doc("key"),
            True,
            identifier=True,
        ),
        Column("kind", "string", "individual, entity or vessel.", _doc("kind"), True),
        Column("regime", "string", "Regime code (see regimes).", _doc("regime"), True),
        Column(
            "reference_number",
            "string",
            "UN reference number.",
            _text(_doc("reference_number")),
            identifier=True,
        ),
        Column(
            "imo_number", "string", "IMO number (vessels).", _vessel("imo_number"), identifier=True
        ),
        Column(
            "dataid",
            "string",
            "UN DATAID, the list's stable identifier (digits, kept as text).",
            _dataid,
            identifier=True,
        ),
        Column("name", "string", "Name as listed.", _doc("name"), True),
        Column(
            "name_original_script",
            "string",
            "Name in original script.",
            _doc("name_original_script"),
        ),
        Column("first_name", "string", "First name part.", _doc("first_name")),
        Column("second_name", "string", "Second name part.", _doc("second_name")),
        Column("third_name", "string", "Third name part.", _doc("third_name")),
        Column("fourth_name", "string", "Fourth name part.", _doc("fourth_name")),
        Column("gender", "string", "Gender, as listed.", _doc("gender")),
        Column(
            "titles",
            "string",
            f"Titles, '{LIST_SEPARATOR}'-separated.",
            lambda r: joined(r.doc["titles"]),
        ),
        Column(
            "positions",
            "string",
            f"Functions held, '{LIST_SEPARATOR}'-separated.",
            lambda r: joined(r.doc["positions"]),
        ),
        Column(
            "nationalities",
            "string",
            f"Nationalities, '{LIST_SEPARATOR}'-separated.",
            lambda r: joined(r.doc["nationalities"]),
        ),
        Column("listed_on", "date", "Date listed.", _doc("listed_on"), True),
        Column(
            "amended_on",
            "string",
            f"Amendment dates (YYYY-MM-DD), '{LIST_SEPARATOR}'-separated.",
            lambda r: joined(r.doc["amended_on"]),
        ),
        Column("delisted_on", "date", "Date delisted (empty while in force).", _doc("delisted_on")),
        Column("in_force", "boolean", "true while not delisted.", _doc("in_force"), True),
        Column(
            "dates_of_birth",
            "string",
            f"Dates of birth as given (“1960”, “about 1958”, “between 1957 and 1959”), "
            f"'{LIST_SEPARATOR}'-separated.",
            lambda r: joined(b["as_given"] for b in r.doc["birth_dates"]),
        ),
        Column(
            "places_of_birth",
            "string",
            f"Places of birth, '{LIST_SEPARATOR}'-separated.",
            lambda r: joined(
                ", ".join(p for p in (b["city"], b["state_province"], b["country"]) if p)
                for b in r.doc["birth_places"]
            ),
        ),
        Column("narrative", "string", "The UN's narrative summary.", _doc("narrative")),
        Column("vessel_flag", "string", "Flag (vessels).", _vessel("flag")),
        Column("vessel_type", "string", "Type (vessels).", _vessel("vessel_type")),
        Column(
            "vessel_call_sign",
            "string",
            "Call sign (vessels).",
            _vessel("call_sign"),
            identifier=True,
        ),
        Column("vessel_mmsi", "string", "MMSI (vessels).", _vessel("mmsi"), identifier=True),
        Column(
            "vessel_owner_key",
            "string",
            "Key of the designated owner (vessels).",
            lambda r: ((r.doc["vessel"] or {}).get("owner") or {}).get("key") or "",
            identifier=True,
        ),
        Column("vessel_owner_name", "string", "Owner as named (vessels).", _vessel("owner_name")),
        Column(
            "url",
            "string",
            "Page on this site.",
            _url("designations:detail", _designation_key, links.KEY),
            True,
        ),
        VERSION,
        APPROVED_ON,
    ),
)

_DESIGNATION_FK = ((("designation",), "designations", ("key",)),)
DESIGNATION = Column(
    "designation",
    "string",
    "Designation key (see designations).",
    _designation_key,
    True,
    identifier=True,
)

DESIGNATION_ALIASES = Table(
    name="designation_aliases",
    prefix="designation.aliases",
    title="Aliases of each designation",
    description="One row per alias.",
    source="designations",
    parts=lambda record: record.document["aliases"],
    primary_key=("designation", "alias_id"),
    foreign_keys=_DESIGNATION_FK,
    columns=(
        DESIGNATION,
        Column("alias_id", "integer", "Identifier of the alias.", _item("id"), True),
        Column("quality", "string", "good, low, aka or fka.", _item("quality"), True),
        Column("name", "string", "The alias.", _item("name"), True),
        Column("date_of_birth", "string", "Date of birth given with it.", _item("date_of_birth")),
        Column("city_of_birth", "string", "City of birth given with it.", _item("city_of_birth")),
        Column(
            "country_of_birth",
            "string",
            "Country of birth given with it.",
            _item("country_of_birth"),
        ),
        Column("note", "string", "Note.", _item("note")),
    ),
)

DESIGNATION_ADDRESSES = Table(
    name="designation_addresses",
    prefix="designation.addresses",
    title="Addresses of each designation",
    description="One row per address.",
    source="designations",
    parts=lambda record: record.document["addresses"],
    primary_key=("designation", "address_id"),
    foreign_keys=_DESIGNATION_FK,
    columns=(
        DESIGNATION,
        Column("address_id", "integer", "Identifier of the address.", _item("id"), True),
        Column("street", "string", "Street.", _item("street")),
        Column("city", "string", "City.", _item("city")),
        Column("state_province", "string", "State or province.", _item("state_province")),
        Column("zip_code", "string", "Postal code.", _item("zip_code"), identifier=True),
        Column("country", "string", "Country.", _item("country")),
        Column("note", "string", "Note.", _item("note")),
    ),
)

DESIGNATION_DOCUMENTS = Table(
    name="designation_identity_documents",
    prefix="designation.documents",
    title="Identity documents of each designation",
    description="One row per identity document (passport, national identification number, …).",
    source="designations",
    parts=lambda record: record.document["documents"],
    primary_key=("designation", "document_id"),
    foreign_keys=_DESIGNATION_FK,
    columns=(
        DESIGNATION,
        Column("document_id", "integer", "Identifier of the document.", _item("id"), True),
        Column("document_type", "string", "Type, as given.", _item("document_type")),
        Column("document_type2", "string", "Further type.", _item("document_type2")),
        Column("number", "string", "Number.", _item("number"), identifier=True),
        Column("issuing_country", "string", "Issuing country.", _item("issuing_country")),
        Column("date_of_issue", "date", "Date of issue.", _item("date_of_issue")),
        Column("city_of_issue", "string", "City of issue.", _item("city_of_issue")),
        Column("note", "string", "Note.", _item("note")),
    ),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        REGIMES,
        EPISODES,
        EPISODE_PURPOSES,
        EPISODE_RESOLUTIONS,
        EPISODE_MEASURES,
        EPISODE_DOCUMENTS,
        EPISODE_CONSEQUENCES,
        ASSESSMENTS,
        CODINGS,
        DESIGNATIONS,
        DESIGNATION_ALIASES,
        DESIGNATION_ADDRESSES,
        DESIGNATION_DOCUMENTS,
    )
}


# --- writing ------------------------------------------------------------------------------------


def csv_value(value, column_type: str = "string") -> str:
    """A cell of the CSV text, by the project's one rule (public.exports.csv)."""
    return csv_cell(value, column_type)


def csv_lines(table: Table, rows: Iterable[dict]) -> Iterator[str]:
    return csv_writer_lines(table.column_names, rows, [column.type for column in table.columns])


def csv_text(table: Table, rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    for line in csv_lines(table, rows):
        buffer.write(line)
    return buffer.getvalue()


def json_lines(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array of row objects, streamed one row at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


# The download formats: plain CSV, the same CSV for Excel, and JSON.
EXCEL_CSV = "excel-csv"
DOWNLOAD_FORMATS = ("csv", EXCEL_CSV, "json")
# Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without one it reads
# "KIM JŎNG-ŬN" as "KIM JÅ\x8eNG-Å¬N". Other readers want the plain file, so both are offered.
BOM = "\ufeff"


def download_name(name: str, *, filtered: bool = False, changed=None) -> str:
    """``sanctions-atlas-<name>[-filtered]-<day of the last approval>``: the full and the filtered
    downloads of one table are told apart, and a file says which state of the atlas it holds."""
    day = (changed or timezone.now()).date().isoformat()
    return f"sanctions-atlas-{name}{'-filtered' if filtered else ''}-{day}"


def _with_bom(lines: Iterable[str]) -> Iterator[str]:
    yield BOM
    yield from lines


def response(table: Table, rows: Iterable[dict], fmt: str, filename: str) -> HttpResponse:
    """A streamed download of ``rows`` (already filtered) as ``fmt`` (one of DOWNLOAD_FORMATS),
    named ``filename.csv`` (``filename-excel.csv`` for Excel) or ``filename.json``."""
    if fmt == "json":
        body, content_type, name = json_lines(rows), "application/json; charset=utf-8", filename
    else:
        body, content_type, name = csv_lines(table, rows), "text/csv; charset=utf-8", filename
        if fmt == EXCEL_CSV:
            body, name = _with_bom(body), f"{filename}-excel"
    result = StreamingHttpResponse(body, content_type=content_type)
    extension = "json" if fmt == "json" else "csv"
    result["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return result


# --- the codebook entry of each column -----------------------------------------------------------

# Columns named otherwise than their variable in the codebook (a flattened or renamed field).
CODEBOOK_PATHS = {
    "regimes": {"approved_on": "regime.approved_at"},
    "episodes": {
        "resolutions": "episode.resolutions",
        "purposes": "episode.purposes",
        "measure_categories": "episode.measures.category",
        "secondary_sanctions": "episode.measures.secondary_sanctions",
        **{
            f"{kind}_{measure}": f"episode.designees.{kind}.{measure}"
            for kind in _KINDS
            for measure in ("current", "maximum")
        },
        "designees_note": "episode.designees.note",
        "population_impact": "episode.population_impact.level",
        "population_impact_text": "episode.population_impact.text",
        **{
            name: f"episode.institutions.{name}"
            for name in (
                "sanctions_committee",
                "panel_of_experts",
                "designation_criteria",
                "targets_designated",
                "enforcement_authorities",
            )
        },
        "institutions_text": "episode.institutions.text",
        "humanitarian_carve_out": "episode.humanitarian_carve_out.applies",
        "humanitarian_carve_out_text": "episode.humanitarian_carve_out.text",
        "unintended_consequences": "episode.unintended_consequences.slug",
        "overall_effectiveness": "episode.overall_effectiveness.level",
        "approved_on": "episode.approved_at",
    },
    "episode_purposes": {"episode": "episode.slug"},
    "episode_resolutions": {"episode": "episode.slug", "link": "episode.resolutions.url"},
    "episode_measures": {
        "episode": "episode.slug",
        "measure_id": "episode.measures.id",
        "exemption_links": "episode.documents.url",
    },
    "episode_documents": {
        "episode": "episode.slug",
        "document_id": "episode.documents.id",
        "link": "episode.documents.url",
        "measure_id": "episode.documents.measure",
    },
    "episode_consequences": {
        "episode": "episode.slug",
        "consequence": "episode.unintended_consequences.slug",
    },
    "assessments": {
        **{
            f"{scale}_{part}": f"assessment.{scale}.{part}"
            for scale in ("policy_outcome", "sanctions_contribution")
            for part in ("score", "label", "narrative")
        },
        "approved_on": "assessment.approved_at",
        "coders": "assessment.coding.coders",
        **{
            f"{variable}_{part}": f"assessment.coding.agreement.{path}{variable}"
            for variable in _AGREED
            for part, path in (
                ("alpha", ""),
                ("percent_agreement", "percent_agreement."),
                ("units", "units."),
            )
        },
    },
    "designations": {
        "imo_number": "designation.vessel.imo_number",
        "dates_of_birth": "designation.birth_dates.as_given",
        "places_of_birth": "designation.birth_places",
        **{
            f"vessel_{name}": f"designation.vessel.{field}"
            for name, field in (
                ("flag", "flag"),
                ("type", "vessel_type"),
                ("call_sign", "call_sign"),
                ("mmsi", "mmsi"),
                ("owner_key", "owner.key"),
                ("owner_name", "owner_name"),
            )
        },
        "approved_on": "designation.approved_at",
    },
    "designation_aliases": {"designation": "designation.key", "alias_id": "designation.aliases.id"},
    "designation_addresses": {
        "designation": "designation.key",
        "address_id": "designation.addresses.id",
    },
    "designation_identity_documents": {
        "designation": "designation.key",
        "document_id": "designation.documents.id",
    },
}


def codebook_path(table: Table, column: Column) -> str:
    """The codebook variable a column gives (``episodes.codebook.variable`` finds it)."""
    return CODEBOOK_PATHS.get(table.name, {}).get(column.name, f"{table.prefix}.{column.name}")
