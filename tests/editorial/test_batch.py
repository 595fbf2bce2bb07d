"""Approving a large batch costs a bounded number of queries, not one per record or child."""

import datetime

import pytest
import reversion

from designations.models import Alias, BirthDate, Designation, PublishedDesignation
from editorial import services
from episodes.models import Regime

pytestmark = pytest.mark.django_db

BATCH = 1000


def make_batch(by):
    regime = Regime.objects.get(code="KP")
    designations = Designation.objects.bulk_create(
        Designation(
            kind="individual",
            regime=regime,
            reference_number=f"KPi.{5000 + n}",
            name=f"BATCH PERSON {n}",
            listed_on=datetime.date(2018, 3, 30),
        )
        for n in range(BATCH)
    )
    Alias.objects.bulk_create(
        Alias(designation=d, quality="good", name=f"Alias of {d.name}") for d in designations
    )
    BirthDate.objects.bulk_create(
        BirthDate(designation=d, kind="year", year=1960) for d in designations
    )
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment("Batch")
        for designation in designations:
            reversion.add_to_revision(designation)
    return designations


def test_approving_a_thousand_designations_takes_a_bounded_number_of_queries(
    researcher, reviewer, django_assert_max_num_queries
):
    designations = make_batch(researcher)
    change_request = services.submit_for_review(designations, by=researcher)

    # SQLite binds at most 999 parameters per statement, so bulk inserts of 1,000 projection
    # rows are split into a few dozen statements; PostgreSQL needs one. Either way the count
    # does not grow with the number of children. (The projection's search columns, which
    # approval fills, make each row wider: about 40 rows a statement on SQLite.)
    with django_assert_max_num_queries(95):
        result = services.approve(change_request, by=reviewer)

    assert len(result.published) == BATCH
    assert PublishedDesignation.objects.count() == BATCH
    sample = PublishedDesignation.objects.get(key="KPi.5007")
    assert sample.document["aliases"][0]["name"] == "Alias of BATCH PERSON 7"
    assert sample.document["birth_dates"][0]["as_given"] == "1960"
