"""One import from start to finish: read, sync, archive, record, and optionally submit for review.

Everything that writes happens in one transaction: if anything fails (a refusal, a database error)
the working copy, the history and the archive are exactly as before. The archived copy of the list
is written under a temporary name and moved into place only once the transaction has committed, so
even a run killed outright leaves no archived file that no import record names; the next run
sweeps away what such a run left.
"""

import datetime
import functools
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format

from designations.importing import un_xml, vessel_csv
from designations.importing.dates import confirmed_date, refuse_future_date
from designations.importing.errors import ImportRefused
from designations.importing.records import Warnings
from designations.importing.source import (
    Archived,
    LocalFile,
    archive,
    discard,
    obtain,
    settle,
    sweep,
)
from designations.importing.sync import UN_LIST, VESSEL_LIST, Counts, Spec, Sync
from designations.importing.versions import RevisionWriter
from designations.models import Designation, ImportRun
from editorial import audit, bulk, services
from editorial.models import AuditEvent, ChangeRequest, ChangeRequestItem
from episodes.models import PublishedRegime, Regime

_KIND_PLURALS = {"individual": "individuals", "entity": "entities", "vessel": "vessels"}
# Any fixed number: PostgreSQL serialises imports on it (SQLite's IMMEDIATE transactions already do).
_ADVISORY_LOCK = 1718_2023


@dataclass
class Outcome:
    """What an import did (or, in a dry run, would do), and how to say it in plain words."""

    title: str  # "UN consolidated list generated 27 March 2023"
    location: str
    sha256: str
    size: int
    list_date: datetime.date
    counts: Counts
    warnings: list[str]
    dry_run: bool
    created_regimes: list[str] = field(default_factory=list)
    revision_id: int | None = None
    versions: int = 0
    comment: str = ""
    archive_path: str = ""
    change_request: ChangeRequest | None = None
    submitted: Counter = field(default_factory=Counter)
    import_run: ImportRun | None = None
    same_file_as: ImportRun | None = None

    def lines(self) -> list[str]:
        counts = self.counts
        kinds = Counter()
        for (_regime, kind), n in counts.by_regime_and_kind.items():
            kinds[kind] += n
        regimes = {regime for regime, _kind in counts.by_regime_and_kind}
        kinds_text = " and ".join(
            f"{n:,} {_KIND_PLURALS.get(kind, kind) if n != 1 else kind}"
            for kind, n in sorted(
                kinds.items(), key=lambda item: list(_KIND_PLURALS).index(item[0])
            )
        )
        on = date_format(self.list_date, "j F Y")
        lines = [
            f"{self.title}; file sha256 {self.sha256}, {self.size:,} bytes.",
            f"Read {counts.entries:,} entries: {kinds_text or 'none'}, in {len(regimes)} "
            f"regime{'s' if len(regimes) != 1 else ''}.",
        ]
        if self.dry_run:
            lines.append(
                "Dry run, nothing was written. The import would add "
                f"{counts.added:,}, amend {counts.amended:,}, delist {counts.delisted:,} "
                f"(as of {on}) and relist {counts.relisted:,}; {counts.unchanged:,} unchanged."
            )
        elif counts.changed:
            lines.append(
                f"Added {counts.added:,}, amended {counts.amended:,}, delisted "
                f"{counts.delisted:,} (as of {on}), relisted {counts.relisted:,}; "
                f"{counts.unchanged:,} unchanged."
            )
        else:
            lines.append(
                f"Nothing changed: all {counts.entries:,} entries already match the working "
                "copy, and nothing is to be delisted. No revision was made."
            )
        if self.same_file_as is not None:
            lines.append(
                "This exact file was already imported on "
                f"{date_format(timezone.localtime(self.same_file_as.created_at), 'j F Y H:i')}."
            )
        for code in self.created_regimes:
            lines.append(
                f"{'Would create' if self.dry_run else 'Created'} regime {code}, which the list "
                "uses but the atlas did not have: complete its name and committee in the admin."
            )
        if self.warnings:
            lines.append(f"Warnings ({len(self.warnings)}):")
            lines += [f"  - {warning}" for warning in self.warnings]
        if self.revision_id:
            lines.append(
                f"Saved as one revision (#{self.revision_id}, {self.versions:,} versions) with "
                f"the comment “{self.comment}”."
            )
        if self.archive_path:
            lines.append(
                f"Archived the file as {self.archive_path} in {settings.ATLAS_IMPORT_ARCHIVE_DIR}."
            )
        if self.change_request is not None:
            parts = ", ".join(
                f"{n:,} {label if n != 1 else label.removesuffix('s')}"
                for label, n in self.submitted.items()
            )
            lines.append(
                f"Submitted for review as change request #{self.change_request.pk} ({parts}): "
                "a reviewer approves the batch in the review queue."
            )
        elif not self.dry_run and counts.changed:
            lines.append(
                "Not yet submitted for review: the public sees none of this until a change "
                "request is approved (run with --submit --user NAME, or submit in the admin)."
            )
        return lines


def find_user(username: str | None, *, required: bool):
    if not username:
        if required:
            raise ImportRefused("--submit needs --user USERNAME: the researcher who submits it.")
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise ImportRefused(f"No active user “{username}”.")
    if required and not user.has_perm(services.SUBMIT_PERMISSION):
        raise ImportRefused(
            f"{username} cannot submit records for review: only researchers and reviewers can."
        )
    return user


def import_un_list(
    source: str,
    *,
    user=None,
    submit: bool = False,
    dry_run: bool = False,
    allow_mass_delisting: bool = False,
    accept_date: datetime.date | None = None,
) -> Outcome:
    """Import the UN Security Council consolidated list from a path or an https:// address.

    ``accept_date`` is the operator's word for a list dated after today: its true date (or its
    own date, confirmed), recorded in the revision's comment and the import record.
    """
    with obtain(source) as local:
        header = un_xml.read_header(local.path)
        generated = header.generated_at
        warnings = Warnings()
        list_date, accepted = confirmed_date(header.list_date, accept_date)
        comment = (
            f"UN consolidated list generated {header.list_date.isoformat()} (sha256 {local.sha256})"
        )
        if accepted:
            warnings.add(accepted)
            comment = f"{comment}; {accepted}"
        return _run(
            UN_LIST,
            local,
            title=f"UN consolidated list generated {date_format(header.list_date, 'j F Y')} "
            f"at {generated:%H:%M} ({_utc_offset(generated)})",
            comment=comment,
            list_date=list_date,
            generated_at=generated,
            entries=functools.partial(un_xml.read_entries, local.path, warnings),
            warnings=warnings,
            suffix=".xml",
            user=user,
            submit=submit,
            dry_run=dry_run,
            allow_mass_delisting=allow_mass_delisting,
        )


def _utc_offset(moment: datetime.datetime) -> str:
    minutes = int((moment.utcoffset() or datetime.timedelta(0)).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def import_vessel_list(
    source: str,
    *,
    list_date: datetime.date | None = None,
    user=None,
    submit: bool = False,
    dry_run: bool = False,
    allow_mass_delisting: bool = False,
) -> Outcome:
    """Import the 1718 Committee's designated vessel list (CSV) as of ``list_date`` (today)."""
    list_date = list_date or timezone.localdate()
    refuse_future_date(list_date)
    with obtain(source) as local:
        warnings = Warnings()
        vessels = vessel_csv.read(local.path, warnings)
        _link_owners(vessels, warnings)
        return _run(
            VESSEL_LIST,
            local,
            title=f"1718 Committee vessel list of {date_format(list_date, 'j F Y')}",
            comment=f"1718 Committee vessel list of {list_date.isoformat()} "
            f"(sha256 {local.sha256})",
            list_date=list_date,
            generated_at=None,
            entries=lambda _known: vessels,
            warnings=warnings,
            suffix=".csv",
            user=user,
            submit=submit,
            dry_run=dry_run,
            allow_mass_delisting=allow_mass_delisting,
        )


def _link_owners(vessels, warnings: Warnings) -> None:
    references = {v.fields["owner_reference"] for v in vessels if v.fields["owner_reference"]}
    owners = dict(
        Designation.objects.filter(
            reference_number__in=references, kind=Designation.Kind.ENTITY
        ).values_list("reference_number", "pk")
    )
    for vessel in vessels:
        reference = vessel.fields.pop("owner_reference")
        vessel.fields["owner_id"] = owners.get(reference)
        if reference and reference not in owners:
            warnings.add(
                "Owner's reference number not found among the entities (owner left unlinked)",
                f"{vessel.label} → {reference}",
            )


def _refuse_older(spec: Spec, list_date: datetime.date) -> ImportRun | None:
    latest = (
        ImportRun.objects.filter(source=spec.source)
        .defer("entry_digests")
        .order_by("-list_date", "-pk")
        .first()
    )
    if latest is not None and latest.list_date > list_date:
        raise ImportRefused(
            f"Refused: this list is dated {list_date.isoformat()}, older than the one already "
            f"imported ({latest.list_date.isoformat()}). Importing it would delist everything "
            "listed since; import the newer list instead."
        )
    return latest


def _previous_digests(spec: Spec) -> dict[int, tuple]:
    """The last import's ``{DATAID: (digest, updated_at µs, warnings)}``, for the reader and the
    sync (JSON keeps the DATAIDs as text)."""
    latest = (
        ImportRun.objects.filter(source=spec.source)
        .order_by("-pk")
        .values_list("entry_digests", flat=True)
        .first()
    )
    return {int(dataid): tuple(value) for dataid, value in (latest or {}).items()}


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])


def _run(
    spec: Spec,
    local: LocalFile,
    *,
    title: str,
    comment: str,
    list_date: datetime.date,
    generated_at,
    entries,  # called with the last import's digests: the entries to sync
    warnings: Warnings,
    suffix: str,
    user,
    submit: bool,
    dry_run: bool,
    allow_mass_delisting: bool,
) -> Outcome:
    if submit and (user is None or not user.has_perm(services.SUBMIT_PERMISSION)):
        raise ImportRefused("Submitting for review needs a researcher or reviewer (--user).")
    started_at = timezone.now()
    clock = time.perf_counter()
    archived: Archived | None = None
    try:
        with bulk.young_collections_only(), transaction.atomic():
            _lock()
            if not dry_run:
                # Under the lock: no other run is between archiving and commit.
                sweep(_referenced)
            _refuse_older(spec, list_date)
            same_file = (
                ImportRun.objects.filter(source=spec.source, sha256=local.sha256)
                .defer("entry_digests")
                .order_by("-pk")
                .first()
            )
            writer = None if dry_run else RevisionWriter(user=user, comment=comment)
            previous_digests = _previous_digests(spec)
            sync = Sync(
                spec,
                list_date=list_date,
                warnings=warnings,
                writer=writer,
                dry_run=dry_run,
                previous_digests=previous_digests,
            )
            sync.feed(entries(previous_digests))
            sync.finish(allow_mass_delisting=allow_mass_delisting)
            outcome = Outcome(
                title=title,
                location=local.origin,
                sha256=local.sha256,
                size=local.size,
                list_date=list_date,
                counts=sync.counts,
                warnings=warnings.lines(),
                dry_run=dry_run,
                created_regimes=sync.created_regimes,
                comment=comment,
                same_file_as=same_file,
            )
            if dry_run:
                # Belt and braces: whatever a dry run might have written goes.
                transaction.set_rollback(True)
                return outcome
            archived = archive(local, source=spec.source, list_date=list_date, suffix=suffix)
            outcome.archive_path = archived.relative
            transaction.on_commit(functools.partial(settle, archived))
            if writer.revision is not None:
                outcome.revision_id = writer.revision.pk
                outcome.versions = writer.versions
            if submit and sync.touched:
                outcome.change_request, outcome.submitted = _submit(
                    sync.touched, user=user, title=title, counts=sync.counts
                )
            outcome.import_run = ImportRun.objects.create(
                source=spec.source,
                location=local.origin[:1000],
                list_date=list_date,
                generated_at=generated_at,
                sha256=local.sha256,
                size_bytes=local.size,
                archive_path=outcome.archive_path,
                entries=sync.counts.entries,
                added=sync.counts.added,
                amended=sync.counts.amended,
                delisted=sync.counts.delisted,
                relisted=sync.counts.relisted,
                unchanged=sync.counts.unchanged,
                warnings=outcome.warnings
                + [
                    f"Created regime {code}: complete its details." for code in sync.created_regimes
                ],
                created_by=user,
                created_at=started_at,
                seconds=round(time.perf_counter() - clock, 3),
                revision=writer.revision,
                change_request=outcome.change_request,
                entry_digests=sync.digests,
            )
            # Only the latest import's digests are ever read: keep the table small.
            ImportRun.objects.filter(source=spec.source).exclude(pk=outcome.import_run.pk).update(
                entry_digests={}
            )
            if sync.counts.changed:
                audit.record(
                    AuditEvent.Action.IMPORTED,
                    actor=user,
                    targets=[],
                    change_request=outcome.change_request,
                    comment=f"{title}: {outcome.import_run.summary}",
                    at=started_at,
                )
            return outcome
    except (IntegrityError, DatabaseError) as error:
        discard(archived)
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise ImportRefused(
            f"The database refused the import, so nothing was changed: {first_line}"
        ) from error
    except BaseException:
        discard(archived)
        raise


def _referenced(paths: list[str]) -> set[str]:
    return set(
        ImportRun.objects.filter(archive_path__in=paths).values_list("archive_path", flat=True)
    )


def _submit(pks: list[int], *, user, title: str, counts: Counts):
    """One change request for every designation the import wrote, plus their unpublished regimes."""
    designations = []
    for start in range(0, len(pks), 1000):
        designations += list(Designation.objects.filter(pk__in=pks[start : start + 1000]))
    # Regimes the public cannot see yet, unless another open request already covers them.
    in_review = ChangeRequestItem.objects.filter(
        is_open=True, content_type=ContentType.objects.get_for_model(Regime)
    ).values_list("object_id", flat=True)
    regimes = [
        regime
        for regime in Regime.objects.filter(pk__in={d.regime_id for d in designations}).exclude(
            pk__in=PublishedRegime.objects.values("object_id")
        )
        if str(regime.pk) not in set(in_review)
    ]
    summary = (
        f"{counts.added:,} added, {counts.amended:,} amended, {counts.delisted:,} delisted, "
        f"{counts.relisted:,} relisted"
    )
    try:
        change_request = services.submit_for_review(
            [*regimes, *designations],
            by=user,
            title=f"Import: {title} ({summary})"[:300],
            comment=f"Imported from the {title}: {summary}. "
            + (
                f"Also includes {len(regimes)} regime(s) not yet public, so that the public "
                "sees the regimes these designations belong to."
                if regimes
                else ""
            ),
        )
    except services.WorkflowError as error:
        raise ImportRefused(
            f"Nothing was imported, because the change request could not be filed: {error.message}"
        ) from None
    submitted = Counter()
    if regimes:
        submitted["regimes"] = len(regimes)
    submitted["designations"] = len(designations)
    return change_request, submitted
