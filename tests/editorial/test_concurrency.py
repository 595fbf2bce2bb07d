"""An approval racing an import of the same records, on PostgreSQL with parallel connections.

The import writes the designations (row locks), then files its change request, which waits for
the open request covering them; the approval holds that request's lock and wants the rows. One
of the two is aborted by PostgreSQL's deadlock detector: never a 500 for the reviewer.
"""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from designations.importing import import_un_list
from designations.models import PublishedDesignation
from editorial.models import ChangeRequest
from episodes.models import Regime
from tests.importing.conftest import entry, un_list
from tests.ops.test_concurrency import Contenders, holding_row_lock, wait_until_blocked
from tests.workflow import publish

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and PostgreSQL's deadlock detector need PostgreSQL; CI runs this "
        "module in its PostgreSQL pass",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def archive_dir(settings, tmp_path):
    settings.ATLAS_IMPORT_ARCHIVE_DIR = tmp_path / "imports"
    return settings.ATLAS_IMPORT_ARCHIVE_DIR


def a_list(count, *, second):
    return un_list(*(entry(i, f"KPi.{800 + i}", second=f"{second} {i}") for i in range(count)))


def patient(function, seconds=10):
    """Run ``function`` on a connection whose deadlock check waits ``seconds``: the other
    party's check runs first, so PostgreSQL aborts the other one (which victim is chosen is
    otherwise a matter of microseconds)."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"SET deadlock_timeout = '{seconds}s'")
        return function()

    return run


@pytest.fixture
def race(tmp_path, archive_dir, researcher, other_researcher, reviewer):
    """An open import request, a newer list of the same designations, and a reviewer's client."""
    publish(Regime.objects.get(code="KP"))
    first = tmp_path / "first.xml"
    first.write_text(a_list(30, second="PERSON"), encoding="utf-8")
    import_un_list(str(first), user=researcher, submit=True)
    pending = ChangeRequest.objects.get(status="submitted", title__startswith="Import")
    later = tmp_path / "later.xml"
    later.write_text(
        a_list(30, second="RENAMED").replace("2023-03-27T19", "2023-04-27T19"), encoding="utf-8"
    )
    client = Client()
    client.force_login(reviewer)

    def run(*, patient_party):
        url = reverse("editorial:decide", args=[pending.pk])
        approve = lambda: client.post(url, {"decision": "approve"})  # noqa: E731
        reimport = lambda: import_un_list(str(later), user=other_researcher, submit=True)  # noqa: E731
        if patient_party == "import":
            reimport = patient(reimport)
        else:
            approve = patient(approve)
        with holding_row_lock(ChangeRequest, pending.pk):
            approval = Contenders(approve)
            wait_until_blocked(1)
            importing = Contenders(reimport)
            wait_until_blocked(2)
        [response] = approval.finish()
        [imported] = importing.finish()
        pending.refresh_from_db()
        return response, imported, pending

    return run, client


def test_an_approval_aborted_by_a_deadlock_with_an_import_is_retried_never_a_500(race, caplog):
    run, client = race
    response, imported, pending = run(patient_party="import")

    assert not isinstance(response, BaseException), response
    assert response.status_code == 302
    assert "aborted by a concurrent write" in caplog.text  # the deadlock did happen
    assert not isinstance(imported, BaseException), imported
    # Tried again after the import had committed: the request was superseded by the import's.
    assert pending.status == "superseded"
    assert not PublishedDesignation.objects.exists()
    page = client.get(response["Location"]).content.decode()
    # (or, had the second attempt met another conflict: "…so nothing was approved. Reload…")
    assert "already superseded" in page or "nothing was approved" in page


def test_an_import_aborted_by_a_deadlock_with_an_approval_says_so(race):
    run, _ = race
    response, imported, pending = run(patient_party="approval")

    assert response.status_code == 302
    assert pending.status == "approved"
    assert PublishedDesignation.objects.count() == 30
    assert isinstance(imported, Exception)
    assert "nothing was changed" in str(imported)
