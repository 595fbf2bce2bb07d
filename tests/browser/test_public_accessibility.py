"""Every kind of public page in chromium with axe-core: no serious or critical violation.

The demo (eight DPRK episodes, the real 2023 UN list) is loaded first; then each page kind is
opened at a phone's width and at a desktop's, and axe-core (``make axe``) runs on the whole page.
The API's documentation page is included. The HTML itself is checked by the Nu HTML Checker in
tests/site/test_crawl.py.
"""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def public_pages(live_server, settings):
    """One address of each public page kind, taken from the published demo before the browser."""
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    from designations.models import PublishedDesignation
    from episodes.models import PublishedEpisode, PublishedRegime

    episodes = list(
        PublishedEpisode.objects.public().order_by("slug").values_list("slug", flat=True)
    )
    regime = (
        PublishedRegime.objects.public().order_by("code").values_list("code", flat=True).first()
    )
    pages = [
        "/",
        "/episodes/",
        "/episodes/?purpose=coerce",
        f"/episodes/{episodes[-1]}/",
        f"/episodes/{episodes[-1]}/history/",
        f"/episodes/{episodes[-1]}/versions/1/",
        "/designations/",
        "/designations/?q=kim",
        "/assessments/",
        f"/regimes/{regime}/",
        f"/compare/?episodes={episodes[0]}&episodes={episodes[-1]}",
        "/statistics/",
        "/downloads/",
        "/api/docs/",
    ]
    for kind in ("individual", "entity", "vessel"):
        key = (
            PublishedDesignation.objects.public()
            .filter(kind=kind)
            .order_by("key")
            .values_list("key", flat=True)
            .first()
        )
        pages += [f"/designations/{key}/", f"/designations/{key}/history/"]
    return pages


def test_every_public_page_kind_has_no_serious_accessibility_violation(
    public_pages, browser, live_server, axe_source
):
    found = {}
    for width in (390, 1280):  # a phone, a desktop
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            for path in public_pages:
                response = page.goto(live_server.url + path)
                assert response is not None and response.ok, (path, response and response.status)
                if path == "/api/docs/":  # Swagger UI renders the operations after loading
                    page.wait_for_selector(".opblock-summary-control")
                violations = blocking_violations(page, axe_source)
                if violations:
                    found[f"{path} at {width}px"] = violations
        finally:
            context.close()
    assert found == {}, "\n".join(f"{path}: {found[path]}" for path in found)
