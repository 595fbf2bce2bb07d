"""Search through indexes: on SQLite an FTS5 table over the published search columns; on
PostgreSQL a trigram GIN index on ``search_ids`` beside the one on ``search_text`` (0002), which
serves LIKE and similarity alike. Without it every SQLite search reads every row's names (a second at 20,000
designations). An external-content table: it stores only the index, and triggers keep it equal
to ``designations_publisheddesignation`` whatever writes the rows (approval, republish, bulk
loads). The text is normalised already (designations.search), so the tokenizer only splits it.
"""

from django.db import migrations

TABLE = "designations_search_fts"
SOURCE = "designations_publisheddesignation"
COLUMNS = "search_text, search_ids"

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, content='{SOURCE}', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.search_text, new.search_ids); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.search_text, old.search_ids); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.search_text, old.search_ids); "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.search_text, new.search_ids); "
    "END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]


PG_INDEX = "designations_published_search_ids_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {SOURCE} USING gin (search_ids gin_trgm_ops)"
        )
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("designations", "0006_backfill_search_columns")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
