"""The demo: the seed episode coded completely, published through review, loaded idempotently."""

import datetime
import io
import itertools

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from assessments.models import EffectivenessAssessment, PublishedAssessment
from designations.counts import published_counts
from designations.models import ImportRun, PublishedDesignation
from editorial.models import AuditEvent, ChangeRequest
from episodes.models import Episode, PublishedEpisode, PublishedRegime, Regime

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
    regimes_and_episodes, un_list, waiting = ChangeRequest.objects.order_by("pk")
    for change_request in (regimes_and_episodes, un_list):
        assert change_request.status == "approved"
        assert change_request.submitted_by.username == "researcher"
        assert change_request.decided_by.username == "reviewer"
    assert un_list.items.count() == 955  # the whole list, one batch
    assert AuditEvent.objects.filter(action="submitted").exists()
    assert AuditEvent.objects.filter(action="approved").exists()


def test_one_researchers_edit_waits_for_review(demo):
    waiting = ChangeRequest.objects.exclude(status="approved").get()
    assert waiting.status == "submitted"
    assert waiting.submitted_by.username == "researcher"
    (item,) = waiting.items.all()
    episode = Episode.objects.get(slug="dprk-ep-1")
    assert item.object_id == str(episode.pk)
    assert episode.designees_note.startswith("The 1718 Committee made its first designations")
    # The public still sees the episode as approved, without the note.
    assert PublishedEpisode.objects.get(slug="dprk-ep-1").document["designees"]["note"] == ""


def test_the_real_un_list_is_imported_and_public(demo):
    assert PublishedDesignation.objects.filter(kind="individual").count() == 701
    assert PublishedDesignation.objects.filter(kind="entity").count() == 254
    # The hand-typed vessel beside the list, which has no vessels.
    assert PublishedDesignation.objects.filter(kind="vessel").get().document["name"] == (
        "KUM UN SAN 3"
    )
    (run,) = ImportRun.objects.all()
    assert run.list_date == datetime.date(2023, 3, 27) and run.added == 955
    assert run.sha256 == "6978036deffe0a05ad4a850af6a26bf8f336d931a3770a2a3ff46ed014055101"
    alias = PublishedDesignation.objects.get(reference_number="KPi.066").document["aliases"]
    assert "Kim Cho’ng-sik" in [a["name"] for a in alias]


def test_episode_8_shows_computed_counts_beside_the_coded_ones(demo):
    computed = published_counts("KP", demo.start_date, demo.end_date)
    assert (computed["individual"].current, computed["entity"].current) == (80, 75)
    assert (demo.current_individuals, demo.current_entities) == (80, 75)


def test_dprk_episodes_1_to_8_divide_the_regime_without_gaps(demo):
    episodes = list(Episode.objects.filter(regime__code="KP").order_by("number"))
    assert [e.slug for e in episodes] == [f"dprk-ep-{n}" for n in range(1, 9)]
    assert episodes[0].start_date == datetime.date(2006, 10, 14)
    for earlier, later in itertools.pairwise(episodes):
        assert earlier.end_date == later.start_date - datetime.timedelta(days=1)
    opening = [e.resolutions.get(role="opens").number for e in episodes]
    assert opening == [1718, 1874, 2094, 2270, 2321, 2371, 2375, 2397]
    assert episodes[1].resolutions.get(number=2087).role == "modifies"
    assert set(PublishedEpisode.objects.values_list("slug", flat=True)) == {
        e.slug for e in episodes
    }


def test_episodes_1_to_7_are_not_assessed(demo):
    for number in range(1, 8):
        episode = Episode.objects.get(slug=f"dprk-ep-{number}")
        assert episode.measures.count() >= 5, episode.slug
        assert {p.purpose for p in episode.purposes.all()} == {"coerce", "constrain", "signal"}
        # Nothing judged: no assessment, overall effectiveness, primary purpose or impact.
        assert not episode.purposes.filter(is_primary=True).exists()
        assert episode.overall_effectiveness == "" and episode.population_impact == ""
        assert episode.current_individuals is None
        assert "How we divide the regime" in episode.narrative
    assert not PublishedAssessment.objects.exclude(episode_slug="dprk-ep-8").exists()


def test_every_regime_is_published(demo):
    assert PublishedRegime.objects.count() == Regime.objects.count() == 32
    document = PublishedRegime.objects.get(code="232").document
    assert document["established_by"] == "S/RES/232 (1966)"
    assert document["terminated_by"] == "S/RES/460 (1979)"
    assert (document["un_prefix"], document["target_countries"]) == ("", ["ZWE"])
    assert PublishedRegime.objects.get(code="KP").document["un_prefix"] == "KP"


def test_episode_8_keeps_the_seeds_meaning(demo):
    """The seed says the leaders agreed to continue discussing demilitarization."""
    assert "agreed to continue discussing demilitarisation" in demo.narrative
    assert "continue discussing denuclearisation" not in demo.narrative


def test_the_login_address_names_the_port_it_is_served_on(db, settings, monkeypatch):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", "--port", "8123", stdout=out)
    assert "http://127.0.0.1:8123/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("HOST", "localhost")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "http://localhost:9001/admin/" in out.getvalue()


def test_demo_users_can_log_in_only_with_debug(db, settings, client):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.login(
        request=HttpRequest(), username="researcher", password="sanctions-atlas-demo"
    )
    assert client.login(request=HttpRequest(), username="reviewer", password="sanctions-atlas-demo")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_without_debug_the_demo_users_cannot_log_in(demo, client):
    assert not client.login(
        request=HttpRequest(), username="researcher", password="sanctions-atlas-demo"
    )
