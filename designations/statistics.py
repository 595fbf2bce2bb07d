"""Planner statistics of the published designations on SQLite, renewed after a large approval.

PostgreSQL's autovacuum analyses a table after a bulk change. SQLite keeps no statistics until
ANALYZE runs, and Django never runs it; without them SQLite reads a regime's page of designations
"by name, listed after 2010" through the index of the date filter and sorts the whole regime,
rather than through the index of the page's order (migration 0010): 44 ms against 8 ms at
100,000 designations. ``PRAGMA optimize`` would do it only on the tables a closing connection
read (SQLite 3.40 here) and Django has no hook at closing, so an approval of at least
``ATLAS_ANALYZE_AFTER_RECORDS`` records (an imported list, a batch) analyses the table, once its
transaction has committed (0.2 s at 100,000 rows).
"""

from django.conf import settings
from django.db import connections, router


def analyse() -> None:
    """Renew SQLite's statistics of the published designations (nothing on other databases)."""
    from designations.models import PublishedDesignation

    connection = connections[router.db_for_write(PublishedDesignation)]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {PublishedDesignation._meta.db_table}")


def analyse_after_large_approval(sender, keys, **kwargs) -> None:
    """Receiver of ``editorial.signals.published``."""
    if len(keys) >= settings.ATLAS_ANALYZE_AFTER_RECORDS:
        analyse()
