"""The episode's admin form: sections with contents, the Markdown preview, each purpose's
assessment, and the largest real episode saving in one post."""

import re

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from episodes.models import EpisodeDocument, SanctionMeasure
from tests.factories import (
    AssessmentFactory,
    DocumentFactory,
    EpisodeFactory,
    MeasureFactory,
    PurposeFactory,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db

PREVIEW = reverse("admin:episodes_episode_markdown_preview")


def change_url(episode):
    return reverse("admin:episodes_episode_change", args=[episode.pk])


def contents(page: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="form-contents".*?</nav>', page, re.S).group(0)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)


def test_the_episode_form_opens_with_its_sections_and_jump_links(researcher_client):
    episode = EpisodeFactory()
    DocumentFactory(episode=episode)
    page = researcher_client.get(change_url(episode)).content.decode()
    sections = contents(page)
    titles = [title for _, title in sections]
    assert titles == [
        "Publication",
        "Episode",
        "Resolutions (0)",
        "Purposes and objectives (1)",
        "Narrative",
        "Designees (as coded)",
        "Likely impact on the general population",
        "Institutions",
        "Humanitarian carve-out",
        "Effectiveness",
        "Unintended consequences (0)",
        "Objectives per purpose (0)",
        "Types of conflict or issue areas (0)",
        "Targets (0)",
        "Sanction measures (1)",
        "Other policy instruments (0)",
        "Documents and links (1)",
        "Reason for change and save",
    ]
    for target, title in sections:
        assert f'id="{target}"' in page, title
    # The contents come before the first section; each inline follows the section it belongs to.
    assert page.index('class="form-contents"') < page.index('id="fieldset-0-0-heading"')
    order = [page.index(f'id="{target}"') for target, _ in sections]
    assert order == sorted(order)


def test_other_change_forms_have_the_contents_only_when_long(researcher_client):
    assessment = AssessmentFactory()
    url = reverse("admin:assessments_effectivenessassessment_change", args=[assessment.pk])
    assert "form-contents" not in researcher_client.get(url).content.decode()


def test_the_narrative_box_is_tall_with_a_preview_and_the_summary_wide(researcher_client):
    page = researcher_client.get(change_url(EpisodeFactory())).content.decode()
    narrative = re.search(r'<textarea name="narrative"[^>]*>', page).group(0)
    assert 'rows="20"' in narrative
    assert f'data-preview-url="{PREVIEW}" data-preview-for="id_narrative"' in page
    summary = re.search(r'<input type="text" name="summary"[^>]*>', page).group(0)
    assert 'class="wide-text"' in summary


def test_the_preview_renders_markdown_sanitised_for_staff(researcher_client):
    response = researcher_client.post(
        PREVIEW,
        {"text": "A **bold** claim.\r\n\r\n<script>alert(1)</script>[x](javascript:alert(1))"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_the_preview_of_an_empty_box_says_so(researcher_client):
    assert "Nothing to preview" in researcher_client.post(PREVIEW, {"text": " "}).content.decode()


def test_the_preview_is_for_staff_only_and_only_by_post(researcher_client, anonymous_client):
    response = anonymous_client.post(PREVIEW, {"text": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert researcher_client.get(PREVIEW).status_code == 405


def test_the_preview_needs_the_csrf_token(researcher):
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    assert client.post(PREVIEW, {"text": "x"}).status_code == 403


def test_each_purpose_links_its_assessment_or_offers_to_add_it(researcher_client):
    episode = EpisodeFactory()  # primary purpose: coerce
    PurposeFactory(episode=episode, purpose="signal")
    coerce = AssessmentFactory(episode=episode, purpose="coerce")
    page = researcher_client.get(change_url(episode)).content.decode()
    edit = reverse("admin:assessments_effectivenessassessment_change", args=[coerce.pk])
    add = reverse("admin:assessments_effectivenessassessment_add")
    assert f'<a href="{edit}">Edit the coerce assessment</a>' in page
    assert "Coerce: policy outcome 2 — No progress; sanctions contribution 3 — Minor" in page
    assert (
        f'<a href="{add}?episode={episode.pk}&amp;purpose=signal">Add the signal assessment' in page
    )


def test_the_add_link_fills_in_the_episode_and_the_purpose(researcher_client):
    episode = EpisodeFactory()
    url = reverse("admin:assessments_effectivenessassessment_add")
    form = (
        researcher_client.get(url, {"episode": episode.pk, "purpose": "signal"})
        .context["adminform"]
        .form
    )
    assert str(form["episode"].value()) == str(episode.pk)
    assert form["purpose"].value() == "signal"


def largest_episode():
    episode = EpisodeFactory(measure=None)
    measures = [MeasureFactory(episode=episode) for _ in range(40)]
    for n in range(200):
        DocumentFactory(episode=episode, measure=measures[n % 40] if n % 2 else None)
    return episode


def test_the_largest_real_episode_form_saves(researcher_client):
    """200 document links and 40 measures post about 3,000 fields (Django's default bound: 1,000)."""
    episode = largest_episode()
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    assert len(data) > 2500
    data.update(narrative="Revised with every row in the form.", change_reason="Revised")
    assert data["documents-TOTAL_FORMS"] == "200" and data["measures-TOTAL_FORMS"] == "40"
    data["documents-0-DELETE"] = "on"  # a save that deletes a row too

    response = researcher_client.post(change_url(episode), data)

    assert response.status_code == 302, response.status_code
    episode.refresh_from_db()
    assert episode.narrative == "Revised with every row in the form."
    assert EpisodeDocument.objects.filter(episode=episode).count() == 199
    assert SanctionMeasure.objects.filter(episode=episode).count() == 40


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=1000)
def test_django_s_default_bound_refuses_that_form(researcher_client):
    """The same post under Django's default: why the setting is raised."""
    episode = largest_episode()
    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data.update(change_reason="Revised")
    assert researcher_client.post(change_url(episode), data).status_code == 400


def folded(page: str, group: str) -> bool:
    block = re.search(
        rf'id="{group}".*?<h2 id="{group.removesuffix("-group")}-heading"', page, re.S
    )
    return "<details>" in block.group(0)


def test_the_long_lists_start_folded_and_a_list_with_an_error_opens(researcher_client):
    episode = EpisodeFactory()
    DocumentFactory(episode=episode)
    page = researcher_client.get(change_url(episode)).content.decode()
    assert folded(page, "documents-group") and folded(page, "measures-group")
    assert not folded(page, "resolutions-group")

    data = form_data(researcher_client.get(change_url(episode)), "episode_form")
    data.update({"documents-0-title": "", "change_reason": "Broke a title"})
    page = researcher_client.post(change_url(episode), data).content.decode()
    assert not folded(page, "documents-group")
    assert folded(page, "measures-group")
