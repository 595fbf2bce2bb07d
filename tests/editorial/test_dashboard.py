"""The admin index's dashboards: what waits for whom, in a flat number of queries."""

import re

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ScoreLabel
from editorial import dashboard, services
from editorial.models import ChangeRequest
from episodes.models import ConflictType
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory
from tests.plans import explain, prefer_indexes, rows_read, version_index_conditions
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


def drafts(user, **options):
    return [record for _label, record, _url in dashboard.drafts_of(user, **options)]


def test_a_draft_is_its_authors_newest_edit_not_public_as_such_and_in_no_open_request(
    researcher, other_researcher, reviewer
):
    def draft():
        return edit(EpisodeFactory(), by=researcher, narrative="Rita's edit.")

    plain = draft()
    services.submit_for_review([draft()], by=researcher)  # waiting: not a draft
    returned = services.submit_for_review([draft()], by=researcher)
    services.request_changes(returned, by=reviewer, comment="Add a source.")  # still open
    withdrawn = draft()
    services.withdraw(services.submit_for_review([withdrawn], by=researcher), by=researcher)
    rejected = draft()
    services.reject(
        services.submit_for_review([rejected], by=researcher), by=reviewer, comment="Off topic."
    )
    taken_over = draft()
    edit(taken_over, by=other_researcher, narrative="Oscar's edit.")  # Oscar's now
    taken_back = edit(EpisodeFactory(), by=other_researcher, narrative="Oscar's edit.")
    edit(taken_back, by=researcher, narrative="Rita's edit.")
    publish(draft(), submitter=researcher, approver=reviewer)  # public as that version
    edited_since = draft()
    publish(edited_since, submitter=researcher, approver=reviewer)
    edit(edited_since, by=researcher, narrative="Rita's edit since.")
    draft().delete()  # versions remain, the record does not

    assert drafts(researcher) == [edited_since, taken_back, rejected, withdrawn, plain]
    assert drafts(other_researcher) == [taken_over]
    label, record, url = dashboard.drafts_of(researcher)[0]
    assert (label, record, url) == ("episode", edited_since, "admin:episodes_episode_change")


def test_each_kind_shows_its_newest_drafts_up_to_the_limit(researcher):
    episodes = [edit(EpisodeFactory(), by=researcher) for _ in range(3)]
    designations = [edit(DesignationFactory(), by=researcher) for _ in range(3)]
    assessment = edit(AssessmentFactory(), by=researcher)
    edit(episodes[0], by=researcher)  # now the newest episode
    found = dashboard.drafts_of(researcher, limit=2)
    by_kind = {}
    for label, record, _url in found:
        by_kind.setdefault(label, []).append(record)
    assert by_kind == {
        "episode": [episodes[0], episodes[2]],
        "designation": [designations[2], designations[1]],
        "effectiveness assessment": [assessment],
    }


def test_lookup_drafts_are_for_their_curators_newest_first_up_to_the_limit_overall(
    researcher, reviewer
):
    labels = list(ScoreLabel.objects.order_by("pk")[:3])
    types = list(ConflictType.objects.order_by("pk")[:3])
    for score_label, conflict_type in zip(labels, types, strict=True):
        edit(score_label, by=reviewer)
        edit(conflict_type, by=reviewer)
    episode = edit(EpisodeFactory(), by=reviewer)
    assert drafts(reviewer, limit=4) == [episode, types[2], labels[2], types[1], labels[1]]
    services.submit_for_review([types[2]], by=reviewer)
    assert drafts(reviewer, limit=4) == [episode, labels[2], types[1], labels[1], types[0]]

    edit(types[0], by=researcher)
    assert drafts(researcher) == []  # researchers may not edit the lists
    researcher.user_permissions.add(Permission.objects.get(codename="change_conflicttype"))
    researcher = type(researcher).objects.get(pk=researcher.pk)  # (permissions are cached)
    assert drafts(researcher) == [types[0]]


ANALYSED = [
    "reversion_revision",
    "reversion_version",
    "designations_designation",
    "designations_publisheddesignation",
    "editorial_changerequestitem",
]


def test_the_drafts_cost_the_same_however_much_others_edited(
    researcher, other_researcher, reviewer
):
    """The drafts are found from the user's own versions: a few hundred designations that
    someone else imported (one revision) and edited (one revision each) change neither the
    number of queries nor what the designations' query reads. SQLite's plan (without statistics
    it does not depend on the rows) stays the same and searches every table through an index,
    never scanning one. PostgreSQL, planning with statistics as autovacuum keeps them and told
    to avoid sequential scans wherever it can (with this few rows a scan is cheapest), reads as
    many rows of the designations and of the versions as before the others' edits.
    """
    mine = [edit(DesignationFactory(), by=researcher) for _ in range(2)]
    publish(edit(DesignationFactory(), by=researcher), submitter=researcher, approver=reviewer)
    dashboard.drafts_of(researcher)  # (content types cached, as a running server has them)

    def measure():
        prefer_indexes(*ANALYSED)
        with CaptureQueriesContext(connection) as queries:
            found = drafts(researcher)
        assert found == mine[::-1]
        sql = [query["sql"] for query in queries]
        designations = [q for q in sql if q.startswith('SELECT "designations_designation"."id"')]
        return len(sql), explain(*designations)

    queries, plan = measure()
    with reversion.create_revision():
        reversion.set_user(other_researcher)
        theirs = DesignationFactory.create_batch(300)
    for designation in theirs[::10]:
        edit(designation, by=other_researcher, name=f"{designation.name} (edited)")
    queries_after, plan_after = measure()

    assert queries_after == queries
    if connection.vendor == "postgresql":
        assert rows_read(plan_after) == rows_read(plan)
    else:
        assert plan_after == plan
        assert not [step for step in plan_after if step.startswith("SCAN")], plan_after


def test_staleness_looks_up_the_items_own_versions_by_db_content_type_and_object(
    researcher, other_researcher, reviewer
):
    """``is_stale`` looks for an item's later versions among its object's, through reversion's
    index on db, content type and object id, not among every version of its kind. Asked of
    PostgreSQL with statistics and no sequential scan where it can avoid one, after someone
    else imported and edited a few hundred designations (with only the test's few versions it
    rightly reads them all at once); SQLite (no statistics) searches the same index.
    """
    publish(*DesignationFactory.create_batch(3), submitter=researcher, approver=reviewer)
    waiting = DesignationFactory()
    stale = services.submit_for_review([waiting], by=researcher)
    edit(waiting, by=researcher, name="EDITED SINCE SUBMISSION")
    with reversion.create_revision():
        reversion.set_user(other_researcher)
        theirs = DesignationFactory.create_batch(300)
    for designation in theirs[::10]:
        edit(designation, by=other_researcher, name=f"{designation.name} (edited)")

    prefer_indexes("editorial_changerequest", *ANALYSED)
    with CaptureQueriesContext(connection) as queries:
        found = ChangeRequest.objects.with_staleness().order_by("pk")
        assert [change_request.pk for change_request in found if change_request.is_stale] == [
            stale.pk
        ]
    (sql,) = [query["sql"] for query in queries]
    plan = explain(sql)

    conditions = version_index_conditions(plan)
    assert conditions, plan
    for condition in conditions:
        assert re.search(r"\bdb\b", condition) and "object_id" in condition, plan
    if connection.vendor == "sqlite":
        scans = [step for step in plan if step.startswith("SCAN")]
        assert all(step.startswith("SCAN editorial_changerequest") for step in scans), plan
