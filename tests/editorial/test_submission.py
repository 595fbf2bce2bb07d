"""Clear submissions: the diff before submitting, whose edits go, and stale requests flagged."""

import pytest
from django.urls import reverse

from editorial import services
from editorial.models import ChangeRequest
from tests.factories import DesignationFactory, EpisodeFactory
from tests.forms import form_data
from tests.workflow import edit

pytestmark = pytest.mark.django_db


def submit_url(obj, action="publish"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_request", args=[obj.pk, action])


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_the_submit_page_shows_the_diff_and_whose_edits_it_contains(researcher, researcher_client):
    episode = EpisodeFactory(published=True)
    edit(episode, by=researcher, title="A clearer title")

    page = researcher_client.get(submit_url(episode)).content.decode()

    assert "What the reviewer will see" in page
    assert "A clearer title" in page
    assert "Edits by Rita Researcher." in page
    assert 'name="include_others"' not in page


def test_someone_elses_edits_need_a_confirmation_naming_the_excluded_reviewers(
    researcher, researcher_client, reviewer, other_reviewer
):
    episode = EpisodeFactory()
    edit(episode, by=reviewer, narrative="The reviewer's own edit.")

    page = researcher_client.get(submit_url(episode)).content.decode()
    assert "Include the edits of Victor Reviewer" in page
    assert "The four-eyes rule keeps Victor Reviewer from approving it" in page
    assert "Wanda Reviewer can." in page

    refused = researcher_client.post(submit_url(episode), {"comment": "Mine"})
    assert refused.status_code == 200
    assert "These records contain edits by Victor Reviewer" in refused.content.decode()
    assert not ChangeRequest.objects.exists()

    accepted = researcher_client.post(
        submit_url(episode), {"comment": "Mine", "include_others": "on"}
    )
    assert accepted.status_code == 302
    change_request = ChangeRequest.objects.get()
    assert set(change_request.authors.all()) == {reviewer}


def test_a_comment_is_required_when_the_change_spans_more_than_one_record(researcher_client):
    first, second = DesignationFactory(), DesignationFactory()
    url = reverse("admin:designations_designation_changelist")
    selection = {"action": "submit_for_review", "_selected_action": [first.pk, second.pk]}

    response = researcher_client.post(url, {**selection, "confirm": "yes", "comment": ""})

    assert response.status_code == 200
    assert "the request spans more than one record" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_single_record_needs_no_comment(researcher_client):
    episode = EpisodeFactory()
    assert researcher_client.post(submit_url(episode), {"comment": ""}).status_code == 302
    assert ChangeRequest.objects.count() == 1


def test_saving_a_record_under_review_says_the_request_is_now_stale(researcher, researcher_client):
    episode = EpisodeFactory()
    change_request = services.submit_for_review([episode], by=researcher)
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data["change_reason"] = "One more fix"

    response = researcher_client.post(change_url(episode), data, follow=True)

    page = response.content.decode()
    assert f"is in open change request #{change_request.pk}, which is now stale" in page
    assert reverse("editorial:request", args=[change_request.pk]) in page


def test_the_change_page_flags_a_stale_request_with_a_one_click_resubmit(
    researcher, researcher_client
):
    episode = EpisodeFactory()
    change_request = services.submit_for_review([episode], by=researcher)
    page = researcher_client.get(change_url(episode)).content.decode()
    assert "That request is stale" not in page

    edit(episode, by=researcher, narrative="Edited after submission.")
    page = researcher_client.get(change_url(episode)).content.decode()

    assert "That request is stale" in page
    assert reverse("editorial:resubmit", args=[change_request.pk]) in page
