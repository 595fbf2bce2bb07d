"""Configurable lists (score labels, measure subtypes, types of conflict…) are reviewed like any
record: an edit in the admin is the working copy, and nothing of it reaches the public side (pages,
API, codebook, analogy finder, the labels inside public documents) until a second person approves
it."""

import json

import pytest
from django.urls import reverse

from assessments.models import PublishedScoreLabel, ScoreLabel
from editorial import services
from editorial.models import ChangeRequest, PublicState
from episodes.models import ConflictType, MeasureSubtype, PublishedEpisode
from tests.factories import AssessmentFactory, ConflictTypeRowFactory, EpisodeFactory
from tests.forms import form_data
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db

OLD = ("No progress", "Coal", "Non-proliferation")
NEW = ("Hardly any progress", "Coal and coke", "Nuclear non-proliferation")


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def world():
    """A published episode coded non-proliferation, with a coal measure and an assessment whose
    policy outcome scores 2."""
    episode = EpisodeFactory()
    ConflictTypeRowFactory(episode=episode)
    assessment = AssessmentFactory(episode=episode, policy_outcome_score=2)
    publish(episode, assessment)
    return episode


def lookups():
    return (
        ScoreLabel.objects.get(scale="policy_outcome", score=2),
        MeasureSubtype.objects.get(slug="coal"),
        ConflictType.objects.get(code="non-proliferation"),
    )


def edit_in_admin(client, obj, **fields):
    data = form_data(client.get(change_url(obj)), f"{obj._meta.model_name}_form")
    data.update(fields, change_reason="Clearer wording")
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def public_texts(client, episode) -> dict[str, str]:
    """What the public reads, lower-cased (the episode page lower-cases score labels)."""
    analogy = {"conflict_type": "non-proliferation"}
    texts = {
        "episode page": client.get(f"/episodes/{episode.slug}/").content.decode(),
        "API": client.get(f"/api/episodes/{episode.slug}/").content.decode(),
        "codebook page": client.get("/codebook/").content.decode(),
        "codebook.json": client.get("/downloads/codebook.json").content.decode(),
        "codebook.md": client.get("/downloads/codebook.md").content.decode(),
        "analogy page": client.get("/analogies/", analogy).content.decode(),
        "analogy API": client.get("/api/analogies/", analogy).content.decode(),
    }
    return {where: text.lower() for where, text in texts.items()}


def labels_in_api(client, episode):
    document = json.loads(client.get(f"/api/episodes/{episode.slug}/").content)
    return (
        document["assessments"][0]["policy_outcome"]["label"],
        document["measures"][0]["subtype_label"],
        document["conflict_types"][0]["label"],
    )


def test_a_lookup_edit_reaches_the_public_only_once_a_second_reviewer_approves_it(
    world, reviewer, reviewer_client, other_reviewer_client, anonymous_client
):
    assert labels_in_api(anonymous_client, world) == OLD
    score_label, subtype, conflict_type = lookups()
    edit_in_admin(reviewer_client, score_label, label=NEW[0])
    edit_in_admin(reviewer_client, subtype, name=NEW[1])
    edit_in_admin(reviewer_client, conflict_type, label=NEW[2])
    state = PublicState.objects.get().version

    # Saved as the working copy only: every public page still shows the approved labels.
    assert labels_in_api(anonymous_client, world) == OLD
    for where, text in public_texts(anonymous_client, world).items():
        for label in NEW:
            assert label.lower() not in text, (where, label)
    assert "non-proliferation" in public_texts(anonymous_client, world)["analogy page"]
    assert PublicState.objects.get().version == state

    # Submitted like any record, shown in the review queue with its diff.
    change_request = services.submit_for_review(
        list(lookups()), by=reviewer, comment="Clearer labels"
    )
    queue = other_reviewer_client.get(reverse("editorial:queue")).content.decode()
    assert f"#{change_request.pk}" in queue or change_request.title in queue
    page = other_reviewer_client.get(
        reverse("editorial:request", args=[change_request.pk])
    ).content.decode()
    for old, new in zip(OLD, NEW, strict=True):
        assert old in page and new in page

    # Four eyes: the reviewer who edited the list cannot approve it.
    with pytest.raises(services.WorkflowError):
        services.approve(change_request, by=reviewer)
    reviewer_client.post(
        reverse("editorial:decide", args=[change_request.pk]), {"decision": "approve"}
    )
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequest.Status.SUBMITTED
    assert labels_in_api(anonymous_client, world) == OLD

    published_version = PublishedEpisode.objects.get(slug=world.slug).public_version
    response = other_reviewer_client.post(
        reverse("editorial:decide", args=[change_request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequest.Status.APPROVED

    # Approved: every public page shows the new labels, and what the public sees has changed.
    assert PublicState.objects.get().version > state
    assert labels_in_api(anonymous_client, world) == NEW
    texts = public_texts(anonymous_client, world)
    for label in NEW[:2]:  # the page does not show the types of conflict; the API does
        assert label.lower() in texts["episode page"], label
    for label in NEW:
        assert label.lower() in texts["API"], label
    for where in ("codebook page", "codebook.json", "codebook.md"):
        for label in NEW:
            assert label.lower() in texts[where], (where, label)
    assert NEW[2].lower() in texts["analogy page"] and NEW[2].lower() in texts["analogy API"]
    # The episode page changed, so it is a new public version with its history.
    row = PublishedEpisode.objects.get(slug=world.slug)
    assert row.public_version == published_version + 1
    versions = anonymous_client.get(f"/api/episodes/{world.slug}/versions/").content.decode()
    assert f'"number":{row.public_version},' in versions.replace(" ", "")
    assert "Conflict types revised" in versions or "conflict types revised" in versions.lower()


def test_an_episode_approved_after_an_unreviewed_label_edit_keeps_the_approved_label(
    world, reviewer, reviewer_client, researcher, anonymous_client
):
    score_label, subtype, conflict_type = lookups()
    edit_in_admin(reviewer_client, conflict_type, label=NEW[2])
    edit_in_admin(reviewer_client, subtype, name=NEW[1])
    edit_in_admin(reviewer_client, score_label, label=NEW[0])
    # The episode and its assessment are edited and approved while the labels wait for review.
    edit(world, by=researcher, narrative="A new narrative.")
    assessment = world.assessments.get()
    edit(assessment, by=researcher, policy_outcome="What happened, better told.")
    publish(world, assessment, submitter=researcher)

    document = PublishedEpisode.objects.get(slug=world.slug).document
    assert document["narrative"] == "A new narrative."
    assert labels_in_api(anonymous_client, world) == OLD
    assert PublishedScoreLabel.objects.get(scale="policy_outcome", score=2).label == OLD[0]
    assert NEW[2] not in anonymous_client.get(f"/episodes/{world.slug}/").content.decode()


def test_the_admin_says_that_lookup_edits_go_to_review(reviewer_client):
    conflict_type = ConflictType.objects.get(code="non-proliferation")
    for url in (
        reverse("admin:episodes_conflicttype_changelist"),
        change_url(conflict_type),
        reverse("admin:assessments_scorelabel_changelist"),
        reverse("admin:episodes_measuresubtype_changelist"),
    ):
        page = reviewer_client.get(url).content.decode()
        assert "Edits to this list go to review" in page, url
    page = reviewer_client.get(change_url(conflict_type)).content.decode()
    assert "Submit for review" in page


def test_a_new_value_is_not_public_until_approved(reviewer, other_reviewer, anonymous_client):
    piracy = edit(
        ConflictType(code="maritime-piracy", label="Maritime piracy"), by=reviewer, definition="…"
    )
    assert "Maritime piracy" not in anonymous_client.get("/codebook/").content.decode()
    assert "maritime-piracy" not in anonymous_client.get("/analogies/").content.decode()
    publish(piracy, submitter=reviewer, approver=other_reviewer)
    assert "Maritime piracy" in anonymous_client.get("/codebook/").content.decode()
    assert "Maritime piracy" in anonymous_client.get("/analogies/").content.decode()


def test_an_unsubmitted_lookup_edit_is_among_its_editors_drafts(reviewer, reviewer_client):
    from editorial import dashboard

    score_label, subtype, conflict_type = lookups()
    edit_in_admin(reviewer_client, conflict_type, label=NEW[2])
    edit_in_admin(reviewer_client, score_label, label=NEW[0])
    drafts = [record for _label, record, _url in dashboard.for_user(reviewer).drafts]
    assert drafts[:2] == [score_label, conflict_type]  # newest first
    services.submit_for_review([conflict_type], by=reviewer)
    drafts = [record for _label, record, _url in dashboard.for_user(reviewer).drafts]
    assert drafts == [score_label]
