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
    page_keys = [key for key in keys if ":page:/:" in key]
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
