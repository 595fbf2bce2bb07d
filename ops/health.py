"""``/healthz`` for a load balancer: is the database reachable, and is every migration applied?

No authentication needed, no template: two small queries (Django's own migration plan, the
check behind `migrate --check`). 200 {"status": "ok"}, or 503 {"status": "unavailable"}. What
is wrong (the database error, the pending migrations) is logged on "ops.health" and shown in
the answer to signed-in staff only (when the database is reachable to tell them apart): to
anybody else it would describe the installation.
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("ops.health")


@never_cache
@require_safe
def healthz(request):
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        # Nobody is shown more: telling staff apart would need the database that failed.
        return _unavailable(False, "database unreachable")
    if pending:
        names = [f"{migration.app_label}.{migration.name}" for migration, _ in pending]
        logger.warning("Health check: %d migration(s) not applied: %s", len(names), names)
        return _unavailable(
            _is_staff(request), f"{len(names)} migration(s) not applied", pending=names[:20]
        )
    return JsonResponse({"status": "ok"})


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


def _unavailable(show_details: bool, reason: str, **details) -> JsonResponse:
    body = {"status": "unavailable"}
    if show_details:
        body.update(reason=reason, **details)
    return JsonResponse(body, status=503)
