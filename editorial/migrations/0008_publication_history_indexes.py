"""Indexes of the public history for ``as_of``: by public identifier, so that a page of the data
as of a day walks the history in its order and stops after its rows (at 100,000 designations it
read and sorted every record first), and a partial index of the withdrawals, which each record
shown is checked against. tests/api/test_as_of_plans.py reads the plans.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0007_publish_seeded_lookups"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publicationrecord",
            index=models.Index(
                fields=["content_type", "key", "object_id"], name="publication_by_key"
            ),
        ),
        migrations.AddIndex(
            model_name="publicationrecord",
            index=models.Index(
                condition=models.Q(("action", "unpublished")),
                fields=["content_type", "object_id", "number"],
                name="publication_withdrawals",
            ),
        ),
    ]
