"""A reader's journey through the public site in a real browser (Debian's chromium).

Each page visited is checked for console errors and for headings and labels (see conftest), and
screenshotted into test-artifacts/.
"""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def atlas(live_server, settings):
    """The demo (DPRK episodes 1 to 8, the real UN list, published through review).

    Tests name it before ``visit``, so the data is in place before the browser starts.
    """
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    from episodes.models import Episode

    return Episode.objects.get(slug="dprk-ep-8")


def test_home_then_search_a_designation(atlas, visit):
    page = visit.page
    visit.goto("/")
    assert page.locator("h1").inner_text() == "Sanctions Atlas"
    assert page.locator("svg.timeline rect").count() == 8
    visit.check("home")

    page.get_by_label("Search designated individuals, entities and vessels").fill("jong sik kim")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/designations/?q=*")
    # Every word matches one designation; similar names (misspellings) may follow it.
    summary = page.locator(".list-summary").inner_text()
    assert "designation matches these filters" in summary or "designations match" in summary
    assert page.locator("table tbody a").first.inner_text() == "KIM JONG SIK"
    visit.check("designations-search")

    page.get_by_role("link", name="KIM JONG SIK").click()
    page.wait_for_url("**/designations/KPi.066/")
    assert "between 1967 and 1969" in page.locator("dl.facts").inner_text()
    visit.check("designation")


def test_filter_episodes_then_download_the_csv(atlas, visit):
    page = visit.page
    visit.goto("/episodes/")
    page.get_by_label("Ongoing or ended").select_option("true")
    page.get_by_label("Purpose", exact=True).select_option("signal")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/episodes/?*ongoing=true*")
    assert "purpose=signal" in page.url
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("th").inner_text() == "DPRK - EP 8"
    visit.check("episodes-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    # The empty fields of the form were dropped from the address (a redirect), the file is named
    # with the atlas, "filtered" and the day of the last approval.
    assert "=&" not in page.url and not page.url.endswith("=")
    assert download.suggested_filename.startswith("sanctions-atlas-episodes-filtered-")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert [row["slug"] for row in rows] == ["dprk-ep-8"]
    assert rows[0]["ongoing"] == "true"


def test_open_the_dprk_episode_then_compare_two_episodes(atlas, visit):
    page = visit.page
    visit.goto("/regimes/KP/")
    page.get_by_role("link", name="DPRK - EP 8").first.click()
    page.wait_for_url("**/episodes/dprk-ep-8/")
    assert page.locator("h1").inner_text() == "DPRK - EP 8"
    page.get_by_role("link", name="Effectiveness", exact=True).click()
    assert page.url.endswith("#effectiveness")
    assert page.locator("#designees tbody tr").count() == 3
    assert "version 1" in page.locator(".citation").inner_text()
    visit.check("episode")

    # On a phone, too, the page reflows instead of scrolling sideways (checked by visit.check).
    page.set_viewport_size({"width": 375, "height": 800})
    visit.check("episode-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    visit.goto("/compare/")
    page.get_by_label("DPRK - EP 7").check()
    page.get_by_label("DPRK - EP 8").check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/?episodes=*")
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert headers == ["Aspect", "DPRK - EP 7", "DPRK - EP 8"]
    assert page.locator("table.compare tr.differs").count() > 3
    visit.check("compare")


def test_on_a_phone_the_results_come_before_a_collapsible_filter_form(atlas, visit):
    page = visit.page
    page.set_viewport_size({"width": 375, "height": 800})
    visit.goto("/designations/")
    results = page.locator("section.results").bounding_box()
    filters = page.locator("details.filters").bounding_box()
    assert results["y"] < filters["y"]  # the results first
    page.get_by_role("link", name="Filter this list").click()
    assert page.url.endswith("#filters")
    page.locator("details.filters > summary").click()  # collapsed...
    assert not page.locator("details.filters form").is_visible()
    page.locator("details.filters > summary").click()  # ...and open again
    assert page.locator("details.filters form").is_visible()
    # The wide table scrolls inside its frame (the page itself does not: visit.check).
    wrap = page.locator("section.results .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert "gradient" in wrap.evaluate("el => getComputedStyle(el).backgroundImage")
    visit.check("designations-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    results = page.locator("section.results").bounding_box()
    filters = page.locator("details.filters").bounding_box()
    assert filters["x"] < results["x"]  # beside the results on a wide screen
    assert not page.get_by_role("link", name="Filter this list").is_visible()
