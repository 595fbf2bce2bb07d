"""The downloads page, each table as CSV or JSON, and the data package (their ETag and
Last-Modified, and the 304s, come from public.http like every page's)."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from public.exports import datapackage, snippets, tables
from public.http import request_state

EPISODE_TYPE = {"content_type__app_label": "episodes", "content_type__model": "episode"}
ASSESSMENT_TYPE = {
    "content_type__app_label": "assessments",
    "content_type__model": "effectivenessassessment",
}


@dataclass(frozen=True)
class TableDownloads:
    """One table on the downloads page: its definition and the lines that load it."""

    table: tables.Table
    pandas: str
    r: str


@require_safe
def downloads_page(request):
    base_url = request.build_absolute_uri("/")[:-1]
    entries = []
    for table in tables.TABLES.values():
        url = base_url + reverse("episodes:table_download", args=[table.name, "csv"])
        entries.append(
            TableDownloads(table, snippets.pandas_line(table, url), snippets.r_line(table, url))
        )
    return render(
        request,
        "public/site/downloads.html",
        {
            "tables": entries,
            "examples": [e for e in entries if e.table.name in ("episodes", "designations")],
            "last_approval": request_state(request).last_approved_at,
            "base_url": base_url,
        },
    )


@require_safe
def table_download(request, name, fmt):
    """One whole table: ``<name>.csv``, ``<name>.json``, or ``<name>-excel.csv`` (fmt excel-csv)."""
    table = tables.TABLES.get(name)
    if table is None:
        raise Http404(f"No table named “{name}”. See /downloads/ for the list.")
    return tables.response(
        table,
        table.release_rows(request.build_absolute_uri("/")[:-1]),
        fmt,
        tables.download_name(name, changed=_last_approval(request)),
    )


def _last_approval(request):
    """When the public data last changed (the file's name and its contents share it), from the
    publication state its validators were read from."""
    return request_state(request).last_approved_at


@require_safe
def data_package(request):
    changed = _last_approval(request)
    data = datapackage.build(request.build_absolute_uri("/")[:-1], changed=changed)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{datapackage.folder_name(changed)}.zip"'
    )
    return response
