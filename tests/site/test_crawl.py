"""The demo site as a crawler and the W3C Nu HTML Checker see it.

The crawl starts at the home page and follows every internal link, stylesheet, script, image and
GET form of every page it reaches. Each link must resolve to one of the site's routes; each
visited address must answer 200. The demo has about 5,500 addresses (three per designation, and
each list's filter, sort and page links), which take two minutes to visit; CI visits
``CRAWL_PER_ROUTE`` (default 40) addresses of each route, in the order the crawl meets them, and
``CRAWL_PER_ROUTE=0`` visits them all. Every route is visited; links past the cap are still checked
against the URL configuration.

The first pages of each route are then given to the Nu HTML Checker (``vnu.jar`` from the
``vnu-jar`` npm package, fetched by ``make axe`` into .cache/npm and run on Java), which must report
no error. Without Java or the jar the check is skipped with the reason, except where
ATLAS_REQUIRE_BROWSER is set (CI), where it fails.
"""

import json
import os
import shutil
import subprocess
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve
from lxml import html

VNU = Path(__file__).resolve().parents[2] / ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar"
PER_ROUTE = int(os.environ.get("CRAWL_PER_ROUTE", "40"))
PAGES_CHECKED_PER_ROUTE = 2
# Where links may lead without being crawled: the staff side (it needs a login) and static files
# (checked against the finders instead, since tests do not collect them).
NOT_CRAWLED = ("/admin/", "/review/")
LINKS = "//a/@href | //link/@href | //img/@src | //script/@src | //form[not(@method) or translate(@method, 'GET', 'get')='get']/@action"


def _route(path: str) -> str:
    match = resolve(path)
    return match.route or match.url_name or match.view_name


class Crawl:
    def __init__(self, client):
        self.client = client
        self.visited: dict[str, int] = {}
        self.per_route: Counter = Counter()
        self.broken: list[str] = []
        self.skipped_links = 0
        self.html: dict[str, list[tuple[str, bytes]]] = {}

    def run(self, start: str = "/"):
        queue, queued = deque([(start, "(start)")]), {start}
        while queue:
            url, source = queue.popleft()
            path = urlsplit(url).path
            try:
                route = _route(path)
            except Resolver404:
                self.broken.append(f"{url} (linked from {source}) matches no route")
                continue
            if PER_ROUTE and self.per_route[route] >= PER_ROUTE:
                self.skipped_links += 1
                continue
            self.per_route[route] += 1
            response = self.client.get(url)
            self.visited[url] = response.status_code
            if response.status_code != 200:
                self.broken.append(f"{url} (linked from {source}) answered {response.status_code}")
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            body = b"".join(response) if response.streaming else response.content
            pages = self.html.setdefault(route, [])
            if len(pages) < PAGES_CHECKED_PER_ROUTE:
                pages.append((url, body))
            for link in self.links(url, body):
                if link not in queued:
                    queued.add(link)
                    queue.append((link, url))

    def links(self, url: str, body: bytes):
        for href in html.fromstring(body).xpath(LINKS):
            target = urlsplit(urljoin("http://testserver" + url, href.strip()))
            if target.scheme not in ("http", "https") or target.netloc != "testserver":
                continue
            if target.path.startswith("/static/"):
                name = target.path.removeprefix("/static/")
                if not finders.find(name):
                    self.broken.append(f"{target.path} (linked from {url}) is no static file")
                continue
            if target.path.startswith(NOT_CRAWLED):
                continue
            yield target.path + (f"?{target.query}" if target.query else "")


@pytest.fixture(scope="module")
def vnu():
    java = shutil.which("java")
    if not (java and VNU.exists()):
        reason = "the Nu HTML Checker needs Java and vnu.jar (`make axe`)"
        if os.environ.get("ATLAS_REQUIRE_BROWSER"):
            pytest.fail(f"The HTML checks are required here, but {reason}.")
        pytest.skip(reason)
    return [java, "-Xss4m", "-jar", str(VNU)]


def check_html(vnu, pages: dict[str, list[tuple[str, bytes]]], folder: Path) -> list[str]:
    """Every saved page through the checker at once; returns its errors, naming the address."""
    addresses = {}
    for route_number, (_route, saved) in enumerate(sorted(pages.items())):
        for number, (url, body) in enumerate(saved):
            file = folder / f"{route_number:03}-{number}.html"
            file.write_bytes(body)
            addresses[file.resolve().as_uri()] = url
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{addresses.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def test_every_link_of_the_demo_site_works_and_every_page_is_valid_html(
    demo, client, vnu, tmp_path, settings
):
    settings.ATLAS_API_ANON_RATE = None  # one client following thousands of links, the API's too
    crawl = Crawl(client)
    crawl.run("/")
    # The crawl reached every kind of public page the demo has.
    reached = set(crawl.per_route)
    for route in (
        "home",
        "episodes/",
        "episodes/<slug:slug>/",
        "episodes/<slug:slug>/history/",
        "episodes/<slug:slug>/versions/<int:number>/",
        "designations/",
        "designations/<str:key>/",
        "designations/<str:key>/history/",
        "designations/<str:key>/versions/<int:number>/",
        "assessments/",
        "regimes/<str:code>/",
        "compare/",
        "statistics/",
        "downloads/",
        "api/docs/",
    ):
        assert route in reached, f"the crawl never reached {route!r}: {sorted(reached)}"
    assert len(crawl.visited) > 300
    assert crawl.broken == [], "\n".join(crawl.broken)

    folder = tmp_path / "pages"
    folder.mkdir()
    errors = check_html(vnu, crawl.html, folder)
    assert errors == [], "\n".join(errors)
