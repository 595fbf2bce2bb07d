"""``field__among``: the rows ``field__in`` finds, as one array parameter on PostgreSQL."""

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from designations.models import Designation
from tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db


def test_among_finds_what_in_finds():
    designations = DesignationFactory.create_batch(4)
    ids = [d.pk for d in designations[:3]]
    references = [d.reference_number for d in designations[1:]]

    def both(**lookup):
        ((name, values),) = lookup.items()
        among = set(Designation.objects.filter(**{f"{name}__among": values}))
        assert among == set(Designation.objects.filter(**{f"{name}__in": values}))
        return among

    assert both(pk=ids) == set(designations[:3])
    assert both(pk=[*ids, None, ids[0]]) == set(designations[:3])
    assert both(pk=[]) == set()
    assert both(reference_number=references) == set(designations[1:])
    assert both(pk=[str(i) for i in ids]) == set(designations[:3])  # prepared as ``in`` does
    assert set(Designation.objects.exclude(pk__among=ids)) == {designations[3]}
    # A text column given numbers (reversion's object ids).
    with reversion.create_revision():
        for designation in designations:
            reversion.add_to_revision(designation)
    versions = set(Version.objects.filter(object_id__among=ids))
    assert versions == set(Version.objects.filter(object_id__in=ids))
    assert {v.object_id for v in versions} >= {str(i) for i in ids}


def test_among_is_one_parameter_on_postgresql():
    ids = [d.pk for d in DesignationFactory.create_batch(3)]
    with CaptureQueriesContext(connection) as captured:
        list(Designation.objects.filter(pk__among=ids))
    sql = captured.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
