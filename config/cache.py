"""The cache as the public side uses it: an optimisation that may be away.

The page and API response caches, the publication state held in the cache
(``editorial.state_cache``) and the API's rate limit read and write through these helpers. When
the cache does not answer (Redis stopped, an unreachable ``CACHE_URL``), Django's RedisCache
raises; here the error is logged as a warning, the call answers as a miss (``get`` gives the
default, ``set`` and ``add`` store nothing), and the cache is left alone for
``ATLAS_CACHE_RETRY_SECONDS`` in this process, so that a page does not wait for a dead server at
every call. The public side then reads the database and caches nothing: slower, never an error
page.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_down_until = 0.0  # monotonic time until which this process does not ask the cache


def available() -> bool:
    return time.monotonic() >= _down_until


def _failed(operation: str, error: Exception) -> None:
    global _down_until
    seconds = getattr(settings, "ATLAS_CACHE_RETRY_SECONDS", 5)
    _down_until = time.monotonic() + seconds
    logger.warning(
        "The cache does not answer (%s: %s): reading the database, caching nothing, for %s s",
        operation,
        error,
        seconds,
    )


def reset() -> None:
    """Ask the cache again at the next call (tests, and a cache that came back)."""
    global _down_until
    _down_until = 0.0


def get(key: str, default=None):
    if not available():
        return default
    try:
        return cache.get(key, default)
    except Exception as error:  # the backend's own errors: redis.RedisError, OSError, …
        _failed("get", error)
        return default


def set(key: str, value, timeout, *, always: bool = False) -> None:
    """``always``: try even while the cache is taken for away (an invalidation must not be
    skipped because an earlier call failed)."""
    if not always and not available():
        return
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _failed("set", error)


def add(key: str, value, timeout) -> None:
    if not available():
        return
    try:
        cache.add(key, value, timeout)
    except Exception as error:
        _failed("add", error)
