"""What waits for whom: the admin index's dashboards, in a fixed number of queries.

A researcher sees their drafts not yet submitted, the requests returned to them, those waiting
for review and those published recently; a reviewer also sees what waits for them (leaving out
what the four-eyes rule forbids them), the stale requests and what they approved. Drafts are
found from the person's own versions, so that the index costs what their own editing does,
whatever the size of the atlas (``_drafts_query``).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone
from reversion.models import Version

from editorial import registry
from editorial.models import ChangeRequest, ChangeRequestItem
from editorial.sql import Unindexed

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
    """The user's drafts of one kind of record, annotated with their newest version.

    Read from the user's own versions, so that the cost follows their editing, not the size of
    the tables (reading every record, with a correlated lookup of its versions each, took
    0.35 s for the demo's 955 designations on PostgreSQL): the versions of their revisions (the
    revisions' user index, then the versions' revision index) that no later version of the same
    object follows (reversion's unique index on db, content type and object id), that the
    projection does not show as such (its object id) and that no open request covers (the
    items' content type and object id); then the records of those versions, by primary key, so
    that a deleted one is left out. Exact, nothing cut short: a record is a draft when its
    newest version is the user's, public as an older one or not at all, and in no open request;
    that version is among the user's, and of anyone's versions only an object's newest has none
    later, so each draft is found once, through its newest version, and nothing else is. Only
    the drafts are then ordered and cut to the limit.

    The versions are those of the database the records are written to, as reversion's
    ``get_for_object`` reads them (the index starts with it; this project writes to one).
    """
    model = aggregate.model
    content_type = ContentType.objects.get_for_model(model)
    of_kind = {"content_type": content_type, "db": router.db_for_write(model)}
    object_id = models.OuterRef("object_id")
    later = Version.objects.filter(
        GreaterThan(Unindexed("pk"), models.OuterRef("pk")), object_id=object_id, **of_kind
    )
    public_as_such = aggregate.projection.objects.filter(
        object_id=Cast(object_id, models.BigIntegerField()), version_id__gte=models.OuterRef("pk")
    )
    in_open_request = ChangeRequestItem.objects.filter(
        content_type=content_type, object_id=object_id, is_open=True
    )
    their_newest = Version.objects.filter(
        Exact(Unindexed("content_type_id"), content_type.pk),
        Exact(Unindexed("db"), of_kind["db"]),
        ~models.Exists(later),
        ~models.Exists(public_as_such),
        ~models.Exists(in_open_request),
        revision__user=user,
    ).values_list(Cast("object_id", models.BigIntegerField()))
    newest = (
        Version.objects.filter(
            object_id=Cast(models.OuterRef("pk"), models.CharField(max_length=191)), **of_kind
        )
        .values("object_id")
        .values(newest=models.Max("pk"))
    )
    return model._base_manager.filter(pk__in=their_newest).annotate(
        newest_version=models.Subquery(newest)
    )


def _entry(model, record):
    meta = model._meta
    return (meta.verbose_name, record, f"admin:{meta.app_label}_{meta.model_name}_change")


def drafts_of(user, *, limit=LIMIT) -> list:
    """Records whose newest version is the user's, not public as such, in no open request.

    One query per kind of record (regimes, episodes, designations, assessments), and one for all
    the configurable lists together (their values are few: all their drafts are read, the
    newest kept), for people who may edit them, plus one per list that has drafts.
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
