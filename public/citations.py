"""How to cite one approved version of a public page: BibTeX, RIS, CSL-JSON and a plain reference.

Each names the version number, the approval date, the stable address of that version and the
atlas as publisher. The site (``public/site/citations.py``) and the API serve the same four.

Written by hand, not with a library: each format is one entry of a handful of fixed fields, and
the writers of bibtexparser or rispy would be runtime dependencies for a dozen lines; what the
hand-written text must do is escape the values, and the tests read every file back with
bibtexparser and rispy and validate the CSL-JSON against the CSL project's schema.
"""

import datetime
import json
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

PUBLISHER = "Sanctions Atlas"

# Download formats: (suffix, media type, how the file is named on the page).
FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", "BibTeX"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "RIS"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON"),
    "txt": ("text/plain; charset=utf-8", "Plain text"),
}


@dataclass(frozen=True)
class Citation:
    kind: str  # "episode" or "designation"
    key: str  # the public identifier (slug, reference number)
    title: str
    version: int
    approved_at: datetime.datetime
    url: str  # the stable address of this version

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.approved_at)  # the day the pages print

    @property
    def id(self) -> str:
        return (
            "sanctions-atlas-"
            + re.sub(r"[^A-Za-z0-9]+", "-", self.key).strip("-").lower()
            + (f"-v{self.version}")
        )

    @property
    def note(self) -> str:
        return f"Version {self.version}, approved {_long_date(self.day)}"


def of_version(request, kind: str, doc: dict, *, number: int, approved_at) -> Citation:
    """The citation of version ``number`` of an episode's or designation's page (``doc``: the
    document that version shows), with the absolute address of that version's page."""
    if kind == "episode":
        title, key, url_name = doc["title"], doc["slug"], "episodes:version"
    else:
        title, key, url_name = f"{doc['name']} ({doc['key']})", doc["key"], "designations:version"
    return Citation(
        kind=kind,
        key=key,
        title=title,
        version=number,
        approved_at=approved_at,
        url=request.build_absolute_uri(reverse(url_name, args=[key, number])),
    )


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def text(citation: Citation) -> str:
    """The plain reference, as the pages print it."""
    return (
        f"{PUBLISHER}. “{_one_line(citation.title)}”, version {citation.version}, approved "
        f"{_long_date(citation.day)}. {citation.url}"
    )


_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def _bibtex_value(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(
        lambda m: _BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), _one_line(value)
    )


def bibtex(citation: Citation) -> str:
    """``@misc``, which BibTeX and biblatex both read (biblatex's ``@dataset`` is not read by
    every tool); the author in braces is a corporate author, not "Atlas, Sanctions"."""
    fields = [
        ("title", "{" + _bibtex_value(citation.title) + "}"),  # double braces: keep the case
        ("author", "{" + PUBLISHER + "}"),
        ("publisher", PUBLISHER),
        ("organization", PUBLISHER),
        ("version", str(citation.version)),
        ("year", str(citation.day.year)),
        ("month", str(citation.day.month)),
        ("date", citation.day.isoformat()),
        ("url", citation.url.replace("%", r"\%")),
        ("note", citation.note),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation.id},\n{body}\n}}\n"


def ris(citation: Citation) -> str:
    """RIS (Research Information Systems): one tag per line, CRLF as the format asks."""
    lines = [
        ("TY", "DATA"),
        ("ID", citation.id),
        ("TI", _one_line(citation.title)),
        ("AU", PUBLISHER),
        ("PB", PUBLISHER),
        ("ET", f"Version {citation.version}"),
        ("PY", str(citation.day.year)),
        ("DA", citation.day.strftime("%Y/%m/%d/")),
        ("UR", citation.url),
        ("N1", citation.note),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl(citation: Citation) -> list[dict]:
    """CSL-JSON (Citation Style Language input data): a list of one item."""
    day = citation.day
    return [
        {
            "id": citation.id,
            "type": "dataset",
            "title": _one_line(citation.title),
            "author": [{"literal": PUBLISHER}],
            "publisher": PUBLISHER,
            "version": str(citation.version),
            "issued": {"date-parts": [[day.year, day.month, day.day]]},
            "URL": citation.url,
            "note": citation.note,
        }
    ]


def downloads(url_name: str, key: str, version: int) -> list[tuple[str, str]]:
    """(label, address) of each download of one version's citation."""
    return [
        (label, reverse(url_name, args=[key, version, suffix]))
        for suffix, (_, label) in FORMATS.items()
    ]


def render(citation: Citation, suffix: str) -> str:
    if suffix == "bib":
        return bibtex(citation)
    if suffix == "ris":
        return ris(citation)
    if suffix == "json":
        return json.dumps(csl(citation), ensure_ascii=False, indent=2) + "\n"
    return text(citation) + "\n"


def as_dict(citation: Citation) -> dict:
    """All four, for the API and the page."""
    return {
        "version": citation.version,
        "approved_at": citation.approved_at.isoformat().replace("+00:00", "Z"),
        "url": citation.url,
        "publisher": PUBLISHER,
        "text": text(citation),
        "bibtex": bibtex(citation),
        "ris": ris(citation),
        "csl": csl(citation),
    }
