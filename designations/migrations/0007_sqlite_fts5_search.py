"""Word search on SQLite through an index: an FTS5 table over the published search columns.

SQLite only (a no-op elsewhere: PostgreSQL's trigram GIN index of migration 0002 serves LIKE and
similarity alike). Without it every SQLite search reads every row's names (a second at 20,000
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("designations", "0006_backfill_search_columns")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
