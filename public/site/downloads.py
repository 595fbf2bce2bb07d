"""The downloads page, each table as CSV or JSON, and the data package (their ETag and
Last-Modified, and the 304s, come from public.http like every page's)."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from public.exports import datapackage, tables
from public.http import request_state

EPISODE_TYPE = {"content_type__app_label": "episodes", "content_type__model": "episode"}
ASSESSMENT_TYPE = {
    "content_type__app_label": "assessments",
    "content_type__model": "effectivenessassessment",
}


@require_safe
def downloads_page(request):
    return render(
        request,
        "public/site/downloads.html",
        {
            "tables": list(tables.TABLES.values()),
            "last_approval": request_state(request).last_approved_at,
            "base_url": request.build_absolute_uri("/")[:-1],
        },
    )


@require_safe
def table_download(request, name, fmt):
    table = tables.TABLES.get(name)
    if table is None:
        raise Http404(f"No table named “{name}”. See /downloads/ for the list.")
    return tables.response(
        table,
        table.release_rows(request.build_absolute_uri("/")[:-1]),
        fmt,
        f"sanctions-atlas-{name}",
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
    day = (changed or datetime.datetime.now()).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sanctions-atlas-{day}.zip"'
    return response
