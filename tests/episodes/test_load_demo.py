"""The demo: the seed episode coded completely, published through review, loaded idempotently."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from assessments.models import EffectivenessAssessment, PublishedAssessment
from editorial.models import AuditEvent, ChangeRequest
from episodes.models import PublishedEpisode

pytestmark = pytest.mark.django_db

# One phrase of each section of the seed text, as the demo words it.
SECTIONS = {
    "narrative": "UNSCR 2397, which widened the existing regime",
    "objective (coerce)": "return to the stalled Six-Party Talks",
    "objective (constrain)": "technology of their delivery systems",
    "objective (signal)": "Signal support for non-proliferation norms",
    "travel ban exemptions": "exemptions-measures/travel-ban",
    "asset freeze exemptions": "exemptions-measures/assets-freeze",
    "humanitarian carve-out": "UNSCR 2664 (2022)",
    "correspondent accounts": "correspondent-account-approvals",
    "arms embargo exemptions": "exemptions-measures/arms-embargo",
    "refined petroleum": "supply-sale-or-transfer-of-all-refined-petroleum",
    "humanitarian exemption requests": "humanitarian-exemption-requests",
    "list of designees": "sanctions/1718/materials",
    "population impact": "weigh heavily on the general population",
    "institutions": "Panel of Experts are in place",
    "implementation assistance notices": "implementation-notices",
    "panel of experts reports": "panel_experts/reports",
}


def table_rows():
    """Every row of every table of ours and reversion's, for comparing two states."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {
            "episodes",
            "designations",
            "assessments",
            "editorial",
            "reversion",
            "auth",
        }:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_loading_the_demo_twice_gives_the_same_rows(demo):
    first = table_rows()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert table_rows() == first


def test_every_section_of_the_seed_is_filled(demo):
    assert demo.narrative.count("\n\n") >= 9
    assert {p.purpose: p.is_primary for p in demo.purposes.all()} == {
        "coerce": True,
        "constrain": False,
        "signal": False,
    }
    assert (demo.current_individuals, demo.current_entities, demo.current_vessels) == (80, 75, 59)
    assert (demo.max_individuals, demo.max_entities, demo.max_vessels) == (80, 75, 59)
    assert demo.population_impact == "high" and demo.population_impact_text
    assert demo.institutions_text and demo.has_panel_of_experts and demo.has_sanctions_committee
    assert demo.humanitarian_carve_out and "2664" in demo.humanitarian_carve_out_text
    assert demo.measures.count() >= 10
    assert demo.documents.filter(kind="exemption", measure__isnull=False).count() >= 5
    assert demo.unintended_consequences.count() == 10
    assert demo.unintended_consequences.get(consequence__slug="other").other_text.startswith(
        "Impact on humanitarian aid"
    )
    assessments = EffectivenessAssessment.objects.filter(episode=demo)
    assert {a.purpose for a in assessments} == {"coerce", "constrain", "signal"}
    assert all(a.policy_outcome and a.sanctions_contribution for a in assessments)


def test_the_published_document_carries_every_section(demo):
    document = str(PublishedEpisode.objects.get(slug="dprk-ep-8").document)
    for section, phrase in SECTIONS.items():
        assert phrase in document, section
    assert PublishedAssessment.objects.filter(episode_slug="dprk-ep-8").count() == 3


def test_the_admin_shows_the_demo_episode_with_every_section(demo, researcher_client):
    page = researcher_client.get(reverse("admin:episodes_episode_change", args=[demo.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for section, phrase in SECTIONS.items():
        assert phrase in html, section
    assert "Published" in html and "Public version 1" in html


def test_the_demo_went_through_review(demo):
    change_request = ChangeRequest.objects.get()
    assert change_request.status == "approved"
    assert change_request.submitted_by.username == "researcher"
    assert change_request.decided_by.username == "reviewer"
    assert AuditEvent.objects.filter(action="submitted").exists()
    assert AuditEvent.objects.filter(action="approved").exists()


def test_demo_users_can_log_in_only_with_debug(db, settings, client):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.login(username="researcher", password="sanctions-atlas-demo")
    assert client.login(username="reviewer", password="sanctions-atlas-demo")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_without_debug_the_demo_users_cannot_log_in(demo, client):
    assert not client.login(username="researcher", password="sanctions-atlas-demo")
