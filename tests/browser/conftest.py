"""Playwright driving Debian's chromium (/usr/bin/chromium) against pytest-django's live server.

Playwright never downloads a browser here. Without /usr/bin/chromium the browser tests are skipped
with the reason, except where ATLAS_REQUIRE_BROWSER is set (CI), where they fail.
"""

import contextlib
import os
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = Path(__file__).resolve().parents[2] / ".cache/npm/node_modules/axe-core/axe.min.js"
BLOCKING = ("serious", "critical")

# Runs axe on the whole page; returns [rule id, impact, count, first targets] per violation.
RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => [v.id, v.impact, v.nodes.length,
    v.nodes.slice(0, 3).map((n) => n.target.join(' '))]);
}
"""


@pytest.fixture
def axe_source():
    if not AXE.exists():
        reason = f"axe-core is missing ({AXE.name}): run `make axe` (npm install into .cache/npm)."
        if os.environ.get("ATLAS_REQUIRE_BROWSER"):
            pytest.fail(f"Browser tests are required here, but {reason}")
        pytest.skip(reason)
    return AXE.read_text("utf-8")


def blocking_violations(page, axe_source) -> list:
    page.evaluate(axe_source)  # evaluated by the browser's devtools, so the page's CSP allows it
    return [v for v in page.evaluate(RUN_AXE) if v[1] in BLOCKING]


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Reads every heading, form control and link of the page; returns the problems found.
ACCESSIBILITY_CHECK = """
() => {
  const problems = [];
  const shown = (el) => !el.closest('[aria-hidden="true"]');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown);
  const h1s = headings.filter((h) => h.tagName === 'H1');
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements, expected one`);
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    const label = h.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60);
    if (!label) problems.push(`empty ${h.tagName}`);
    if (previous === 0 && level !== 1) problems.push(`first heading is ${h.tagName} "${label}"`);
    if (previous && level > previous + 1) problems.push(`${h.tagName} "${label}" follows an h${previous}`);
    previous = level;
  }
  const byIds = (ids) => (ids || '').split(/\\s+/).filter(Boolean)
    .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
  const accessibleName = (el) => (el.getAttribute('aria-label') || '').trim()
    || byIds(el.getAttribute('aria-labelledby'))
    || [...(el.labels || [])].map((l) => l.textContent).join(' ').trim()
    || (el.getAttribute('title') || '').trim();
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
    if (!accessibleName(el)) problems.push(`unlabelled ${el.tagName.toLowerCase()} "${el.name}"`);
  }
  for (const el of document.querySelectorAll('a[href], button')) {
    if (!shown(el)) continue;
    if (!(el.textContent.trim() || accessibleName(el))) {
      problems.push(`${el.tagName.toLowerCase()} without a name: ${el.outerHTML.slice(0, 80)}`);
    }
  }
  for (const el of document.querySelectorAll('[aria-hidden="true"] a[href], [aria-hidden="true"] button, [aria-hidden="true"] input, [aria-hidden="true"] select')) {
    problems.push(`focusable ${el.tagName.toLowerCase()} inside aria-hidden`);
  }
  for (const img of document.querySelectorAll('img:not([alt])')) problems.push(`img without alt: ${img.src}`);
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (!document.title.trim()) problems.push('empty <title>');
  const seen = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    if (seen.has(el.id)) problems.push(`duplicate id "${el.id}"`);
    seen.add(el.id);
  }
  return problems;
}
"""


@pytest.fixture
def browser(live_server):
    """Chromium for one test, started after the test's data is loaded and stopped before teardown.

    Not one browser per session: while Playwright's sync API runs, it marks this thread as running
    an event loop, and Django then keys its database connections by context instead of by thread,
    so ORM calls in this thread (loading fixtures, the test database flush) would reach a fresh
    connection that has lost the test database's serialized state. Starting chromium takes well
    under a second; keeping the ORM and the browser apart in time keeps both honest.
    """
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (make chromium)."
        if os.environ.get("ATLAS_REQUIRE_BROWSER"):
            pytest.fail(f"Browser tests are required here, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


def log_in(page, base_url: str, username: str, password: str, timeout: float = 120.0):
    """Log in through the admin's login form, then open the admin's index.

    Not ``wait_for_url`` after the submit: that waits for the redirected page's "load" event,
    which on a loaded CI machine once never came within two minutes although the login had
    succeeded (django-axes recorded it). The session cookie is what a login gives; once the
    browser holds it, the index is opened like any page. The form is submitted with Enter: a
    click waits for the button to be "stable", which a loaded machine once failed to report.
    """
    from playwright.sync_api import Error as PlaywrightError

    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter", no_wait_after=True)
    from django.conf import settings

    deadline = time.monotonic() + timeout
    cookie = settings.SESSION_COOKIE_NAME
    while not any(c["name"] == cookie for c in page.context.cookies()):
        assert time.monotonic() < deadline, f"{username} was not logged in within {timeout} s"
        page.wait_for_timeout(100)
    # The index, asked again if it does not arrive: on a loaded CI machine (PostgreSQL, two
    # workers, two browsers) the first request after the login once went unanswered for 30 s
    # while the same page takes 0.6 s of the server's time. A page that never arrives still
    # fails here, after the last attempt. Also asked again when the login's own redirect to the
    # index, still under way, interrupts this navigation ("interrupted by another navigation").
    # The retries wait in between: three immediate retries were once all interrupted by the
    # same redirect, still under way, on a loaded CI machine.
    for attempt in range(1, 6):
        try:
            response = page.goto(
                f"{base_url}/admin/", wait_until="domcontentloaded", timeout=timeout * 1000 / 5
            )
            break
        except PlaywrightError:  # a timeout, or the interrupted navigation
            if attempt == 5:
                raise
            # Let the navigation that interrupted this one finish before asking again.
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("domcontentloaded", timeout=timeout * 1000 / 5)
            page.wait_for_timeout(250 * attempt)
    assert response is not None and response.ok, response and response.status
    assert "/admin/login/" not in page.url, page.url


class Visit:
    """A browser tab on the live server that records console errors and checks each page."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (path, response and response.status)
        return response

    def log_in(self, username: str, password: str):
        log_in(self.page, self.base_url, username, password)

    def check(self, name: str):
        """No console error so far, headings and labels in order; then a screenshot."""
        assert self.errors == [], f"console errors on {self.page.url}: {self.errors}"
        problems = self.page.evaluate(ACCESSIBILITY_CHECK)
        assert problems == [], f"accessibility problems on {self.page.url}: {problems}"
        # The page reflows to the window instead of scrolling sideways (wide tables scroll alone).
        assert self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def visit(browser, live_server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    try:
        yield Visit(context.new_page(), live_server.url)
    finally:
        context.close()
