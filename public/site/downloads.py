"""The downloads page, each table as CSV or JSON, and the data package."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from public.exports import datapackage, tables

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
            "last_approval": datapackage.last_approval(),
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
    """When the public data last changed, read once per request (ETag and file name share it)."""
    if not hasattr(request, "_atlas_last_approval"):
        request._atlas_last_approval = datapackage.last_approval()
    return request._atlas_last_approval


def _package_etag(request):
    changed = _last_approval(request)
    return changed.isoformat() if changed else "empty"


@require_safe
@condition(etag_func=_package_etag)
def data_package(request):
    changed = _last_approval(request)
    data = datapackage.build(request.build_absolute_uri("/")[:-1], changed=changed)
    response = HttpResponse(data, content_type="application/zip")
    day = (changed or timezone.now()).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sanctions-atlas-{day}.zip"'
    return response
