"""The complete data release as a Frictionless Data Package: a zip of CSV tables + datapackage.json.

The tables and their schemas come from ``public.exports.tables``; this module only assembles them.
``datapackage.json`` describes every field (type, description, required), the primary and foreign
keys, and each file's size and SHA-256 hash, so a reader can check what they loaded.

The zip unpacks into one folder named like the file (``sanctions-atlas-2026-12-01/``), with a
README and a CITATION.cff beside the descriptor, every entry readable by everyone (0644) and
dated with the release.
The codebook travels with the data as ``codebook.json`` and ``codebook.md`` (named by the
descriptor's ``codebook`` property; not resources, which a tabular package keeps to tables).
"""

import hashlib
import io
import json
import stat
import zipfile

from django.utils import timezone

from public import selectors
from public.exports import codebook
from public.exports.tables import SOURCES, TABLES, csv_text

NAME = "sanctions-atlas"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def last_approval():
    """When the public data last changed (None before anything is approved)."""
    return selectors.last_approval()


_UNSET = object()


def build(base_url: str = "", *, changed=_UNSET) -> bytes:
    """The zip file's bytes, built from the published projections only."""
    if changed is _UNSET:
        changed = last_approval()
    version = (changed or timezone.now()).strftime("%Y.%m.%d")
    resources = []
    files: list[tuple[str, bytes]] = []
    # Several tables read the same records (an episode gives rows to six): load each source once.
    records = {name: list(queryset()) for name, queryset in SOURCES.items()}
    for table in TABLES.values():
        data = csv_text(table, table.rows(records[table.source], base_url)).encode("utf-8")
        path = f"data/{table.name}.csv"
        files.append((path, data))
        resources.append(
            {
                "name": table.name,
                "path": path,
                "title": table.title,
                "description": table.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": table.schema(),
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Sanctions Atlas: UN sanctions episodes, designations and effectiveness",
        "description": (
            "The approved data of the Sanctions Atlas: UN Security Council sanctions regimes, their "
            "episodes (purposes, measures, resolutions, documents, unintended consequences), "
            "expert assessments of effectiveness per purpose, and designated individuals, "
            "entities and vessels. Lists inside a cell are separated by '; '. A text cell that "
            "would start with =, +, -, @, a tab or a carriage return begins with an apostrophe "
            "('), so that spreadsheets do not run it as a formula. Every variable, its allowed "
            "values and the rules are defined in codebook.md (codebook.json for programs)."
        ),
        "codebook": {"json": "codebook.json", "markdown": "codebook.md"},
        "version": version,
        "created": (changed or timezone.now()).isoformat(),
        "homepage": base_url + "/" if base_url else "",
        "licenses": [LICENSE],
        "resources": resources,
    }
    released = changed or timezone.now()
    folder = folder_name(changed)
    entries = [
        ("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False).encode()),
        ("README.md", readme(descriptor, released).encode()),
        ("CITATION.cff", citation_cff(descriptor, released).encode()),
        ("codebook.json", json.dumps(codebook.as_dict(), indent=2, ensure_ascii=False).encode()),
        ("codebook.md", codebook.as_markdown().encode()),
        *files,
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries:
            archive.writestr(_entry(f"{folder}/{path}", released), data)
    return buffer.getvalue()


def folder_name(changed) -> str:
    """``sanctions-atlas-<day of the last approval>``: the zip's file name and its top folder."""
    return f"{NAME}-{(changed or timezone.now()).date().isoformat()}"


def _entry(path: str, released) -> zipfile.ZipInfo:
    # ``writestr`` with a bare name gives mode 0600 (owner only): unpacked by another user, or
    # served from the folder, the files could not be read.
    info = zipfile.ZipInfo(path, date_time=released.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def readme(descriptor: dict, released) -> str:
    """What the folder holds and how to read it, for someone who unpacked it without the site."""
    lines = [
        f"# {descriptor['title']}",
        "",
        f"Version {descriptor['version']}, the state of the atlas after the approval of "
        f"{released.date().isoformat()}.",
        "",
        descriptor["description"],
        "",
        "## Files",
        "",
        "- `datapackage.json`: the Frictionless Data Package descriptor: every column's type and "
        "meaning, the keys between tables, and each file's size and SHA-256 hash.",
        "- `CITATION.cff`: how to cite this release.",
        "- `codebook.md` (and `codebook.json` for programs): every variable, its allowed values "
        "and the rules.",
    ]
    for resource in descriptor["resources"]:
        lines.append(f"- `{resource['path']}`: {resource['title']}. {resource['description']}")
    lines += [
        "",
        "The CSV files are UTF-8 without a byte order mark, comma-separated, with one header row; "
        "an empty cell is a missing value. Identifiers (UN reference numbers, DATAIDs, IMO "
        "numbers) are text: read them as text, not numbers. Dates are YYYY-MM-DD.",
        "",
        "## Licence",
        "",
        f"{LICENSE['title']} ({LICENSE['path']}).",
    ]
    if descriptor.get("homepage"):
        lines += ["", "## Source", "", descriptor["homepage"]]
    return "\n".join(lines) + "\n"


def citation_cff(descriptor: dict, released) -> str:
    """A Citation File Format (1.2.0) record of the release, written as YAML by hand: every value
    is one of ours, quoted with JSON's escapes (valid YAML), so no YAML library is needed."""
    fields = {
        "cff-version": "1.2.0",
        "message": "If you use this data, please cite it as below.",
        "type": "dataset",
        "title": descriptor["title"],
        "version": descriptor["version"],
        "date-released": released.date().isoformat(),
        "license": LICENSE["name"],
    }
    if descriptor.get("homepage"):
        fields["url"] = descriptor["homepage"]
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    lines += ["authors:", f"  - name: {json.dumps('Sanctions Atlas')}"]
    return "\n".join(lines) + "\n"
