"""No public input gives a server error: every parameter of every public page and API endpoint is
read as text first (ops.textinput), and what is decoded from inside one (the API's cursor) too.

The endpoints and their parameters are not listed by hand where the code knows them: the API's
come from its OpenAPI schema, the site's list pages from their FilterSets, and a check fails
when a public URL pattern is added without an entry here.
"""

import base64
import json
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from public.analogy import SituationForm
from public.filters import AssessmentFilter, DesignationFilter, EpisodeFilter, PublicFilterSet
from public.site.urls import designation_urlpatterns
from public.site.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

# 302: a list address with empty parameters redirects to the same address without them
# (public.site.listing), which then answers one of the others.
ALLOWED = {200, 302, 400, 404, 410}
# Values of the demo for the path parameters that are not being fuzzed.
KNOWN = {"slug": "dprk-ep-8", "key": "KPi.033", "code": "KP", "number": "1"}


def encode(value: str) -> str:
    """``value`` percent-encoded as a hostile client sends it: a lone surrogate as the three
    bytes UTF-8 would give it (invalid UTF-8), NUL as %00."""
    return quote_from_bytes(value.encode("utf-8", "surrogatepass"), safe="")


def _list_parameters(filterset: type[PublicFilterSet]) -> list[str]:
    return sorted({*filterset.base_filters, *PublicFilterSet.passthrough})


# The public website: path template ({name} is a path parameter) → its query parameters.
SITE = {
    "/": ["q"],
    "/regimes/{code}/": ["q"],
    "/episodes/": _list_parameters(EpisodeFilter),
    "/episodes/{slug}/": ["q"],
    "/episodes/{slug}/history/": ["q"],
    "/episodes/{slug}/episode.csv": ["q"],
    "/episodes/{slug}/episode-excel.csv": ["q"],
    "/episodes/{slug}/versions/{number}/": ["q"],
    "/assessments/": _list_parameters(AssessmentFilter),
    "/compare/": ["episodes"],
    "/statistics/": ["q"],
    "/downloads/": ["q"],
    "/downloads/sanctions-atlas.zip": ["q"],
    "/downloads/episodes.csv": ["q"],
    "/designations/": _list_parameters(DesignationFilter),
    "/designations/{key}/": ["q"],
    "/designations/{key}/history/": ["q"],
    "/designations/{key}/versions/{number}/": ["q"],
    "/healthz": ["q"],
    "/regimes/": ["on", "q"],
    "/analogies/": sorted(SituationForm.base_fields),
    "/codebook/": ["q"],
    "/downloads/codebook.json": ["q"],
    "/downloads/codebook.md": ["q"],
    "/downloads/episodes-excel.csv": ["q"],
    "/changes.atom": ["q"],
    "/regimes/{code}/changes.atom": ["q"],
    "/episodes/{slug}/changes.atom": ["q"],
    "/episodes/{slug}/versions/{number}/citation.bib": ["q"],
    "/designations/{key}/versions/{number}/citation.ris": ["q"],
}


def _api() -> dict[str, list[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = {"/api/schema/": ["q"], "/api/docs/": ["q"]}
    for path, operations in schema["paths"].items():
        endpoints[path] = sorted(
            p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"
        )
    return endpoints


def _targets() -> list[tuple[str, str, str]]:
    """(path template, where, name): every query and path parameter of every endpoint."""
    targets = []
    for template, names in {**SITE, **_api()}.items():
        targets += [(template, "query", name) for name in names]
        for name in KNOWN:
            if "{" + name + "}" in template:
                targets.append((template, "path", name))
    return targets


TARGETS = _targets()
NASTY = [
    "\ud800",  # a lone surrogate
    "a\udfffb",
    "\x00",
    "KP\x00",
    "\ufffe\uffff",  # noncharacters: valid UTF-8, must still not fail
    "\U0010ffff",
    "é" * 300,
    "1e309",
    "-1",
    "99999999999999999999999",
    "",
]


def url_for(template: str, where: str, name: str, value: str) -> str:
    path = template
    for known, default in KNOWN.items():
        path = path.replace(
            "{" + known + "}", encode(value) if where == "path" and known == name else default
        )
    if where == "query":
        path += f"?{encode(name)}={encode(value)}"
    return path


def test_every_public_url_pattern_is_fuzzed():
    def template(pattern, prefix=""):
        route = str(pattern.pattern).removeprefix("^").removesuffix("$")
        for name in KNOWN:
            route = (
                route.replace(f"<str:{name}>", "{" + name + "}")
                .replace(f"<slug:{name}>", "{" + name + "}")
                .replace(f"<int:{name}>", "{" + name + "}")
            )
        return "/" + prefix + route

    routes = {template(p) for p in site_urlpatterns} | {
        template(p, "designations/") for p in designation_urlpatterns[0]
    }
    # Of the routes with a pattern, one address each is listed.
    for pattern in (
        "/downloads/(?P<name>[a-z_]+)\\.(?P<fmt>csv|json)",
        "/downloads/(?P<name>[a-z_]+)-excel\\.csv",
        "/episodes/(?P<slug>[-a-zA-Z0-9_]+)/versions/(?P<number>[0-9]{1,10})/citation\\.(?P<fmt>bib|ris|json|txt)",
        "/designations/(?P<key>[^/]+)/versions/(?P<number>[0-9]{1,10})/citation\\.(?P<fmt>bib|ris|json|txt)",
    ):
        routes.discard(pattern)
    assert routes - set(SITE) == set()


def test_a_cursor_holding_a_lone_surrogate_is_refused(anonymous_client, settings):
    # The finding: this cursor answered 500 on both databases.
    settings.ALLOWED_HOSTS = ["testserver"]
    response = anonymous_client.get(
        "/api/designations/?cursor=eyJvIjpbImtleSJdLCJkIjoiYWZ0ZXIiLCJ2IjpbIlx1ZDgwMCJdfQ"
    )
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("value", ["\ud800", "\x00", "K\x00P"])
def test_a_cursor_holding_text_no_database_stores_is_refused(anonymous_client, settings, value):
    settings.ALLOWED_HOSTS = ["testserver"]
    payload = json.dumps({"o": ["key"], "d": "after", "v": [value]})
    cursor = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    response = anonymous_client.get(f"/api/designations/?cursor={cursor}")
    assert response.status_code == 400


def test_a_parameter_that_is_not_utf8_is_named(anonymous_client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    api = anonymous_client.get("/api/designations/?q=%ED%A0%80")
    assert api.status_code == 400
    assert api.json() == {"q": ["Not valid text: give UTF-8 without NUL characters."]}
    site = anonymous_client.get("/episodes/?regime=%FF&target=ok")
    assert site.status_code == 400
    assert "Check: regime." in site.content.decode()
    assert anonymous_client.get("/episodes/?target=%00").status_code == 400
    assert anonymous_client.get("/episodes/?regime=KP").status_code == 200


@pytest.fixture
def demo_client(demo, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ATLAS_API_ANON_RATE = None
    return Client()


def _status(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_every_parameter_refuses_or_serves_hostile_text(demo_client):
    failures = {}
    for target in TARGETS:
        for value in NASTY:
            url = url_for(*target, value)
            status = _status(demo_client, url)
            if status not in ALLOWED:
                failures[url] = status
    assert failures == {}
    assert len(TARGETS) > 100  # every parameter of every endpoint, not a handful


# Arbitrary Unicode: every category, surrogates (Cs) and NUL (Cc) included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40) | st.sampled_from(NASTY)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(TARGETS), value=ANY_TEXT)
def test_arbitrary_text_in_any_parameter_never_gives_a_server_error(demo_client, target, value):
    url = url_for(*target, value)
    assert _status(demo_client, url) in ALLOWED, url
