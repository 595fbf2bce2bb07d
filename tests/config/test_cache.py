"""Redis as the cache every process shares (CACHE_URL=redis://HOST:PORT/DB, Django's RedisCache).

Run against the machine's Redis on 127.0.0.1:6379, database 5 (ATLAS_TEST_REDIS_URL overrides),
of which only that database is flushed. Skipped with the reason when no Redis answers, except
where ATLAS_REQUIRE_REDIS is set (CI), where that fails.
"""

import os

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from config.env import parse_cache_url
from tests.factories import DesignationFactory, RegimeFactory
from tests.workflow import publish

REDIS_URL = os.environ.get("ATLAS_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def test_a_redis_url_configures_djangos_redis_cache():
    assert parse_cache_url("redis://127.0.0.1:6379/5") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/5",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    assert parse_cache_url("rediss://:secret@cache.internal:6380/0")["LOCATION"] == (
        "rediss://:secret@cache.internal:6380/0"
    )
    for bad, message in [
        ("redis://127.0.0.1:port/0", "port that is not a number"),
        ("redis:///0", "give a host and a database number"),
        ("redis://127.0.0.1:6379/cache", "give a host and a database number"),
        ("memcached://127.0.0.1", "use redis://HOST:PORT/DB"),
    ]:
        with pytest.raises(ImproperlyConfigured, match=message):
            parse_cache_url(bad)


def other_process_cache() -> RedisCache:
    """A cache with connections of its own, as another worker or machine would have."""
    return RedisCache(REDIS_URL, {})


@pytest.fixture
def redis_cache(settings):
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("ATLAS_REQUIRE_REDIS"):
            pytest.fail(
                f"no Redis answers at {REDIS_URL} ({error}), and ATLAS_REQUIRE_REDIS is set"
            )
        pytest.skip(f"no Redis answers at {REDIS_URL} ({error}); CI starts one")
    client.flushdb()  # this database only
    settings.CACHES = {"default": parse_cache_url(REDIS_URL)}
    yield client
    client.flushdb()
    client.close()


@pytest.mark.django_db
def test_api_and_page_caches_are_shared_through_redis(redis_cache, anonymous_client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ATLAS_API_ANON_RATE = None
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.001"))

    api = anonymous_client.get("/api/designations/")
    home = anonymous_client.get("/")

    assert api.status_code == home.status_code == 200
    keys = {key.decode() for key in redis_cache.keys("*")}
    api_keys = [key for key in keys if ":atlas-api:" in key]
    page_keys = [key for key in keys if ":page:" in key]
    assert len(api_keys) == 1 and len(page_keys) == 1, keys
    other = other_process_cache()
    # Django's key format is "PREFIX:VERSION:KEY"; another process reads the same entries.
    assert other.get(api_keys[0].split(":", 2)[2]) == api.content
    assert other.get(page_keys[0].split(":", 2)[2]) == home.content


def test_what_one_process_counts_another_sees(redis_cache):
    """The login throttle's counters and any other cached state: one cache for all."""
    from django.core.cache import cache

    cache.set("failures:account:alice", {"count": 3}, 60)
    assert other_process_cache().get("failures:account:alice") == {"count": 3}
    other_process_cache().delete("failures:account:alice")
    assert cache.get("failures:account:alice") is None


# --- the publication state held in the shared cache (editorial.state_cache) ------------------


def _state_entries(client) -> dict[str, bytes]:
    return {
        key.decode(): client.get(key)
        for key in client.keys("*atlas-state:*")
        if not key.endswith(b":generation")
    }


def _generation(client) -> bytes | None:
    keys = client.keys("*atlas-state:*:generation")
    return client.get(keys[0]) if keys else None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_commit_renews_the_state_every_process_reads(redis_cache, anonymous_client, settings):
    """A hit or a 304 reads the state from Redis only; the approval's commit gives Redis a new
    generation, so the next request (in any process: Redis is all they share) reads the new
    state, never the old validator."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ATLAS_API_ANON_RATE = None
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.001"))
    first = anonymous_client.get("/api/designations/")
    etag = first["ETag"]
    generation = _generation(redis_cache)
    assert generation is not None and len(_state_entries(redis_cache)) == 1

    with CaptureQueriesContext(connection) as captured:
        again = anonymous_client.get("/api/designations/", headers={"If-None-Match": etag})
        hit = anonymous_client.get("/api/designations/")
    assert again.status_code == 304 and hit.content == first.content
    assert len(captured) == 0, [query["sql"] for query in captured]

    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.002"))

    assert _generation(redis_cache) != generation
    after = anonymous_client.get("/api/designations/", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after["ETag"] != etag
    assert "KPi.002" in after.content.decode()
    assert other_process_cache().get("unused") is None  # the other client answers too


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_state_read_inside_the_changing_transaction_is_not_shared(redis_cache, settings):
    """Read inside the transaction that changes it, the state names a version no other process
    can see yet: it is not cached; after the commit the new one is."""
    from django.db import transaction

    from editorial.models import PublicState
    from editorial.publication import mark_public_change
    from public.selectors import publication_state

    before = publication_state().token
    with transaction.atomic():
        mark_public_change()
        inside = publication_state().token
        assert inside != before
        cached = [value for value in _state_entries(redis_cache).values() if value]
        assert not any(inside.encode() in value for value in cached)
    after = publication_state()
    row = PublicState.objects.get()
    assert after.token == inside == f"{row.epoch}.{row.version}"

    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: nothing to announce
        mark_public_change()
        raise RuntimeError
    assert publication_state().token == after.token


UNREACHABLE = "redis://127.0.0.1:1/9"  # nothing listens on port 1


@pytest.mark.django_db
def test_public_pages_do_not_fail_when_the_cache_is_away(anonymous_client, settings, caplog):
    """Redis stopped or unreachable: pages and the API read the database and cache nothing,
    with a warning in the log; an approval still commits."""
    from editorial.models import PublicState

    settings.CACHES = {"default": parse_cache_url(UNREACHABLE)}
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ATLAS_API_ANON_RATE = "1000/minute"  # the rate limit's counts live in the cache
    settings.ATLAS_STATE_CACHE_SECONDS = 300
    settings.ATLAS_CACHE_RETRY_SECONDS = 0  # ask again at every call, the harder case
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.001"))

    for url in (
        "/",
        "/statistics/",
        "/designations/",
        "/designations/KPi.001/",
        "/api/designations/",
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        again = anonymous_client.get(url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304, url
    api = anonymous_client.get("/api/designations/")
    assert "KPi.001" in api.content.decode()
    for url in ("/api/schema/", "/api/docs/"):  # the schema was cache_page's, which raised
        response = anonymous_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert "openapi" in anonymous_client.get("/api/schema/?format=json").json()
    assert any("The cache does not answer" in record.getMessage() for record in caplog.records)

    version = PublicState.objects.get().version
    publish(DesignationFactory(regime=RegimeFactory(code="KP"), reference_number="KPi.002"))
    assert PublicState.objects.get().version == version + 1
    assert "KPi.002" in anonymous_client.get("/api/designations/").content.decode()
