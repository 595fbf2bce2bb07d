"""Each rule of editorial.services, with the wrong-role, wrong-state and anonymous cases."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from editorial import services
from editorial.models import AuditEvent, ChangeRequest, ChangeRequestItem
from episodes.models import PublishedEpisode
from tests.factories import EpisodeFactory
from tests.workflow import edit

pytestmark = pytest.mark.django_db


def test_approval_publishes_the_pinned_version(researcher, reviewer):
    episode = EpisodeFactory()
    request = services.submit_for_review([episode], by=researcher, comment="please review")

    result = services.approve(request, by=reviewer, comment="fine")

    published = PublishedEpisode.objects.get(object_id=episode.pk)
    assert published.document["narrative"] == "The original narrative of this episode."
    assert published.version_id == request.items.get().version_id
    assert published.public_version == 1
    assert [item.object_repr for item in result.published] == [str(episode)]
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.APPROVED
    assert request.decided_by == reviewer


def test_it_refuses_self_approval_by_the_submitter(reviewer):
    episode = EpisodeFactory()
    request = services.submit_for_review([episode], by=reviewer)

    with pytest.raises(services.WorkflowError, match="four-eyes"):
        services.approve(request, by=reviewer)
    assert not PublishedEpisode.objects.exists()


def test_it_refuses_approval_by_a_reviewer_who_authored_a_revision(researcher, reviewer):
    episode = EpisodeFactory()
    edit(episode, by=reviewer, narrative="The reviewer's own words.")
    request = services.submit_for_review([episode], by=researcher)

    with pytest.raises(services.WorkflowError, match="your own edit"):
        services.approve(request, by=reviewer)
    assert not PublishedEpisode.objects.exists()


def test_it_refuses_stale_approval(researcher, reviewer):
    episode = EpisodeFactory()
    request = services.submit_for_review([episode], by=researcher)
    edit(episode, by=researcher, narrative="Edited after submission.")

    with pytest.raises(
        services.WorkflowError, match="edited after it was submitted; submit it again"
    ):
        services.approve(request, by=reviewer)
    assert not PublishedEpisode.objects.exists()


def test_only_reviewers_decide(researcher, other_researcher):
    episode = EpisodeFactory()
    request = services.submit_for_review([episode], by=researcher)
    for decide in (
        lambda: services.approve(request, by=other_researcher),
        lambda: services.reject(request, by=other_researcher, comment="no"),
        lambda: services.request_changes(request, by=other_researcher, comment="fix"),
        lambda: services.approve(request, by=AnonymousUser()),
    ):
        with pytest.raises(services.WorkflowError, match="Only reviewers"):
            decide()


def test_reject_and_request_changes_need_a_comment(researcher, reviewer):
    request = services.submit_for_review([EpisodeFactory()], by=researcher)
    with pytest.raises(services.WorkflowError, match="comment"):
        services.reject(request, by=reviewer, comment="  ")
    with pytest.raises(services.WorkflowError, match="comment"):
        services.request_changes(request, by=reviewer, comment="")


def test_one_open_request_per_object_is_a_database_constraint(researcher):
    request = services.submit_for_review([EpisodeFactory()], by=researcher)
    item = request.items.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequestItem.objects.create(
            change_request=request,
            content_type=item.content_type,
            object_id=item.object_id,
            object_repr="duplicate",
            version=item.version,
        )


def test_resubmitting_supersedes_the_open_request(researcher, reviewer):
    episode = EpisodeFactory()
    first = services.submit_for_review([episode], by=researcher)
    edit(episode, by=researcher, narrative="Second thoughts.")
    second = services.submit_for_review([episode], by=researcher)

    first.refresh_from_db()
    assert first.status == ChangeRequest.Status.SUPERSEDED
    assert first.superseded_by == second
    services.approve(second, by=reviewer)
    assert PublishedEpisode.objects.get().document["narrative"] == "Second thoughts."


def test_the_audit_log_records_submit_and_approve(researcher, reviewer):
    episode = EpisodeFactory()
    request = services.submit_for_review([episode], by=researcher, comment="look")
    services.approve(request, by=reviewer)
    actions = list(
        AuditEvent.objects.filter(object_id=str(episode.pk)).values_list("action", "actor")
    )
    assert ("submitted", researcher.pk) in actions
    assert ("approved", reviewer.pk) in actions
    assert ("published", reviewer.pk) in actions
