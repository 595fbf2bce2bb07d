"""The validators of the public side (ETag, Last-Modified) change with every approval that
changes what the public sees, and never name two states (editorial.models.PublicState)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from editorial import services
from editorial.models import PublicationRecord
from tests.factories import DesignationFactory, RegimeFactory
from tests.ops.test_concurrency import Contenders, blocked_on_locks, holding_row_lock
from tests.workflow import factory_researcher, factory_reviewer, publish, staff_user

LIST = "/api/designations/"


def _at_the_start_of_a_second():
    """Wait until a second has just begun, so that two quick approvals share it."""
    while timezone.now().microsecond > 200_000:
        time.sleep(0.01)


def _withdraw(obj):
    request = services.submit_for_review([obj], by=factory_researcher(), action="unpublish")
    services.approve(request, by=factory_reviewer())


@pytest.mark.django_db
def test_a_withdrawal_approved_within_the_same_second_never_gets_a_304_by_date(
    anonymous_client,
):
    regime = RegimeFactory(code="KP", published=True)
    person = DesignationFactory(regime=regime)
    _at_the_start_of_a_second()
    publish(person)
    first = anonymous_client.get(LIST)
    _withdraw(person)
    # Within the same second, as a quick reviewer (or a loaded machine's clock) makes it: the
    # history dates both approvals alike, as tests/api/test_as_of.py dates its approvals.
    records = PublicationRecord.objects.filter(object_id=person.pk)
    records.update(approved_at=records.get(number=1).approved_at)

    by_date = anonymous_client.get(LIST, headers={"If-Modified-Since": first["Last-Modified"]})

    assert by_date.status_code == 200
    assert person.reference_number not in by_date.content.decode()
    assert parse_http_date(by_date["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert by_date["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_last_modified_names_a_moment_after_the_change(anonymous_client):
    person = DesignationFactory(regime=RegimeFactory(code="KP", published=True))
    publish(person)
    approved_at = PublicationRecord.objects.get(object_id=person.pk).approved_at

    response = anonymous_client.get(LIST)

    assert parse_http_date(response["Last-Modified"]) > approved_at.timestamp()
    # A client that revalidates with the time it fetched at (not the header) gets 200 too.
    just_before = http_date(approved_at.timestamp() - 1)
    assert anonymous_client.get(LIST, headers={"If-Modified-Since": just_before}).status_code == 200


@pytest.mark.django_db
def test_every_approval_gives_a_validator_never_seen_before(anonymous_client):
    regime = RegimeFactory(code="KP", published=True)
    people = [DesignationFactory(regime=regime) for _ in range(3)]
    seen = {anonymous_client.get(LIST)["ETag"]}
    dates = [parse_http_date(anonymous_client.get(LIST)["Last-Modified"])]
    for step in [
        *(lambda p=p: publish(p) for p in people),
        *(lambda p=p: _withdraw(p) for p in people),
    ]:
        step()
        response = anonymous_client.get(LIST)
        assert response["ETag"] not in seen
        seen.add(response["ETag"])
        dates.append(parse_http_date(response["Last-Modified"]))
    assert dates == sorted(set(dates))  # strictly increasing


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two approvals committing in the other order than they started needs PostgreSQL's "
    "parallel writers; CI runs this in its PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_overlapping_approvals_never_share_a_validator(anonymous_client, researcher):
    """Approval A writes its publication records first, then waits (the test holds a lock on its
    reviewer's row, which its audit event refers to); approval B, started later, would commit
    first. Whatever the order, every state the public saw has its own ETag."""
    first_reviewer = factory_reviewer()
    second_reviewer = staff_user("second-reviewer", "Reviewers")
    kp = RegimeFactory(code="KP", published=True)
    ir = RegimeFactory(code="IR", published=True)
    a, b = DesignationFactory(regime=kp), DesignationFactory(regime=ir, reference_number="IRi.901")
    request_a = services.submit_for_review([a], by=researcher)
    request_b = services.submit_for_review([b], by=researcher)
    before = anonymous_client.get(LIST)["ETag"]

    with holding_row_lock(get_user_model(), first_reviewer.pk):
        contenders = Contenders(
            lambda: services.approve(request_a, by=first_reviewer),
            lambda: (time.sleep(0.5), services.approve(request_b, by=second_reviewer))[1],
        )
        deadline = time.monotonic() + 30
        while contenders.threads[1].is_alive() and blocked_on_locks() < 2:
            assert time.monotonic() < deadline, "approval B neither finished nor queued"
            time.sleep(0.02)
        middle = anonymous_client.get(LIST)
    outcomes = contenders.finish()
    after = anonymous_client.get(LIST)

    assert all(isinstance(o, services.Approval) for o in outcomes), outcomes
    states = {
        response["ETag"]: sorted(r["reference_number"] for r in response.json()["results"])
        for response in (middle, after)
    }
    assert len(states) == 2 or middle.json() == after.json(), states
    assert after["ETag"] != before
    assert {a.reference_number, b.reference_number} <= set(states[after["ETag"]])
