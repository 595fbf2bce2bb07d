"""Concurrency on PostgreSQL, with real parallel connections (one thread, one connection each).

To make "at the same moment" certain rather than likely, the test itself first holds the row
lock the code under test takes, starts both contenders, waits until PostgreSQL shows both of
them blocked on that lock, then lets go: from there on they really race.
"""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from designations.models import PublishedDesignation
from editorial import services
from editorial.models import AuditEvent, ChangeRequest, PublicationRecord
from episodes.models import Episode, PublishedEpisode
from tests.factories import AliasFactory, DesignationFactory, EpisodeFactory
from tests.forms import form_data

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) and parallel writers need PostgreSQL; "
        "CI runs this module in its PostgreSQL pass",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Contenders:
    """Callables run in parallel threads, each with its own database connection."""

    def __init__(self, *functions):
        self.outcomes: list = [None] * len(functions)
        start = threading.Barrier(len(functions))

        def run(index, function):
            try:
                start.wait(timeout=30)
                self.outcomes[index] = function()
            except BaseException as error:  # reported by the test, not lost in the thread
                self.outcomes[index] = error
            finally:
                connections.close_all()

        self.threads = [
            threading.Thread(target=run, args=(i, f), daemon=True) for i, f in enumerate(functions)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self, timeout=120) -> list:
        for thread in self.threads:
            thread.join(timeout)
        assert not any(thread.is_alive() for thread in self.threads), "a contender hung"
        return self.outcomes


def blocked_on_locks() -> int:
    """How many other connections to this database are waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@contextmanager
def holding_row_lock(model, pk):
    with transaction.atomic():
        model.objects.select_for_update().get(pk=pk)
        yield


def wait_until_blocked(count: int, timeout=30) -> None:
    deadline = time.monotonic() + timeout
    while blocked_on_locks() < count:
        assert time.monotonic() < deadline, f"{count} contenders never queued for the lock"
        time.sleep(0.02)


def test_two_reviewers_approving_the_same_request_at_once_approve_it_once(
    researcher, reviewer, other_reviewer
):
    episode = EpisodeFactory()
    change_request = services.submit_for_review([episode], by=researcher)

    with holding_row_lock(ChangeRequest, change_request.pk):
        contenders = Contenders(
            lambda: services.approve(change_request, by=reviewer),
            lambda: services.approve(change_request, by=other_reviewer),
        )
        wait_until_blocked(2)
    outcomes = contenders.finish()

    approvals = [o for o in outcomes if isinstance(o, services.Approval)]
    refusals = [o for o in outcomes if isinstance(o, services.WorkflowError)]
    assert (len(approvals), len(refusals)) == (1, 1), outcomes
    assert refusals[0].message == f"Request #{change_request.pk} is already approved."
    assert PublishedEpisode.objects.filter(object_id=episode.pk).count() == 1
    assert PublicationRecord.objects.filter(object_id=episode.pk).count() == 1
    events = AuditEvent.objects.filter(change_request=change_request)
    assert events.filter(action="approved").count() == 1
    assert events.filter(action="published").count() == 1
    change_request.refresh_from_db()
    assert change_request.decided_by == approvals[0].change_request.decided_by


def test_two_researchers_saving_the_same_record_at_once_save_it_once(researcher, other_researcher):
    episode = EpisodeFactory()
    services.ensure_versions([episode], by=researcher)
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    tabs = {}
    for user, narrative in ((researcher, "Rita's narrative."), (other_researcher, "Oscar's.")):
        client = Client()
        client.force_login(user)
        data = form_data(client.get(url), "episode_form")
        data.update(narrative=narrative, change_reason=f"Edited by {user.first_name}")
        tabs[user.first_name] = (client, data)
    versions_before = Version.objects.get_for_object(episode).count()

    with holding_row_lock(Episode, episode.pk):
        contenders = Contenders(*(lambda t=tab: t[0].post(url, t[1]) for tab in tabs.values()))
        wait_until_blocked(2)
    rita, oscar = contenders.finish()

    assert sorted([rita.status_code, oscar.status_code]) == [200, 302], (rita, oscar)
    saved, refused = ("Rita", oscar) if rita.status_code == 302 else ("Oscar", rita)
    page = refused.content.decode()
    assert f"was changed by {saved} Researcher at" in page
    assert "since you opened it" in page
    assert "Nothing was saved" in page
    episode.refresh_from_db()
    assert episode.narrative == {"Rita": "Rita's narrative.", "Oscar": "Oscar's."}[saved]
    assert Version.objects.get_for_object(episode).count() == versions_before + 1


def test_a_big_submit_and_approve_and_another_approval_at_once_both_complete(
    researcher, other_researcher, reviewer, other_reviewer
):
    batch = [DesignationFactory() for _ in range(200)]
    for designation in batch[:100]:
        AliasFactory(designation=designation)
    others = [EpisodeFactory(), DesignationFactory(), DesignationFactory(entity=True)]
    other_request = services.submit_for_review(others, by=other_researcher)

    def big_batch():
        change_request = services.submit_for_review(batch, by=researcher, comment="Import")
        return services.approve(change_request, by=reviewer)

    outcomes = Contenders(
        big_batch, lambda: services.approve(other_request, by=other_reviewer)
    ).finish()

    assert all(isinstance(o, services.Approval) for o in outcomes), outcomes
    assert [len(o.published) for o in outcomes] == [200, 3]
    assert PublishedDesignation.objects.count() == 202
    assert PublishedEpisode.objects.count() == 1
    assert not ChangeRequest.objects.filter(status__in=ChangeRequest.OPEN_STATUSES).exists()


def test_a_resubmission_waiting_on_an_approval_never_rewrites_the_approved_request(
    researcher, reviewer
):
    """Found by this test: a submission superseding an open request used to wait for the
    approval in progress, then mark the just-approved request "superseded" (overwriting who
    decided it and when) and file a request for a version already public."""
    episode = EpisodeFactory()
    change_request = services.submit_for_review([episode], by=researcher)

    with holding_row_lock(ChangeRequest, change_request.pk):
        approval = Contenders(lambda: services.approve(change_request, by=reviewer))
        wait_until_blocked(1)
        resubmission = Contenders(lambda: services.submit_for_review([episode], by=researcher))
        wait_until_blocked(2)
    [approved] = approval.finish()
    [resubmitted] = resubmission.finish()

    assert isinstance(approved, services.Approval), approved
    assert isinstance(resubmitted, services.WorkflowError), resubmitted
    assert "has no changes since last published" in resubmitted.message
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequest.Status.APPROVED
    assert change_request.decided_by == reviewer
    assert ChangeRequest.objects.count() == 1
    assert not AuditEvent.objects.filter(action="superseded").exists()
