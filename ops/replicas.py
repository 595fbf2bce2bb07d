"""Read replicas: the public site's and API's reads go to a streaming replica, everything else to
the primary (README "Scaling out").

- ``PublicReadsMiddleware`` marks a request as public (a GET or HEAD to a view of
  ``public.site`` or ``public.api``) for the time its view runs; ``ReplicaRouter`` sends the reads
  of a marked request to a replica and every other read, and every write, to the primary: the
  admin, the review pages, the workflow, imports and the health check's migration check read
  the primary, whatever model they read.
- A replica is used only while it is healthy: it answers, and it is not behind the primary's
  publication state for longer than ``ATLAS_REPLICA_MAX_LAG_SECONDS`` (checked at most every
  ``ATLAS_REPLICA_CHECK_SECONDS`` per process, two primary-key reads). Otherwise the primary
  serves the public side; a query that fails on a replica mid-request is answered again from
  the primary. The public never gets an error page because of a replica.
- The mark lasts while the middleware runs: the rows of a streamed response (the API's CSV),
  read after it returned, come from the primary.

Hand-written because Django has no replica router of its own (its documentation's example is
this shape); the health check is ours because only the project knows what "behind" means for
the public (an approval not yet visible).
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

# The replica alias the current request reads from, or None (the primary).
_reading_from: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "atlas_replica", default=None
)
# {alias: (checked at monotonic time, healthy, behind since monotonic time or None)}
_health: dict[str, tuple[float, bool, float | None]] = {}


def replicas() -> list[str]:
    return list(getattr(settings, "ATLAS_READ_REPLICAS", []))


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reading_from.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _state_version(alias: str) -> int:
    from editorial.models import PublicState

    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT version FROM {connections[alias].ops.quote_name(PublicState._meta.db_table)}"
            " WHERE id = 1"
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def healthy(alias: str) -> bool:
    """Whether ``alias`` answers and shows the primary's publication state (or has been behind
    it for less than the allowed lag)."""
    now = time.monotonic()
    checked, ok, behind_since = _health.get(alias, (-1e9, False, None))
    if now - checked < settings.ATLAS_REPLICA_CHECK_SECONDS:
        return ok
    try:
        behind = _state_version(alias) < _state_version("default")
    except DatabaseError as error:
        logger.warning("Replica %s does not answer: %s", alias, error)
        connections[alias].close()
        _health[alias] = (now, False, None)
        return False
    if not behind:
        behind_since = None
    elif behind_since is None:
        behind_since = now
    ok = behind_since is None or now - behind_since <= settings.ATLAS_REPLICA_MAX_LAG_SECONDS
    if not ok:
        logger.warning("Replica %s is behind the primary's publication state", alias)
    _health[alias] = (now, ok, behind_since)
    return ok


def choose_replica() -> str | None:
    usable = [alias for alias in replicas() if healthy(alias)]
    return random.choice(usable) if usable else None


class PublicReadsMiddleware:
    """Reads of public GET and HEAD requests from a healthy replica; see the module docstring.

    Placed before ``public.http.PublicHttpMiddleware``, so that the publication state a page is
    validated against is the replica's, the same as the data it shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_atlas_replica_token", None)
            if token is not None:
                _reading_from.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from public.http import SAFE_METHODS, request_state, view_side

        if not replicas() or request.method not in SAFE_METHODS:
            return None
        match = request.resolver_match
        if view_side(view_func, match.namespace if match else "") is None:
            return None
        alias = choose_replica()
        if alias is None:
            return None
        request._atlas_replica_token = _reading_from.set(alias)
        request._atlas_view = (view_func, view_args, view_kwargs)
        try:
            request_state(request)  # the validators' read, before public.http needs it
        except DatabaseError as error:
            self._give_up(alias, error)
            request.atlas_state = None
        return None

    @staticmethod
    def _give_up(alias: str, error: Exception) -> None:
        logger.warning(
            "Replica %s failed a public request, answered from the primary: %s", alias, error
        )
        connections[alias].close()
        _health[alias] = (time.monotonic(), False, None)
        _reading_from.set(None)

    def process_exception(self, request, exception):
        """A replica that failed mid-request: the same view again, from the primary."""
        alias = _reading_from.get()
        if alias is None or not isinstance(exception, DatabaseError):
            return None
        self._give_up(alias, exception)
        view_func, view_args, view_kwargs = request._atlas_view
        return view_func(request, *view_args, **view_kwargs)
