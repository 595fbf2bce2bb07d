"""What ``make run`` serves, in a real browser: the demo as ``load_demo`` leaves it.

About thirty regimes on /regimes/ with the world map, the eight DPRK episodes (one fully assessed,
the others "not assessed"), about 955 designations from the real UN list of 27 March 2023, and a
change waiting for a reviewer on first login. Each page is checked by ``visit.check`` (no console
error, headings and labels in order, no sideways scrolling) and screenshotted.
"""

import io
import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PASSWORD = "sanctions-atlas-demo"


@pytest.fixture
def demo_site(live_server, settings):
    """The demo, loaded before the browser starts (see the browser fixture).

    Loaded with DEBUG on, as ``make run`` loads it (only then do the demo users get their
    password), and served with DEBUG off, as in production.
    """
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_the_regimes_page_shows_about_thirty_regimes_and_the_map(demo_site, visit, axe_source):
    page = visit.page
    visit.goto("/regimes/")
    rows = page.locator("table.regimes tbody tr")
    assert 28 <= rows.count() <= 36
    status = page.locator("p.list-count").inner_text()
    assert re.fullmatch(r"\d+ regimes: \d+ in force today, \d+ ended\.", status), status
    # The map: every country drawn, those under a regime in force today linked to it.
    world = page.locator("svg.worldmap")
    assert world.locator("path").count() == 175
    assert world.locator("a").count() >= 10
    assert "ISIL (Da'esh) and Al-Qaida" in page.locator(".map-side").inner_text()
    assert page.locator("svg.timeline rect.span").count() == rows.count()
    visit.check("regimes")
    assert blocking_violations(page, axe_source) == []

    page.set_viewport_size({"width": 375, "height": 800})
    box = world.bounding_box()
    assert box is not None and box["width"] <= 375  # the map scales down to the phone
    visit.check("regimes-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Another day: in 1990 only South Africa's regime was in force; Zimbabwe is not coloured.
    page.get_by_label("Regimes in force on").fill("1990-01-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/regimes/?on=1990-01-01")
    assert [a.get_attribute("href") for a in world.locator("a").all()] == ["/regimes/418/"]

    # A day that is not a date: the page says so, with no serious accessibility violation.
    response = page.goto(visit.base_url + "/regimes/?on=1990-02-30")
    assert response is not None and response.status == 400
    assert "Enter a date as YYYY-MM-DD" in page.locator(".error-summary").inner_text()
    assert blocking_violations(page, axe_source) == []
    visit.errors.clear()  # Chromium logs the 400 answer itself as a console error

    # A country on the map leads to its regime.
    visit.goto("/regimes/?on=2023-03-27")
    world.locator('a[href="/regimes/KP/"]').click()
    page.wait_for_url("**/regimes/KP/")
    assert "Democratic People's Republic of Korea" in page.locator("h1").inner_text()


def test_eight_dprk_episodes_one_fully_assessed(demo_site, visit):
    page = visit.page
    visit.goto("/regimes/KP/")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 8
    effectiveness = [row.locator("td").last.inner_text() for row in rows.all()]
    assert effectiveness.count("not assessed") == 7
    assert page.get_by_role("link", name="Compare the first four episodes").count() == 1
    visit.check("regime-kp")

    visit.goto("/episodes/dprk-ep-8/")
    assert page.locator("#effectiveness .verdict").count() == 3  # coerce, constrain, signal
    visit.goto("/episodes/dprk-ep-1/")
    assert page.locator("#effectiveness .verdict").count() == 0
    assert "Not assessed" in page.locator("dl").first.inner_text()

    visit.goto("/")
    figures = page.locator("#figures + ul.figures").inner_text()
    assert "8\nepisodes" in figures
    shares = page.locator("h3:has-text('Share of effective') + ul.figures").inner_text()
    assert "7 episodes not assessed" in shares
    visit.check("home-demo")


def test_about_955_designations_from_the_real_list(demo_site, visit):
    page = visit.page
    visit.goto("/designations/")
    summary = page.locator(".list-summary [role=status]").inner_text()
    match = re.match(r"([\d,]+) designations; showing 1–\d+\.", summary)
    assert match, summary
    assert 950 <= int(match[1].replace(",", "")) <= 960
    visit.check("designations-demo")


def test_a_reviewer_finds_a_change_waiting_on_first_login(demo_site, visit):
    page = visit.page
    visit.log_in("reviewer", DEMO_PASSWORD)
    waiting = page.locator("#workflow-dashboard").inner_text()
    assert "Waiting for you" in waiting and "DPRK - EP 1: note" in waiting
    page.get_by_role("link", name=re.compile(r"#\d+ DPRK - EP 1: note")).first.click()
    page.wait_for_url(re.compile(r".*/review/\d+/$"))
    assert page.get_by_role("button", name="Approve", exact=True).count() == 1
