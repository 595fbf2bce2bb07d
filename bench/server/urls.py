"""The project's URLs plus the benchmark's baseline: a trivial Django JSON view."""

from django.http import JsonResponse
from django.urls import include, path


def trivial(request):
    """The cheapest Django JSON response: same server, middleware and JSON, no database."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("config.urls")),
]
