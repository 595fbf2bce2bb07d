"""Workflow transitions: submit, approve, reject, request changes, withdraw.

Each transition is a keyword-only function that locks the change request, checks the state and the
actor, makes the change, and records the audit events, all in one transaction. Every refusal is a
``WorkflowError`` whose message is written for the person who tried; the admin and the review pages
show it as a message, the API would map it to 400 in one place.
"""

import contextvars
from collections import defaultdict
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    connection,
    models,
    transaction,
)
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from editorial import (
    audit,
    authorship,
    bulk,
    notifications,
    publication,
    registry,
    signals,
    snapshots,
)
from editorial.models import AuditEvent, ChangeRequest, ChangeRequestComment, ChangeRequestItem

SUBMIT_PERMISSION = "editorial.add_changerequest"
REVIEW_PERMISSION = "editorial.review_changerequest"

Status = ChangeRequest.Status
Action = ChangeRequestItem.Action


class WorkflowError(Exception):
    """A transition was refused. ``failures`` lists (record, reason) pairs where records differ."""

    def __init__(self, message: str, failures=()):
        super().__init__(message)
        self.message = message
        self.failures = list(failures)


@dataclass
class Approval:
    change_request: ChangeRequest
    published: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # (object_repr, reason)
    split_off: ChangeRequest | None = None


# --- helpers --------------------------------------------------------------------------------------


def _require(user, permission: str, message: str) -> None:
    if (
        user is None
        or not user.is_authenticated
        or not user.is_active
        or not user.has_perm(permission)
    ):
        raise WorkflowError(message)


def _aggregate(obj) -> registry.Aggregate:
    aggregate = registry.for_model(type(obj))
    if aggregate is None:
        raise WorkflowError(
            f"“{obj}” cannot be submitted on its own: submit the record it belongs to."
        )
    return aggregate


def _lock(change_request: ChangeRequest) -> ChangeRequest:
    """Re-read the request under a row lock, so two reviewers cannot decide it at once."""
    return ChangeRequest.objects.select_for_update().get(pk=change_request.pk)


def _require_open(change_request: ChangeRequest, *, allowed=(Status.SUBMITTED,)) -> None:
    if change_request.status in allowed:
        return
    if change_request.status == Status.CHANGES_REQUESTED:
        raise WorkflowError(
            f"Changes were requested on request #{change_request.pk}; the submitter must edit the "
            "records and submit them again."
        )
    raise WorkflowError(
        f"Request #{change_request.pk} is already {change_request.get_status_display().lower()}."
    )


def _close(change_request: ChangeRequest, status: str, *, by, comment: str, at) -> None:
    change_request.status = status
    change_request.decided_by = by
    change_request.decided_at = at
    change_request.decision_comment = comment
    change_request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    if status not in ChangeRequest.OPEN_STATUSES:
        change_request.items.update(is_open=False)


def _title(items: list[ChangeRequestItem]) -> str:
    verbs = {Action.PUBLISH: "", Action.UNPUBLISH: "Withdraw ", Action.DELETE: "Delete "}
    verb = verbs[items[0].action]
    if len(items) == 1:
        return f"{verb}{items[0].object_repr}"[:300]
    return f"{verb}{len(items)} records: {items[0].object_repr}, …"[:300]


def ensure_versions(objects, *, by, comment="Initial version, recorded at submission") -> None:
    """Give every object that has no reversion history a first version (one revision), now.

    Inside an enclosing revision block (the admin's list views run in one) a nested block's
    versions are only saved when the outer block ends, too late to be pinned. Running in a fresh
    context gives this revision a stack of its own, saved on exit in the same transaction.
    """

    def record():
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(comment)
            for obj in objects:
                reversion.add_to_revision(obj)

    contextvars.Context().run(record)


# --- submit ---------------------------------------------------------------------------------------


def submit_for_review(
    objects, *, by, comment: str = "", action: str = Action.PUBLISH, title: str | None = None
) -> ChangeRequest:
    """File one change request covering ``objects``, pinning the latest version of each.

    ``action`` is "publish" (the default), "unpublish" (withdraw a published record from public
    view) or "delete" (delete a published record). Records with nothing new to publish are left
    out and listed in ``change_request.skipped``; if nothing is left, the submission is refused.
    An open request that covers only records of this submission is superseded by it.
    """
    objects = list(dict.fromkeys(objects))
    if not objects:
        raise WorkflowError("Select at least one record to submit for review.")
    _require(by, SUBMIT_PERMISSION, "Only researchers and reviewers can submit records for review.")
    if action not in Action.values:
        raise WorkflowError(f"Unknown action “{action}”.")

    with bulk.young_collections_only(), transaction.atomic():
        items: list[ChangeRequestItem] = []
        skipped = []
        by_aggregate = defaultdict(list)
        for obj in objects:
            by_aggregate[_aggregate(obj)].append(obj)
        _wait_for_decisions_on(by_aggregate)
        for aggregate, objs in by_aggregate.items():
            content_type = ContentType.objects.get_for_model(aggregate.model)
            ids = [obj.pk for obj in objs]
            latest = snapshots.latest_versions(aggregate.model, ids)
            missing = [obj for obj in objs if str(obj.pk) not in latest]
            if missing:
                ensure_versions(missing, by=by)
                latest.update(snapshots.latest_versions(aggregate.model, [o.pk for o in missing]))
            published = dict(
                aggregate.projection.objects.filter(object_id__in=ids).values_list(
                    "object_id", "version_id"
                )
            )
            for obj in objs:
                version = latest[str(obj.pk)]
                is_public = obj.pk in published
                if action == Action.PUBLISH and published.get(obj.pk) == version.pk:
                    skipped.append(obj)
                    continue
                if action == Action.UNPUBLISH and not is_public:
                    raise WorkflowError(f"“{obj}” is not public, so there is nothing to withdraw.")
                if action == Action.DELETE and not is_public:
                    raise WorkflowError(
                        f"“{obj}” was never published: delete it directly, no review is needed."
                    )
                if action == Action.DELETE:
                    _check_deletable(obj)
                items.append(
                    ChangeRequestItem(
                        content_type=content_type,
                        object_id=str(obj.pk),
                        object_repr=str(obj)[:300],
                        action=action,
                        version=version,
                    )
                )
        if not items:
            names = ", ".join(f"“{obj}”" for obj in skipped[:3])
            raise WorkflowError(
                f"Nothing to review: {names} {'has' if len(skipped) == 1 else 'have'} no changes "
                "since last published."
            )

        superseded = _supersedable(items, by=by)
        _record_documents(items)
        now = timezone.now()
        change_request = ChangeRequest.objects.create(
            title=title or _title(items), submitted_by=by, submitted_at=now, comment=comment
        )
        change_request.authors.set(authorship.authors_of(items))
        for old in superseded:
            old.superseded_by = change_request
            old.save(update_fields=["superseded_by"])
            _close(
                old,
                Status.SUPERSEDED,
                by=by,
                comment=f"Superseded by #{change_request.pk}.",
                at=now,
            )
            audit.record(
                AuditEvent.Action.SUPERSEDED,
                actor=by,
                targets=[],
                change_request=old,
                comment=f"Superseded by #{change_request.pk}.",
                at=now,
            )
        for item in items:
            item.change_request = change_request
        try:
            with transaction.atomic():
                bulk.insert(ChangeRequestItem, items)
        except IntegrityError:
            raise WorkflowError(
                "Someone submitted one of these records at the same moment; reload and try again."
            ) from None
        audit.record(
            AuditEvent.Action.SUBMITTED,
            actor=by,
            targets=items,
            change_request=change_request,
            comment=comment,
            at=now,
        )
        transaction.on_commit(lambda: notifications.submitted(change_request))
    change_request.skipped = skipped
    return change_request


def _record_documents(items: list[ChangeRequestItem]) -> None:
    """Keep on each item what it proposes and what the public sees now (the request's record)."""
    proposed = publication.proposed_documents(items, key=id)
    current = publication.current_documents(items, key=id)
    for item in items:
        item.proposed_document = proposed[id(item)]
        item.public_document = current[id(item)]
        item.documents_recorded = True


def _wait_for_decisions_on(by_aggregate) -> None:
    """Lock the open requests covering these records before reading anything about them.

    A reviewer deciding one of them holds its row lock (see ``_lock``). Waiting for it here
    means the versions, the public state and the open requests read next are those after the
    decision: a submission never supersedes a request that was approved in the meantime, nor
    pins a version that has just been published.
    """
    request_ids = set()
    for aggregate, objs in by_aggregate.items():
        request_ids.update(
            ChangeRequestItem.objects.filter(
                is_open=True,
                content_type=ContentType.objects.get_for_model(aggregate.model),
                object_id__in=[str(obj.pk) for obj in objs],
            ).values_list("change_request_id", flat=True)
        )
    list(ChangeRequest.objects.select_for_update().filter(pk__in=request_ids).order_by("pk"))


def _supersedable(items, *, by) -> list[ChangeRequest]:
    """Open requests that the new submission replaces; refuse if one covers other records too."""
    keys = {(i.content_type.pk, i.object_id) for i in items}
    object_ids = {i.object_id for i in items}
    open_items = ChangeRequestItem.objects.filter(is_open=True, object_id__in=object_ids)
    request_ids = {
        i.change_request_id for i in open_items if (i.content_type_id, i.object_id) in keys
    }
    superseded = []
    for old in ChangeRequest.objects.select_for_update().filter(pk__in=request_ids).order_by("pk"):
        if not old.is_open:  # decided while this submission waited for its lock
            continue
        old_items = list(old.items.all())
        outside = [i for i in old_items if (i.content_type_id, i.object_id) not in keys]
        if outside:
            raise WorkflowError(
                f"“{old_items[0].object_repr}” is already awaiting review in request #{old.pk} "
                f"together with {len(outside)} other record(s). Withdraw that request first, or "
                "submit all of its records together."
            )
        superseded.append(old)
    return superseded


def _check_deletable(obj) -> None:
    protected = []
    for relation in obj._meta.related_objects:
        if relation.on_delete is models.PROTECT and relation.one_to_many:
            related = getattr(obj, relation.get_accessor_name()).all()
            protected.extend(related[:3])
    if protected:
        names = ", ".join(f"“{p}”" for p in protected)
        raise WorkflowError(f"“{obj}” cannot be deleted while other records depend on it: {names}.")


# --- approve --------------------------------------------------------------------------------------


def approve(
    change_request: ChangeRequest, *, by, comment: str = "", partial: bool = False
) -> Approval:
    """Publish exactly what was submitted, in one transaction.

    Refused for the submitter, for anyone who authored a revision included in the change or whom
    the aggregate names among its authors (``Aggregate.extra_authors``), and for
    any record saved again after it was pinned. With ``partial=True`` the records that can be
    approved are, and the others move to a new open request (listed in ``Approval.failures``).

    An import writing the same records at the same moment can make PostgreSQL abort one of the
    two (deadlock or serialization failure): the approval is then tried once more, from the
    start, and if it fails again the reviewer is asked to try later. Nothing half-done remains.
    """
    _require(by, REVIEW_PERMISSION, "Only reviewers can approve changes.")
    attempts = 1 if connection.in_atomic_block else 2  # a retry needs a transaction of our own
    for attempt in range(1, attempts + 1):
        try:
            with bulk.young_collections_only():
                return _approve(change_request, by=by, comment=comment, partial=partial)
        except OperationalError as error:
            if not _is_lock_conflict(error):
                raise
            audit.logger.warning(
                "Approval of #%s aborted by a concurrent write (attempt %s): %s",
                change_request.pk,
                attempt,
                error,
            )
    raise WorkflowError(
        "These records were being changed by someone else at the same moment (an import, or "
        "another save), so nothing was approved. Reload the request and try again."
    )


def _is_lock_conflict(error: DatabaseError) -> bool:
    """PostgreSQL's deadlock_detected (40P01) or serialization_failure (40001)."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in {"40P01", "40001"}


def _approve(change_request, *, by, comment, partial) -> Approval:
    with transaction.atomic():
        change_request = _lock(change_request)
        _require_open(change_request)
        if change_request.submitted_by_id == by.pk:
            raise WorkflowError(
                "You submitted this change, so another reviewer must approve it (four-eyes rule)."
            )
        # Not the versions' serialized data: the snapshots read what they need by revision, and
        # an imported batch's items would carry every designation's data twice.
        items = list(
            change_request.items.select_related("version", "content_type")
            .defer("version__serialized_data")
            .order_by("pk")
        )
        failures = _approval_failures(items, by=by)
        current = publication.current_documents(items)
        _fill_proposed(items)
        failures.update(_identifier_failures([i for i in items if i.pk not in failures], current))
        failure_list = [
            (item.object_repr, failures[item.pk]) for item in items if item.pk in failures
        ]
        if failures and not partial:
            first = failure_list[0]
            more = f" (and {len(failure_list) - 1} more)" if len(failure_list) > 1 else ""
            raise WorkflowError(f"“{first[0]}” {first[1]}{more}", failures=failure_list)
        approvable = [item for item in items if item.pk not in failures]
        if not approvable:
            raise WorkflowError("None of these records can be approved.", failures=failure_list)
        now = timezone.now()
        split_off = None
        if failures:
            split_off = ChangeRequest.objects.create(
                title=f"{change_request.title} — not approved with #{change_request.pk}"[:300],
                submitted_by=change_request.submitted_by,
                submitted_at=change_request.submitted_at,
                comment=change_request.comment,
                split_from=change_request,
            )
            split_off.authors.set(change_request.authors.all())
            ChangeRequestItem.objects.filter(pk__in=list(failures)).update(change_request=split_off)
        _record_what_approval_replaces(approvable, current)
        try:
            outcome = publication.apply(approvable, change_request=change_request, by=by, at=now)
        except (publication.PublicationError, ProtectedError) as error:
            raise WorkflowError(f"Approval failed and nothing was published: {error}") from error
        _close(change_request, Status.APPROVED, by=by, comment=comment, at=now)
        audit.record(
            AuditEvent.Action.APPROVED,
            actor=by,
            targets=approvable,
            change_request=change_request,
            comment=comment,
            at=now,
        )
        keys = [(item.content_type_id, item.object_id) for item in approvable]
        transaction.on_commit(lambda: signals.published.send(sender=ChangeRequest, keys=keys))
        transaction.on_commit(lambda: notifications.decided(change_request))
    return Approval(
        change_request=change_request,
        published=outcome["published"],
        unpublished=outcome["unpublished"],
        deleted=outcome["deleted"],
        failures=failure_list,
        split_off=split_off,
    )


def _fill_proposed(items: list[ChangeRequestItem]) -> None:
    """Requests filed before the documents were recorded: work them out now."""
    missing = [item for item in items if not item.documents_recorded]
    if missing:
        proposed = publication.proposed_documents(missing)
        for item in missing:
            item.proposed_document = proposed[item.pk]


def _record_what_approval_replaces(items: list[ChangeRequestItem], current: dict) -> None:
    """The public documents just before approval: the request page shows what approval changed.

    Usually what was recorded at submission already (one open request per record), so only the
    items that differ are written.
    """
    changed = []
    for item in items:
        if not item.documents_recorded or item.public_document != current[item.pk]:
            item.public_document = current[item.pk]
            item.documents_recorded = True
            changed.append(item)
    if changed:
        ChangeRequestItem.objects.bulk_update(
            changed, ["public_document", "proposed_document", "documents_recorded"]
        )


def _identifier_failures(items: list[ChangeRequestItem], current: dict) -> dict[int, str]:
    """A published record keeps the identifier the public cites (slug, reference number, code)."""
    failures = {}
    for item in items:
        before = current[item.pk]
        if item.action != Action.PUBLISH or before is None or item.proposed_document is None:
            continue
        aggregate = registry.for_content_type(item.content_type)
        old_key, new_key = aggregate.key(before), aggregate.key(item.proposed_document)
        if old_key != new_key:
            failures[item.pk] = identifier_message(old_key, new_key)
    return failures


def identifier_message(old_key: str, new_key: str) -> str:
    return (
        f"would change its public identifier from “{old_key}” to “{new_key}”, which people cite. "
        "A published identifier never changes: to publish the record under a new one, request "
        "its withdrawal from public view, then change the identifier and submit it again."
    )


def _approval_failures(items: list[ChangeRequestItem], *, by) -> dict[int, str]:
    """{item.pk: why it cannot be approved by ``by``}, in a few queries per record type."""
    failures: dict[int, str] = {}
    by_type = defaultdict(list)
    for item in items:
        by_type[item.content_type_id].append(item)
    for type_items in by_type.values():
        aggregate = registry.for_content_type(type_items[0].content_type)
        ids = [item.object_id for item in type_items]
        # Locking the working roots makes a concurrent admin deletion of a draft wait for this
        # approval (or this approval see the deletion): never a projection without its record.
        existing = {
            str(pk)
            for pk in aggregate.model._base_manager.select_for_update()
            .filter(pk__among=[int(i) for i in ids])
            .order_by("pk")  # the same order as every other writer: no deadlock between two
            .values_list("pk", flat=True)
        }
        published = dict(
            aggregate.projection.objects.filter(object_id__among=[int(i) for i in ids]).values_list(
                "object_id", "version_id"
            )
        )
        extra_authors = aggregate.extra_authors(ids) if aggregate.extra_authors else {}
        history = defaultdict(list)
        rows = Version.objects.filter(
            content_type_id=type_items[0].content_type_id, object_id__among=ids
        ).values_list("object_id", "pk", "revision__user_id", "revision__date_created")
        for object_id, pk, user_id, created in rows:
            history[object_id].append((pk, user_id, created))
        for item in type_items:
            versions = history[item.object_id]
            if item.object_id not in existing:
                failures[item.pk] = "was deleted after it was submitted."
                continue
            newest = max(versions)[0] if versions else item.version_id
            if newest > item.version_id:
                failures[item.pk] = "was edited after it was submitted; submit it again."
                continue
            if item.action != Action.PUBLISH:
                continue
            since = published.get(int(item.object_id), 0)
            authored = [
                created
                for pk, user_id, created in versions
                if since < pk <= item.version_id and user_id == by.pk
            ]
            if authored:
                failures[item.pk] = (
                    f"includes your own edit of {date_format(max(authored), 'j M Y H:i')}; "
                    "another reviewer must approve it (four-eyes rule)."
                )
            elif by.pk in extra_authors.get(item.object_id, {}):
                failures[item.pk] = (
                    f"{extra_authors[item.object_id][by.pk]}; "
                    "another reviewer must approve it (four-eyes rule)."
                )
    return failures


# --- other decisions ------------------------------------------------------------------------------


def reject(change_request: ChangeRequest, *, by, comment: str) -> ChangeRequest:
    return _decide(
        change_request,
        by=by,
        comment=comment,
        status=Status.REJECTED,
        event=AuditEvent.Action.REJECTED,
    )


def request_changes(change_request: ChangeRequest, *, by, comment: str) -> ChangeRequest:
    return _decide(
        change_request,
        by=by,
        comment=comment,
        status=Status.CHANGES_REQUESTED,
        event=AuditEvent.Action.CHANGES_REQUESTED,
    )


def _decide(change_request, *, by, comment, status, event) -> ChangeRequest:
    verb = "reject" if status == Status.REJECTED else "request changes on"
    _require(by, REVIEW_PERMISSION, f"Only reviewers can {verb} change requests.")
    if not (comment or "").strip():
        raise WorkflowError("Say why in a comment: the submitter needs it to know what to do next.")
    with transaction.atomic():
        change_request = _lock(change_request)
        _require_open(change_request)
        if change_request.submitted_by_id == by.pk:
            raise WorkflowError("This is your own request: withdraw it instead.")
        now = timezone.now()
        _close(change_request, status, by=by, comment=comment.strip(), at=now)
        audit.record(
            event,
            actor=by,
            targets=list(change_request.items.all()),
            change_request=change_request,
            comment=comment.strip(),
            at=now,
        )
        transaction.on_commit(lambda: notifications.decided(change_request))
    return change_request


def withdraw(change_request: ChangeRequest, *, by) -> ChangeRequest:
    """The submitter takes their request back (from review, or after changes were requested)."""
    with transaction.atomic():
        change_request = _lock(change_request)
        _require_open(change_request, allowed=ChangeRequest.OPEN_STATUSES)
        if change_request.submitted_by_id != getattr(by, "pk", None):
            raise WorkflowError("Only the person who submitted a request can withdraw it.")
        now = timezone.now()
        _close(change_request, Status.WITHDRAWN, by=by, comment="", at=now)
        audit.record(
            AuditEvent.Action.WITHDRAWN,
            actor=by,
            targets=list(change_request.items.all()),
            change_request=change_request,
            at=now,
        )
    return change_request


def resubmit(change_request: ChangeRequest, *, by) -> ChangeRequest:
    """Submit the records of an open request again at their newest versions (it is superseded).

    The one click offered when a request went stale or came back with changes requested.
    """
    _require(by, SUBMIT_PERMISSION, "Only researchers and reviewers can submit records for review.")
    if not change_request.is_open:
        raise WorkflowError(
            f"Request #{change_request.pk} is already "
            f"{change_request.get_status_display().lower()}: submit the records from their pages."
        )
    is_stale = ChangeRequest.objects.with_staleness().get(pk=change_request.pk).is_stale
    if change_request.status == Status.SUBMITTED and not is_stale:
        raise WorkflowError(
            f"Request #{change_request.pk} is up to date: its records have not been saved since "
            "it was submitted, so there is nothing to submit again."
        )
    items = list(change_request.items.select_related("content_type").order_by("pk"))
    objects = []
    by_type = defaultdict(list)
    for item in items:
        by_type[item.content_type].append(int(item.object_id))
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        objects.extend(model._base_manager.filter(pk__in=ids).order_by("pk"))
    if not objects:
        raise WorkflowError("Every record of this request has been deleted since.")
    return submit_for_review(
        objects,
        by=by,
        comment=change_request.comment,
        action=items[0].action,
        title=change_request.title,
    )


def add_comment(change_request: ChangeRequest, *, by, text: str) -> ChangeRequestComment:
    """One message in the request's conversation: a question, an answer to changes requested."""
    _require(by, SUBMIT_PERMISSION, "Only researchers and reviewers can comment on requests.")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Write a comment first.")
    with transaction.atomic():
        now = timezone.now()
        comment = ChangeRequestComment.objects.create(
            change_request=change_request,
            author=by,
            author_name=audit.actor_name(by),
            at=now,
            text=text,
        )
        audit.record(
            AuditEvent.Action.COMMENTED,
            actor=by,
            targets=[],
            change_request=change_request,
            comment=text,
            at=now,
        )
        transaction.on_commit(lambda: notifications.commented(comment))
    return comment


# --- queries the admin and review pages share -----------------------------------------------------


def open_item_for(obj) -> ChangeRequestItem | None:
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        ChangeRequestItem.objects.filter(
            content_type=content_type, object_id=str(obj.pk), is_open=True
        )
        .select_related("change_request")
        .first()
    )


def record_initial_versions(*, by=None, comment="Initial version") -> int:
    """Give every record of every aggregate that has no history a first version.

    The equivalent of reversion's ``createinitialrevisions`` for our aggregates (children are
    followed into the same revision), so that no record starts without history.
    """
    created = 0
    for aggregate in registry.all_aggregates():
        content_type = ContentType.objects.get_for_model(aggregate.model)
        versioned = set(
            Version.objects.filter(content_type=content_type).values_list("object_id", flat=True)
        )
        missing = [
            obj for obj in aggregate.model._base_manager.all() if str(obj.pk) not in versioned
        ]
        if missing:
            ensure_versions(missing, by=by, comment=comment)
            created += len(missing)
    return created
