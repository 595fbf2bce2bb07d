"""The workflow's invariant: every public reader shows exactly what reviewers approved.

A stateful property-based test (hypothesis ``RuleBasedStateMachine``) runs random sequences of
the real workflow (create and edit episodes, assessments, entities and vessels with owners;
submit, approve, reject, request changes, withdraw) against a plain-Python model of what has
been approved, and after every step reads every public reader (pages, API in JSON and CSV,
versions, ``as_of``, downloads, statistics, home) and requires that it shows exactly that: every
approved name where it belongs, and no name that was not approved (or was withdrawn) anywhere.

Names are unique random tokens, so "nothing more" is a plain substring check. ``make test`` runs
a fixed seed and a bounded size; ``make fuzz`` runs longer (``FUZZ_EXAMPLES``, ``FUZZ_STEPS``).
"""

import csv
import datetime
import io
import itertools
import os
from dataclasses import dataclass, field

import pytest
import reversion
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from assessments.models import EffectivenessAssessment
from designations.models import Designation
from editorial import services
from episodes.models import Episode, EpisodePurpose, Regime
from tests.workflow import staff_user

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
STEPS = int(os.environ.get("FUZZ_STEPS", "25"))
_tokens = itertools.count(1)
# Steps run (rules and invariant checks), over every example: make fuzz reports it.
STEPS_RUN = {"rules": 0}
DAY = datetime.date(2017, 12, 22)


def token(prefix: str) -> str:
    return f"{prefix}{next(_tokens):05d}ZX"


@dataclass
class Approved:
    """What a reviewer approved of one record, as the model knows it."""

    name: str | None = None  # the approved public name (None: never approved)
    withdrawn: bool = False
    fields: dict = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.name is not None and not self.withdrawn


class Workflow(RuleBasedStateMachine):
    episodes = Bundle("episodes")
    designations = Bundle("designations")
    assessments = Bundle("assessments")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        cache.clear()
        self.researcher = staff_user("fuzz-researcher", "Researchers")
        self.other = staff_user("fuzz-other", "Researchers")
        self.reviewer = staff_user("fuzz-reviewer", "Reviewers")
        self.client = Client()
        self.regime, _ = Regime.objects.get_or_create(
            code="KP", defaults={"short_name": "DPRK", "name": "Democratic People's Republic"}
        )
        self._save(self.regime)
        self._approve([self.regime])
        self.model: dict = {}  # (model label, pk) -> Approved
        self.working: dict = {}  # (model label, pk) -> current working name
        self.numbers = itertools.count(1)

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- helpers

    def _save(self, obj, by=None):
        with reversion.create_revision():
            reversion.set_user(by or self.researcher)
            reversion.set_comment("fuzz")
            obj.save()

    def _approve(self, objects, action="publish"):
        request = services.submit_for_review(objects, by=self.researcher, action=action)
        services.approve(request, by=self.reviewer)

    @staticmethod
    def _key(obj):
        return (obj._meta.label, obj.pk)

    def _state(self, obj) -> Approved:
        return self.model.setdefault(self._key(obj), Approved())

    def _episode_public(self, episode) -> bool:
        return self._state(episode).public

    # -- rules: the working copy

    @rule(target=episodes)
    def create_episode(self):
        number = next(self.numbers)
        title = token("EPI")
        episode = Episode(
            regime=self.regime,
            number=number,
            slug=f"kp-fuzz-{number}",
            title=title,
            summary="",
            start_date=DAY,
            narrative=token("NARR"),
            population_impact="low",
            overall_effectiveness="low",
        )
        self._save(episode)
        EpisodePurpose.objects.create(episode=episode, purpose="coerce", is_primary=True)
        self.working[self._key(episode)] = title
        return episode

    @rule(episode=episodes)
    def edit_episode(self, episode):
        episode.title = token("EPI")
        self._save(episode)
        self.working[self._key(episode)] = episode.title

    @rule(target=assessments, episode=episodes, purpose=st.sampled_from(["coerce", "signal"]))
    def create_assessment(self, episode, purpose):
        if EffectivenessAssessment.objects.filter(episode=episode, purpose=purpose).exists():
            return EffectivenessAssessment.objects.get(episode=episode, purpose=purpose)
        text = token("ASMT")
        assessment = EffectivenessAssessment(
            episode=episode,
            purpose=purpose,
            policy_outcome_score=2,
            policy_outcome=text,
            sanctions_contribution_score=3,
            sanctions_contribution="contribution",
        )
        self._save(assessment)
        self.working[self._key(assessment)] = text
        return assessment

    @rule(assessment=assessments)
    def edit_assessment(self, assessment):
        assessment.policy_outcome = token("ASMT")
        self._save(assessment)
        self.working[self._key(assessment)] = assessment.policy_outcome

    @rule(target=designations)
    def create_entity(self):
        name = token("ENT")
        entity = Designation(
            kind="entity",
            regime=self.regime,
            reference_number=f"KPe.{next(self.numbers) + 500}",
            name=name,
            listed_on=DAY,
        )
        self._save(entity)
        self.working[self._key(entity)] = name
        return entity

    @rule(target=designations, owner=designations)
    def create_vessel(self, owner):
        name = token("SHIP")
        vessel = Designation(
            kind="vessel",
            regime=self.regime,
            imo_number=f"{9100000 + next(self.numbers)}",
            name=name,
            listed_on=DAY,
            owner=owner if owner.kind == "entity" else None,
        )
        self._save(vessel)
        self.working[self._key(vessel)] = name
        return vessel

    @rule(designation=designations)
    def rename_designation(self, designation):
        designation.name = token("ENT" if designation.kind == "entity" else "SHIP")
        self._save(designation, by=self.other)
        self.working[self._key(designation)] = designation.name

    # -- rules: review

    def _submittable(self, records):
        return [r for r in dict.fromkeys(records) if services.open_item_for(r) is None]

    def _submit_and_approve(self, records):
        records = self._submittable(records)
        if not records:
            return
        try:
            request = services.submit_for_review(records, by=self.researcher)
        except services.WorkflowError:
            return  # nothing new to publish
        services.approve(request, by=self.reviewer)
        if os.environ.get("FUZZ_TRACE"):
            print("approved", [r._meta.model_name for r in records], flush=True)
        for item in request.items.select_related("content_type"):
            record = next(
                r
                for r in records
                if str(r.pk) == item.object_id and r._meta.model_name == item.content_type.model
            )
            state = self._state(record)
            state.name, state.withdrawn = self.working[self._key(record)], False

    @rule(episode=episodes)
    def approve_episode(self, episode):
        self._submit_and_approve([episode])

    @rule(assessment=assessments)
    def approve_assessment(self, assessment):
        self._submit_and_approve([assessment])

    @rule(assessment=assessments)
    def approve_assessment_with_its_episode(self, assessment):
        self._submit_and_approve([assessment.episode, assessment])

    @rule(designation=designations)
    def approve_designation(self, designation):
        self._submit_and_approve([designation])

    @rule(first=designations, second=designations)
    def approve_two_designations(self, first, second):
        self._submit_and_approve([first, second])

    @rule(
        record=st.one_of(episodes, assessments, designations),
        decision=st.sampled_from(["reject", "request_changes"]),
    )
    def submit_and_refuse(self, record, decision):
        if not self._submittable([record]):
            return
        try:
            request = services.submit_for_review([record], by=self.researcher)
        except services.WorkflowError:
            return
        getattr(services, decision)(request, by=self.reviewer, comment="Not yet.")
        if decision == "request_changes":
            services.withdraw(request, by=self.researcher)

    def _withdraw(self, record):
        state = self._state(record)
        if not state.public or services.open_item_for(record) is not None:
            return
        self._approve([record], action="unpublish")
        state.withdrawn = True

    @rule(episode=episodes)
    def withdraw_episode(self, episode):
        self._withdraw(episode)

    @rule(assessment=assessments)
    def withdraw_assessment(self, assessment):
        self._withdraw(assessment)

    @rule(designation=designations)
    def withdraw_designation(self, designation):
        self._withdraw(designation)

    # -- what the model says is public

    def _expected(self):
        shown, hidden = {}, set()
        for (label, pk), state in self.model.items():
            if label == "episodes.Regime" or state.name is None:
                continue
            visible = state.public
            if label == "assessments.EffectivenessAssessment":
                episode_id = EffectivenessAssessment.objects.get(pk=pk).episode_id
                visible = (
                    visible and self.model.get(("episodes.Episode", episode_id), Approved()).public
                )
            if visible:
                shown[(label, pk)] = state.name
        names = set(self.working.values())
        for state in self.model.values():
            if state.name:
                names.add(state.name)
        hidden = names - set(shown.values())
        return shown, hidden

    def _read(self, url) -> str:
        response = self.client.get(url)
        assert response.status_code in (200, 404, 410), (url, response.status_code)
        if response.streaming:
            return b"".join(response.streaming_content).decode()
        return response.content.decode()

    @invariant()
    def every_reader_shows_exactly_what_was_approved(self):
        if not hasattr(self, "model"):
            return
        STEPS_RUN["rules"] += 1
        shown, hidden = self._expected()
        pages = {
            "api episodes": "/api/episodes/?page_size=1000",
            "api episodes csv": "/api/episodes/?format=csv",
            "api designations": "/api/designations/?page_size=1000",
            "api designations csv": "/api/designations/?format=csv",
            "api assessments csv": "/api/assessments/?format=csv",
            "episodes": "/episodes/",
            "designations": "/designations/?page=1",
            "assessments csv": "/downloads/assessments.csv",
            "home": "/",
            "statistics": "/statistics/",
            "as_of": "/api/designations/?as_of=2999-01-01&page_size=1000",
        }
        bodies = {name: self._read(url) for name, url in pages.items()}
        everything = "\n".join(bodies.values())
        for (label, pk), name in shown.items():
            if label == "episodes.Episode":
                slug = Episode.objects.get(pk=pk).slug
                detail = self._read(f"/api/episodes/{slug}/")
                assert name in detail, (name, slug)
                assert name in bodies["api episodes"] and name in bodies["episodes"]
                everything += self._read(f"/episodes/{slug}/") + detail
                everything += self._read(f"/api/episodes/{slug}/versions/")
            elif label == "designations.Designation":
                designation = Designation.objects.get(pk=pk)
                key = designation.reference_number or designation.imo_number
                detail = self._read(f"/api/designations/{key}/")
                assert name in detail, (name, key)
                assert name in bodies["api designations csv"]
                everything += detail + self._read(f"/designations/{key}/")
                if designation.kind == "vessel" and designation.owner_id:
                    owner = self.model.get(("designations.Designation", designation.owner_id))
                    if owner is not None and owner.public:
                        assert owner.name in detail, ("owner", owner.name, key)
            elif label == "assessments.EffectivenessAssessment":
                assert name in bodies["api assessments csv"], name
                episode = EffectivenessAssessment.objects.get(pk=pk).episode
                assert name in self._read(f"/api/episodes/{episode.slug}/"), name
        rows = list(csv.DictReader(io.StringIO(bodies["api designations csv"])))
        public_designations = [k for k in shown if k[0] == "designations.Designation"]
        assert len(rows) == len(public_designations)
        for name in hidden:
            assert name not in everything, f"{name} is public without (or after) approval"


def test_every_public_reader_shows_exactly_what_was_approved(db, settings_fixture):
    STEPS_RUN["rules"] = 0
    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            derandomize=not os.environ.get("FUZZ_RANDOM"),
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
    # Each check follows one step (and one before the first): the number of steps checked.
    print(f"\nworkflow invariant: {STEPS_RUN['rules']} checks after workflow steps, no finding")


@pytest.fixture
def settings_fixture(settings):
    settings.ATLAS_API_ANON_RATE = None
    settings.ATLAS_PAGE_CACHE_SECONDS = 0
    return settings
