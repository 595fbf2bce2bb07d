"""The project's URLs plus the benchmark's baselines: a trivial Django JSON view (for the API)
and a trivial template view (for the site's pages)."""

from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import include, path

PAGE = engines["django"].from_string(
    "<!doctype html><html lang=en><title>{{ title }}</title><p>{{ title }}</p></html>"
)


def trivial(request):
    """The cheapest Django JSON response: same server, middleware and JSON, no database."""
    return JsonResponse({"ok": True})


def trivial_page(request):
    """The cheapest Django template response: same server and middleware, a template rendered
    with a request, no database."""
    return HttpResponse(PAGE.render({"title": "ok"}, request))


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial-page/", trivial_page),
    path("", include("config.urls")),
]
