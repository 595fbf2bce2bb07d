"""An assessment's scores are chosen from their labels; the list shows them in short columns."""

import re

import pytest
from django.urls import reverse

from assessments.models import EffectivenessAssessment, ScoreLabel
from tests.factories import AssessmentFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def change_url(assessment):
    return reverse("admin:assessments_effectivenessassessment_change", args=[assessment.pk])


def options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_scores_are_selects_showing_their_labels(researcher_client):
    page = researcher_client.get(change_url(AssessmentFactory())).content.decode()
    outcome = options(page, "policy_outcome_score")
    labels = dict(ScoreLabel.objects.filter(scale="policy_outcome").values_list("score", "label"))
    assert outcome == [("", "Choose a score")] + [
        (str(n), f"{n} — {labels[n]}") for n in range(1, 6)
    ]
    contribution = options(page, "sanctions_contribution_score")
    assert contribution[1] == (
        "1",
        "1 — " + ScoreLabel.objects.get(scale="sanctions_contribution", score=1).label,
    )
    assert re.search(r'<option value="2" selected>2 — ', page)


def test_a_relabelled_score_shows_its_new_label(researcher_client):
    ScoreLabel.objects.filter(scale="policy_outcome", score=5).update(label="Full success")
    page = researcher_client.get(change_url(AssessmentFactory())).content.decode()
    assert ("5", "5 — Full success") in options(page, "policy_outcome_score")


def test_choosing_a_score_saves_it(researcher_client):
    assessment = AssessmentFactory()
    data = form_data(researcher_client.get(change_url(assessment)), "effectivenessassessment_form")
    data.update(policy_outcome_score="4", change_reason="Rescored")
    assert researcher_client.post(change_url(assessment), data).status_code == 302
    assert EffectivenessAssessment.objects.get().policy_outcome_score == 4


def test_a_missing_score_is_refused(researcher_client):
    assessment = AssessmentFactory()
    data = form_data(researcher_client.get(change_url(assessment)), "effectivenessassessment_form")
    data.update(sanctions_contribution_score="", change_reason="Unscored")
    response = researcher_client.post(change_url(assessment), data)
    assert response.status_code == 200
    assert EffectivenessAssessment.objects.get().sanctions_contribution_score == 3


def test_the_list_shows_labelled_scores_in_one_query_for_all_rows(
    researcher_client, django_assert_max_num_queries
):
    for purpose in ("coerce", "constrain", "signal"):
        AssessmentFactory(purpose=purpose)
    url = reverse("admin:assessments_effectivenessassessment_changelist")
    researcher_client.get(url)  # warm the session and content types
    with django_assert_max_num_queries(12):  # flat: the labels are a subquery of the list's query
        page = researcher_client.get(url).content.decode()
    assert page.count(">2 — ") == 3  # the outcome cells (an episode "EP 102 — …" is not one)
    for column in ("column-outcome", "column-contribution", "column-effective"):
        assert column in page
