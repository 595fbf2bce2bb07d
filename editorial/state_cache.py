"""The publication state (editorial.models.PublicState) held in the shared cache, so that a cached
response or a 304 reads no database.

Two kinds of entry, per database:

- the *generation*: a random name, replaced by every change of what the public sees, once
  inside its transaction and again as soon as it commits (``changed``);
- the state read under a generation (``read``): filled on a miss from the database, by
  ``cache.add``, never overwriting.

Why this is never stale: a request reads the generation first, then (on a miss) the database.
A commit is followed by a new generation, so a request that begins after that sees the new
generation and either a state read after the commit or none; a state filled under an older
generation is never looked up again. No compare-and-set is needed, so every Django backend
does. The state is filled only outside a transaction of the application's own (a test's
wrapping transaction aside): a state read inside the transaction that changes it would name a
version other processes cannot see yet. The entries also expire after
``ATLAS_STATE_CACHE_SECONDS``, the bound of any staleness the rules cannot see (a database
changed by hand, an invalidation that could not reach the cache).

Used only where every process shares the cache (Redis, file, database backends: the default
of ``ATLAS_STATE_CACHE_SECONDS``) and without read replicas (a replica may be behind the
state a commit announces on the primary). When the cache is away the state is read from the
database (config.cache).

A state read from the shared cache is also held in the process under its key (generation
included) for ``ATLAS_STATE_CACHE_SECONDS``, so that a request costs one cache read, the
generation's: a state under a generation never changes, so this only lets the bound above reach
twice that time.
"""

import functools
import hashlib
import secrets
import time

from django.conf import settings
from django.db import connections, transaction

from config import cache

_PREFIX = "atlas-state"

# The last state read from the shared cache, per database: {using: (key, state, until)}.
_held: dict[str, tuple] = {}


def enabled() -> bool:
    return bool(settings.ATLAS_STATE_CACHE_SECONDS) and not settings.ATLAS_READ_REPLICAS


def _scope(using: str) -> str:
    """The database the state belongs to: two databases may share one cache."""
    database = settings.DATABASES[using]
    return _digest(
        database.get("ENGINE"), database.get("HOST"), database.get("PORT"), database.get("NAME")
    )


@functools.lru_cache(maxsize=64)
def _digest(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _generation_key(using: str) -> str:
    return f"{_PREFIX}:{_scope(using)}:generation"


def renew(using: str = "default") -> None:
    """A new generation: every state cached before it is forgotten."""
    cache.set(_generation_key(using), secrets.token_hex(8), None, always=True)


def changed(using: str = "default") -> None:
    """Called in the transaction that changes what the public sees (after the PublicState
    row's update): a new generation now and another when it commits."""
    renew(using)
    transaction.on_commit(lambda: renew(using), using=using)


def in_own_transaction(using: str = "default") -> bool:
    """Inside a transaction of the application's own (a test's wrapping one aside): what is
    read here may never be committed."""
    blocks = getattr(connections[using], "atomic_blocks", [])
    return any(not block._from_testcase for block in blocks)


def read(load, using: str = "default"):
    """The state as ``load()`` reads it from the database ``using``, from the cache when it
    holds the current generation's."""
    if not enabled() or in_own_transaction(using):
        return load()
    generation_key = _generation_key(using)
    generation = cache.get(generation_key)
    if generation is None:
        if not cache.available():
            return load()
        cache.add(generation_key, secrets.token_hex(8), None)
        generation = cache.get(generation_key)  # whoever added it first
        if generation is None:
            return load()
    key = f"{_PREFIX}:{_scope(using)}:{generation}"
    held = _held.get(using)
    if held is not None and held[0] == key and held[2] > time.monotonic():
        return held[1]
    state = cache.get(key)
    if state is None:
        state = load()
        cache.add(key, state, settings.ATLAS_STATE_CACHE_SECONDS)
    else:
        _held[using] = (key, state, time.monotonic() + settings.ATLAS_STATE_CACHE_SECONDS)
    return state
