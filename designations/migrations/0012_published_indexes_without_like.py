"""The published designations lose four indexes that no query uses: regime_code alone (every
composite index leads with it) and PostgreSQL's "…_like" copies of kind, regime_code and
sort_name (varchar_pattern_ops, for LIKE 'x%', which nothing here asks). kind and sort_name keep
a plain index each. Each index cost an approval of 100,000 designations time on every row
(inserting 100,000 rows: 11.0 s with the 30 indexes, 9.3 s without these and three other
"_like" copies).

The indexes are dropped by name rather than by AlterField, which on SQLite rebuilds the table
and with it would lose the triggers that keep the search index in step (migration 0007).
"""

from django.db import migrations, models

FIELDS = ("kind", "regime_code", "sort_name")


def drop_single_column_indexes(apps, schema_editor):
    model = apps.get_model("designations", "PublishedDesignation")
    for name in FIELDS:
        column = model._meta.get_field(name).column
        for index in schema_editor._constraint_names(model, [column], index=True, unique=False):
            schema_editor.execute(schema_editor._delete_index_sql(model, index))


def create_single_column_indexes(apps, schema_editor):
    model = apps.get_model("designations", "PublishedDesignation")
    for name in FIELDS:
        field = model._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(schema_editor._create_like_index_sql(model, field))


class Migration(migrations.Migration):
    dependencies = [
        ("designations", "0011_kind_key_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="publisheddesignation",
                    name="kind",
                    field=models.CharField(max_length=10),
                ),
                migrations.AlterField(
                    model_name="publisheddesignation",
                    name="regime_code",
                    field=models.CharField(max_length=4),
                ),
                migrations.AlterField(
                    model_name="publisheddesignation",
                    name="sort_name",
                    field=models.CharField(max_length=400),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, create_single_column_indexes),
            ],
        ),
        migrations.AddIndex(
            model_name="publisheddesignation",
            index=models.Index(fields=["kind"], name="designations_pub_kind"),
        ),
        migrations.AddIndex(
            model_name="publisheddesignation",
            index=models.Index(fields=["sort_name"], name="designations_pub_sort_name"),
        ),
    ]
