"""--submit: one change request for the whole batch, approved at once by another reviewer."""

import io

import pytest
from django.core.management import CommandError, call_command

from designations.importing import import_un_list
from designations.models import Designation, ImportRun, PublishedDesignation
from editorial import services
from editorial.models import ChangeRequest
from episodes.models import PublishedRegime, Regime
from tests.importing.conftest import UN_2023, database_state, entry, needs_real_lists, un_list
from tests.workflow import publish

pytestmark = pytest.mark.django_db


def test_submit_files_one_request_with_the_designations_and_their_unpublished_regimes(
    write, researcher, reviewer
):
    publish(Regime.objects.get(code="KP"))
    out = io.StringIO()
    path = write(
        "1.xml",
        un_list(entry(1, "KPi.801"), entry(2, "KPe.801", kind="ENTITY"), entry(3, "QDi.801")),
    )

    call_command("import_un_list", str(path), "--submit", "--user", researcher.username, stdout=out)

    request = ChangeRequest.objects.latest("pk")
    covered = sorted(request.items.values_list("object_repr", flat=True))
    # KP is public already; QD is not, so it comes along.
    assert covered == sorted(
        [
            "KPi.801 TEST PERSON",
            "KPe.801 TEST",
            "QDi.801 TEST PERSON",
            str(Regime.objects.get(code="QD")),
        ]
    )
    assert request.submitted_by == researcher
    assert request.title.startswith("Import: UN consolidated list generated 27 March 2023")
    assert ImportRun.objects.get().change_request == request
    assert ChangeRequest.objects.count() == 2  # KP's publication, then the import
    assert (
        f"Submitted for review as change request #{request.pk} (1 regime, 3 designations)"
        in out.getvalue()
    )
    services.approve(request, by=reviewer)
    assert PublishedDesignation.objects.count() == 3
    assert PublishedRegime.objects.filter(code="QD").exists()


def test_the_researcher_who_imported_cannot_approve_the_batch(write, reviewer, other_reviewer):
    import_un_list(str(write("1.xml", un_list(entry(1, "KPi.801")))), user=reviewer, submit=True)
    request = ChangeRequest.objects.get()

    with pytest.raises(services.WorkflowError, match="four-eyes"):
        services.approve(request, by=reviewer)
    services.approve(request, by=other_reviewer)
    assert PublishedDesignation.objects.filter(key="KPi.801").exists()


def test_a_batch_that_cannot_be_filed_leaves_nothing_imported(write, researcher):
    first = import_un_list(
        str(write("1.xml", un_list(entry(1, "KPi.801"), entry(2, "KPi.802")))),
        user=researcher,
        submit=True,
    )
    before = database_state()
    # KPi.801 changes, but it is in the first import's open request together with KPi.802.
    changed = un_list(
        entry(1, "KPi.801", second="RENAMED"), entry(2, "KPi.802"), generated="2023-04-01T00:00:00Z"
    )

    with pytest.raises(CommandError) as caught:
        call_command(
            "import_un_list",
            str(write("2.xml", changed)),
            "--submit",
            "--user",
            researcher.username,
            stdout=io.StringIO(),
        )

    message = str(caught.value)
    assert message.startswith(
        "Nothing was imported, because the change request could not be filed:"
    )
    assert (
        f"is already awaiting review in request #{first.change_request.pk} together with 2 other "
        "record(s)" in message
    )
    assert database_state() == before
    assert Designation.objects.get(reference_number="KPi.801").second_name == "PERSON"


@needs_real_lists
def test_approving_an_imported_batch_of_955_designations_takes_a_bounded_number_of_queries(
    researcher, reviewer, django_assert_max_num_queries
):
    outcome = import_un_list(str(UN_2023), user=researcher, submit=True)
    request = outcome.change_request
    # The designations, and the regimes they are listed under (published with them).
    regimes = Regime.objects.filter(designations__isnull=False).distinct().count()
    assert request.items.count() == 955 + regimes

    # Flat in the number of records: a few per aggregate type and step (write the rows, compose
    # the pages that show other records, record the versions), never one per record. On SQLite
    # (at most 999 parameters a statement) the projection rows, widened by their search columns,
    # and the names' trigrams (designations.search) take a few dozen statements more.
    with django_assert_max_num_queries(160):
        services.approve(request, by=reviewer, comment="The list as published by the UN.")

    assert PublishedDesignation.objects.count() == 955
    ri = PublishedDesignation.objects.get(key="KPi.033")
    assert ri.document["birth_dates"][0]["as_given"] == "1964-07-17"
    assert ri.document["documents"][0]["number"] == "381310014"
