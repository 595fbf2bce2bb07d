"""The admin index's dashboards: what waits for whom, in a flat number of queries."""

import pytest
from django.urls import reverse

from editorial import services
from tests.factories import EpisodeFactory
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def story(count, *, researcher, reviewer, other_reviewer):
    """``count`` requests of each kind the dashboards list."""
    for _ in range(count):
        services.submit_for_review([EpisodeFactory()], by=researcher)  # waiting
        returned = services.submit_for_review([EpisodeFactory()], by=researcher)
        services.request_changes(returned, by=reviewer, comment="Add a source.")
        publish(EpisodeFactory(), submitter=researcher, approver=reviewer)  # published
        stale_episode = EpisodeFactory()
        services.submit_for_review([stale_episode], by=researcher)
        edit(stale_episode, by=researcher, narrative="Edited since.")  # stale
        edit(EpisodeFactory(), by=researcher, narrative="A draft.")  # draft
        own = EpisodeFactory()
        edit(own, by=other_reviewer, narrative="Wanda's edit.")
        services.submit_for_review([own], by=researcher)  # four eyes keeps it from Wanda


def test_a_researcher_sees_drafts_returned_waiting_and_published(
    researcher, reviewer, other_reviewer, researcher_client
):
    story(1, researcher=researcher, reviewer=reviewer, other_reviewer=other_reviewer)
    page = researcher_client.get(reverse("admin:index")).content.decode()
    dashboard = page.split('id="workflow-dashboard"')[1].split("</div>\n</div>")[0]
    assert "Returned to you" in dashboard and "Add a source." in dashboard
    assert "Your drafts not yet submitted" in dashboard and "No unsubmitted edits" not in dashboard
    assert "Waiting for you" not in dashboard  # not a reviewer


def test_a_reviewer_is_not_offered_what_four_eyes_forbids(
    researcher, reviewer, other_reviewer, other_reviewer_client
):
    story(1, researcher=researcher, reviewer=reviewer, other_reviewer=other_reviewer)
    from editorial import dashboard

    board = dashboard.for_user(other_reviewer)
    assert len(board.for_me) == 1  # the waiting one: not the stale one, not her own edit
    assert len(board.stale) == 1
    assert board.approved_by_me == []
    assert len(dashboard.for_user(reviewer).approved_by_me) == 1
    page = other_reviewer_client.get(reverse("admin:index")).content.decode()
    assert "Waiting for you" in page and "Stale: edited since" in page


# Researcher: 1 session, 2 user, 3-4 permissions (user, groups), 5-8 drafts (one query per
# kind of record: regimes, episodes, designations, assessments), 9 my requests (open or
# recently approved, with staleness and item counts), 10 the admin's "recent actions". A
# reviewer adds 11 their drafts of the configurable lists (one query for all of them, which
# they curate), 12 waiting for them, 13 stale, 14 approved by them. The app list needs no more
# (permissions are cached), nor do content types (cached by the first request).
@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(("who", "queries"), [("researcher", 10), ("reviewer", 14)])
def test_the_dashboards_cost_the_same_for_2_and_20_requests(
    count,
    who,
    queries,
    researcher,
    reviewer,
    other_reviewer,
    researcher_client,
    other_reviewer_client,
    django_assert_num_queries,
):
    story(count, researcher=researcher, reviewer=reviewer, other_reviewer=other_reviewer)
    client = researcher_client if who == "researcher" else other_reviewer_client
    client.get(reverse("admin:index"))
    with django_assert_num_queries(queries):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_the_header_says_who_is_signed_in_and_links_the_notification_settings(researcher_client):
    page = researcher_client.get(reverse("admin:index")).content.decode()
    assert "Signed in as <strong>Rita Researcher</strong> (rita)." in page
    assert "Welcome," not in page
    assert reverse("editorial:notifications") in page
