"""How the public API answers what it cannot serve: 400 per parameter, 404, 410, in JSON."""

from django.http import JsonResponse
from django.urls import Resolver404, resolve
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler: every error of the read-only API is one of DRF's (the API calls no
    workflow)."""
    return drf_exception_handler(exc, context)


def parameter_error(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def not_found(request, path=""):
    """JSON 404 for every unknown URL under /api/ (the website's HTML 404 is no use to scripts).

    A path that only lacks its trailing slash is redirected, as APPEND_SLASH does elsewhere.
    """
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            target = request.path + "/" + (f"?{query}" if query else "")
            response = JsonResponse({"detail": "Moved: add the trailing slash."}, status=301)
            response["Location"] = target
            return response
    return JsonResponse({"detail": "Not found."}, status=404)


class Gone(APIException):
    status_code = 410
    default_detail = "Withdrawn from public view."
    default_code = "gone"


def gone(key: str, withdrawn_on) -> Gone:
    """410: withdrawn from public view (renamed records are still public under their new key)."""
    when = f" on {withdrawn_on:%Y-%m-%d}" if withdrawn_on else ""
    return Gone(
        f"“{key}” was withdrawn from public view{when}, after review; its versions "
        "are withdrawn with it. Its list of approvals is at versions/."
    )
