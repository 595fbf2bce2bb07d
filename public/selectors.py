"""What is public, as of when, and withdrawn since when: the one reader of the public history.

Every page, endpoint, export, feed and statistic of the read side asks here, or starts from a
``Published…`` manager's ``public()``. The rules, written once:

- A record is public when its latest publication is a publish (its projection row exists) and
  every record it depends on is public (``public()`` of each projection says which).
- Version *n* of a record is public when the record is public now, record *n* is a publish, and
  no withdrawal came after it: withdrawal is final for what it withdrew, also after a later
  re-publication (which continues the numbering).
- ``as_of`` shows, per record, its latest public version approved before the cutoff.
"""

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from editorial import state_cache
from editorial.models import PublicationRecord, PublicState
from public import statements

PUBLISHED = PublicationRecord.Action.PUBLISHED
UNPUBLISHED = PublicationRecord.Action.UNPUBLISHED


@dataclass(frozen=True)
class PublicationState:
    """What the public can see changes only in a transaction that also gives
    ``editorial.PublicState`` a new version: that row identifies the state of every public page
    and endpoint (ETags, page and response caches)."""

    token: str  # "EPOCH.VERSION": never the same for two states of one database
    changed_at: datetime.datetime | None  # Last-Modified: whole seconds, later at every change
    last_approved_at: datetime.datetime | None  # when a reviewer last approved

    @property
    def last_record(self) -> str:
        """The name this token had when it was the newest publication record's id."""
        return self.token


def publication_state() -> PublicationState:
    """From the shared cache, which an approval's commit renews (editorial.state_cache), or one
    query by primary key of a one-row table.

    Plain SQL: it runs on every API request, and building it with the ORM costs more than
    running it.
    """
    alias = router.db_for_read(PublicState) or "default"  # a replica's for a public page
    token, changed_at, last_approved_at = state_cache.read(lambda: _read_state(alias), alias)
    return PublicationState(token, changed_at, last_approved_at)


# Values computed from the public data: {name: ((database, token, changed_at), value)}, the most
# recently used last, at most HELD_LIMIT of them.
_held: OrderedDict = OrderedDict()
_held_lock = threading.Lock()
HELD_LIMIT = 4096


def held_per_state(name, compute):
    """``compute()``, computed once per process and publication state: what the public data
    gives until the next change of it (the analogy finder's rows of every public episode, an
    episode's designee counts). ``name`` is any hashable naming the value and its inputs.

    The state is read first, so a value is never older than the state it is held under. It is
    keyed by the state's token and its time of change, since a transaction rolled back may have
    used a token that a later commit takes; a value computed inside a transaction of our own
    is not held at all. The least recently used values give way beyond ``HELD_LIMIT``. Callers
    must not change the value they are given.
    """
    alias = router.db_for_read(PublicState) or "default"
    if state_cache.in_own_transaction(alias):
        return compute()
    state = publication_state()
    stamp = (alias, state.token, state.changed_at)
    with _held_lock:
        held = _held.get(name)
        if held is not None and held[0] == stamp:
            _held.move_to_end(name)
            return held[1]
    value = compute()
    with _held_lock:
        _held[name] = (stamp, value)
        _held.move_to_end(name)
        while len(_held) > HELD_LIMIT:
            _held.popitem(last=False)
    return value


def forget_held() -> None:
    """Compute every held value again (tests: a rolled-back test's states reuse tokens)."""
    with _held_lock:
        _held.clear()


def _read_state(alias: str) -> tuple:
    connection = connections[alias]
    table = connection.ops.quote_name(PublicState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT epoch, version, changed_at, last_approved_at FROM {table} WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None:
        return ("0.0", None, None)
    return (f"{row[0]}.{row[1]}", _aware(row[2]), _aware(row[3]))


def _aware(value):
    if isinstance(value, str):  # SQLite stores text, in UTC
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _projection(content_type: ContentType):
    from editorial import registry

    return registry.for_content_type(content_type).projection


def _not_withdrawn_since():
    """No withdrawal of the same record after this record (withdrawal is final)."""
    return ~Exists(
        PublicationRecord.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            number__gt=OuterRef("number"),
            action=UNPUBLISHED,
        )
    )


def records_as_of(content_type: ContentType, cutoff: datetime.datetime | None):
    """Per public record, its latest public version approved before ``cutoff``."""
    newer = PublicationRecord.objects.filter(
        content_type=content_type, object_id=OuterRef("object_id"), number__gt=OuterRef("number")
    )
    latest = PublicationRecord.objects.filter(content_type=content_type)
    if cutoff is not None:
        newer = newer.filter(approved_at__lt=cutoff)
        latest = latest.filter(approved_at__lt=cutoff)
    public_now = _projection(content_type).objects.public().filter(object_id=OuterRef("object_id"))
    return latest.filter(
        ~Exists(newer), _not_withdrawn_since(), Exists(public_now), action=PUBLISHED
    )


@dataclass(frozen=True)
class Known:
    """A public identifier as the history knows it: the record it named last."""

    object_id: int
    public: bool  # public now (under this or another identifier)
    withdrawn_on: datetime.datetime | None  # when it was last withdrawn, if it is not public
    last_document: dict | None


def known(content_type: ContentType, key: str) -> Known | None:
    """The record ``key`` names now, or named when it was last used; None if never public."""
    projection = _projection(content_type)
    key_field = _key_field(projection)
    using = router.db_for_read(projection)
    rows = statements.fetch(
        statements.sql(
            (projection._meta.label, "known", key_field),
            using,
            lambda values: (
                projection.objects.public()
                .filter(**{key_field: values[0]})
                .order_by()
                .values_list("object_id")[:1]
            ),
            [key],
            [projection._meta.get_field(key_field)],
        ),
        using,
        projection,
        ["object_id"],
    )
    object_id = rows[0]["object_id"] if rows else None
    if object_id is not None:
        return Known(object_id, True, None, None)
    record = (
        PublicationRecord.objects.filter(content_type=content_type, key=key)
        .order_by("-approved_at", "-pk")
        .values_list("object_id", flat=True)
        .first()
    )
    if record is None:
        return None
    found = known_object(content_type, record)
    if not found.public and found.withdrawn_on is None:
        return None  # approved, but hidden while a record it depends on is not public
    return found


def known_object(content_type: ContentType, object_id: int) -> Known:
    projection = _projection(content_type)
    public = projection.objects.public().filter(object_id=object_id).exists()
    last = (
        PublicationRecord.objects.filter(content_type=content_type, object_id=object_id)
        .order_by("-number")
        .values("approved_at", "action", "document")
        .first()
    )
    withdrawn_on = None
    last_document = None
    if not public and last is not None and last["action"] == UNPUBLISHED:
        withdrawn_on = last["approved_at"]
        # The title of what was withdrawn (its content stays withdrawn).
        last_document = (
            PublicationRecord.objects.filter(
                content_type=content_type, object_id=object_id, action=PUBLISHED
            )
            .order_by("-number")
            .values_list("document", flat=True)
            .first()
        )
    return Known(object_id, public, withdrawn_on, last_document)


def public_key(content_type: ContentType, object_id: int) -> str | None:
    """The identifier the record is public under now, or None."""
    projection = _projection(content_type)
    return (
        projection.objects.public()
        .filter(object_id=object_id)
        .values_list(_key_field(projection), flat=True)
        .first()
    )


def _key_field(projection) -> str:
    return getattr(projection, "KEY_FIELD", "key")


def history(
    content_type: ContentType,
    object_id: int,
    *,
    public: bool | None = None,
    with_documents: bool = False,
) -> list[dict]:
    """Every approval of the record, oldest first, each with whether its version is public
    (a withdrawn version lists its number and date only). ``public``: whether the record is
    public now, if the caller knows (``Known.public``). ``with_documents``: each record's
    document too, None for a version that is not public."""
    columns = ["number", "action", "key", "approved_at", "summary", "reason"]
    if with_documents:
        columns.append("document")
    using = router.db_for_read(PublicationRecord)
    records = statements.fetch(
        statements.sql(
            ("history", content_type.pk, with_documents),
            using,
            lambda values: (
                PublicationRecord.objects.filter(content_type=content_type, object_id=values[0])
                .order_by("number")
                .values_list(*columns)
            ),
            [object_id],
            [PublicationRecord._meta.get_field("object_id")],
        ),
        using,
        PublicationRecord,
        columns,
    )
    public_now = (
        _projection(content_type).objects.public().filter(object_id=object_id).exists()
        if public is None
        else public
    )
    last_withdrawal = max((r["number"] for r in records if r["action"] == UNPUBLISHED), default=0)
    for record in records:
        record["public"] = (
            public_now and record["action"] == PUBLISHED and record["number"] > last_withdrawal
        )
        record["withdrawn"] = record["action"] == PUBLISHED and record["number"] < last_withdrawal
        if with_documents and not record["public"]:
            record["document"] = None  # what was withdrawn stays unseen
    return records


def version(
    content_type: ContentType, object_id: int, number: int, *, public: bool | None = None
) -> dict | None:
    """Version ``number`` of the record: a dict with its document, ``withdrawn`` (whether a
    withdrawal withdrew it) and ``withdrawn_on``; None if it never existed. ``public``: whether
    the record is public now, if the caller knows (``Known.public``)."""
    if not 0 < number < 2**31:
        return None
    # The version and every later record, in one query: a withdrawal among them withdrew it.
    records = list(
        PublicationRecord.objects.filter(
            content_type=content_type, object_id=object_id, number__gte=number
        )
        .order_by("number")
        .values("number", "action", "key", "approved_at", "summary", "document")
    )
    if not records or records[0]["number"] != number:
        return None
    if public is None:
        public = _projection(content_type).objects.public().filter(object_id=object_id).exists()
    record = records[0]
    withdrawal = next((r["approved_at"] for r in records if r["action"] == UNPUBLISHED), None)
    record["withdrawn"] = record["action"] != PUBLISHED or withdrawal is not None or not public
    record["withdrawn_on"] = withdrawal
    return record


def latest_changes(limit: int = 8) -> list[PublicationRecord]:
    """The newest approvals whose version is still public (withdrawn names leave the list), in
    one query."""
    from editorial import registry

    aggregates = registry.all_aggregates()
    # The content types of every aggregate in one query (those not cached yet), not one each.
    types = ContentType.objects.get_for_models(*(a.model for a in aggregates))
    public = Q(pk__in=[])
    for aggregate in aggregates:
        public |= Q(
            content_type=types[aggregate.model],
            object_id__in=aggregate.projection.objects.public().values("object_id"),
        )
    return list(
        PublicationRecord.objects.select_related("content_type")
        .filter(public, _not_withdrawn_since(), action=PUBLISHED)
        .order_by("-approved_at", "-pk")[:limit]
    )


def feed_records(
    *,
    limit: int = 50,
    content_types: list[ContentType],
    regime: str | None = None,
    regime_type: ContentType | None = None,
    object_id: int | None = None,
) -> list[PublicationRecord]:
    """The newest approvals of records of ``content_types``, for the Atom feeds: publications
    whose version is still public, and withdrawals (what was withdrawn is never read: the
    document is deferred, and a withdrawal's holds nothing).

    ``regime``: only the regime of that code and the records of its regime (from their document,
    or for a withdrawal from the document it withdrew); ``object_id``: only that record.
    Each record is annotated with ``title`` (a publication's title or name, None for a
    withdrawal).
    """
    from editorial import registry

    public = Q(pk__in=[])
    for content_type in content_types:
        projection = registry.for_content_type(content_type).projection
        public |= Q(
            content_type=content_type,
            object_id__in=projection.objects.public().values("object_id"),
        )
    records = PublicationRecord.objects.filter(
        Q(public, _not_withdrawn_since(), action=PUBLISHED) | Q(action=UNPUBLISHED),
        content_type__in=content_types,
    )
    if object_id is not None:
        records = records.filter(object_id=object_id)
    if regime is not None:
        withdrawn_from = PublicationRecord.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            number__lt=OuterRef("number"),
            action=PUBLISHED,
        ).order_by("-number")
        records = records.annotate(
            regime_code=Coalesce(
                KT("document__regime"),
                Subquery(withdrawn_from.values(code=KT("document__regime"))[:1]),
            )
        ).filter(Q(regime_code=regime) | Q(content_type=regime_type, key=regime))
    return list(
        records.select_related("content_type")
        .annotate(title=Coalesce(KT("document__title"), KT("document__name")))
        .defer("document")
        .order_by("-approved_at", "-pk")[:limit]
    )


def last_approval() -> datetime.datetime | None:
    return publication_state().last_approved_at


# --- agreement of independent coders --------------------------------------------------------------
# Only rounds whose consensus is public count: ``assessments.agreement`` is handed the public
# assessments, never the working ones, so a consensus in review adds nothing here.


def _public_assessments():
    from assessments.models import PublishedAssessment

    return PublishedAssessment.objects.public()


def dataset_agreement() -> dict[str, dict]:
    """Krippendorff's alpha across every round whose consensus is public, per scale:
    {variable: {"alpha", "percent_agreement", "units"}}."""
    from assessments import agreement

    return agreement.dataset_agreement(agreement.published_rounds(_public_assessments()))


def published_codings() -> list[dict]:
    """The individual codings of the rounds whose consensus is public, with pseudonymous coder
    ids (``assessments.agreement.CODING_COLUMNS``): for reliability analysis."""
    from assessments import agreement

    return agreement.published_coding_rows(_public_assessments())


__all__ = [
    "Known",
    "PublicationState",
    "dataset_agreement",
    "feed_records",
    "forget_held",
    "held_per_state",
    "history",
    "known",
    "known_object",
    "last_approval",
    "latest_changes",
    "public_key",
    "published_codings",
    "publication_state",
    "records_as_of",
    "version",
]
