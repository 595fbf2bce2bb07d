"""The complete data release as a Frictionless Data Package: a zip of CSV tables + datapackage.json.

The tables and their schemas come from ``public.exports.tables``; this module only assembles them.
``datapackage.json`` describes every field (type, description, required), the primary and foreign
keys, and each file's size and SHA-256 hash, so a reader can check what they loaded. The
codebook travels with the data as ``codebook.json`` and ``codebook.md`` (named by the
descriptor's ``codebook`` property; not resources, which a tabular package keeps to tables).
"""

import hashlib
import io
import json
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
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
        archive.writestr(
            "codebook.json", json.dumps(codebook.as_dict(), indent=2, ensure_ascii=False)
        )
        archive.writestr("codebook.md", codebook.as_markdown())
        for path, data in files:
            archive.writestr(path, data)
    return buffer.getvalue()
