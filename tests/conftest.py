"""The cast (researcher, reviewer, other reviewer, anonymous) and shared helpers."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests import workflow


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Every test starts with an empty cache (the API rate limit keeps its counts there),
    without cached content types (a transactional test's flush gives them new ids) and without
    values held per publication state (public.selectors.held_per_state: a rolled-back test's
    states reuse its tokens), and without the SQL kept per shape (public.statements).

    The publication state is held in the cache as in production with a shared cache
    (editorial.state_cache): a test's single process shares its locmem cache with itself."""
    from config import cache as atlas_cache
    from public import selectors, statements

    settings.ATLAS_STATE_CACHE_SECONDS = 300
    atlas_cache.reset()
    cache.clear()
    selectors.forget_held()
    statements.forget()
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _primary_only(request, settings):
    """Ordinary tests read the primary (a replica is a test mirror of it, outside the test's
    transaction); tests marked ``replicas`` read the real replica (tests/ops/test_replicas.py)."""
    if "replicas" not in request.keywords:
        settings.ATLAS_READ_REPLICAS = []


@pytest.fixture(autouse=True)
def _import_archive(settings, tmp_path):
    """Imports (the demo's too) archive their list under the test's own folder, never the repo."""
    settings.ATLAS_IMPORT_ARCHIVE_DIR = tmp_path / "imports"


@pytest.fixture
def researcher(db):
    return workflow.staff_user(
        "rita",
        "Researchers",
        first_name="Rita",
        last_name="Researcher",
        email="rita@example.org",
    )


@pytest.fixture
def other_researcher(db):
    return workflow.staff_user(
        "oscar",
        "Researchers",
        first_name="Oscar",
        last_name="Researcher",
        email="oscar@example.org",
    )


@pytest.fixture
def reviewer(db):
    return workflow.staff_user(
        "victor",
        "Reviewers",
        first_name="Victor",
        last_name="Reviewer",
        email="victor@example.org",
    )


@pytest.fixture
def other_reviewer(db):
    return workflow.staff_user(
        "wanda",
        "Reviewers",
        first_name="Wanda",
        last_name="Reviewer",
        email="wanda@example.org",
    )


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def researcher_client(researcher):
    return _client_for(researcher)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def other_reviewer_client(other_reviewer):
    return _client_for(other_reviewer)


@pytest.fixture
def demo(db, settings):
    """The demo data, loaded through the real command (published through review)."""
    settings.DEBUG = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from episodes.models import Episode

    return Episode.objects.get(slug="dprk-ep-8")
