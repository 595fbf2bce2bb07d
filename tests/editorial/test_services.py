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


def test_only_the_submitter_withdraws(researcher, other_researcher, reviewer):
    request = services.submit_for_review([EpisodeFactory()], by=researcher)
    with pytest.raises(services.WorkflowError, match="Only the person who submitted"):
        services.withdraw(request, by=other_researcher)
    with pytest.raises(services.WorkflowError, match="Only the person who submitted"):
        services.withdraw(request, by=reviewer)
    services.withdraw(request, by=researcher)
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.WITHDRAWN
    assert not request.items.filter(is_open=True).exists()


def test_a_decided_request_cannot_be_decided_again(researcher, reviewer, other_reviewer):
    request = services.submit_for_review([EpisodeFactory()], by=researcher)
    services.approve(request, by=reviewer)
    with pytest.raises(services.WorkflowError, match="already approved"):
        services.approve(request, by=other_reviewer)
    with pytest.raises(services.WorkflowError, match="already approved"):
        services.reject(request, by=other_reviewer, comment="late")
    with pytest.raises(services.WorkflowError, match="already approved"):
        services.withdraw(request, by=researcher)


def test_changes_requested_waits_for_a_new_submission(researcher, reviewer):
    episode = EpisodeFactory()
    request = services.submit_for_review([episode], by=researcher)
    services.request_changes(request, by=reviewer, comment="Cite the panel report.")
    with pytest.raises(services.WorkflowError, match="Changes were requested"):
        services.approve(request, by=reviewer)
    edit(episode, by=researcher, narrative="Now citing S/2019/171.")
    again = services.submit_for_review([episode], by=researcher)
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.SUPERSEDED
    services.approve(again, by=reviewer)
    assert PublishedEpisode.objects.get().document["narrative"] == "Now citing S/2019/171."


def test_anonymous_and_inactive_users_cannot_submit(researcher):
    with pytest.raises(services.WorkflowError, match="Only researchers and reviewers"):
        services.submit_for_review([EpisodeFactory()], by=AnonymousUser())
    researcher.is_active = False
    researcher.save()
    with pytest.raises(services.WorkflowError, match="Only researchers and reviewers"):
        services.submit_for_review([EpisodeFactory()], by=researcher)


def test_nothing_to_review_when_the_public_version_is_current(researcher):
    episode = EpisodeFactory(published=True)
    with pytest.raises(services.WorkflowError, match="no changes since last published"):
        services.submit_for_review([episode], by=researcher)


def test_a_record_in_someone_elses_batch_cannot_be_submitted_alone(researcher):
    first, second = EpisodeFactory(), EpisodeFactory()
    services.submit_for_review([first, second], by=researcher)
    with pytest.raises(services.WorkflowError, match="together with 1 other record"):
        services.submit_for_review([first], by=researcher)


def test_a_child_cannot_be_submitted_on_its_own(researcher):
    episode = EpisodeFactory()
    with pytest.raises(services.WorkflowError, match="submit the record it belongs to"):
        services.submit_for_review([episode.measures.first()], by=researcher)


def test_the_migration_names_the_authors_of_requests_already_open(researcher, reviewer):
    import importlib

    from django.apps import apps

    episode = EpisodeFactory()
    edit(episode, by=reviewer, narrative="The reviewer's words.")
    request = services.submit_for_review([episode], by=researcher)
    request.authors.clear()  # as for a request filed before authors were recorded

    importlib.import_module(
        "editorial.migrations.0004_fill_authors_of_open_change_requests"
    ).fill_authors(apps, None)

    assert set(request.authors.all()) == {reviewer}
