"""The editorial workflow in a real browser: edit, submit, changes requested with a comment, an
answer, resubmission, approval by another reviewer, the e-mails, and the public page."""

import pytest
from django.core import mail

from tests.browser.conftest import ACCESSIBILITY_CHECK
from tests.browser.conftest import log_in as submit_login
from tests.factories import EpisodeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
NEW_SENTENCE = "In 2018 the panel found ship-to-ship transfers of refined petroleum."


@pytest.fixture
def story(live_server, researcher, reviewer, other_reviewer):
    """A published episode, and the cast; created before the browser starts."""
    return EpisodeFactory(published=True)


def log_in(browser, base_url, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    submit_login(page, base_url, username, PASSWORD)
    return page


def test_a_change_goes_from_the_researcher_through_review_to_the_public(
    story, browser, live_server
):
    base = live_server.url
    mail.outbox.clear()

    # Rita edits the narrative and submits it, seeing what the reviewer will see.
    rita = log_in(browser, base, "rita")
    assert "Signed in as Rita Researcher" in rita.locator("#user-tools").text_content()
    rita.goto(f"{base}/admin/episodes/episode/{story.pk}/change/")
    rita.fill("#id_narrative", f"The original narrative of this episode. {NEW_SENTENCE}")
    rita.fill("#id_change_reason", "Added the 2018 panel finding")
    rita.click('input[name="_save"]')
    rita.goto(f"{base}/admin/episodes/episode/{story.pk}/request/publish/")
    assert NEW_SENTENCE.split()[-1].rstrip(".") in rita.locator("#content-main").inner_text()
    assert "Edits by Rita Researcher." in rita.locator("#content-main").inner_text()
    assert rita.evaluate(ACCESSIBILITY_CHECK) == []
    rita.fill("#id_comment", "The panel's 2018 finding.")
    rita.get_by_role("button", name="Submit for review").click()
    link = rita.locator(".messagelist a").first
    first_request = link.get_attribute("href")

    # Victor asks for a change, with a comment.
    victor = log_in(browser, base, "victor")
    assert "Waiting for you" in victor.locator("#workflow-dashboard").inner_text()
    assert victor.evaluate(ACCESSIBILITY_CHECK) == []
    victor.goto(base + first_request)
    assert victor.evaluate(ACCESSIBILITY_CHECK) == []
    victor.fill("#id_comment", "Which report is this from?")
    victor.get_by_role("button", name="Request changes").click()
    assert "Changes requested" in victor.locator("#content-main").inner_text()

    # Rita answers in the conversation and submits again.
    rita.goto(base + first_request)
    rita.fill("#id_text", "The 2018 final report of the panel, paragraph 12.")
    rita.get_by_role("button", name="Comment").click()
    rita.get_by_role("button", name="Submit again with the newest versions").click()
    second_request = rita.url.removeprefix(base)
    assert second_request != first_request

    # Wanda, who wrote nothing of it, approves it.
    wanda = log_in(browser, base, "wanda")
    wanda.goto(base + second_request)
    approve = wanda.get_by_role("button", name="Approve", exact=True)
    # The size of the admin's own buttons.
    assert approve.evaluate("button => getComputedStyle(button).paddingTop") == "10px"
    approve.click()
    assert wanda.evaluate(ACCESSIBILITY_CHECK) == []
    text = wanda.locator("#content-main").inner_text()
    assert "what approval changed on the public side" in text
    assert "Approved by Wanda Reviewer on" in text

    # The public sees the new version; the first request still shows its conversation.
    public = browser.new_page()
    public.goto(f"{base}/episodes/{story.slug}/")
    assert NEW_SENTENCE in public.locator("main").inner_text()
    rita.goto(base + first_request)
    assert "paragraph 12" in rita.locator("#conversation ~ article").first.inner_text()

    subjects = sorted((message.to[0], message.subject.split(":")[0]) for message in mail.outbox)
    assert ("wanda@example.org", "[Sanctions Atlas] Waiting for your review") in subjects
    assert ("victor@example.org", "[Sanctions Atlas] Waiting for your review") in subjects
    assert ("rita@example.org", "[Sanctions Atlas] Changes requested") in subjects
    assert any(to == "victor@example.org" and "commented on" in s for to, s in subjects)
    assert ("rita@example.org", "[Sanctions Atlas] Approved and published") in subjects
