"""The whole editorial story through HTTP, as the people involved would live it."""

import pytest
from django.urls import reverse

from editorial.models import AuditEvent, ChangeRequest
from episodes.models import PublishedEpisode
from tests.forms import form_data

pytestmark = pytest.mark.django_db

NEW_SENTENCE = "The Panel of Experts reported a sharp rise in ship-to-ship transfers in 2018."


def test_a_narrative_edit_reaches_the_public_only_after_another_person_approves_it(
    demo, researcher_client, reviewer_client, researcher, reviewer, anonymous_client
):
    public_page = reverse("episodes:detail", args=["dprk-ep-8"])
    change_url = reverse("admin:episodes_episode_change", args=[demo.pk])
    published_before = PublishedEpisode.objects.get(slug="dprk-ep-8").document["narrative"]

    # The researcher edits the narrative in the admin, giving a reason.
    data = form_data(researcher_client.get(change_url), "episode_form")
    data["narrative"] = data["narrative"].rstrip() + "\n\n" + NEW_SENTENCE
    data["change_reason"] = "Added the 2018 panel finding"
    response = researcher_client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    # The public document is unchanged.
    published = PublishedEpisode.objects.get(slug="dprk-ep-8")
    assert published.document["narrative"] == published_before
    assert NEW_SENTENCE not in str(published.document)
    assert NEW_SENTENCE not in anonymous_client.get(public_page).content.decode()

    # The researcher submits it for review.
    submit_url = reverse("admin:episodes_episode_request", args=[demo.pk, "publish"])
    response = researcher_client.post(submit_url, {"comment": "New panel finding"})
    assert response.status_code == 302
    # (The demo leaves another edit waiting for review: this request is the episode's.)
    change_request = ChangeRequest.objects.get(status="submitted", items__object_id=str(demo.pk))
    decide_url = reverse("editorial:decide", args=[change_request.pk])

    # The same researcher cannot approve it.
    response = researcher_client.post(decide_url, {"decision": "approve"}, follow=True)
    assert "Only reviewers can approve" in response.content.decode()
    change_request.refresh_from_db()
    assert change_request.status == "submitted"

    # The reviewer sees the word-level diff and approves.
    page = reviewer_client.get(
        reverse("editorial:request", args=[change_request.pk])
    ).content.decode()
    assert "<ins>" in page and "ship-to-ship transfers in 2018." in page
    response = reviewer_client.post(
        decide_url, {"decision": "approve", "comment": "Sourced."}, follow=True
    )
    assert "approved: 1 published" in response.content.decode()

    published = PublishedEpisode.objects.get(slug="dprk-ep-8")
    assert NEW_SENTENCE in published.document["narrative"]
    assert published.public_version == 2
    assert NEW_SENTENCE in anonymous_client.get(public_page).content.decode()

    # History lists both revisions with their users and comments.
    history = researcher_client.get(reverse("admin:episodes_episode_history", args=[demo.pk]))
    text = history.content.decode()
    assert "Added the 2018 panel finding" in text
    assert "Demo data, coded from public sources" in text
    assert "Rita Researcher" in text and "Demo Researcher" in text  # one display name each

    # The audit log shows the submission and the approval.
    events = AuditEvent.objects.filter(change_request=change_request)
    assert {("submitted", researcher.pk), ("approved", reviewer.pk)} <= set(
        events.values_list("action", "actor")
    )
    audit_list = reviewer_client.get(reverse("admin:editorial_auditevent_changelist"))
    assert audit_list.status_code == 200
    assert "Submitted for review" in audit_list.content.decode()
