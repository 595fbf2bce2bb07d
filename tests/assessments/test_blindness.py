"""While a round is open, a coder sees their own coding and nobody else's: on no staff page and
never on the public side. Closing the round (here: the last submission) reveals them."""

import io
import zipfile

import pytest
from django.urls import reverse
from reversion.models import Version

from assessments.models import IndependentCoding
from tests.assessments.conftest import change_url, client_for, code_in_admin, coding_of
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

RITA_SAYS = "Rita reads it so: the freeze bit in 2018"
OSCAR_SAYS = "Oscar reads it so: the talks did it"

PUBLIC_URLS = [
    "/",
    "/episodes/",
    "/episodes/{slug}/",
    "/episodes/{slug}/history/",
    "/assessments/",
    "/compare/?episodes={slug}",
    "/statistics/",
    "/downloads/",
    "/api/episodes/",
    "/api/episodes/{slug}/",
    "/api/episodes/{slug}/versions/",
    "/api/assessments/",
    "/api/assessments/?format=csv",
    "/api/schema/",
]


def staff_urls(coding, coding_round):
    """Every staff page that could show ``coding``, with the query that would find it."""
    opts = "admin:assessments_independentcoding"
    version = Version.objects.get_for_object(coding).first()
    return [
        reverse(f"{opts}_changelist"),
        reverse(f"{opts}_changelist") + "?q=reads",
        reverse(f"{opts}_changelist") + f"?round__id__exact={coding_round.pk}",
        change_url(coding),
        reverse(f"{opts}_history", args=[coding.pk]),
        reverse(f"{opts}_revision", args=[coding.pk, version.pk]),
        reverse(f"{opts}_recoverlist"),
        reverse(f"{opts}_recover", args=[version.pk]),
        reverse("admin:assessments_codinground_changelist"),
        change_url(coding_round),
        reverse("admin:assessments_codinground_reconcile", args=[coding_round.pk]),
        reverse("admin:assessments_codinground_close", args=[coding_round.pk]),
        reverse("admin:assessments_effectivenessassessment_changelist"),
        reverse("admin:index"),
        reverse("editorial:queue"),
    ]


def page_text(client, url) -> str:
    response = client.get(url, follow=True)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_text(client, slug) -> str:
    text = "".join(page_text(client, url.format(slug=slug)) for url in PUBLIC_URLS)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/downloads/sanctions-atlas.zip").content))
    return text + "".join(archive.read(name).decode() for name in archive.namelist())


def assert_blind(viewer, other_coding, coding_round, secret):
    client = client_for(viewer)
    for url in staff_urls(other_coding, coding_round):
        text = page_text(client, url)
        assert secret not in text, url
        assert change_url(other_coding) not in text, url
    # Neither may the viewer restore (and so reveal or undo) a version of the other's coding.
    version = Version.objects.get_for_object(other_coding).first()
    url = reverse(
        "admin:assessments_independentcoding_revision", args=[other_coding.pk, version.pk]
    )
    assert client.post(url, {}).status_code == 404
    assert client.get(change_url(other_coding)).status_code == 302  # "does not exist"
    # Nor through another record's history that happens to share the coding's id.
    assessment = AssessmentFactory(
        pk=other_coding.pk, episode=coding_round.episode, purpose="signal"
    )
    other_admin = reverse(
        "admin:assessments_effectivenessassessment_revision", args=[assessment.pk, version.pk]
    )
    assert client.get(other_admin).status_code == 404
    assessment.delete()


def test_two_researchers_code_the_same_episode_purpose_blind(
    coding_round, episode, researcher, other_researcher, anonymous_client
):
    rita, oscar = coding_of(coding_round, researcher), coding_of(coding_round, other_researcher)
    code_in_admin(
        client_for(researcher),
        rita,
        policy_outcome_score=2,
        policy_outcome=RITA_SAYS,
        sanctions_contribution_score=3,
        sanctions_contribution=RITA_SAYS,
        consequences=["resource-diversion"],
    )
    code_in_admin(
        client_for(other_researcher),
        oscar,
        submit=False,  # a draft, saved: still hidden from Rita
        policy_outcome_score=4,
        policy_outcome=OSCAR_SAYS,
        sanctions_contribution_score=4,
        sanctions_contribution=OSCAR_SAYS,
    )
    assert rita.submitted_at is not None and oscar.submitted_at is None

    assert_blind(researcher, oscar, coding_round, OSCAR_SAYS)
    assert_blind(other_researcher, rita, coding_round, RITA_SAYS)
    # Each still sees their own.
    assert RITA_SAYS in page_text(client_for(researcher), change_url(rita))
    found = page_text(
        client_for(other_researcher),
        reverse("admin:assessments_independentcoding_changelist") + "?q=reads",
    )
    assert change_url(oscar) in found and change_url(rita) not in found
    public = public_text(anonymous_client, episode.slug)
    assert RITA_SAYS not in public and OSCAR_SAYS not in public

    # Oscar submits, the last one: the round closes and each may now read the other's coding.
    page = client_for(other_researcher).get(change_url(oscar))
    assert "_submit_coding" in page.content.decode()
    code_in_admin(client_for(other_researcher), oscar, policy_outcome=OSCAR_SAYS)
    coding_round.refresh_from_db()
    assert not coding_round.is_open
    assert OSCAR_SAYS in page_text(client_for(researcher), change_url(oscar))
    assert RITA_SAYS in page_text(
        client_for(other_researcher),
        reverse("admin:assessments_codinground_reconcile", args=[coding_round.pk]),
    )
    public = public_text(anonymous_client, episode.slug)
    assert RITA_SAYS not in public and OSCAR_SAYS not in public


def test_a_reviewer_who_does_not_code_sees_no_coding_of_an_open_round(
    coding_round, researcher, reviewer
):
    rita = coding_of(coding_round, researcher)
    code_in_admin(
        client_for(researcher),
        rita,
        policy_outcome_score=2,
        policy_outcome=RITA_SAYS,
        sanctions_contribution_score=3,
        sanctions_contribution=RITA_SAYS,
    )

    assert_blind(reviewer, rita, coding_round, RITA_SAYS)


def test_a_submitted_coding_is_final(coding_round, researcher):
    rita = coding_of(coding_round, researcher)
    code_in_admin(
        client_for(researcher),
        rita,
        policy_outcome_score=2,
        policy_outcome=RITA_SAYS,
        sanctions_contribution_score=3,
        sanctions_contribution=RITA_SAYS,
    )
    client = client_for(researcher)
    page = client.get(change_url(rita))

    assert "_submit_coding" not in page.content.decode()
    response = client.post(change_url(rita), {"policy_outcome": "Changed my mind"})
    assert response.status_code == 403
    # Restoring the draft version would undo the submission: refused too.
    draft = Version.objects.get_for_object(rita).last()
    url = reverse("admin:assessments_independentcoding_revision", args=[rita.pk, draft.pk])
    assert client.post(url, {}).status_code == 403
    assert IndependentCoding.objects.get(pk=rita.pk).submitted_at is not None
