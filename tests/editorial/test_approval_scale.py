"""Approving a batch: the same statements whatever its size, and pages composed from what the
batch itself has just written."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from designations.importing import import_un_list
from designations.models import PublishedDesignation
from editorial import services
from episodes.models import Regime
from tests.factories import DesignationFactory, RegimeFactory
from tests.importing.conftest import entry, un_list
from tests.workflow import publish

pytestmark = pytest.mark.django_db


def _statements(captured) -> Counter:
    """{(verb, table): n}, the name trigrams (designations.search) apart."""
    kinds = Counter()
    for query in captured.captured_queries:
        sql = re.sub(r"^\S+ times: ", "", query["sql"])  # an executemany, as Django logs it
        if "searchtrigram" in sql[:80].lower():
            continue
        verb = sql.split(None, 1)[0].upper()
        table = re.search(r'(?:FROM|INTO|UPDATE|COPY)\s+"?(\w+)"?', sql)
        kinds[(verb, table.group(1) if table else "")] += 1
    return kinds


def _approve_import(folder, researcher, reviewer, entries: int) -> Counter:
    """Import a list of ``entries`` designations (those of the last one and new ones), submit
    the new ones and approve them: the statements of the approval."""
    path = folder / f"{entries}.xml"
    path.write_text(un_list(*(entry(1000 + n, f"KPi.{1000 + n}") for n in range(entries))))
    outcome = import_un_list(str(path), user=researcher, submit=True)
    with CaptureQueriesContext(connection) as captured:
        approval = services.approve(outcome.change_request, by=reviewer)
    return len(approval.published), _statements(captured)


def test_an_approval_makes_the_same_statements_for_a_batch_five_times_larger(
    tmp_path, researcher, reviewer
):
    publish(Regime.objects.get(code="KP"))
    reviewer.has_perm(services.REVIEW_PERMISSION)  # read once, then held on the user
    published, small = _approve_import(tmp_path, researcher, reviewer, 40)
    assert published == 40
    published, large = _approve_import(tmp_path, researcher, reviewer, 240)
    assert published == 200

    # Reads, updates and deletes never grow with the batch; nor do writes: a COPY on
    # PostgreSQL; on SQLite one INSERT of 200 rows run for every full batch and one for the
    # rest (editorial.bulk), so a table takes one or two statements whatever the batch.
    def reads(statements):
        return {kind: n for kind, n in statements.items() if kind[0] not in ("INSERT", "COPY")}

    def writes(statements):
        return {kind: n for kind, n in statements.items() if kind[0] in ("INSERT", "COPY")}

    assert reads(large) == reads(small)
    assert writes(large).keys() == writes(small).keys()
    for kind, n in writes(large).items():
        assert n <= 2 * writes(small)[kind], kind


def test_a_vessel_approved_with_its_owner_shows_the_owner(researcher, reviewer):
    """Composed from the rows the approval has just written (editorial.publication)."""
    regime = RegimeFactory(code="KP")
    publish(regime)
    owner = DesignationFactory(regime=regime, entity=True, name="SAME REQUEST TRADING")
    vessel = DesignationFactory(regime=regime, vessel=True, owner=owner, name="SAME SHIP")
    request = services.submit_for_review([vessel, owner], by=researcher)

    services.approve(request, by=reviewer)

    document = PublishedDesignation.objects.get(object_id=vessel.pk).document
    assert document["vessel"]["owner"] == {"key": owner.public_key, "name": "SAME REQUEST TRADING"}
    owner_row = PublishedDesignation.objects.get(object_id=owner.pk)
    assert owner_row.document["name"] == "SAME REQUEST TRADING"


class _Untouchable(dict):
    def _refuse(self, *args, **kwargs):
        raise AssertionError(f"composing wrote into a part it does not name: {dict(self)!r}")

    __setitem__ = __delitem__ = update = pop = setdefault = clear = _refuse


class _UntouchableList(list):
    def _refuse(self, *args, **kwargs):
        raise AssertionError(f"composing wrote into a part it does not name: {list(self)!r}")

    __setitem__ = __delitem__ = append = extend = insert = sort = remove = clear = _refuse


def _untouchable(value):
    if isinstance(value, dict):
        return _Untouchable({key: _untouchable(item) for key, item in value.items()})
    if isinstance(value, list):
        return _UntouchableList(_untouchable(item) for item in value)
    return value


def test_composing_a_page_again_writes_only_into_the_parts_its_aggregate_names(
    demo, researcher, reviewer
):
    """Approval copies only ``Aggregate.composes`` of a page before composing it again
    (editorial.publication._copy_to_compose) and shares the rest with the stored document:
    composing must write nothing outside those parts, and give what composing a whole copy
    gives."""
    import copy

    from editorial import registry
    from editorial.publication import _copy_to_compose, _row_columns

    owner = DesignationFactory(regime=Regime.objects.get(code="KP"), entity=True)
    vessel = DesignationFactory(regime=owner.regime, vessel=True, owner=owner)
    publish(vessel, owner)
    composed = set()
    for aggregate in registry.all_aggregates():
        if aggregate.compose is None:
            continue
        assert aggregate.composes, aggregate.label
        for row in aggregate.projection.objects.all():
            shared = _untouchable(row.document)  # what the copy shares raises if written
            part_copy = _copy_to_compose(shared, aggregate.composes)
            whole_copy = copy.deepcopy(row.document)
            aggregate.compose([(row.object_id, part_copy, _row_columns(row))])
            aggregate.compose([(row.object_id, whole_copy, _row_columns(row))])
            assert part_copy == whole_copy, aggregate.label
            composed.add(aggregate.label)
    assert len(composed) == 3, composed
