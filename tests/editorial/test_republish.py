"""`republish` rebuilds every projection from its approved revision."""

import pytest
from django.core.management import CommandError, call_command

from editorial import registry
from editorial.models import PublicationRecord
from episodes.models import PublishedEpisode
from tests.workflow import edit

pytestmark = pytest.mark.django_db


def published() -> int:
    return sum(a.projection.objects.count() for a in registry.all_aggregates())


def test_republish_reports_no_difference_after_the_demo_and_later_edits(demo, capsys, researcher):
    # Unapproved working edits must not count: republish reads the approved revisions.
    edit(demo, by=researcher, narrative="Not approved yet.")
    call_command("republish")
    assert f"Checked {published()} published record(s): no difference." in capsys.readouterr().out


def test_republish_reports_and_repairs_a_tampered_projection(demo, capsys):
    row = PublishedEpisode.objects.get(slug="dprk-ep-8")
    row.document = {**row.document, "narrative": "Tampered."}
    row.title = "Tampered"
    row.save()

    with pytest.raises(CommandError, match=f"1 of {published()} published record"):
        call_command("republish")
    assert "episode dprk-ep-8: document, title differ" in capsys.readouterr().out

    call_command("republish", "--write")
    row.refresh_from_db()
    assert row.title == "DPRK - EP 8"
    assert row.document["narrative"].startswith("The DPRK launched an intercontinental")
    # The public history says the document changed: a new version, never a silent rewrite.
    assert row.public_version == 2
    record = PublicationRecord.objects.get(object_id=row.object_id, number=2, key="dprk-ep-8")
    assert record.summary.startswith("Rebuilt from the version approved on")
    assert record.document == row.document
    call_command("republish")  # and now nothing differs
