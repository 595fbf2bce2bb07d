"""``/healthz`` for a load balancer: is the database reachable, and is every migration applied?

No authentication, no session, no template: two small queries (Django's own migration plan,
the check behind `migrate --check`). 200 {"status": "ok"}; 503 with the reason otherwise.
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
        return _unavailable("database unreachable")
    if pending:
        names = [f"{migration.app_label}.{migration.name}" for migration, _ in pending]
        return _unavailable(f"{len(names)} migration(s) not applied", pending=names[:20])
    return JsonResponse({"status": "ok"})


def _unavailable(reason: str, **details) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "reason": reason, **details}, status=503)
