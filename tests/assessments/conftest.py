"""Coding rounds: a third researcher, a published episode to code, and coding through the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import coding
from assessments.models import IndependentCoding, UnintendedConsequence
from tests import workflow
from tests.factories import EpisodeFactory
from tests.forms import form_data


@pytest.fixture
def third_researcher(db):
    return workflow.staff_user("tess", "Researchers", first_name="Tess", last_name="Researcher")


@pytest.fixture
def episode(db):
    return EpisodeFactory(published=True)


@pytest.fixture
def coding_round(episode, researcher, other_researcher, reviewer):
    return coding.open_round(
        episode=episode, purpose="coerce", coders=[researcher, other_researcher], by=reviewer
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def coding_of(coding_round, user) -> IndependentCoding:
    return IndependentCoding.objects.get(round=coding_round, coder=user)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def code_in_admin(client, coding_, *, submit=True, consequences=(), **fields):
    """Fill in a coding on its admin change page, as its coder would, and save (and submit) it.

    ``consequences``: slugs of the unintended consequences the coder finds.
    """
    url = change_url(coding_)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, "independentcoding_form")
    data.update({name: str(value) for name, value in fields.items()})
    for index, slug in enumerate(consequences):
        consequence = UnintendedConsequence.objects.get(slug=slug)
        data[f"consequences-{index}-consequence"] = str(consequence.pk)
        data[f"consequences-{index}-other_text"] = "Something else" if consequence.is_other else ""
        data[f"consequences-{index}-note"] = ""
    data["consequences-TOTAL_FORMS"] = str(len(consequences))
    if submit:
        data["_submit_coding"] = "Save and submit my coding (final)"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    coding_.refresh_from_db()
    return response


def fill(
    coding_, *, policy_outcome_score, sanctions_contribution_score, consequences=(), submit=True
):
    """Code ``coding_`` directly (scores, narratives, consequences) as its coder, and submit it."""
    from assessments.models import CodedConsequence

    workflow.edit(
        coding_,
        by=coding_.coder,
        policy_outcome_score=policy_outcome_score,
        policy_outcome=f"Outcome as {coding_.coder} sees it.",
        sanctions_contribution_score=sanctions_contribution_score,
        sanctions_contribution=f"Contribution as {coding_.coder} sees it.",
    )
    for slug in consequences:
        CodedConsequence.objects.create(
            coding=coding_, consequence=UnintendedConsequence.objects.get(slug=slug)
        )
    if submit:
        coding.submit_coding(coding_, by=coding_.coder)
    return coding_


def present(slugs) -> list[int]:
    """A coder's consequences as reliability data: 1 or 0 per consequence of the list, by id."""
    chosen = set(UnintendedConsequence.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    ids = UnintendedConsequence.objects.order_by("pk").values_list("pk", flat=True)
    return [int(pk in chosen) for pk in ids]
