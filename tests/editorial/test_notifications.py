"""The conversation on a request and the workflow's e-mails."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from editorial import services
from editorial.models import AuditEvent, ChangeRequest, ChangeRequestComment, NotificationPreference
from tests.factories import EpisodeFactory
from tests.workflow import edit

pytestmark = pytest.mark.django_db


class FailingBackend:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_mails_the_reviewers_who_may_approve_it(
    researcher, reviewer, other_reviewer, django_capture_on_commit_callbacks, settings
):
    settings.ATLAS_SITE_URL = "https://atlas.example.org"
    episode = EpisodeFactory()
    edit(episode, by=reviewer, narrative="The reviewer's own words.")
    with django_capture_on_commit_callbacks(execute=True):
        change_request = services.submit_for_review([episode], by=researcher, comment="Look")

    assert recipients() == ["wanda@example.org"]  # victor wrote part of it
    message = mail.outbox[0]
    assert f"#{change_request.pk}" in message.subject
    assert f"https://atlas.example.org/review/{change_request.pk}/" in message.body
    assert "Rita Researcher submitted" in message.body


@pytest.mark.parametrize(
    ("decision", "subject"),
    [
        ("approve", "Approved and published"),
        ("reject", "Rejected"),
        ("request_changes", "Changes requested"),
    ],
)
def test_a_decision_mails_the_submitter_and_the_authors(
    decision, subject, researcher, other_researcher, reviewer, django_capture_on_commit_callbacks
):
    episode = EpisodeFactory()
    edit(episode, by=other_researcher, narrative="Oscar's words.")
    change_request = services.submit_for_review([episode], by=researcher)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if decision == "approve":
            services.approve(change_request, by=reviewer, comment="Good")
        else:
            transition = getattr(services, decision)
            transition(change_request, by=reviewer, comment="Add the source.")

    assert recipients() == ["oscar@example.org", "rita@example.org"]
    assert all(subject in message.subject for message in mail.outbox)
    assert all("Victor Reviewer" in message.body for message in mail.outbox)


def test_nobody_is_mailed_who_turned_the_mails_off(
    researcher, reviewer, other_reviewer, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=other_reviewer, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review([EpisodeFactory()], by=researcher)
    assert recipients() == ["victor@example.org"]


def test_the_settings_page_turns_the_mails_off(reviewer_client, reviewer):
    url = reverse("editorial:notifications")
    assert "E-mail me about change requests" in reviewer_client.get(url).content.decode()
    assert reviewer_client.post(url, {"save": "1"}).status_code == 302
    assert NotificationPreference.objects.get(user=reviewer).email is False


def test_a_failed_send_is_logged_and_never_undoes_the_transition(
    researcher, reviewer, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.editorial.test_notifications.FailingBackend"
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    with (
        caplog.at_level(logging.ERROR, logger="editorial.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.approve(change_request, by=reviewer)

    assert ChangeRequest.objects.get(pk=change_request.pk).status == "approved"
    assert "Could not send the approved e-mail" in caplog.text


def test_a_failed_send_never_turns_the_page_into_an_error(
    researcher, reviewer_client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.editorial.test_notifications.FailingBackend"
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    url = reverse("editorial:decide", args=[change_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert ChangeRequest.objects.get(pk=change_request.pk).status == "approved"


def test_no_mail_for_a_transition_that_was_refused(reviewer, django_capture_on_commit_callbacks):
    change_request = services.submit_for_review([EpisodeFactory()], by=reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.WorkflowError):
        services.approve(change_request, by=reviewer)
    assert mail.outbox == []


def test_a_conversation_on_a_request(
    researcher, reviewer, researcher_client, reviewer_client, django_capture_on_commit_callbacks
):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    services.request_changes(change_request, by=reviewer, comment="Which report is this from?")
    url = reverse("editorial:comment", args=[change_request.pk])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert researcher_client.post(url, {"text": "The 2018 panel report."}).status_code == 302
    assert recipients() == ["victor@example.org"]  # the reviewer who asked
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(url, {"text": "Thanks, add its paragraph too."})

    page = reviewer_client.get(reverse("editorial:request", args=[change_request.pk]))
    text = page.content.decode()
    assert text.index("The 2018 panel report.") < text.index("Thanks, add its paragraph too.")
    assert ChangeRequestComment.objects.filter(change_request=change_request).count() == 2
    events = AuditEvent.objects.filter(change_request=change_request, action="commented")
    assert sorted(events.values_list("actor_name", flat=True)) == [
        "Rita Researcher",
        "Victor Reviewer",
    ]
    assert "rita@example.org" in recipients()


def test_an_empty_comment_is_refused(researcher, researcher_client):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    response = researcher_client.post(
        reverse("editorial:comment", args=[change_request.pk]), {"text": "  "}, follow=True
    )
    assert "Write a comment" in response.content.decode()
    assert not ChangeRequestComment.objects.exists()


def test_anonymous_cannot_comment(researcher, anonymous_client):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    response = anonymous_client.post(
        reverse("editorial:comment", args=[change_request.pk]), {"text": "Hello"}
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not ChangeRequestComment.objects.exists()
