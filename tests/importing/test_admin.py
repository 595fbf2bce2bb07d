"""The admin's list of past imports: read-only, in plain words, a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from designations.importing import import_un_list
from designations.models import ImportRun
from tests.importing.conftest import entry, un_list

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:designations_importrun_changelist")


def make_runs(count, *, by):
    for day in range(count):
        ImportRun.objects.create(
            source="un_list",
            location="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
            list_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day),
            sha256=f"{day:064x}",
            size_bytes=1_609_238,
            archive_path=f"un_list/{day}.xml",
            entries=955,
            added=day + 1,
            amended=2,
            delisted=1,
            relisted=0,
            unchanged=955 - day - 3,
            created_by=by,
            created_at=timezone.now(),
        )


def test_the_list_of_imports_says_what_each_did(researcher, researcher_client, write):
    import_un_list(
        str(write("1.xml", un_list(entry(1, "KPi.801"), entry(2, "KPe.801", kind="ENTITY")))),
        user=researcher,
    )
    import_un_list(
        str(write("2.xml", un_list(entry(1, "KPi.801"), entry(2, "KPe.801", kind="ENTITY")))),
        user=researcher,
    )

    page = researcher_client.get(LIST_URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Read 2 entries: 2 added, 0 amended, 0 delisted, 0 relisted, 0 unchanged." in html
    assert "No changes: all 2 entries already matched the working copy." in html
    assert "Not submitted for review" in html


def test_the_list_of_imports_takes_the_same_queries_for_many_rows(
    researcher, researcher_client, django_assert_num_queries
):
    make_runs(40, by=researcher)

    with django_assert_num_queries(9):
        # 1 session, 2 user, 3-4 user and group permissions, 5-6 counts (filtered, total),
        # 7 the page of runs joined with their users and change requests,
        # 8-9 the date hierarchy (range, then days).
        page = researcher_client.get(LIST_URL)

    assert page.status_code == 200
    assert page.content.decode().count("Read 955 entries:") == 40


def test_an_import_is_shown_with_its_warnings_and_cannot_be_changed(
    researcher, researcher_client, write
):
    outcome = import_un_list(
        str(write("1.xml", un_list(entry(1, "KPi.801", extra="<SHOE_SIZE>44</SHOE_SIZE>")))),
        user=researcher,
    )
    url = reverse("admin:designations_importrun_change", args=[outcome.import_run.pk])

    page = researcher_client.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Unknown element &lt;SHOE_SIZE&gt; in &lt;INDIVIDUAL&gt;, ignored" in html
    assert outcome.sha256 in html
    assert 'name="_save"' not in html
    assert researcher_client.post(url, {}).status_code == 403
    assert researcher_client.get(reverse("admin:designations_importrun_add")).status_code == 403


def test_the_public_cannot_see_the_imports(anonymous_client):
    page = anonymous_client.get(LIST_URL)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("admin:login"))
