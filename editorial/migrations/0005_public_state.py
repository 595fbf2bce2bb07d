"""The one row that says when what the public sees changed (editorial.models.PublicState)."""

import datetime
import secrets

from django.db import migrations, models


def create_state(apps, schema_editor):
    PublicState = apps.get_model("editorial", "PublicState")
    PublicationRecord = apps.get_model("editorial", "PublicationRecord")
    last = PublicationRecord.objects.order_by("-approved_at").values_list("approved_at", flat=True)
    last_approved_at = next(iter(last[:1]), None)
    changed_at = None
    if last_approved_at is not None:
        changed_at = last_approved_at.replace(microsecond=0) + datetime.timedelta(seconds=1)
    PublicState.objects.create(
        pk=1,
        epoch=secrets.token_hex(8),
        version=PublicationRecord.objects.count(),
        changed_at=changed_at,
        last_approved_at=last_approved_at,
    )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0004_fill_authors_of_open_change_requests")]

    operations = [
        migrations.CreateModel(
            name="PublicState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("epoch", models.CharField(max_length=32)),
                ("version", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
                ("last_approved_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(create_state, migrations.RunPython.noop),
    ]
