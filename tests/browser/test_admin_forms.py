"""The research workspace's forms in a real browser (Debian's chromium), as a researcher meets them.

axe-core (the accessibility engine, fetched from npm by ``make axe`` into .cache/npm, never
committed) checks the episode, designation and assessment change forms and their lists: no serious
or critical violation. Then the error summary, the Markdown preview, the designation's sections by
kind, the layout at 1280 pixels and the favicon.
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
def workspace(live_server, settings, researcher):
    """The demo (DPRK EP 8 with its assessments and designations of each kind), before the browser."""
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    from assessments.models import EffectivenessAssessment
    from designations.models import Designation
    from episodes.models import Episode

    episode = Episode.objects.get(slug="dprk-ep-8")
    return {
        "episode": episode.pk,
        "assessment": EffectivenessAssessment.objects.filter(episode=episode).first().pk,
        "individual": Designation.objects.filter(kind="individual").first().pk,
        "vessel": Designation.objects.filter(kind="vessel").first().pk,
    }


def log_in(visit):
    visit.log_in("rita", "correct horse battery staple")


def test_change_forms_and_lists_have_no_serious_accessibility_violation(
    workspace, visit, axe_source
):
    log_in(visit)
    pages = [
        f"/admin/episodes/episode/{workspace['episode']}/change/",
        "/admin/episodes/episode/",
        "/admin/episodes/episode/add/",
        f"/admin/designations/designation/{workspace['individual']}/change/",
        f"/admin/designations/designation/{workspace['vessel']}/change/",
        "/admin/designations/designation/",
        "/admin/designations/designation/add/",
        f"/admin/assessments/effectivenessassessment/{workspace['assessment']}/change/",
        "/admin/assessments/effectivenessassessment/",
    ]
    found = {}
    for path in pages:
        visit.goto(path)
        # Before axe runs (it adds styles of its own, which the CSP reports).
        assert visit.errors == [], (path, visit.errors)
        violations = blocking_violations(visit.page, axe_source)
        if violations:
            found[path] = violations
        visit.errors.clear()
    assert found == {}


def test_the_error_summary_takes_the_focus_and_links_to_the_field(workspace, visit):
    page = visit.page
    log_in(visit)
    visit.goto(f"/admin/episodes/episode/{workspace['episode']}/change/")
    page.fill("#id_title", "")
    page.fill("#id_change_reason", "")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = summary.locator("a").all_inner_texts()
    assert links[0] == "Title: This field is required."
    assert links[-1].startswith("Reason for change: Say briefly why")
    # The admin's own generic line is not repeated under the summary.
    assert not page.locator("p.errornote").is_visible()
    marker = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=id_change_reason]'), '::after').content"
    )
    assert marker == '" (required)"'
    summary.get_by_role("link", name="Reason for change: Say briefly why", exact=False).click()
    assert page.url.endswith("#id_change_reason")
    assert page.locator("#id_change_reason").is_visible()


def test_the_markdown_preview_shows_the_text_as_readers_will_see_it(workspace, visit):
    page = visit.page
    log_in(visit)
    visit.goto(f"/admin/episodes/episode/{workspace['episode']}/change/")
    page.fill("#id_narrative", "A **bold** claim.\n\n- first\n- second")
    page.get_by_role("button", name="Preview").first.click()
    preview = page.locator("#id_narrative_preview")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "bold"
    assert preview.locator("li").count() == 2
    assert visit.errors == []


def test_the_designation_add_form_shows_the_sections_of_the_chosen_kind(workspace, visit):
    page = visit.page
    log_in(visit)
    visit.goto("/admin/designations/designation/add/")
    person = page.locator("fieldset.kind-individual").first
    vessel = page.locator("fieldset.kind-vessel").first
    page.select_option("#id_kind", "vessel")
    assert vessel.is_visible() and not person.is_visible()
    assert not page.locator("#birth_dates-group").is_visible()
    page.select_option("#id_kind", "individual")
    assert person.is_visible() and not vessel.is_visible()
    assert page.locator("#birth_dates-group").is_visible()
    page.select_option("#id_kind", "entity")
    assert not person.is_visible() and not vessel.is_visible()
    assert visit.errors == []


# Every table inline fits its fieldset without scrolling, and no control of an inline row (the
# documents' measure select) sticks out of its group.
INLINE_OVERFLOW = """
() => {
  const out = [];
  for (const group of document.querySelectorAll('.inline-group')) {
    const right = group.getBoundingClientRect().right;
    const table = group.querySelector('.tabular');
    if (table && table.scrollWidth > table.clientWidth) out.push([group.id, 'table too wide']);
    for (const control of group.querySelectorAll('input, select, textarea')) {
      if (!control.offsetParent || control.closest('.empty-form')) continue;
      if (control.getBoundingClientRect().right > right + 1) out.push([group.id, control.name]);
    }
  }
  return out;
}
"""


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_at_1280_pixels_lists_and_forms_fit(workspace, visit):
    page = visit.page
    log_in(visit)
    visit.goto("/admin/assessments/effectivenessassessment/")
    for column in ("th.column-effective", "th.column-public_status"):
        assert box(page, column)["x"] + box(page, column)["width"] <= 1280, column
        assert page.locator(column).is_visible()
    title, tools = box(page, "#content h1"), box(page, ".object-tools")
    assert tools["y"] >= title["y"] + title["height"], "the object tools overlap the title"

    for path in (
        f"/admin/designations/designation/{workspace['individual']}/change/",
        f"/admin/episodes/episode/{workspace['episode']}/change/",
    ):
        visit.goto(path)
        assert page.evaluate(INLINE_OVERFLOW) == [], path
    # The page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The narrative box shows 20 lines; the contents link to each section.
    assert page.locator("#id_narrative").get_attribute("rows") == "20"
    # The long lists start folded; a jump from the contents unfolds them.
    documents = page.locator("#documents-group details").first
    assert documents.get_attribute("open") is None
    page.get_by_role("link", name="Documents and links", exact=False).first.click()
    assert page.url.endswith("#documents-group")
    assert documents.get_attribute("open") == ""
    assert page.locator("#id_documents-0-title").is_visible()


def test_the_admin_has_the_site_s_favicon_and_the_custom_buttons_the_admin_s_size(workspace, visit):
    page = visit.page
    log_in(visit)
    visit.goto(f"/admin/episodes/episode/{workspace['episode']}/change/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon.endswith("site/favicon.svg")
    assert page.request.get(visit.base_url + icon).ok
    save = box(page, ".submit-row input[name=_save]")

    visit.goto(f"/admin/episodes/episode/{workspace['episode']}/request/publish/")
    button = box(page, "#content-main button.button")
    assert button["height"] >= save["height"] - 1
    assert visit.errors == []  # no 404 for a favicon, no CSP violation
