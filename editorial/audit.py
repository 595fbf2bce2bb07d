"""Recording workflow events: one row per event and object, written in bulk."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from editorial import bulk
from editorial.models import AuditEvent

logger = logging.getLogger("editorial.workflow")


def actor_name(user) -> str:
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()


def record(
    action: str,
    *,
    actor,
    targets,
    change_request=None,
    comment: str = "",
    at=None,
) -> list[AuditEvent]:
    """Record ``action`` once per target.

    ``targets`` are (content_type_id, object_id, object_repr) triples, change request items, or
    model instances; an empty list records one event for the change request itself.
    """
    at = at or timezone.now()
    name = actor_name(actor)
    # Plain key values and editorial.bulk.new, not AuditEvent(actor=…, change_request=…): an
    # approved import batch records two events per record, and each related-object assignment
    # costs more than the rest of its event.
    common = {
        "action": action,
        "actor_id": getattr(actor, "pk", None),
        "actor_name": name,
        "at": at,
        "change_request_id": getattr(change_request, "pk", None),
        "comment": comment,
    }
    events = []
    for target in targets or [None]:
        content_type_id, object_id, object_repr = _describe(target)
        events.append(
            bulk.new(
                AuditEvent,
                {
                    **common,
                    "content_type_id": content_type_id,
                    "object_id": object_id,
                    "object_repr": object_repr[:300],
                },
            )
        )
    bulk.insert(AuditEvent, events, keys=False)
    logger.info(
        "%s: %s record(s)%s by %s",
        action,
        len(events) if targets else 0,
        f" in change request #{change_request.pk}" if change_request is not None else "",
        name,
        extra={
            "event": action,
            "actor": name,
            "change_request": getattr(change_request, "pk", None),
            "objects": len(events) if targets else 0,
        },
    )
    return events


def _describe(target) -> tuple[int | None, str, str]:
    if target is None:
        return None, "", ""
    if isinstance(target, tuple):
        return target
    if hasattr(target, "content_type_id") and hasattr(target, "object_repr"):
        return target.content_type_id, str(target.object_id), target.object_repr
    content_type = ContentType.objects.get_for_model(target)
    return content_type.pk, str(target.pk), str(target)
