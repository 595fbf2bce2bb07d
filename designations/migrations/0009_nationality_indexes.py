"""Indexes of the nationalities, so that a search with a nationality ("kim" in North Korea)
intersects the indexes before it reads a row (designations.search): on PostgreSQL a GIN index of
the codes of ``nationality_codes`` and a trigram GIN index of the listed text as icontains reads
it (``upper(nationalities)``); on SQLite an FTS5 table of both with the trigram tokenizer, which
finds a text as a substring whatever its case, kept by triggers as the words' table of 0007 is.
Without them, "kim" with a nationality read all 13,000 rows with a "kim" (twice: the count and
the page) at 100,000 designations.
"""

from django.db import migrations

SOURCE = "designations_publisheddesignation"
TABLE = "designations_nationality_fts"
COLUMNS = "nationalities, nationality_codes"
PG_CODES = "designations_published_nationality_codes"
PG_TEXT = "designations_published_nationalities_trgm"

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, content='{SOURCE}', "
    "content_rowid='id', tokenize='trigram case_sensitive 0')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) "
    "VALUES (new.id, new.nationalities, new.nationality_codes); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.nationalities, old.nationality_codes); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.nationalities, old.nationality_codes); "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) "
    "VALUES (new.id, new.nationalities, new.nationality_codes); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_CODES} ON {SOURCE} "
            "USING gin (string_to_array(nationality_codes, '|'))"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_TEXT} ON {SOURCE} "
            "USING gin (upper(nationalities) gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_CODES}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_TEXT}")
    elif vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("designations", "0008_postgresql_word_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
