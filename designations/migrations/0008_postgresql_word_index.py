"""Search through indexes on PostgreSQL as on SQLite: a full-text (GIN) index of the words of
``search_text``, which finds the candidate rows of a search as SQLite's FTS5 table does (0007),
an index of the identifiers of ``search_ids`` one by one (exact, where the trigrams of 0007 read
long lists for the digits every IMO number shares), and the names' word trigrams, which approval now writes on PostgreSQL too (designations.search:
misspellings are looked up word by word on both databases).

pg_trgm's word similarity, which PostgreSQL searches used before, is computed per candidate row
(about 20 µs each over all of a row's names) and cost seconds at 100,000 designations. The
'simple' configuration only splits and lower-cases: the text is normalised already. A no-op on
SQLite.
"""

from django.db import migrations

SOURCE = "designations_publisheddesignation"
INDEX = "designations_published_search_words"
IDS_INDEX = "designations_published_search_ids"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {SOURCE} "
        "USING gin (to_tsvector('simple'::regconfig, search_text))"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {IDS_INDEX} ON {SOURCE} "
        "USING gin (string_to_array(search_ids, '|'))"
    )
    # The trigrams of every word of the names published so far (as search.index_words writes
    # them at approval: padded with two spaces before and one after, words of 60 letters at most).
    schema_editor.execute(
        "INSERT INTO designations_searchtrigram (trigram, word) "
        "SELECT DISTINCT substr('  ' || word || ' ', i, 3), word FROM ("
        f"  SELECT DISTINCT unnest(regexp_split_to_array(search_text, '\\s+')) AS word FROM {SOURCE}"
        ") AS words, generate_series(1, 61) AS i "
        "WHERE word <> '' AND length(word) <= 60 AND i <= length(word) + 1 "
        "ON CONFLICT DO NOTHING"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {IDS_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("designations", "0007_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
