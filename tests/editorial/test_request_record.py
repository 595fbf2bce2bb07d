"""A change request keeps its record: what it proposed, what approval changed, who decided."""

import pytest
from django.urls import reverse

from editorial import services
from editorial.models import ChangeRequest
from tests.factories import EpisodeFactory
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def page_of(client, change_request) -> str:
    response = client.get(reverse("editorial:request", args=[change_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_approved_request_still_shows_what_approval_changed(
    researcher, reviewer, reviewer_client
):
    episode = EpisodeFactory(published=True)
    edit(episode, by=researcher, title="A clearer title")
    change_request = services.submit_for_review([episode], by=researcher, comment="Title")
    services.approve(change_request, by=reviewer, comment="Fine")

    page = page_of(reviewer_client, change_request)

    assert "No differences." not in page
    assert "what approval changed on the public side" in page
    assert "A clearer title" in page
    assert "Public before approval" in page
    assert "Approved by Victor Reviewer on " in page
    assert "“Fine”" in page


def test_the_record_survives_later_approvals_of_the_same_record(
    researcher, reviewer, reviewer_client
):
    episode = EpisodeFactory(published=True)
    edit(episode, by=researcher, title="Second title")
    first = services.submit_for_review([episode], by=researcher)
    services.approve(first, by=reviewer)
    edit(episode, by=researcher, title="Third title")
    publish(episode, submitter=researcher, approver=reviewer)

    page = page_of(reviewer_client, first)
    assert "Second title" in page
    assert "Third title" not in page


def test_a_rejected_request_shows_what_was_proposed_and_why(researcher, reviewer, reviewer_client):
    episode = EpisodeFactory(published=True)
    edit(episode, by=researcher, title="A rejected title")
    change_request = services.submit_for_review([episode], by=researcher)
    services.reject(change_request, by=reviewer, comment="No source for this.")

    page = page_of(reviewer_client, change_request)

    assert "what was proposed" in page
    assert "A rejected title" in page
    assert "Rejected by Victor Reviewer on " in page
    assert "No source for this." in page


def test_the_documents_are_recorded_at_submission(researcher):
    episode = EpisodeFactory(published=True)
    edit(episode, by=researcher, title="Proposed title")
    change_request = services.submit_for_review([episode], by=researcher)

    item = change_request.items.get()
    assert item.documents_recorded
    assert item.proposed_document["title"] == "Proposed title"
    assert item.public_document["title"] != "Proposed title"


def test_a_withdrawn_request_keeps_its_proposal(researcher, reviewer_client):
    episode = EpisodeFactory()
    change_request = services.submit_for_review([episode], by=researcher)
    services.withdraw(change_request, by=researcher)

    page = page_of(reviewer_client, ChangeRequest.objects.get(pk=change_request.pk))
    assert "what was proposed" in page
    assert episode.title in page


def test_approval_publishes_the_document_the_reviewer_was_shown(researcher, reviewer):
    """The document recorded at submission is what approval publishes: a change saved to another
    record afterwards (here the regime's code, not approved) does not slip into it."""
    from designations.models import PublishedDesignation
    from tests.factories import DesignationFactory, RegimeFactory

    regime = RegimeFactory(code="KP", published=True)
    designation = DesignationFactory(regime=regime)
    publish(designation, submitter=researcher, approver=reviewer)
    edit(designation, by=researcher, name="A CORRECTED NAME")
    change_request = services.submit_for_review([designation], by=researcher)
    shown = change_request.items.get().proposed_document
    edit(regime, by=researcher, code="XX")  # saved, not submitted

    services.approve(change_request, by=reviewer)

    row = PublishedDesignation.objects.get(object_id=designation.pk)
    assert shown["name"] == row.document["name"] == "A CORRECTED NAME"
    assert shown["regime"] == row.document["regime"] == row.regime_code == "KP"
    assert row.document == shown


def test_a_document_recorded_in_an_earlier_shape_is_built_again_at_approval(researcher, reviewer):
    """A request submitted before a release changed the documents' fields publishes the
    document this release builds, not the one recorded then."""
    from designations.models import PublishedDesignation
    from editorial.models import ChangeRequestItem
    from tests.factories import DesignationFactory, RegimeFactory

    designation = DesignationFactory(regime=RegimeFactory(code="KP", published=True))
    change_request = services.submit_for_review([designation], by=researcher)
    item = change_request.items.get()
    earlier = {k: v for k, v in item.proposed_document.items() if k != "listing_history"}
    earlier["a_field_since_removed"] = "x"
    ChangeRequestItem.objects.filter(pk=item.pk).update(proposed_document=earlier)

    services.approve(change_request, by=reviewer)

    document = PublishedDesignation.objects.get(object_id=designation.pk).document
    assert "a_field_since_removed" not in document
    assert document["listing_history"] == [{"date": "2017-12-22", "event": "listed"}]


def test_every_aggregate_records_documents_in_the_shape_approval_publishes_as_they_are(demo):
    """What submission records has the shape ``publication._has_shape`` accepts, for every
    aggregate the demo publishes: approval reuses it rather than building it again."""
    from editorial import publication, registry
    from editorial.models import ChangeRequestItem

    checked = set()
    for item in ChangeRequestItem.objects.select_related("content_type").filter(
        action=ChangeRequestItem.Action.PUBLISH
    ):
        aggregate = registry.for_content_type(item.content_type)
        shape = publication._document_shape(aggregate)
        assert publication._has_shape(item.proposed_document, shape), (
            aggregate.label,
            set(item.proposed_document) ^ shape[0],
        )
        checked.add(aggregate.label)
    assert {"episode", "designation", "effectiveness assessment"} <= checked, checked
