"""The workflow as researchers and reviewers meet it in the admin and the review queue."""

import re

import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from designations.models import Designation, PublishedDesignation
from editorial import services
from editorial.models import AuditEvent, ChangeRequest, PublicationRecord
from episodes.models import Episode, PublishedEpisode, SanctionMeasure
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory
from tests.forms import form_data
from tests.plans import explain, prefer_indexes, version_index_conditions
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_a_concurrent_admin_save_is_refused_with_who_and_what(researcher, other_researcher):
    episode = EpisodeFactory()
    first, second = Client(), Client()
    first.force_login(researcher)
    second.force_login(other_researcher)
    first_data = form_data(first.get(change_url(episode)), "episode_form")
    second_data = form_data(second.get(change_url(episode)), "episode_form")

    first_data.update(narrative="First tab's narrative.", change_reason="First tab")
    assert first.post(change_url(episode), first_data).status_code == 302

    second_data.update(summary="Second tab's summary.", change_reason="Second tab")
    response = second.post(change_url(episode), second_data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "was changed by Rita Researcher at" in page
    assert "since you opened it" in page
    assert "Narrative" in page  # what changed
    episode.refresh_from_db()
    assert episode.narrative == "First tab's narrative."
    assert episode.summary == "A test episode."


def test_a_save_needs_a_reason_for_change(researcher_client):
    episode = EpisodeFactory()
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data.update(narrative="Changed without saying why.", change_reason="")
    response = researcher_client.post(change_url(episode), data)
    assert response.status_code == 200
    assert "Say briefly why you changed this record" in response.content.decode()
    episode.refresh_from_db()
    assert episode.narrative == "The original narrative of this episode."


def test_the_reason_for_change_is_the_revision_comment(researcher_client, researcher):
    episode = EpisodeFactory()
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data.update(narrative="Better words.", change_reason="Clarified the narrative")
    assert researcher_client.post(change_url(episode), data).status_code == 302
    latest = Version.objects.get_for_object(episode).first()
    assert latest.revision.comment == "Clarified the narrative"
    assert latest.revision.user == researcher


def test_one_save_of_an_episode_with_inlines_is_one_revision(researcher_client):
    episode = EpisodeFactory()
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data.update({"measures-0-title": "Renamed measure", "change_reason": "Renamed a measure"})
    assert researcher_client.post(change_url(episode), data).status_code == 302
    latest = Version.objects.get_for_object(episode).first()
    models = {v.content_type.model for v in latest.revision.version_set.all()}
    assert {"episode", "sanctionmeasure", "episodepurpose"} <= models


def test_restoring_a_version_creates_a_new_working_revision_and_leaves_the_public_alone(
    researcher_client, researcher
):
    episode = EpisodeFactory(published=True)
    published = PublishedEpisode.objects.get(object_id=episode.pk)
    edit(episode, by=researcher, narrative="A later, worse narrative.")
    first_version = Version.objects.get_for_object(episode).last()
    url = reverse("admin:episodes_episode_revision", args=[episode.pk, first_version.pk])
    data = form_data(researcher_client.get(url), "episode_form")
    assert data["change_reason"].startswith("Restored the version of")
    before = Version.objects.get_for_object(episode).count()

    assert researcher_client.post(url, data).status_code == 302

    episode.refresh_from_db()
    assert episode.narrative == "The original narrative of this episode."
    assert Version.objects.get_for_object(episode).count() == before + 1
    still = PublishedEpisode.objects.get(object_id=episode.pk)
    assert (still.version_id, still.document) == (published.version_id, published.document)
    assert AuditEvent.objects.filter(action="restored", object_id=str(episode.pk)).exists()


def test_a_deleted_draft_can_be_recovered_with_its_children(researcher_client):
    episode = EpisodeFactory()
    services.record_initial_versions()
    measure_titles = list(episode.measures.values_list("title", flat=True))
    delete_url = reverse("admin:episodes_episode_delete", args=[episode.pk])
    assert researcher_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Episode.objects.filter(pk=episode.pk).exists()
    assert AuditEvent.objects.filter(action="deleted", object_id=str(episode.pk)).exists()

    recover_list = researcher_client.get(reverse("admin:episodes_episode_recoverlist"))
    assert str(episode) in recover_list.content.decode()
    version = Version.objects.get_deleted(Episode).get(object_id=str(episode.pk))
    url = reverse("admin:episodes_episode_recover", args=[version.pk])
    data = form_data(researcher_client.get(url), "episode_form")
    data["change_reason"] = "Deleted by mistake"
    assert researcher_client.post(url, data).status_code == 302

    recovered = Episode.objects.get(pk=episode.pk)
    assert list(recovered.measures.values_list("title", flat=True)) == measure_titles
    assert AuditEvent.objects.filter(action="recovered", object_id=str(episode.pk)).exists()


def test_a_published_record_cannot_be_deleted_directly(researcher_client):
    episode = EpisodeFactory(published=True)
    delete_url = reverse("admin:episodes_episode_delete", args=[episode.pk])
    response = researcher_client.post(delete_url, {"post": "yes"}, follow=True)
    assert "needs a reviewer&#x27;s approval" in response.content.decode()
    assert Episode.objects.filter(pk=episode.pk).exists()


def test_deleting_a_published_record_goes_through_review_and_stays_recoverable(
    researcher_client, reviewer, researcher
):
    designation = DesignationFactory(published=True)
    url = reverse("admin:designations_designation_request", args=[designation.pk, "delete"])
    assert researcher_client.post(url, {"comment": "Listed twice"}).status_code == 302
    assert PublishedDesignation.objects.filter(object_id=designation.pk).exists()

    change_request = ChangeRequest.objects.get(status="submitted")
    services.approve(change_request, by=reviewer)

    assert not PublishedDesignation.objects.filter(object_id=designation.pk).exists()
    assert not Designation.objects.filter(pk=designation.pk).exists()
    assert PublicationRecord.objects.filter(object_id=designation.pk, action="unpublished").exists()
    assert AuditEvent.objects.filter(action="deleted", object_id=str(designation.pk)).exists()
    assert Version.objects.get_deleted(Designation).filter(object_id=str(designation.pk)).exists()


def test_withdrawing_from_public_view_goes_through_review(researcher_client, reviewer):
    episode = EpisodeFactory(published=True)
    url = reverse("admin:episodes_episode_request", args=[episode.pk, "unpublish"])
    assert researcher_client.post(url, {"comment": "Under revision"}).status_code == 302
    assert PublishedEpisode.objects.filter(object_id=episode.pk).exists()

    services.approve(ChangeRequest.objects.get(status="submitted"), by=reviewer)

    assert not PublishedEpisode.objects.filter(object_id=episode.pk).exists()
    assert Episode.objects.filter(pk=episode.pk).exists()
    record = PublicationRecord.objects.filter(object_id=episode.pk).latest("number")
    assert (record.action, record.summary) == ("unpublished", "Withdrawn from public view.")


def test_unpublishing_a_draft_is_refused(researcher):
    with pytest.raises(services.WorkflowError, match="not public"):
        services.submit_for_review([EpisodeFactory()], by=researcher, action="unpublish")


def test_submit_for_review_from_the_list_page(researcher_client):
    first, second = DesignationFactory(), DesignationFactory()
    url = reverse("admin:designations_designation_changelist")
    selection = {"action": "submit_for_review", "_selected_action": [first.pk, second.pk]}
    confirmation = researcher_client.post(url, selection)
    assert confirmation.status_code == 200
    assert "Comment for the reviewer" in confirmation.content.decode()

    response = researcher_client.post(url, {**selection, "confirm": "yes", "comment": "Two new"})
    assert response.status_code == 302
    change_request = ChangeRequest.objects.get()
    assert change_request.items.count() == 2
    assert change_request.comment == "Two new"


def test_the_list_shows_the_public_status(researcher_client, researcher):
    published = EpisodeFactory(published=True)
    edit(published, by=researcher, narrative="Pending words.")
    EpisodeFactory()
    page = researcher_client.get(reverse("admin:episodes_episode_changelist")).content.decode()
    assert "Published · changes not yet published" in page
    assert "Never published" in page


def test_the_list_looks_up_each_rows_newest_version_by_db_content_type_and_object(
    researcher, other_researcher, researcher_client
):
    """The public status column's newest version of each row is looked up among the row's own
    versions, through reversion's index on db, content type and object id, not among every
    version of its kind. Asked of PostgreSQL with statistics and no sequential scan where it
    can avoid one, after someone else imported and edited a few hundred designations (with a
    test's few versions it may rightly read them all); SQLite (no statistics) searches the same
    index, and sorts only the row's versions.
    """
    vessels = [edit(DesignationFactory(vessel=True), by=researcher) for _ in range(3)]
    publish(vessels[0], submitter=researcher)
    edit(vessels[0], by=researcher, name="RENAMED SINCE")
    with reversion.create_revision():
        reversion.set_user(other_researcher)
        theirs = DesignationFactory.create_batch(300)
    for designation in theirs[::10]:
        edit(designation, by=other_researcher, name=f"{designation.name} (edited)")

    prefer_indexes(
        "reversion_version",
        "designations_designation",
        "designations_publisheddesignation",
        "editorial_changerequestitem",
    )
    url = reverse("admin:designations_designation_changelist") + "?kind__exact=vessel"
    with CaptureQueriesContext(connection) as queries:
        page = researcher_client.get(url).content.decode()
    statuses = re.findall(r'<td class="field-public_status">([^<]*)</td>', page)
    assert sorted(statuses) == ["Never published"] * 2 + ["Published · changes not yet published"]
    (sql,) = [query["sql"] for query in queries if 'AS "latest_version_id"' in query["sql"]]
    plan = explain(sql)

    conditions = version_index_conditions(plan)
    assert conditions, plan
    for condition in conditions:
        assert re.search(r"\bdb\b", condition) and "object_id" in condition, plan


def test_partial_approval_publishes_what_it_can_and_reports_each_failure(
    researcher, reviewer_client
):
    designations = [DesignationFactory() for _ in range(3)]
    change_request = services.submit_for_review(designations, by=researcher)
    edit(designations[1], by=researcher, name="RENAMED AFTER SUBMISSION")

    response = reviewer_client.post(
        reverse("editorial:decide", args=[change_request.pk]),
        {"decision": "approve_partial"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 published" in page
    assert "edited after it was submitted; submit it again" in page
    assert PublishedDesignation.objects.count() == 2
    split = ChangeRequest.objects.get(split_from=change_request)
    assert split.is_open and split.items.get().object_id == str(designations[1].pk)


def test_the_review_queue_is_for_staff_only(anonymous_client):
    response = anonymous_client.get(reverse("editorial:queue"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_review_queue_lists_open_requests_oldest_first(researcher, reviewer_client):
    older = services.submit_for_review([EpisodeFactory(title="Older episode")], by=researcher)
    newer = services.submit_for_review([EpisodeFactory(title="Newer episode")], by=researcher)
    page = reviewer_client.get(reverse("editorial:queue")).content.decode()
    assert page.index(f"#{older.pk} Older episode") < page.index(f"#{newer.pk} Newer episode")
    assert "Rita Researcher" in page


def test_a_researcher_sees_no_decision_buttons(researcher, other_researcher):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    client = Client()
    client.force_login(other_researcher)
    page = client.get(reverse("editorial:request", args=[change_request.pk])).content.decode()
    assert 'value="approve"' not in page
    assert "Only a reviewer who neither submitted nor wrote this change can decide it" in page
    assert "Required to reject" not in page


def test_the_submitter_sees_only_withdraw_and_the_buttons_come_after_the_diff(
    researcher_client, researcher
):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    page = researcher_client.get(reverse("editorial:request", args=[change_request.pk]))
    page = page.content.decode()
    assert 'value="withdraw"' in page
    assert 'value="approve"' not in page
    assert "Required to reject" not in page
    assert page.index("what approval would change") < page.index('value="withdraw"')


def test_the_decision_line_has_one_full_stop_and_one_display_name(researcher, reviewer):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    services.reject(change_request, by=reviewer, comment="Not sourced.")
    client = Client()
    client.force_login(researcher)
    page = client.get(reverse("editorial:request", args=[change_request.pk])).content.decode()
    assert "Rejected by Victor Reviewer on " in page
    assert ".." not in page.split("Rejected by Victor Reviewer on ")[1].split("</p>")[0]
    assert "victor" not in page.split('id="content"')[1]


def test_the_review_page_shows_an_added_child_and_a_changed_field(researcher, reviewer_client):
    episode = EpisodeFactory(published=True)
    SanctionMeasure.objects.create(episode=episode, category="arms", title="New arms embargo")
    edit(episode, by=researcher, overall_effectiveness="low")
    change_request = services.submit_for_review([episode], by=researcher)
    page = reviewer_client.get(
        reverse("editorial:request", args=[change_request.pk])
    ).content.decode()
    assert "Measures › New arms embargo <em>(added)</em>" in page
    assert "Overall effectiveness › Level" in page


def test_bulk_approval_of_several_requests_reports_each_failure(
    researcher, reviewer, reviewer_client
):
    good = services.submit_for_review([DesignationFactory()], by=researcher)
    own = services.submit_for_review([DesignationFactory()], by=reviewer)
    response = reviewer_client.post(
        reverse("editorial:bulk_approve"), {"requests": [good.pk, own.pk]}, follow=True
    )
    page = response.content.decode()
    assert "1 request(s) approved" in page
    assert f"#{own.pk}" in page and "four-eyes" in page


def test_republishing_the_demo_is_clean_after_approvals(demo):
    approval = publish(DesignationFactory())
    assert approval.published


def test_the_bulk_delete_action_refuses_public_records(researcher_client):
    draft, public = EpisodeFactory(), EpisodeFactory(published=True)
    url = reverse("admin:episodes_episode_changelist")
    response = researcher_client.post(
        url,
        {"action": "delete_selected", "_selected_action": [draft.pk, public.pk], "post": "yes"},
        follow=True,
    )
    assert "deleting it needs a reviewer" in response.content.decode()
    assert Episode.objects.filter(pk__in=[draft.pk, public.pk]).count() == 2


def _request_page(client, change_request) -> str:
    return client.get(reverse("editorial:request", args=[change_request.pk])).content.decode()


def test_the_reviewer_is_warned_of_an_episode_with_nothing_coded(researcher, reviewer_client):
    empty = EpisodeFactory(primary=None, measure=None)
    change_request = services.submit_for_review([empty], by=researcher)

    page = _request_page(reviewer_client, change_request)

    assert page.count("Before you approve:") == 1
    note = page.split("Before you approve:</strong>")[1].split("</p>")[0]
    assert "no purpose is coded; no sanction measure is coded; no assessment is published" in note


def test_an_episode_assessed_in_the_same_request_or_before_is_not_flagged(
    researcher, reviewer_client
):
    # Purpose and measure coded, the assessment proposed beside it: nothing to warn of.
    episode = EpisodeFactory()
    assessed_here = services.submit_for_review(
        [episode, AssessmentFactory(episode=episode)], by=researcher
    )
    assert "Before you approve:" not in _request_page(reviewer_client, assessed_here)
    # Published with its assessment, then edited: its published assessment counts.
    published = EpisodeFactory(published=True)
    AssessmentFactory(episode=published, published=True)
    edit(published, by=researcher, summary="A better summary.")
    edited = services.submit_for_review([published], by=researcher)
    assert "Before you approve:" not in _request_page(reviewer_client, edited)
    # Assessed but without a measure: said.
    no_measure = EpisodeFactory(measure=None)
    partial = services.submit_for_review([no_measure], by=researcher)
    note = _request_page(reviewer_client, partial).split("Before you approve:</strong>")[1]
    assert "no sanction measure is coded; no assessment" in note.split("</p>")[0]


def test_the_notes_cost_one_query_whatever_the_number_of_episodes(researcher, reviewer_client):
    def queries(count):
        episodes = [EpisodeFactory(primary=None) for _ in range(count)]
        change_request = services.submit_for_review(episodes, by=researcher)
        with CaptureQueriesContext(connection) as captured:
            page = _request_page(reviewer_client, change_request)
        assert page.count("Before you approve:") == count
        return len(captured)

    assert queries(2) == queries(5)
