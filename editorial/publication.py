"""Writing and removing ``Published…`` projections, and rebuilding them for ``republish``.

Only ``editorial.services.approve`` calls ``apply`` (inside its transaction); the public side of the
project never writes here. Everything is done in bulk: the number of queries depends on the number
of aggregate types in a change request, not on the number of records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from reversion.models import Version

from editorial import audit, registry, snapshots
from editorial.diffs import public_summary
from editorial.models import AuditEvent, ChangeRequestItem, PublicationRecord

Action = ChangeRequestItem.Action


class PublicationError(Exception):
    pass


@dataclass(frozen=True)
class PublicationState:
    """What the public can see changes only when a publication record is written: the newest
    record identifies the state of every public page and endpoint (ETags, page caches)."""

    last_record: int
    last_approved_at: datetime.datetime | None


def publication_state() -> PublicationState:
    """One query, answered from two indexes: the newest record and the newest approval time.

    Plain SQL: it runs on every API request, and building it with the ORM costs more than
    running it.
    """
    table = connection.ops.quote_name(PublicationRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, (SELECT approved_at FROM {table} ORDER BY approved_at DESC LIMIT 1) "
            f"FROM {table} ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return PublicationState(0, None)
    approved_at = row[1]
    if isinstance(approved_at, str):  # SQLite stores text, in UTC
        approved_at = parse_datetime(approved_at)
    if approved_at is not None and timezone.is_naive(approved_at):
        approved_at = approved_at.replace(tzinfo=datetime.UTC)
    return PublicationState(row[0], approved_at)


def proposed_documents(items, *, key=lambda item: item.pk) -> dict:
    """{key(item): the document approving the item would publish (None for a withdrawal)}."""
    publish = [i for i in items if i.action == Action.PUBLISH]
    roots = snapshots.load([i.version for i in publish])
    result: dict = {key(i): None for i in items if i.action != Action.PUBLISH}
    contexts: dict = defaultdict(dict)
    for item in publish:
        aggregate = registry.for_content_type(item.content_type)
        root = roots[item.version_id]
        result[key(item)] = aggregate.build_document(root, contexts[aggregate.model])
    return result


def current_documents(items, *, key=lambda item: item.pk) -> dict:
    """{key(item): the document the public sees now (None if not published)}."""
    by_type = defaultdict(list)
    for item in items:
        by_type[item.content_type.pk].append(item)
    result = {}
    for type_items in by_type.values():
        aggregate = registry.for_content_type(type_items[0].content_type)
        ids = [int(i.object_id) for i in type_items]
        rows = dict(
            aggregate.projection.objects.filter(object_id__in=ids).values_list(
                "object_id", "document"
            )
        )
        for item in type_items:
            result[key(item)] = rows.get(int(item.object_id))
    return result


def apply(items, *, change_request, by, at) -> dict[str, list]:
    """Publish, unpublish or delete every item, as approved by ``by`` at ``at``."""
    by_type = defaultdict(list)
    for item in items:
        by_type[item.content_type_id].append(item)
    records: list[PublicationRecord] = []
    outcome = {"published": [], "unpublished": [], "deleted": []}
    approver = audit.actor_name(by)
    for type_items in by_type.values():
        aggregate = registry.for_content_type(type_items[0].content_type)
        projection = aggregate.projection
        ids = [int(i.object_id) for i in type_items]
        current = {row.object_id: row for row in projection.objects.filter(object_id__in=ids)}
        numbers = dict(
            PublicationRecord.objects.filter(
                content_type_id=type_items[0].content_type_id, object_id__in=ids
            )
            .values("object_id")
            .annotate(last=models.Max("number"))
            .values_list("object_id", "last")
        )
        publish = [i for i in type_items if i.action == Action.PUBLISH]
        roots = snapshots.load([i.version for i in publish])
        context: dict = {}
        new_rows = []
        for item in type_items:
            object_id = int(item.object_id)
            old = current.get(object_id)
            number = numbers.get(object_id, 0) + 1
            if item.action == Action.PUBLISH:
                root = roots[item.version_id]
                document = aggregate.build_document(root, context)
                key = aggregate.key(document)
                new_rows.append(
                    projection(
                        object_id=object_id,
                        document=document,
                        public_version=number,
                        version_id=item.version_id,
                        revision_id=item.version.revision_id,
                        change_request=change_request,
                        approved_at=at,
                        approved_by_name=approver,
                        **aggregate.columns(document, root),
                    )
                )
                outcome["published"].append(item)
                action = PublicationRecord.Action.PUBLISHED
            else:
                if old is None:
                    # Nothing public to withdraw (an unpublished record being deleted).
                    outcome["deleted" if item.action == Action.DELETE else "unpublished"].append(
                        item
                    )
                    continue
                document = None
                key = aggregate.key(old.document)
                outcome["deleted" if item.action == Action.DELETE else "unpublished"].append(item)
                action = PublicationRecord.Action.UNPUBLISHED
            records.append(
                PublicationRecord(
                    content_type_id=item.content_type_id,
                    object_id=object_id,
                    number=number,
                    key=key,
                    action=action,
                    document=document,
                    summary=public_summary(old.document if old else None, document),
                    approved_at=at,
                    approved_by_name=approver,
                    change_request=change_request,
                    version_id=item.version_id,
                )
            )
        projection.objects.filter(object_id__in=ids).delete()
        try:
            with transaction.atomic():
                projection.objects.bulk_create(new_rows)
        except IntegrityError as error:
            raise PublicationError(
                f"A published {aggregate.label} already uses the same public identifier "
                f"(slug, code or reference number) as one of these records: {error}"
            ) from error
        deleted = [i for i in type_items if i.action == Action.DELETE]
        if deleted:
            aggregate.model._base_manager.filter(
                pk__in=[int(i.object_id) for i in deleted]
            ).delete()
    PublicationRecord.objects.bulk_create(records)
    for kind, event in (
        ("published", AuditEvent.Action.PUBLISHED),
        ("unpublished", AuditEvent.Action.UNPUBLISHED),
        ("deleted", AuditEvent.Action.DELETED),
    ):
        if outcome[kind]:
            audit.record(
                event, actor=by, targets=outcome[kind], change_request=change_request, at=at
            )
    return outcome


@dataclass
class Difference:
    aggregate: registry.Aggregate
    key: str
    what: str


def rebuild(*, write: bool = False, chunk: int = 500) -> tuple[int, list[Difference]]:
    """Rebuild every projection from its approved revision; report (and optionally fix) differences."""
    checked = 0
    differences: list[Difference] = []
    for aggregate in registry.all_aggregates():
        projection = aggregate.projection
        rows = list(projection.objects.order_by("pk"))
        for start in range(0, len(rows), chunk):
            batch = rows[start : start + chunk]
            versions = {
                v.pk: v for v in Version.objects.filter(pk__in=[r.version_id for r in batch])
            }
            roots = snapshots.load(list(versions.values()))
            context: dict = {}
            for row in batch:
                checked += 1
                key = aggregate.key(row.document)
                if row.version_id not in versions:
                    differences.append(
                        Difference(aggregate, key, "its approved version is missing")
                    )
                    continue
                root = roots[row.version_id]
                document = aggregate.build_document(root, context)
                columns = aggregate.columns(document, root)
                what = []
                if document != row.document:
                    what.append("document")
                for name, value in columns.items():
                    stored = getattr(row, name)
                    field = projection._meta.get_field(name)
                    if field.to_python(value) != stored:
                        what.append(name)
                if what:
                    differences.append(Difference(aggregate, key, ", ".join(what)))
                    if write:
                        _republish(aggregate, row, document, columns)
    return checked, differences


def _republish(aggregate, row, document, columns) -> None:
    """Store a rebuilt document as a new public version, so that the public history, version
    numbers, ETags and caches all say that the public document changed (e.g. a relabelled
    lookup value), although no reviewer approved anything new."""
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(aggregate.model)
    number = (
        PublicationRecord.objects.filter(
            content_type=content_type, object_id=row.object_id
        ).aggregate(last=models.Max("number"))["last"]
        or 0
    ) + 1
    summary = public_summary(row.document, document)
    PublicationRecord.objects.create(
        content_type=content_type,
        object_id=row.object_id,
        number=number,
        key=aggregate.key(document),
        action=PublicationRecord.Action.PUBLISHED,
        document=document,
        summary=f"Rebuilt from the version approved on {row.approved_at:%d %B %Y}: {summary}",
        approved_at=now,
        approved_by_name="republish",
        change_request=row.change_request,
        version_id=row.version_id,
    )
    row.document = document
    row.public_version = number
    for name, value in columns.items():
        setattr(row, name, value)
    row.save()
    audit.record(
        AuditEvent.Action.PUBLISHED,
        actor=None,
        targets=[(content_type.pk, str(row.object_id), aggregate.key(document))],
        change_request=row.change_request,
        comment="Rebuilt by `manage.py republish --write` from the approved revision.",
        at=now,
    )
