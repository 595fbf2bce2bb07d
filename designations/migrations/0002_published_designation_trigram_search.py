"""Fuzzy name search on PostgreSQL: the pg_trgm extension and a trigram index on search_text.

PostgreSQL only (a no-op elsewhere): SQLite keeps the plain word search of designations.search.
pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it.
"""

from django.db import migrations

INDEX = "designations_published_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON designations_publisheddesignation "
        "USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("designations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
