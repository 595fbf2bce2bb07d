"""The review queue: a flat number of queries, stale flags, and 400 for malformed ids."""

import pytest
from django.urls import reverse

from editorial import services
from editorial.models import ChangeRequest
from tests.factories import EpisodeFactory
from tests.workflow import edit

pytestmark = pytest.mark.django_db


def open_requests(count, *, by):
    return [services.submit_for_review([EpisodeFactory()], by=by) for _ in range(count)]


# 1 session, 2 user, 3 count of open requests (paginator), 4 the page of open requests with
# their submitters, item counts and staleness, 5 their previews (one window query), 6-7 the
# user's and their groups' permissions (may they review?), 8 recent decisions, 9 my requests.
QUEUE_QUERIES = 9


@pytest.mark.parametrize("count", [2, 20])
def test_the_queue_costs_the_same_for_2_and_20_requests(
    count, researcher, reviewer_client, django_assert_num_queries
):
    open_requests(count, by=researcher)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = reviewer_client.get(reverse("editorial:queue"))
    assert response.status_code == 200
    assert response.content.decode().count('name="requests"') == count


def test_the_queue_flags_a_stale_request(researcher, reviewer_client, researcher_client):
    episode = EpisodeFactory()
    change_request = services.submit_for_review([episode], by=researcher)
    edit(episode, by=researcher, narrative="Edited after submission.")

    page = reviewer_client.get(reverse("editorial:queue")).content.decode()
    assert "stale" in page
    mine = researcher_client.get(reverse("editorial:queue")).content.decode()
    assert reverse("editorial:resubmit", args=[change_request.pk]) in mine


def test_one_click_resubmits_a_stale_request(researcher, researcher_client, reviewer):
    episode = EpisodeFactory()
    old = services.submit_for_review([episode], by=researcher, comment="First try")
    edit(episode, by=researcher, narrative="Edited after submission.")

    response = researcher_client.post(reverse("editorial:resubmit", args=[old.pk]))

    new = ChangeRequest.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("editorial:request", args=[new.pk])
    old.refresh_from_db()
    assert old.status == ChangeRequest.Status.SUPERSEDED
    assert new.comment == "First try"
    services.approve(new, by=reviewer)  # the newest version, no longer stale


@pytest.mark.parametrize("value", ["²", "abc", "1.5", "-3", "0", "99999999999999999999999"])
def test_bulk_approve_answers_400_to_a_malformed_id(value, reviewer_client):
    response = reviewer_client.post(reverse("editorial:bulk_approve"), {"requests": [value]})
    assert response.status_code == 400
    assert "is not a request number" in response.content.decode()


def test_bulk_approve_answers_400_to_too_many_ids(reviewer_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
    ids = [str(i) for i in range(1, 1100)]
    response = reviewer_client.post(reverse("editorial:bulk_approve"), {"requests": ids})
    assert response.status_code == 400
    assert "At most 1000" in response.content.decode()


def test_an_unknown_decision_answers_400(researcher, reviewer_client):
    change_request = open_requests(1, by=researcher)[0]
    response = reviewer_client.post(
        reverse("editorial:decide", args=[change_request.pk]), {"decision": "²"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["²", "abc", "99999999999999999999999"])
def test_an_admin_action_answers_400_to_a_malformed_record_id(value, researcher_client):
    url = reverse("admin:designations_designation_changelist")
    response = researcher_client.post(
        url, {"action": "submit_for_review", "_selected_action": [value]}
    )
    assert response.status_code == 400
    assert "is not a record number" in response.content.decode()
    assert not ChangeRequest.objects.exists()
