"""What every admin form does with what a browser sends, and how it reports errors.

Line endings, day-first dates, the error summary linking to each error (the reason for change
among them) and the labels of table-inline rows. Through the real admin, with the test client.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from reversion.models import Version

from editorial import history
from editorial.adminforms import AtlasModelForm, DatePickerInput
from episodes.models import Episode
from tests.factories import (
    ConsequenceFactory,
    DesignationFactory,
    DocumentFactory,
    EpisodeFactory,
)
from tests.forms import form_data
from tests.workflow import edit

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"episodes", "designations", "assessments"}


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def opened(client, obj):
    meta = obj._meta
    return form_data(client.get(change_url(obj)), f"{meta.model_name}_form")


def document_row(data, document) -> str:
    """The form prefix of ``document``'s row in the episode form ("documents-3")."""
    key = next(
        k
        for k, v in data.items()
        if k.startswith("documents-") and k.endswith("-id") and v == str(document.pk)
    )
    return key.removesuffix("-id")


def test_every_form_and_inline_of_the_domain_apps_is_an_atlas_form(rf, researcher):
    request = rf.get("/admin/")
    request.user = researcher
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in DOMAIN_APPS or not model_admin.has_change_permission(
            request
        ):
            continue
        assert issubclass(model_admin.form, AtlasModelForm), model._meta.label
        for inline in model_admin.inlines:
            assert issubclass(inline.form, AtlasModelForm), inline.__name__
            checked += 1
    assert checked >= 10


# --- line endings -------------------------------------------------------------------------------


def test_text_sent_with_crlf_is_stored_with_lf_and_is_no_change(researcher_client, researcher):
    episode = EpisodeFactory(narrative="First paragraph.\n\nSecond paragraph.")
    edit(episode, by=researcher, comment="A first version")
    before = Version.objects.get_for_object(episode).first()
    data = opened(researcher_client, episode)
    # What a browser sends back from an unchanged <textarea>.
    data.update(
        narrative="First paragraph.\r\n\r\nSecond paragraph.", change_reason="Saved unchanged"
    )
    assert researcher_client.post(change_url(episode), data).status_code == 302

    episode.refresh_from_db()
    assert episode.narrative == "First paragraph.\n\nSecond paragraph."
    after = Version.objects.get_for_object(episode).first()
    assert after.pk != before.pk
    assert history.changes_between(before, after) == []


def test_crlf_in_an_inline_row_and_in_a_new_paragraph_is_stored_with_lf(researcher_client):
    episode = EpisodeFactory()
    document = DocumentFactory(episode=episode, note="")
    data = opened(researcher_client, episode)
    prefix = document_row(data, document)
    data.update(
        {
            f"{prefix}-note": "Line one\r\nLine two\rLine three",
            "narrative": "New text.\r\n\r\nAnother paragraph.",
            "change_reason": "Notes",
        }
    )
    assert researcher_client.post(change_url(episode), data).status_code == 302
    document.refresh_from_db()
    assert document.note == "Line one\nLine two\nLine three"
    assert Episode.objects.get(pk=episode.pk).narrative == "New text.\n\nAnother paragraph."


def test_an_unchanged_textarea_sent_with_crlf_is_not_reported_as_changed(researcher_client):
    episode = EpisodeFactory(narrative="One.\n\nTwo.")
    data = opened(researcher_client, episode)
    data.update(narrative="One.\r\n\r\nTwo.", change_reason="Nothing really")
    researcher_client.post(change_url(episode), data)
    latest = Version.objects.get_for_object(episode).first()
    assert "Narrative" not in latest.revision.comment
    from django.contrib.admin.models import LogEntry

    assert "narrative" not in LogEntry.objects.latest("pk").change_message.lower()


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["22/12/2017", "22.12.2017", "2017-12-22", "22 December 2017", "22 Dec 2017"],
)
def test_a_date_typed_day_first_or_iso_is_accepted(researcher_client, typed):
    episode = EpisodeFactory(start_date=datetime.date(2016, 1, 1))
    data = opened(researcher_client, episode)
    data.update(start_date=typed, change_reason="Corrected the start")
    response = researcher_client.post(change_url(episode), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    episode.refresh_from_db()
    assert episode.start_date == datetime.date(2017, 12, 22)


def test_a_day_first_date_is_never_read_month_first(researcher_client):
    episode = EpisodeFactory(start_date=datetime.date(2016, 1, 1))
    data = opened(researcher_client, episode)
    data.update(start_date="05/06/2017", change_reason="Corrected the start")
    assert researcher_client.post(change_url(episode), data).status_code == 302
    episode.refresh_from_db()
    assert episode.start_date == datetime.date(2017, 6, 5)


def test_a_month_first_us_date_is_refused(researcher_client):
    episode = EpisodeFactory(start_date=datetime.date(2016, 1, 1))
    data = opened(researcher_client, episode)
    data.update(start_date="12/22/2017", change_reason="US order")
    response = researcher_client.post(change_url(episode), data)
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_dates_are_date_pickers_with_iso_values(researcher_client):
    episode = EpisodeFactory(start_date=datetime.date(2017, 12, 22))
    page = researcher_client.get(change_url(episode)).content.decode()
    assert re.search(r'<input type="date" name="start_date" value="2017-12-22"', page)
    # Also the dates of inline rows (a resolution's adoption date).
    assert re.search(r'<input type="date" name="resolutions-__prefix__-adopted_on"', page)
    # The admin's own calendar widget is not added beside the browser's.
    assert 'class="vDateField"' not in page


def test_a_typed_date_sent_back_after_an_error_shows_in_the_picker():
    widget = DatePickerInput()
    assert widget.format_value("22/12/2017") == "2017-12-22"
    assert widget.format_value("not a date") == "not a date"
    assert widget.format_value(datetime.date(2017, 12, 22)) == "2017-12-22"


# --- the error summary --------------------------------------------------------------------------


def error_summary(page: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_the_error_summary_links_every_error_and_the_reason(researcher_client):
    episode = EpisodeFactory()
    document = DocumentFactory(episode=episode)
    data = opened(researcher_client, episode)
    prefix = document_row(data, document)
    data.update(
        {"title": "", "start_date": "31/02/2017", f"{prefix}-title": "", "change_reason": ""}
    )
    response = researcher_client.post(change_url(episode), data)
    assert response.status_code == 200
    page = response.content.decode()
    summary = error_summary(page)
    row = int(prefix.rsplit("-", 1)[1]) + 1
    assert '<a href="#id_title">Title: This field is required.</a>' in summary
    assert '<a href="#id_start_date">Start date: Enter a valid date.</a>' in summary
    assert (
        f'<a href="#id_{prefix}-title">Documents and links, row {row}: Title: '
        "This field is required.</a>"
    ) in summary
    # The reason is checked with the others, not only once they pass; it comes last, as on the form.
    assert summary.rstrip().count("<li>") == 4
    assert summary.index("Reason for change") > summary.index("Documents and links")
    assert (
        '<a href="#id_change_reason">Reason for change: Say briefly why you changed this '
        "record: it is saved in the history.</a>"
    ) in summary
    # Each link leads to an element of the page.
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in page, target
    # The summary comes before the form's first section, and the admin's generic line is hidden.
    assert page.index("error-summary") < page.index('id="fieldset-0-0-heading"')


def test_the_reason_for_change_is_marked_required(researcher_client):
    episode = EpisodeFactory()
    page = researcher_client.get(change_url(episode)).content.decode()
    assert '<label for="id_change_reason" class="required">' in page


def test_a_row_error_and_a_formset_error_link_to_their_row_and_group(researcher_client):
    episode = EpisodeFactory()
    ConsequenceFactory(episode=episode)
    ConsequenceFactory(
        episode=EpisodeFactory(), consequence=episode.unintended_consequences.get().consequence
    )
    data = opened(researcher_client, episode)
    # A second primary purpose: an error of the purposes' formset as a whole.
    data.update(
        {
            "purposes-TOTAL_FORMS": "2",
            "purposes-1-purpose": "signal",
            "purposes-1-is_primary": "on",
            "purposes-1-objective": "Signal.",
            "purposes-1-episode": str(episode.pk),
            "purposes-1-id": "",
            "change_reason": "Two primaries",
        }
    )
    page = researcher_client.post(change_url(episode), data).content.decode()
    summary = error_summary(page)
    assert '<a href="#purposes-group">Purposes and objectives: Mark exactly one purpose' in summary


def test_a_form_without_errors_has_no_summary(researcher_client):
    page = researcher_client.get(change_url(EpisodeFactory())).content.decode()
    assert "error-summary" not in page


# --- labels of table rows -----------------------------------------------------------------------


def test_every_control_of_a_table_inline_row_has_a_name(researcher_client):
    episode = EpisodeFactory()
    ConsequenceFactory(episode=episode)
    page = researcher_client.get(change_url(episode)).content.decode()
    for name, label in [
        ("consequence", "Consequence"),
        ("other_text", "Description of “other”"),
        ("note", "Note"),
        ("DELETE", "Delete"),
    ]:
        control = re.search(rf'<[^>]+name="unintended_consequences-0-{name}"[^>]*>', page).group(0)
        assert f'aria-label="{label}, row 1"' in control, control
    empty = re.search(r'<[^>]+name="unintended_consequences-__prefix__-note"[^>]*>', page).group(0)
    assert 'aria-label="Note, new row"' in empty


def test_a_designation_birth_date_row_is_labelled(researcher_client):
    designation = DesignationFactory()
    page = researcher_client.get(change_url(designation)).content.decode()
    control = re.search(r'<select[^>]+name="birth_dates-__prefix__-kind"[^>]*>', page).group(0)
    assert 'aria-label="Kind, new row"' in control


def test_the_comments_of_submissions_decisions_and_conversations_are_stored_with_lf():
    from editorial.admin import SubmitForm
    from editorial.views import CommentForm, DecisionForm

    for form, name in (
        (SubmitForm(data={"comment": "One.\r\nTwo."}), "comment"),
        (DecisionForm(data={"decision": "reject", "comment": "One.\r\nTwo."}), "comment"),
        (CommentForm(data={"text": "One.\r\nTwo."}), "text"),
    ):
        assert form.is_valid(), form.errors
        assert form.cleaned_data[name] == "One.\nTwo."
