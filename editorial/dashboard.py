"""What waits for whom: the admin index's dashboards, in a fixed number of queries.

A researcher sees their drafts not yet submitted, the requests returned to them, those waiting
for review and those published recently; a reviewer also sees what waits for them (leaving out
what the four-eyes rule forbids them), the stale requests and what they approved.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from reversion.models import Version

from editorial import registry
from editorial.models import ChangeRequest, ChangeRequestItem

SUBMIT_PERMISSION = "editorial.add_changerequest"
REVIEW_PERMISSION = "editorial.review_changerequest"
RECENT = datetime.timedelta(days=30)
LIMIT = 10

Status = ChangeRequest.Status


@dataclass
class Dashboard:
    drafts: list = field(default_factory=list)  # (label, record, change url name)
    returned: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    published: list = field(default_factory=list)
    is_reviewer: bool = False
    for_me: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    approved_by_me: list = field(default_factory=list)


def _drafts_query(aggregate, user):
    """The user's drafts of one kind of record, annotated with their newest version."""
    model = aggregate.model
    content_type = ContentType.objects.get_for_model(model)
    pk_text = Cast(models.OuterRef("pk"), models.CharField(max_length=191))
    newest = Version.objects.filter(content_type=content_type, object_id=pk_text).order_by("-pk")
    return (
        model._base_manager.annotate(
            newest_version=models.Subquery(newest.values("pk")[:1]),
            newest_author=models.Subquery(newest.values("revision__user_id")[:1]),
            published_version=models.Subquery(
                aggregate.projection.objects.filter(object_id=models.OuterRef("pk")).values(
                    "version_id"
                )[:1]
            ),
        )
        .filter(newest_author=user.pk)
        # (the published version is never newer than the newest one)
        .filter(
            models.Q(published_version__isnull=True)
            | models.Q(published_version__lt=models.F("newest_version"))
        )
        .exclude(
            models.Exists(
                ChangeRequestItem.objects.filter(
                    content_type=content_type, object_id=pk_text, is_open=True
                )
            )
        )
    )


def _entry(model, record):
    meta = model._meta
    return (meta.verbose_name, record, f"admin:{meta.app_label}_{meta.model_name}_change")


def drafts_of(user, *, limit=LIMIT) -> list:
    """Records whose newest version is the user's, not public as such, in no open request.

    One query per kind of record (regimes, episodes, designations, assessments), and one for all
    the configurable lists together (their tables are small), for people who may edit them,
    plus one per list that has drafts.
    """
    drafts = []
    lookups = []
    for aggregate in registry.all_aggregates():
        model = aggregate.model
        if aggregate.is_lookup:
            meta = model._meta
            if user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
                lookups.append(aggregate)
            continue
        rows = _drafts_query(aggregate, user).order_by("-newest_version")[:limit]
        drafts.extend(_entry(model, record) for record in rows)
    if lookups:
        queries = [
            _drafts_query(aggregate, user)
            .order_by()  # (a compound query's parts take no ORDER BY)
            .values_list(
                models.Value(index, output_field=models.IntegerField()), "pk", "newest_version"
            )
            for index, aggregate in enumerate(lookups)
        ]
        found = sorted(queries[0].union(*queries[1:], all=True), key=lambda row: -row[2])[:limit]
        by_kind: dict = {}
        for index, pk, _version in found:
            by_kind.setdefault(index, []).append(pk)
        records = {}
        for index, pks in by_kind.items():
            model = lookups[index].model
            records.update({(index, r.pk): r for r in model._base_manager.filter(pk__in=pks)})
        drafts.extend(
            _entry(lookups[index].model, records[(index, pk)])
            for index, pk, _version in found
            if (index, pk) in records
        )
    return drafts


def _requests():
    return (
        ChangeRequest.objects.with_staleness()
        .select_related("submitted_by")
        .annotate(item_count=models.Count("items"))
    )


def for_user(user) -> Dashboard:
    dashboard = Dashboard()
    if not user.has_perm(SUBMIT_PERMISSION):
        return dashboard
    dashboard.drafts = drafts_of(user)
    since = timezone.now() - RECENT
    mine = (
        _requests()
        .filter(submitted_by=user)
        .filter(
            models.Q(status__in=ChangeRequest.OPEN_STATUSES)
            | models.Q(status=Status.APPROVED, decided_at__gte=since)
        )
        .order_by("-submitted_at", "-pk")[:100]
    )
    for change_request in mine:
        bucket = {
            Status.CHANGES_REQUESTED: dashboard.returned,
            Status.SUBMITTED: dashboard.waiting,
            Status.APPROVED: dashboard.published,
        }[change_request.status]
        if len(bucket) < LIMIT:
            bucket.append(change_request)
    if not user.has_perm(REVIEW_PERMISSION):
        return dashboard
    dashboard.is_reviewer = True
    open_requests = _requests().filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")
    dashboard.for_me = list(
        open_requests.excluding_four_eyes_of(user).filter(is_stale=False)[:LIMIT]
    )
    dashboard.stale = list(
        _requests().open().filter(is_stale=True).order_by("submitted_at")[:LIMIT]
    )
    dashboard.approved_by_me = list(
        _requests().filter(decided_by=user, status=Status.APPROVED).order_by("-decided_at")[:LIMIT]
    )
    return dashboard
