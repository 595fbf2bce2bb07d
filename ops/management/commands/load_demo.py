"""Load the demo: every UN sanctions regime (seeded by migration), DPRK episodes 1 to 8 (episode 8
coded in full with its three assessments, 1 to 7 not assessed), the real UN consolidated list of
27 March 2023 imported through the importer, and a hand-typed vessel. Everything is published
through the workflow (a researcher submits, a reviewer approves), the list as one batch; one
researcher's edit is left waiting for review. Running it again changes nothing."""

import os

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.models import (
    EffectivenessAssessment,
    EpisodeConsequence,
    PublishedAssessment,
    UnintendedConsequence,
)
from designations.importing import ImportRefused, import_un_list
from designations.models import Designation, ImportRun, PublishedDesignation
from editorial import services
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
from ops.demo import designations as designation_demo
from ops.demo import episode as demo
from ops.demo import history as demo_history

DEMO_PASSWORD = "sanctions-atlas-demo"
COMMENT = "Demo data, coded from public sources"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST") or "127.0.0.1",
            help="Host the site is served on, for the login address printed (env HOST).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="Port the site is served on, for the login address printed (env PORT).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            researcher, reviewer = self.users()
            with reversion.create_revision():
                reversion.set_user(researcher)
                reversion.set_comment(COMMENT)
                regime = self.regime()
                episodes, created = self.episodes(regime)
                assessments = self.assessments(episodes[-1])
                vessels = self.vessels(regime)
            initial = services.record_initial_versions(by=researcher)
            published = self.publish(
                researcher,
                reviewer,
                [*Regime.objects.order_by("code"), *episodes, *assessments, *vessels],
            )
            imported = self.import_list(researcher, reviewer)
            waiting = self.leave_edit_for_review(researcher)

        self.stdout.write(
            f"DPRK episodes: {created} created, {len(episodes) - created} already present."
        )
        if initial:
            self.stdout.write(f"Recorded a first version of {initial} record(s) without history.")
        self.stdout.write(
            f"Published through review: {published} record(s)."
            if published
            else "Nothing new to publish."
        )
        for line in imported:
            self.stdout.write(line)
        if waiting:
            self.stdout.write(f"Left waiting for review: change request #{waiting.pk}.")
        if settings.DEBUG:
            address = f"http://{options['host']}:{options['port']}"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo users (password “{DEMO_PASSWORD}”): “researcher” and “reviewer”; "
                    f"log in at {address}/admin/ (reviewers: {address}/review/)"
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

    def episodes(self, regime) -> tuple[list[Episode], int]:
        """Episodes 1 to 7, then episode 8 with its documents and consequences."""
        specs = [
            (e["episode"], e["resolutions"], e["purposes"], e["measures"], (), ())
            for e in demo_history.EPISODES
        ]
        specs.append(
            (
                demo.EPISODE,
                demo.RESOLUTIONS,
                demo.PURPOSES,
                demo.MEASURES,
                demo.DOCUMENTS,
                demo.CONSEQUENCES,
            )
        )
        result, created = [], 0
        for spec in specs:
            episode = Episode.objects.filter(slug=spec[0]["slug"]).first()
            if episode is None:
                episode = self.episode(regime, *spec)
                created += 1
            result.append(episode)
        return result, created

    def episode(self, regime, fields, resolutions, purposes, measures, documents, consequences):
        episode = Episode.objects.create(regime=regime, **fields)
        for row in resolutions:
            Resolution.objects.create(episode=episode, **row)
        for row in purposes:
            EpisodePurpose.objects.create(episode=episode, **row)
        subtypes = {s.slug: s for s in MeasureSubtype.objects.all()}
        by_key = {}
        for position, (key, row) in enumerate(measures, start=1):
            row = {**row, "subtype": subtypes.get(row["subtype"])}
            by_key[key] = SanctionMeasure.objects.create(episode=episode, position=position, **row)
        for position, (kind, title, url, reference, issued_on, measure) in enumerate(
            documents, start=1
        ):
            EpisodeDocument.objects.create(
                episode=episode,
                kind=kind,
                title=title,
                url=url,
                reference=reference,
                issued_on=issued_on,
                measure=by_key.get(measure),
                position=position,
            )
        known = {c.slug: c for c in UnintendedConsequence.objects.all()}
        for slug, other_text in consequences:
            EpisodeConsequence.objects.create(
                episode=episode, consequence=known[slug], other_text=other_text
            )
        if fields is demo.EPISODE:
            self.coded_variables(episode)  # the seed episode is coded from its text
        return episode

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

    def vessels(self, regime):
        """The hand-typed vessel: the UN list has no vessels, so it never clashes with it."""
        result = []
        for entry in designation_demo.DESIGNATIONS:
            fields = entry["fields"]
            designation = Designation.objects.filter(imo_number=fields["imo_number"]).first()
            if designation is None:
                designation = Designation.objects.create(regime=regime, **fields)
            result.append(designation)
        return result

    def publish(self, researcher, reviewer, candidates) -> int:
        projections = {
            Regime: PublishedRegime,
            Episode: PublishedEpisode,
            EffectivenessAssessment: PublishedAssessment,
            Designation: PublishedDesignation,
        }
        unpublished = [
            obj
            for obj in candidates
            if not projections[type(obj)].objects.filter(object_id=obj.pk).exists()
            and services.open_item_for(obj) is None
        ]
        if not unpublished:
            return 0
        change_request = services.submit_for_review(
            unpublished,
            by=researcher,
            comment="Demo: every UN sanctions regime since 1966, DPRK episodes 1 to 8 (episode 8 "
            "coded in full with its assessments), and a designated vessel.",
            title="Demo: UN sanctions regimes, DPRK episodes 1 to 8, assessments and a vessel",
        )
        services.approve(change_request, by=reviewer, comment="Checked against the sources.")
        return len(unpublished)

    def import_list(self, researcher, reviewer) -> list[str]:
        """The real UN list through the importer, submitted and approved as one batch.

        Skipped once any UN list has been imported (this one, or a newer one an operator
        imported since: the importer would refuse an older list anyway).
        """
        if ImportRun.objects.filter(source=Designation.Source.UN_LIST).exists():
            return []
        try:
            outcome = import_un_list(str(demo.UN_LIST), user=researcher, submit=True)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        if outcome.change_request is not None:
            services.approve(
                outcome.change_request, by=reviewer, comment="Checked against the UN list."
            )
        return outcome.lines()[:3]

    def leave_edit_for_review(self, researcher):
        """A researcher's edit of an episode, submitted and not approved (once only)."""
        edit = demo_history.PENDING_EDIT
        episode = Episode.objects.get(slug=edit["slug"])
        if getattr(episode, edit["field"]):
            return None
        with reversion.create_revision():
            reversion.set_user(researcher)
            reversion.set_comment(edit["reason"])
            setattr(episode, edit["field"], edit["value"])
            episode.save(update_fields=[edit["field"], "updated_at"])
        return services.submit_for_review(
            [episode], by=researcher, comment=edit["comment"], title=f"{episode.title}: note"
        )
