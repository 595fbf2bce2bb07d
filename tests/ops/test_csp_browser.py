"""The admin, django-reversion's pages and the review pages work in a real browser under the CSP.

Chromium reports every script or style the Content-Security-Policy blocks on its console; the
test signs in through the throttled login form, walks the staff pages a researcher and a reviewer
use, opens an autocomplete (select2, the admin's most script-heavy widget) and adds an inline
row, and expects not one violation.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from reversion.models import Version

from editorial import services
from tests.workflow import edit

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        if os.environ.get("ATLAS_REQUIRE_BROWSER"):
            pytest.fail("/usr/bin/chromium is missing, and ATLAS_REQUIRE_BROWSER is set")
        pytest.skip("/usr/bin/chromium is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def scene(demo, researcher, reviewer):
    """Everything in the database before the browser starts (its event loop forbids queries)."""
    get_user_model().objects.filter(pk=reviewer.pk).update(is_superuser=True)
    edit(demo, by=researcher, narrative="A new narrative for review.")
    return {
        "episode": demo.pk,
        "version": Version.objects.get_for_object(demo).first().pk,
        "request": services.submit_for_review([demo], by=researcher).pk,
        "vessel": demo.regime.designations.filter(kind="vessel").first().pk,
    }


def test_staff_pages_run_in_a_browser_without_a_single_csp_violation(scene, live_server, chromium):
    page = chromium.new_page()
    violations, errors = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    url = live_server.url
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "victor")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")

    for path in (
        "/admin/",
        "/admin/episodes/episode/",
        f"/admin/episodes/episode/{scene['episode']}/history/",
        f"/admin/episodes/episode/{scene['episode']}/history/{scene['version']}/",
        "/admin/episodes/episode/recover/",
        f"/admin/episodes/episode/{scene['episode']}/request/publish/",
        "/admin/editorial/auditevent/",
        "/admin/auth/user/add/",
        "/review/",
        f"/review/{scene['request']}/",
    ):
        response = page.goto(f"{url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")

    # The episode form: add an inline measure row, and open a select2 autocomplete.
    page.goto(f"{url}/admin/episodes/episode/{scene['episode']}/change/")
    page.locator(".add-row a").first.click()
    page.goto(f"{url}/admin/designations/designation/{scene['vessel']}/change/")
    page.locator(".select2-selection").first.click()
    page.wait_for_selector(".select2-results__option")
    # The admin's own stylesheet applies (static files served, not blocked).
    assert page.evaluate("getComputedStyle(document.querySelector('#header')).display") == "flex"

    assert violations == []
    assert errors == []
