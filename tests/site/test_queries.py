"""Every public page runs a fixed number of queries, whatever the number of published rows.

The budgets of issue #4: a detail page (episode, designation) at most 4 queries, a list page at
most 5. Each test runs over many rows (see ``many`` in conftest) so that an N+1 would show; the
last test proves the counts do not grow with the rows. The anonymous reader has no session, so
no session or user query is counted. A test's first request reads the publication state (one
query); later ones find it in the cache, which an approval's commit renews
(editorial.state_cache).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DesignationFactory
from tests.site.conftest import publish_world
from tests.workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def content_types_cached():
    """Django caches content types per process: a running server has read them after its first
    request. Counted here as it has them, not as a process's very first request does."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())


def _get(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return response


def test_home_page(anonymous_client, many, django_assert_num_queries):
    # the publication state (the validators and the page cache's key), episodes with their regime names (timeline),
    # assessments per purpose, latest approvals, designations per kind
    with django_assert_num_queries(5):
        _get(anonymous_client, "/")
    # Then from the page cache until the next approval, the publication state from the cache:
    # no query.
    with django_assert_num_queries(0):
        _get(anonymous_client, "/")


def test_regime_page(anonymous_client, many, django_assert_num_queries):
    # the publication state (validators: public.http), regime, its episodes, its designations
    # per kind, its latest designations
    with django_assert_num_queries(5):
        _get(anonymous_client, "/regimes/KP/")


def test_episode_list(anonymous_client, many, django_assert_num_queries):
    # the publication state, regimes for the filter, count, one page of episodes with their
    # regime names
    with django_assert_num_queries(4):
        _get(anonymous_client, "/episodes/?regime=KP&purpose=coerce&ordering=-start")


def test_episode_page(anonymous_client, many, django_assert_max_num_queries):
    episode = many["episodes"][0]
    # episode with its regime name, its assessments, the designations in force (one aggregate),
    # every public episode's columns for the "similar episodes" panel
    with django_assert_max_num_queries(5):
        response = _get(anonymous_client, f"/episodes/{episode.slug}/")
    assert response.context["doc"]["slug"] == episode.slug


def test_every_episode_s_columns_are_read_once_per_publication_state(
    anonymous_client, many, settings
):
    """The "similar episodes" panel ranks every public episode: their columns are read by the
    first episode page after a change, not by every page (public.selectors.held_per_state)."""
    settings.ATLAS_PAGE_CACHE_SECONDS = 0  # every page built

    def reads_every_episode(episode):
        with CaptureQueriesContext(connection) as queries:
            _get(anonymous_client, f"/episodes/{episode.slug}/")
        return any('"assessed_coerce"' in query["sql"] for query in queries)

    first, second, third = many["episodes"][:3]
    assert reads_every_episode(first)
    assert not reads_every_episode(second)
    publish_world(episodes=1, designations=0, regime_code="ZZ")  # a new publication state
    assert reads_every_episode(third)
    assert not reads_every_episode(first)


def test_an_episode_s_designee_counts_are_read_once_per_publication_state(
    anonymous_client, many, settings
):
    settings.ATLAS_PAGE_CACHE_SECONDS = 0  # every page built
    episode = many["episodes"][0]

    def reads_designations():
        with CaptureQueriesContext(connection) as queries:
            response = _get(anonymous_client, f"/episodes/{episode.slug}/")
        read = any("designations_publisheddesignation" in query["sql"] for query in queries)
        return read, response.context["designees"]

    first = reads_designations()
    again = reads_designations()
    publish(
        DesignationFactory(regime=episode.regime, listed_on=episode.start_date, delisted_on=None)
    )
    after = reads_designations()

    assert first[0] and not again[0] and again[1] == first[1]
    assert after[0] and after[1] != first[1]  # the new designation is counted


def test_episode_history_and_version(anonymous_client, many, django_assert_max_num_queries):
    episode = many["episodes"][0]
    # the publication state, the record behind the slug, its publication records, the page
    with django_assert_max_num_queries(4):
        _get(anonymous_client, f"/episodes/{episode.slug}/history/")
    # the publication state, episode, the version's record, the designations in force, every
    # public episode's columns (the "similar episodes" panel; the current version's row is among
    # them)
    with django_assert_max_num_queries(5):
        _get(anonymous_client, f"/episodes/{episode.slug}/versions/1/")


def test_compare_page(anonymous_client, many, django_assert_max_num_queries):
    slugs = ",".join(e.slug for e in many["episodes"][:4])
    # the publication state, the episodes, their assessments, designations in force (one
    # aggregate for all), the chooser
    with django_assert_max_num_queries(5):
        response = _get(anonymous_client, f"/compare/?episodes={slugs}")
    assert response.context["table"]


def test_statistics_page(anonymous_client, many, django_assert_max_num_queries):
    # the publication state (the page cache's key), episodes with documents, assessments per
    # purpose, designations per year and kind; the dataset-wide agreement: the published rounds,
    # their codings, the codings' consequences, the list of consequences
    with django_assert_max_num_queries(8):
        _get(anonymous_client, "/statistics/")
    with django_assert_max_num_queries(0):
        _get(anonymous_client, "/statistics/")


def test_designation_list_and_search(anonymous_client, many, django_assert_num_queries):
    # the publication state, regimes for the filter, count, one page
    with django_assert_num_queries(4):
        _get(anonymous_client, "/designations/?kind=individual&in_force=true")
    # regimes for the filter; the misspelling look-up of each word and of the words they begin
    # (the word-trigram table, on both databases); the ranked ids of the matching rows from the
    # word index, whose number is the count; the page (the publication state is in the cache)
    with django_assert_num_queries(6):
        _get(anonymous_client, "/designations/?q=test+person")


def test_designation_page(anonymous_client, many, django_assert_max_num_queries):
    individual, vessel = many["designations"][0], many["designations"][2]
    for key in (individual.reference_number, vessel.imo_number):
        # the publication state, designation with its regime name, the episodes during which
        # it was in force
        with django_assert_max_num_queries(5):
            _get(anonymous_client, f"/designations/{key}/")


def test_assessment_list(anonymous_client, many, django_assert_num_queries):
    # regimes for the filter, episodes assessed and not (one aggregate), count, one page
    with django_assert_num_queries(5):
        _get(anonymous_client, "/assessments/?purpose=coerce")
    # A download does not count the episodes: the rows (the publication state, for the
    # validators and the file name, is in the cache by now).
    with django_assert_num_queries(1):
        _get(anonymous_client, "/assessments/?purpose=coerce&format=csv")


def test_downloads(anonymous_client, many, django_assert_max_num_queries):
    # the last approval (the file's name), then one query for the rows, whatever their number
    with django_assert_max_num_queries(3):
        _get(anonymous_client, "/episodes/?format=csv")
    with django_assert_max_num_queries(2):
        _get(anonymous_client, "/designations/?format=json&kind=vessel")
    with django_assert_max_num_queries(3):
        _get(anonymous_client, "/designations/?format=excel-csv&kind=vessel")
    with django_assert_max_num_queries(3):
        _get(anonymous_client, "/downloads/episode_measures.csv")
    with django_assert_max_num_queries(2):
        _get(anonymous_client, "/downloads/episode_measures-excel.csv")
    # one episode: the publication state (ETag and file name), the episode
    episode = many["episodes"][0].slug
    with django_assert_max_num_queries(2):
        _get(anonymous_client, f"/episodes/{episode}/episode.csv")
    with django_assert_max_num_queries(2):
        _get(anonymous_client, f"/episodes/{episode}/episode-excel.csv")
    # the publication state (ETag and file name), regimes, episodes, assessments, designations,
    # the codings and their rounds, and the codebook's configurable lists (a fixed number)
    with django_assert_max_num_queries(32):
        _get(anonymous_client, "/downloads/sanctions-atlas.zip")


# Every page and its budget: detail pages 4, lists and the other pages 5, each plus the
# publication state its validators come from (public.http; a 304 costs that query alone).
BUDGETS = {
    "/": 6,
    "/regimes/": 6,
    "/regimes/?on=2018-01-01": 6,
    "/regimes/{regime}/": 6,
    "/episodes/": 6,
    "/episodes/{episode}/": 5,
    "/episodes/{episode}/history/": 5,
    "/episodes/{episode}/versions/1/": 5,
    "/compare/?episodes={compared}": 6,
    "/statistics/": 6,
    "/designations/": 6,
    "/designations/?q=test": 6,
    "/designations/{designation}/": 5,
    "/assessments/": 6,
    "/episodes/?format=csv": 6,
    "/episodes/{episode}/episode.csv": 2,
    "/designations/?format=csv": 6,
    "/downloads/": 6,
    "/downloads/sanctions-atlas.zip": 32,
}


def _counts(client, world):
    values = {
        "regime": world["regime"].code,
        "episode": world["episodes"][0].slug,
        "compared": ",".join(e.slug for e in world["episodes"][:3]),
        "designation": world["designations"][0].reference_number,
    }
    counts = {}
    for page in BUDGETS:
        with CaptureQueriesContext(connection) as queries:
            _get(client, page.format(**values))
        counts[page] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_rows(anonymous_client):
    few = _counts(anonymous_client, publish_world(episodes=3, designations=6, regime_code="AA"))
    more = _counts(anonymous_client, publish_world(episodes=15, designations=45, regime_code="BB"))
    assert few == more
    over = {page: count for page, count in more.items() if count > BUDGETS[page]}
    assert not over, f"pages over their query budget: {over}"


def test_the_most_visited_pages_come_from_the_page_cache_until_the_next_approval(
    anonymous_client, many, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """An episode page, a designation page, the lists, their filtered, sorted and later pages
    and a search do work that grows with the data (designee counts, analogies, counts of rows, the
    search): after the first visit they come from the page cache, with no query, until an
    approval changes the publication state."""
    from editorial.publication import mark_public_change

    episode = many["episodes"][0]
    individual = many["designations"][0]
    pages = [
        f"/episodes/{episode.slug}/",
        f"/designations/{individual.reference_number}/",
        "/designations/",
        "/episodes/",
        "/designations/?q=test+person",
        "/designations/?kind=individual&in_force=true",
        "/designations/?ordering=-listed&page=2",
    ]
    contents = []
    for url in pages:
        first = _get(anonymous_client, url).content
        with django_assert_num_queries(0):
            assert _get(anonymous_client, url).content == first
        contents.append(first)
    assert len(set(contents)) == len(pages), "two addresses were given one entry"
    # The same parameters in another order: the same entry.
    with django_assert_num_queries(0):
        assert _get(anonymous_client, "/designations/?in_force=true&kind=individual").content == (
            _get(anonymous_client, "/designations/?kind=individual&in_force=true").content
        )
    # An approval: a new state (in the shared cache once it commits), every page read again.
    with django_capture_on_commit_callbacks(execute=True):
        mark_public_change()
    for url in pages:
        with CaptureQueriesContext(connection) as again:
            _get(anonymous_client, url)
        assert len(again) > 0, url


@pytest.mark.parametrize(
    "url",
    [
        "/designations/?kind=nonsense",  # 400: a bad filter
        "/designations/?format=csv",  # a download, streamed
        "/designations/?format=json",
        "/designations/?kind=&q=",  # a redirect to the address without empty parameters
    ],
)
def test_what_is_not_a_page_answered_200_is_never_cached(anonymous_client, many, url):
    """Errors, redirects and downloads are built again at every request: from the cache they
    would come back as an HTML page answered 200, and an error must say what is wrong now."""
    answers = []
    for _ in range(2):
        response = anonymous_client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers.append((response.status_code, response["Content-Type"], body))
    assert answers[0][0] != 200 or not answers[0][1].startswith("text/html")
    assert answers[1] == answers[0]


@pytest.mark.parametrize(
    "url", ["/designations/", "/designations/?kind=individual&in_force=true", "/episodes/"]
)
def test_a_list_s_count_is_read_once_per_publication_state(anonymous_client, many, settings, url):
    settings.ATLAS_PAGE_CACHE_SECONDS = 0  # every page built

    def counts():
        with CaptureQueriesContext(connection) as queries:
            response = _get(anonymous_client, url)
        counted = sum("COUNT(" in query["sql"].upper() for query in queries)
        return counted, response.context["page"].paginator.count

    first, again = counts(), counts()
    publish(DesignationFactory(regime=many["episodes"][0].regime, delisted_on=None))
    after = counts()

    assert first[0] == 1 and again == (0, first[1])
    assert after[0] == 1
    if url.startswith("/designations/"):
        assert after[1] == first[1] + 1  # the new designation is counted
