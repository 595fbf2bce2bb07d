"""The public lists of episodes and assessments are read in the order of an index, on SQLite
and PostgreSQL (migrations episodes 0008 and assessments 0005, and ``public()`` as a correlated
EXISTS): a page reads its rows, documents and all, in order and stops after them, instead of
sorting every public row first. PostgreSQL is told not to sort where it can avoid it, as in
tests/designations/test_list_plans.py."""

import copy

import pytest
from django.db import connection

from assessments.models import PublishedAssessment
from episodes.models import PublishedEpisode
from tests.designations.test_list_plans import plan

pytestmark = pytest.mark.django_db

LISTS = {
    "episodes, the site's": lambda: PublishedEpisode.objects.for_list(),
    "episodes, the API's": lambda: PublishedEpisode.objects.public().order_by(
        "regime_code", "number", "object_id"
    ),
    "assessments, the site's": lambda: PublishedAssessment.objects.for_list(),
    "assessments, the API's": lambda: PublishedAssessment.objects.public().order_by(
        "regime_code", "episode_number", "purpose", "object_id"
    ),
}


@pytest.fixture
def many_episodes(demo):
    """The demo's public episodes and assessments, copied to 600 episodes, and statistics."""
    episodes = list(PublishedEpisode.objects.all())
    assessments = list(PublishedAssessment.objects.all())
    new_episodes, new_assessments = [], []
    for n in range(600):
        episode = copy.copy(episodes[n % len(episodes)])
        episode.pk, episode.object_id = None, 800_000 + n
        episode.slug, episode.number = f"copy-{n}", 100 + n
        new_episodes.append(episode)
        for assessment in assessments[:3]:
            row = copy.copy(assessment)
            row.pk, row.object_id = None, 900_000 + len(new_assessments)
            row.episode_object_id, row.episode_slug = episode.object_id, episode.slug
            row.regime_code, row.episode_number = episode.regime_code, episode.number
            new_assessments.append(row)
    PublishedEpisode.objects.bulk_create(new_episodes)
    PublishedAssessment.objects.bulk_create(new_assessments, ignore_conflicts=True)
    tables = [PublishedEpisode._meta.db_table, PublishedAssessment._meta.db_table]
    with connection.cursor() as cursor:  # as autovacuum (or SQLite's analyse) would
        cursor.execute(
            "ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {', '.join(tables)}"
        )


@pytest.mark.parametrize("name", LISTS)
def test_each_public_list_of_episodes_and_assessments_is_read_in_an_index_s_order(
    many_episodes, name
):
    queryset = LISTS[name]()
    explained = plan(queryset[25:50])
    if connection.vendor == "postgresql":
        assert "Sort" not in explained, explained
    else:
        assert "TEMP B-TREE" not in explained, explained
    assert "_pub_order" in explained, explained  # through the list's index
    rows = list(queryset.values_list("object_id", flat=True))
    assert list(queryset[25:50].values_list("object_id", flat=True)) == rows[25:50]
    assert len(rows) >= 600
