"""Writing and removing ``Published…`` projections, and rebuilding them for ``republish``.

Only ``editorial.services.approve`` calls ``apply`` (inside its transaction); the public side of the
project never writes here. Everything is done in bulk: the number of queries depends on the number
of aggregate types in a change request, not on the number of records.
"""

import datetime
import json
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from reversion.models import Version

from editorial import audit, bulk, registry, snapshots, state_cache
from editorial.diffs import public_summary
from editorial.models import AuditEvent, ChangeRequestItem, PublicationRecord, PublicState

Action = ChangeRequestItem.Action


class PublicationError(Exception):
    pass


def proposed_documents(items, *, key=lambda item: item.pk) -> dict:
    """{key(item): the document approving the item would publish (None for a withdrawal)}."""
    publish = [i for i in items if i.action == Action.PUBLISH]
    roots = snapshots.load([i.version for i in publish])
    result: dict = {key(i): None for i in items if i.action != Action.PUBLISH}
    contexts: dict = defaultdict(dict)
    to_compose: dict = defaultdict(list)
    for item in publish:
        aggregate = registry.for_content_type(item.content_type)
        root = roots[item.version_id]
        document = aggregate.build_document(root, contexts[aggregate.model])
        result[key(item)] = document
        to_compose[aggregate].append(
            (int(item.object_id), document, aggregate.columns(document, root))
        )
    for aggregate, entries in to_compose.items():
        if aggregate.compose is not None:
            aggregate.compose(entries)
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
            aggregate.projection.objects.filter(object_id__among=ids).values_list(
                "object_id", "document"
            )
        )
        for item in type_items:
            result[key(item)] = rows.get(int(item.object_id))
    return result


def apply(items, *, change_request, by, at) -> dict[str, list]:
    """Publish, unpublish or delete every item, as approved by ``by`` at ``at``.

    Three steps: write the projection rows of the items; compose the pages that show other
    records (the items' own, and every page that shows an item, e.g. the episode of an approved
    assessment), from the published rows only; then record one public version per changed page.
    A page whose content changed although it was not in the request gets a version too, so that
    a version number always names what its page showed.
    """
    by_type = defaultdict(list)
    for item in items:
        by_type[item.content_type_id].append(item)
    outcome = {"published": [], "unpublished": [], "deleted": []}
    approver = audit.actor_name(by)
    written = []  # (aggregate, item, old document or None, new row or None)
    shown: dict = defaultdict(set)  # pages to compose: {aggregate: {object_id}}
    for type_items in by_type.values():
        aggregate = registry.for_content_type(type_items[0].content_type)
        written += _write_rows(aggregate, type_items, change_request, approver, at, outcome, shown)
    in_request = {(aggregate.model, int(item.object_id)) for aggregate, item, *_ in written}
    fresh = {(aggregate.model, row.object_id): row for aggregate, _i, _o, row, _n in written if row}
    composed = _compose_pages(shown, fresh)
    # The researcher's reason for the change (the comment of the reviewed revision), shown in the
    # public history beside the automatic summary; a withdrawal keeps none (it shows no content).
    reasons = dict(
        Version.objects.filter(
            pk__among=[
                item.version_id for _a, item, _o, row, _n in written if row and item.version_id
            ]
        ).values_list("pk", "revision__comment")
    )
    records = []
    for aggregate, item, old, row, number in written:
        document = None if row is None else composed.get((aggregate.model, row.object_id), row)
        document = None if document is None else document.document
        if row is None and old is None:
            continue  # nothing public to withdraw (an unpublished record being deleted)
        records.append(
            _record(
                aggregate,
                item.content_type_id,
                int(item.object_id),
                number,
                old,
                document,
                version_id=item.version_id,
                reason=reasons.get(item.version_id, "") if document is not None else "",
            )
        )
    for (model, object_id), row in composed.items():
        if (model, object_id) in in_request or row.document == row.previous_document:
            continue
        aggregate = registry.for_model(model)
        row.public_version += 1
        row.approved_at, row.approved_by_name, row.change_request = at, approver, change_request
        row.save(
            update_fields=[
                "public_version",
                "approved_at",
                "approved_by_name",
                "change_request",
                "document",
            ]
        )
        records.append(
            _record(
                aggregate,
                aggregate.content_type.pk,
                object_id,
                row.public_version,
                row.previous_document,
                row.document,
                version_id=row.version_id,
            )
        )
    for record in records:
        record.approved_at, record.approved_by_name = at, approver
        record.change_request = change_request
    bulk.insert(PublicationRecord, records, keys=False)
    if records:
        mark_public_change(approved_at=at)
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


def mark_public_change(*, approved_at=None, using: str = "default") -> PublicState:
    """Give what the public sees a new version, inside the transaction that changed it.

    Called last in that transaction, so the row lock (which makes concurrent changes take their
    versions in the order they commit) is held only until the commit. ``changed_at`` becomes the
    next whole second after now, and after the previous change: ``Last-Modified`` then names a
    moment after the change and differs from every earlier one (editorial.models.PublicState).
    """
    manager = PublicState.objects.db_manager(using)
    state = manager.select_for_update().filter(pk=1).first()
    if state is None:  # a database emptied by hand (or a flush between tests)
        state = manager.create(pk=1, epoch=secrets.token_hex(8))
    next_second = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=1)
    if state.changed_at is not None and state.changed_at >= next_second:
        next_second = state.changed_at + datetime.timedelta(seconds=1)
    state.version += 1
    state.changed_at = next_second
    fields = ["version", "changed_at"]
    if approved_at is not None:
        state.last_approved_at = approved_at
        fields.append("last_approved_at")
    state.save(update_fields=fields, using=using)
    state_cache.changed(using)  # the cached state gives way, now and at the commit
    return state


def _record(
    aggregate,
    content_type_id,
    object_id,
    number,
    old_document,
    document,
    version_id=None,
    reason="",
):
    published = document is not None
    return PublicationRecord(
        content_type_id=content_type_id,
        object_id=object_id,
        number=number,
        key=aggregate.key(document if published else old_document),
        action=(
            PublicationRecord.Action.PUBLISHED
            if published
            else PublicationRecord.Action.UNPUBLISHED
        ),
        document=document,
        summary=public_summary(old_document, document),
        reason=reason or "",
        version_id=version_id,
    )


def _write_rows(aggregate, type_items, change_request, approver, at, outcome, shown):
    """The projection rows of one aggregate type: replaced, removed, or (deletion) the working
    record deleted too. Returns [(aggregate, item, old document, new row)]."""
    projection = aggregate.projection
    ids = [int(i.object_id) for i in type_items]
    current = {row.object_id: row for row in projection.objects.filter(object_id__among=ids)}
    numbers = dict(
        PublicationRecord.objects.filter(
            content_type_id=type_items[0].content_type_id, object_id__among=ids
        )
        .values("object_id")
        .annotate(last=models.Max("number"))
        .values_list("object_id", "last")
    )
    publish = [i for i in type_items if i.action == Action.PUBLISH]
    # The document each item proposes was built from its pinned version when it was submitted
    # (``services._record_documents``; ``_fill_proposed`` for older requests) and is what the
    # reviewer saw: it is published as it is, and only the roots' own fields are read again,
    # for the filter columns. The pages' content from other records is composed afresh
    # (``_compose_pages``). Building them all again from their snapshots took half the time of
    # an approved import batch. A document recorded by an earlier release, in another shape
    # than this one builds (a field added or removed since), is built again.
    shape = _document_shape(aggregate)
    recorded = {i.pk for i in publish if _has_shape(i.proposed_document, shape)}
    roots = snapshots.load([i.version for i in publish if i.pk in recorded], children=False)
    roots.update(snapshots.load([i.version for i in publish if i.pk not in recorded]))
    context: dict = {}
    new_rows, written = [], []
    for item in type_items:
        object_id = int(item.object_id)
        old = current.get(object_id)
        row = None
        if item.action == Action.PUBLISH:
            root = roots[item.version_id]
            if item.pk in recorded:
                document = item.proposed_document
            else:
                document = aggregate.build_document(root, context)
            # editorial.bulk.new: one projection row per record of a batch of thousands.
            row = bulk.new(
                projection,
                {
                    "object_id": object_id,
                    "document": document,
                    "public_version": numbers.get(object_id, 0) + 1,
                    "version_id": item.version_id,
                    "revision_id": item.version.revision_id,
                    "change_request_id": change_request.pk,
                    "approved_at": at,
                    "approved_by_name": approver,
                    **aggregate.columns(document, root),
                },
            )
            new_rows.append(row)
            outcome["published"].append(item)
        else:
            outcome["deleted" if item.action == Action.DELETE else "unpublished"].append(item)
        written.append(
            (aggregate, item, old.document if old else None, row, numbers.get(object_id, 0) + 1)
        )
    if aggregate.compose is not None:
        shown[aggregate].update(row.object_id for row in new_rows)
    if aggregate.shown_on is not None:
        for model, object_ids in aggregate.shown_on([*current.values(), *new_rows]).items():
            shown[registry.for_model(model)].update(object_ids)
    projection.objects.filter(object_id__among=ids).delete()
    try:
        with transaction.atomic():
            bulk.insert(projection, new_rows)
            if aggregate.written is not None:
                aggregate.written(new_rows)
    except IntegrityError as error:
        raise PublicationError(
            f"A published {aggregate.label} already uses the same public identifier "
            f"(slug, code or reference number) as one of these records: {error}"
        ) from error
    deleted = [i for i in type_items if i.action == Action.DELETE]
    if deleted:
        aggregate.model._base_manager.filter(pk__in=[int(i.object_id) for i in deleted]).delete()
    return written


def _document_shape(aggregate) -> tuple[frozenset, frozenset]:
    """(the top-level keys every document of ``aggregate`` has, those it may have besides):
    its serializer's fields, and what composing adds."""
    fields = frozenset(aggregate.serializer().fields)
    return fields, fields | frozenset(aggregate.composes)


def _has_shape(document, shape) -> bool:
    required, allowed = shape
    return isinstance(document, dict) and required <= document.keys() <= allowed


def _compose_pages(shown, fresh: dict) -> dict:
    """{(model, object_id): row} of every composed page, each row with ``previous_document``
    (what it stored before) and its composed ``document``, saved.

    ``fresh`` holds the rows this approval has just written, {(model, object_id): row}: those
    are composed as they are in memory, the same values the table now holds, rather than read
    back (an approved import batch would read back every row it wrote, documents and all).
    """
    result = {}
    for aggregate, object_ids in shown.items():
        if aggregate.compose is None or not object_ids:
            continue
        model = aggregate.model
        rows = [fresh[(model, i)] for i in object_ids if (model, i) in fresh]
        stored = [i for i in object_ids if (model, i) not in fresh]
        if stored:
            rows += aggregate.projection.objects.filter(object_id__among=stored)
        for row in rows:
            row.previous_document = row.document
            row.document = _copy_to_compose(row.document, aggregate.composes)
        aggregate.compose([(row.object_id, row.document, _row_columns(row)) for row in rows])
        changed = [row for row in rows if row.document != row.previous_document]
        aggregate.projection.objects.bulk_update(changed, ["document"])
        result.update({(aggregate.model, row.object_id): row for row in rows})
    return result


def _copy_to_compose(document: dict, keys: tuple[str, ...]) -> dict:
    """A copy of ``document`` that composing leaves the original of: the parts under ``keys``
    copied deeply, the rest shared (an approved import batch copied 100,000 documents whole,
    of which composing changes a vessel's owner)."""
    if not keys:
        return json.loads(json.dumps(document))
    parts = {key: document[key] for key in keys if key in document}
    return {**document, **json.loads(json.dumps(parts))}


def _row_columns(row) -> dict:
    values = row.__dict__  # every column of a row read whole or just written; others by getattr
    return {
        field.attname: values[field.attname]
        if field.attname in values
        else getattr(row, field.attname)
        for field in row._meta.concrete_fields
    }


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
            built = []
            for row in batch:
                checked += 1
                if row.version_id not in versions:
                    key = aggregate.key(row.document)
                    differences.append(
                        Difference(aggregate, key, "its approved version is missing")
                    )
                    continue
                root = roots[row.version_id]
                document = aggregate.build_document(root, context)
                built.append((row, document, aggregate.columns(document, root)))
            if aggregate.compose is not None:
                aggregate.compose([(row.object_id, doc, cols) for row, doc, cols in built])
            for row, document, columns in built:
                key = aggregate.key(row.document)
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
    if aggregate.written is not None:
        aggregate.written([row])
    mark_public_change(approved_at=now)
    audit.record(
        AuditEvent.Action.PUBLISHED,
        actor=None,
        targets=[(content_type.pk, str(row.object_id), aggregate.key(document))],
        change_request=row.change_request,
        comment="Rebuilt by `manage.py republish --write` from the approved revision.",
        at=now,
    )
