"""The rounds' and the codings' lists cost the same queries for one row as for many."""

import pytest
from django.urls import reverse

from assessments import coding
from tests.assessments.conftest import client_for, fill
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def open_rounds(count, coders, by):
    rounds = []
    for _ in range(count):
        rounds.append(
            coding.open_round(episode=EpisodeFactory(), purpose="coerce", coders=coders, by=by)
        )
    return rounds


def test_the_list_of_rounds_takes_the_same_queries_for_many_rows(
    researcher, other_researcher, reviewer, django_assert_num_queries
):
    open_rounds(6, [researcher, other_researcher], reviewer)
    client = client_for(reviewer)

    with django_assert_num_queries(10):
        # 1 session, 2 user, 3-4 user and group permissions, 5 the regimes of the filter,
        # 6-7 counts (filtered, total), 8 the page of rounds with their episodes and
        # reconcilers, 9 their codings, 10 the coders.
        page = client.get(reverse("admin:assessments_codinground_changelist"))

    assert page.status_code == 200
    assert page.content.decode().count("hidden until the round closes") == 6


def test_the_list_of_codings_takes_the_same_queries_for_many_rows(
    researcher, other_researcher, reviewer, django_assert_num_queries
):
    for coding_round in open_rounds(6, [researcher, other_researcher], reviewer):
        fill(
            coding_round.codings.get(coder=researcher),
            policy_outcome_score=2,
            sanctions_contribution_score=3,
        )
    client = client_for(researcher)

    with django_assert_num_queries(9):
        # 1 session, 2 user, 3 savepoint (reversion's changelist runs in a revision block),
        # 4-5 user and group permissions, 6-7 counts (filtered, total), 8 the page of the
        # researcher's own codings with their rounds, episodes and coders, 9 release.
        page = client.get(reverse("admin:assessments_independentcoding_changelist"))

    assert page.status_code == 200
    assert page.content.decode().count("submitted ") == 6
