"""The lean bulk paths of imports and approvals write and read exactly what Django's own do."""

import datetime
import gc
import threading
import weakref

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from designations.models import Alias, BirthDate, Designation
from editorial import bulk, snapshots
from editorial.models import AuditEvent, ChangeRequest, PublicationRecord
from episodes.models import Regime

pytestmark = pytest.mark.django_db


def _row(obj, *, skip=("id",)):
    values = type(obj)._base_manager.filter(pk=obj.pk).values().get()
    return {name: value for name, value in values.items() if name not in skip}


def _designation(number: int, regime) -> Designation:
    return Designation(
        kind=Designation.Kind.INDIVIDUAL,
        regime=regime,
        reference_number=f"KPi.{900 + number}",
        dataid=6_900_000 + number,
        source=Designation.Source.UN_LIST,
        name=f"BULK PERSON {number} “Ünïcode”",
        titles=["Dr", "General"],
        nationalities=[],
        listed_on=datetime.date(2016, 3, 2),
        amended_on=["2017-08-05"],
    )


def test_insert_stores_what_bulk_create_stores_and_sets_primary_keys(researcher):
    regime = Regime.objects.get(code="KP")
    ours = [
        bulk.new(
            Designation,
            {f.attname: getattr(d, f.attname) for f in Designation._meta.concrete_fields},
        )
        for d in (_designation(n, regime) for n in (1, 2))
    ]
    theirs = [_designation(n, regime) for n in (3, 4)]
    bulk.insert(Designation, ours)
    Designation.objects.bulk_create(theirs)

    assert all(d.pk for d in ours) and ours[0].pk != ours[1].pk
    skip = ("id", "reference_number", "dataid", "name", "created_at", "updated_at")
    assert _row(ours[0], skip=skip) == _row(theirs[0], skip=skip)
    stored = Designation.objects.get(pk=ours[1].pk)
    assert stored.name == "BULK PERSON 2 “Ünïcode”"
    assert stored.titles == ["Dr", "General"] and stored.amended_on == ["2017-08-05"]
    assert stored.listed_on == datetime.date(2016, 3, 2)
    assert stored.updated_at == ours[1].updated_at and stored.created_at is not None

    # JSON null and SQL NULL, choices, foreign keys, a timestamp given explicitly.
    at = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    content_type = ContentType.objects.get_for_model(Designation)
    change_request = ChangeRequest.objects.create(
        title="t", submitted_by=researcher, submitted_at=at
    )
    records = [
        PublicationRecord(
            content_type_id=content_type.pk,
            object_id=ours[0].pk,
            number=1,
            key="KPi.901",
            action=PublicationRecord.Action.UNPUBLISHED,
            document=None,
            summary="s",
            approved_at=at,
            approved_by_name="x",
            change_request=change_request,
        )
    ]
    events = [
        AuditEvent(
            action=AuditEvent.Action.APPROVED,
            actor=researcher,
            actor_name="r",
            at=at,
            content_type_id=content_type.pk,
            object_id=str(ours[0].pk),
            object_repr="KPi.901",
        )
    ]
    bulk.insert(PublicationRecord, records)
    bulk.insert(AuditEvent, events)
    record = PublicationRecord.objects.get(pk=records[0].pk)
    assert record.document is None and record.approved_at == at
    assert record.action == "unpublished"
    event = AuditEvent.objects.get(pk=events[0].pk)
    assert event.actor_id == researcher.pk and event.at == at and event.action == "approved"


def test_snapshot_instances_equal_those_reversion_would_deserialize(researcher):
    regime = Regime.objects.get(code="KP")
    designation = _designation(7, regime)
    designation.save()
    Alias.objects.create(designation=designation, quality="good", name="ALIAS ONE")
    BirthDate.objects.create(
        designation=designation, kind="exact", date=datetime.date(1960, 1, 2), note=""
    )
    with reversion.create_revision():
        reversion.set_user(researcher)
        reversion.add_to_revision(designation)
        reversion.add_to_revision(regime)  # another aggregate in the same revision
    version = Version.objects.get_for_object(designation).first()
    regime_version = Version.objects.get_for_object(regime).first()

    roots = snapshots.load([version, regime_version])

    root = roots[version.pk]
    expected = snapshots.instance_from_version(version, Designation)
    fields = [f.attname for f in Designation._meta.concrete_fields]
    assert {f: getattr(root, f) for f in fields} == {f: getattr(expected, f) for f in fields}
    assert [a.name for a in root.aliases.all()] == ["ALIAS ONE"]
    birth = root.birth_dates.all()[0]
    assert birth.date == datetime.date(1960, 1, 2) and birth.designation is root
    assert root.regime.code == "KP"
    assert roots[regime_version.pk].code == "KP"


AWKWARD_TEXT = "tab\there, new\nline, back\\slash, \\N, quote ' \" and “Ünïcode” 金正恩"


def test_insert_keeps_every_character_and_gives_ascending_keys_in_order(researcher):
    """PostgreSQL's COPY escapes what its text format means (tabs, newlines, backslashes, a
    literal \\N) exactly as a bound parameter carries it; either path gives keys in order."""
    regime = Regime.objects.get(code="KP")
    designations = [_designation(n, regime) for n in (11, 12, 13)]
    designations[1].name = AWKWARD_TEXT
    designations[1].titles = [AWKWARD_TEXT, ""]
    designations[2].narrative = ""
    bulk.insert(Designation, designations)
    aliases = [
        bulk.new(Alias, {"designation_id": designations[1].pk, "quality": "good", "name": name})
        for name in ("B", "A", AWKWARD_TEXT)
    ]
    bulk.insert(Alias, aliases)

    keys = [d.pk for d in designations]
    assert keys == sorted(keys) and len(set(keys)) == 3
    assert [a.pk for a in aliases] == sorted(a.pk for a in aliases)
    stored = Designation.objects.get(pk=designations[1].pk)
    assert stored.name == AWKWARD_TEXT and stored.titles == [AWKWARD_TEXT, ""]
    assert Designation.objects.get(pk=designations[2].pk).narrative == ""
    assert list(stored.aliases.order_by("pk").values_list("name", flat=True)) == [
        "B",
        "A",
        AWKWARD_TEXT,
    ]
    # The next row saved the ordinary way takes the next key of the table's sequence.
    later = _designation(14, regime)
    later.save()
    assert later.pk > max(keys)


def test_insert_is_one_logged_statement_a_batch(django_assert_max_num_queries):
    """Execute wrappers and the query log see the writes (a COPY too), so that query counts of
    imports and approvals stay honest."""
    regime = Regime.objects.get(code="KP")
    with django_assert_max_num_queries(2) as captured:
        bulk.insert(Designation, [_designation(n, regime) for n in (21, 22)])
    assert any("designations_designation" in query["sql"] for query in captured.captured_queries)


def test_a_batch_larger_than_a_statement_s_parameters_takes_two_statements_with_the_right_keys(
    django_assert_max_num_queries,
):
    """SQLite takes at most 32,766 parameters a statement (Django assumes 999) and PostgreSQL
    65,535: 5,500 events of 9 columns once took six INSERTs on SQLite, now its full batches
    and the rest (a COPY on PostgreSQL). Each object gets the key of the row that holds its
    values."""
    now = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    events = [
        bulk.new(
            AuditEvent,
            {
                "action": AuditEvent.Action.APPROVED,
                "actor_name": "bulk",
                "object_id": str(n),
                "object_repr": f"record {n}",
                "comment": "",
                "at": now,
            },
        )
        for n in range(5500)
    ]
    with django_assert_max_num_queries(3) as captured:
        bulk.insert(AuditEvent, events)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if ("INSERT INTO" in q["sql"] or q["sql"].startswith("COPY"))
        and "editorial_auditevent" in q["sql"]
    ]
    assert 1 <= len(writes) <= 2, writes
    stored = dict(AuditEvent.objects.filter(actor_name="bulk").values_list("pk", "object_repr"))
    assert len(stored) == 5500
    assert all(stored[event.pk] == event.object_repr for event in events)


def test_rows_whose_keys_nobody_reads_are_numbered_by_the_table_itself():
    """``keys=False`` (audit events, publication records): no query draws the keys first on
    PostgreSQL; the rows get the table's next numbers, and a row saved later the one after."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    at = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    events = [
        bulk.new(AuditEvent, {"action": "approved", "actor_name": "unnumbered", "at": at})
        for _ in range(3)
    ]
    with CaptureQueriesContext(connection) as captured:
        bulk.insert(AuditEvent, events, keys=False)
    assert not any("nextval" in query["sql"] for query in captured.captured_queries)
    stored = list(AuditEvent.objects.filter(actor_name="unnumbered").values_list("pk", flat=True))
    assert len(stored) == 3
    later = AuditEvent.objects.create(action="approved", actor_name="later", at=at)
    assert later.pk > max(stored)


def test_rows_without_keys_go_in_full_batches_and_the_rest_in_order(
    django_assert_max_num_queries,
):
    """``insert_rows`` (the importer's versions): every row of an iterator once, as given, in a
    few statements (a COPY on PostgreSQL; on SQLite a statement of ``_SQLITE_ROWS`` rows run for
    each full batch, and one for the rest)."""
    from django.db import connection

    at = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC).isoformat()
    count = 2 * bulk._SQLITE_ROWS + 7
    rows = [("approved", "rows", f"{n}", f"row {n} “ü”", "", at) for n in range(count)]
    columns = ["action", "actor_name", "object_id", "object_repr", "comment", "at"]
    with django_assert_max_num_queries(2) as captured, connection.cursor() as cursor:
        # An iterator, as the importer's versions: each row made as it goes.
        bulk.insert_rows(cursor, AuditEvent._meta.db_table, columns, iter(rows))
    assert len(captured.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    stored = list(
        AuditEvent.objects.filter(actor_name="rows")
        .order_by("pk")
        .values_list("object_id", "object_repr")
    )
    assert stored == [(f"{n}", f"row {n} “ü”") for n in range(count)]


class _Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the cycle collector frees it


def test_young_collections_only_still_frees_short_lived_cycles_and_restores_thresholds():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk.young_collections_only():
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**9
        node = _Node()
        gone = weakref.ref(node)
        del node
        # Enough new containers for several young collections, none of them a full one.
        keep = [[] for _ in range(50 * before[0] * before[1])]
        assert gone() is None and keep
        raise RuntimeError("the block fails")
    assert gc.get_threshold() == before


def test_overlapping_batches_of_two_threads_leave_the_thresholds_as_they_were():
    before = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def first():
        with bulk.young_collections_only():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with bulk.young_collections_only():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.get_threshold())  # the first has ended; this one still runs

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [(*before[:2], bulk._NEVER)]
    assert gc.get_threshold() == before
