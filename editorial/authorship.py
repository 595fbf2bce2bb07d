"""Who wrote what a change request would publish, and so who may approve it (four-eyes rule).

Read before submitting (the submit page's preview), at submission (``ChangeRequest.authors``)
and when telling reviewers about a request.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from editorial import publication, registry, snapshots
from editorial.diffs import diff
from editorial.models import ChangeRequestItem

REVIEW_PERMISSION = "editorial.review_changerequest"
# The backend that holds permissions (django-axes' backend, first in AUTHENTICATION_BACKENDS, only
# guards logins), named because with_perm() must be told when several are configured.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
Action = ChangeRequestItem.Action


def authors_of(items) -> set[int]:
    """Ids of everyone who wrote a revision that approving ``items`` would publish.

    That is every revision after the published version up to the pinned one (for a withdrawal or
    deletion: nobody, as nothing they wrote is published by it).
    """
    authors: set[int] = set()
    by_type = defaultdict(list)
    for item in items:
        if item.action == Action.PUBLISH:
            by_type[item.content_type.pk].append(item)
    for type_items in by_type.values():
        aggregate = registry.for_content_type(type_items[0].content_type)
        ids = [int(item.object_id) for item in type_items]
        published = dict(
            aggregate.projection.objects.filter(object_id__in=ids).values_list(
                "object_id", "version_id"
            )
        )
        pinned = {item.object_id: item.version_id for item in type_items}
        rows = Version.objects.filter(
            content_type_id=type_items[0].content_type.pk, object_id__in=list(pinned)
        ).values_list("object_id", "pk", "revision__user_id")
        for object_id, pk, user_id in rows:
            if user_id and published.get(int(object_id), 0) < pk <= pinned[object_id]:
                authors.add(user_id)
    return authors


def reviewers_who_may_decide(*, submitter_id, author_ids) -> list:
    """Active reviewers that the four-eyes rule leaves able to decide such a request."""
    excluded = {submitter_id, *author_ids}
    return [
        user
        for user in get_user_model()
        .objects.with_perm(REVIEW_PERMISSION, backend=PERMISSION_BACKEND)
        .filter(is_active=True)
        .order_by("pk")
        if user.pk not in excluded
    ]


def reviewers_excluded(*, submitter_id, author_ids) -> list:
    """Active reviewers that the four-eyes rule forbids to approve such a request."""
    excluded = {submitter_id, *author_ids}
    return list(
        get_user_model()
        .objects.with_perm(REVIEW_PERMISSION, backend=PERMISSION_BACKEND)
        .filter(is_active=True, pk__in=excluded)
        .order_by("pk")
    )


@dataclass
class SubmissionPreview:
    """What a submission would ask the reviewer to approve, shown before submitting."""

    rows: list = field(default_factory=list)  # (object, changes, is_new)
    more: int = 0  # records beyond the rows shown
    authors: list = field(default_factory=list)  # everyone whose edits it contains
    others: list = field(default_factory=list)  # those of them other than the submitter
    excluded_reviewers: list = field(default_factory=list)
    able_reviewers: list = field(default_factory=list)


def preview_submission(objects, *, by, action=Action.PUBLISH, limit=20) -> SubmissionPreview:
    """The diff the reviewer will see and whose edits it contains, for ``objects`` as now."""
    preview = SubmissionPreview()
    items = []
    for obj in objects:
        aggregate = registry.for_model(type(obj))
        if aggregate is None:
            continue
        latest = snapshots.latest_versions(aggregate.model, [obj.pk]).get(str(obj.pk))
        if latest is not None:
            items.append(
                ChangeRequestItem(
                    content_type=ContentType.objects.get_for_model(aggregate.model),
                    object_id=str(obj.pk),
                    object_repr=str(obj),
                    action=action,
                    version=latest,
                )
            )
    shown = items[:limit]
    preview.more = max(0, len(objects) - limit)
    proposed = publication.proposed_documents(shown, key=id)
    current = publication.current_documents(shown, key=id)
    for item in shown:
        before, after = current[id(item)], proposed[id(item)]
        changes = diff(before or {}, after) if after is not None else []
        preview.rows.append((item.object_repr, changes, before is None and after is not None))
    author_ids = authors_of(items)
    user_model = get_user_model()
    preview.authors = list(user_model.objects.filter(pk__in=author_ids).order_by("pk"))
    preview.others = [user for user in preview.authors if user.pk != by.pk]
    preview.excluded_reviewers = reviewers_excluded(submitter_id=by.pk, author_ids=author_ids)
    preview.able_reviewers = reviewers_who_may_decide(submitter_id=by.pk, author_ids=author_ids)
    return preview
