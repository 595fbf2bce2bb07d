"""Load the demo: the DPRK regime, episode "DPRK - EP 8" coded in full, its three assessments and a
few designations of each kind, then publish them through the workflow (a researcher submits, a
reviewer approves). Running it again changes nothing."""

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.models import (
    EffectivenessAssessment,
    EpisodeConsequence,
    PublishedAssessment,
    UnintendedConsequence,
)
from designations import demo as designation_demo
from designations.models import Designation, PublishedDesignation
from editorial import services
from episodes import demo
from episodes.models import (
    ConflictType,
    Episode,
    EpisodeConflictType,
    EpisodeDocument,
    EpisodeInstrument,
    EpisodePurpose,
    EpisodeTarget,
    MeasureSubtype,
    Objective,
    PolicyInstrument,
    PublishedEpisode,
    PublishedRegime,
    PurposeObjective,
    Regime,
    Resolution,
    SanctionMeasure,
    TargetType,
)

DEMO_PASSWORD = "sanctions-atlas-demo"
COMMENT = "Demo data, coded from public sources"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        with transaction.atomic():
            researcher, reviewer = self.users()
            with reversion.create_revision():
                reversion.set_user(researcher)
                reversion.set_comment(COMMENT)
                regime = self.regime()
                episode, created = self.episode(regime)
                assessments = self.assessments(episode)
                designations = self.designations(regime)
            initial = services.record_initial_versions(by=researcher)
            published = self.publish(
                researcher, reviewer, regime, episode, assessments, designations
            )

        self.stdout.write(
            f"Demo episode {'created' if created else 'already present'}: {episode.title} "
            f"(/episodes/{episode.slug}/)."
        )
        if initial:
            self.stdout.write(f"Recorded a first version of {initial} record(s) without history.")
        self.stdout.write(
            f"Published through review: {published} record(s)."
            if published
            else "Nothing new to publish."
        )
        if settings.DEBUG:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo users (password “{DEMO_PASSWORD}”): “researcher” and “reviewer”; "
                    "log in at http://127.0.0.1:8000/admin/"
                )
            )

    def users(self):
        User = get_user_model()
        result = []
        for username, group, full_name in (
            ("researcher", "Researchers", "Demo Researcher"),
            ("reviewer", "Reviewers", "Demo Reviewer"),
        ):
            first, last = full_name.split()
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "first_name": first, "last_name": last},
            )
            if created:
                # Outside DEBUG the demo users exist only as the actors of the demo's history.
                if settings.DEBUG:
                    user.set_password(DEMO_PASSWORD)
                else:
                    user.set_unusable_password()
                user.save()
            user.groups.add(Group.objects.get(name=group))
            result.append(user)
        return result

    def regime(self):
        regime = Regime.objects.get(code=demo.REGIME["code"])
        if not regime.description:
            regime.description = demo.REGIME["description"]
            regime.save(update_fields=["description"])
        return regime

    def episode(self, regime):
        existing = Episode.objects.filter(slug=demo.EPISODE["slug"]).first()
        if existing:
            return existing, False
        episode = Episode.objects.create(regime=regime, **demo.EPISODE)
        for fields in demo.RESOLUTIONS:
            Resolution.objects.create(episode=episode, **fields)
        for fields in demo.PURPOSES:
            EpisodePurpose.objects.create(episode=episode, **fields)
        subtypes = {s.slug: s for s in MeasureSubtype.objects.all()}
        measures = {}
        for position, (key, fields) in enumerate(demo.MEASURES, start=1):
            fields = {**fields, "subtype": subtypes[fields["subtype"]]}
            measures[key] = SanctionMeasure.objects.create(
                episode=episode, position=position, **fields
            )
        for position, (kind, title, url, reference, issued_on, measure) in enumerate(
            demo.DOCUMENTS, start=1
        ):
            EpisodeDocument.objects.create(
                episode=episode,
                kind=kind,
                title=title,
                url=url,
                reference=reference,
                issued_on=issued_on,
                measure=measures.get(measure),
                position=position,
            )
        consequences = {c.slug: c for c in UnintendedConsequence.objects.all()}
        for slug, other_text in demo.CONSEQUENCES:
            EpisodeConsequence.objects.create(
                episode=episode, consequence=consequences[slug], other_text=other_text
            )
        self.coded_variables(episode)
        return episode, True

    def coded_variables(self, episode):
        for code in demo.CONFLICT_TYPES:
            EpisodeConflictType.objects.create(
                episode=episode, conflict_type=ConflictType.objects.get(code=code)
            )
        for code in demo.TARGETS:
            EpisodeTarget.objects.create(episode=episode, target=TargetType.objects.get(code=code))
        for purpose, code, note in demo.OBJECTIVES:
            PurposeObjective.objects.create(
                episode=episode,
                purpose=purpose,
                objective=Objective.objects.get(code=code),
                note=note,
            )
        for code, note in demo.INSTRUMENTS:
            EpisodeInstrument.objects.create(
                episode=episode, instrument=PolicyInstrument.objects.get(code=code), note=note
            )

    def assessments(self, episode):
        result = []
        for fields in demo.ASSESSMENTS:
            assessment, _ = EffectivenessAssessment.objects.get_or_create(
                episode=episode, purpose=fields["purpose"], defaults=fields
            )
            result.append(assessment)
        return result

    def designations(self, regime):
        result = []
        for entry in designation_demo.DESIGNATIONS:
            fields = entry["fields"]
            lookup = (
                {"imo_number": fields["imo_number"]}
                if fields["kind"] == "vessel"
                else {"reference_number": fields["reference_number"]}
            )
            designation = Designation.objects.filter(**lookup).first()
            if designation is None:
                owner = None
                if entry.get("owner_reference"):
                    owner = Designation.objects.get(reference_number=entry["owner_reference"])
                designation = Designation.objects.create(regime=regime, owner=owner, **fields)
                for relation in (
                    "aliases",
                    "addresses",
                    "birth_dates",
                    "birth_places",
                    "documents",
                ):
                    for child in entry.get(relation, []):
                        getattr(designation, relation).create(**child)
            result.append(designation)
        return result

    def publish(self, researcher, reviewer, regime, episode, assessments, designations) -> int:
        candidates = [
            (regime, PublishedRegime),
            (episode, PublishedEpisode),
            *[(a, PublishedAssessment) for a in assessments],
            *[(d, PublishedDesignation) for d in designations],
        ]
        unpublished = [
            obj
            for obj, projection in candidates
            if not projection.objects.filter(object_id=obj.pk).exists()
            and services.open_item_for(obj) is None
        ]
        if not unpublished:
            return 0
        change_request = services.submit_for_review(
            unpublished,
            by=researcher,
            comment="Demo: the DPRK regime, episode 8 coded in full, its assessments, and designations "
            "of each kind.",
            title="Demo: DPRK regime, DPRK - EP 8, assessments and designations",
        )
        services.approve(change_request, by=reviewer, comment="Checked against the sources.")
        return len(unpublished)
