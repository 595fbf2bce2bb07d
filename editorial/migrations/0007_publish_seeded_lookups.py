"""Publish the configurable lists as they are, now that each value is reviewed like any record.

Until now a reviewer's edit of a score label, a measure subtype, an unintended consequence or a
coded value (type of conflict, target, objective, other policy instrument) reached the public at
once. From now on the public reads the ``Published…`` projection of each list, written at
approval. This migration gives every existing value a first version (one revision, by nobody) and
publishes it as it stands, so that an existing database and a fresh one show what they showed
before; the seeded values were never reviewed, so their projection rows name no change request.
"""

from django.core import serializers
from django.db import migrations
from django.utils import timezone

CODED = ["code", "label", "definition", "order", "active"]
# (app, working model, projection, document fields, projection columns, repr)
LOOKUPS = [
    ("episodes", "conflicttype", "publishedconflicttype", CODED, ["code", "label", "order", "active"]),
    ("episodes", "targettype", "publishedtargettype", CODED, ["code", "label", "order", "active"]),
    (
        "episodes",
        "objective",
        "publishedobjective",
        [*CODED, "purpose"],
        ["code", "label", "order", "active", "purpose"],
    ),
    (
        "episodes",
        "policyinstrument",
        "publishedpolicyinstrument",
        CODED,
        ["code", "label", "order", "active"],
    ),
    ("episodes", "measuresubtype", "publishedmeasuresubtype", ["slug", "name", "category", "description"], ["slug", "name"]),
    (
        "assessments",
        "scorelabel",
        "publishedscorelabel",
        ["scale", "score", "label", "description"],
        ["scale", "score", "label"],
    ),
    (
        "assessments",
        "unintendedconsequence",
        "publishedconsequence",
        ["slug", "name", "polarity", "is_other", "description", "position"],
        ["slug", "name", "position"],
    ),
]
COMMENT = "Seeded by migration; published as the public saw it when lookups became reviewed"


def publish_seeded(apps, schema_editor):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    now = timezone.now()
    revision = None
    for app_label, model_name, projection_name, fields, columns in LOOKUPS:
        model = apps.get_model(app_label, model_name)
        projection = apps.get_model(app_label, projection_name)
        rows = list(model.objects.using(alias).order_by("pk"))
        done = set(projection.objects.using(alias).values_list("object_id", flat=True))
        rows = [row for row in rows if row.pk not in done]
        if not rows:
            continue
        if revision is None:
            revision = Revision.objects.using(alias).create(date_created=now, comment=COMMENT)
        content_type, _ = ContentType.objects.using(alias).get_or_create(
            app_label=app_label, model=model_name
        )
        for row in rows:
            version = Version.objects.using(alias).create(
                revision=revision,
                object_id=str(row.pk),
                content_type=content_type,
                db=alias,
                format="json",
                serialized_data=serializers.serialize("json", [row]),
                object_repr=str(getattr(row, "label", None) or getattr(row, "name", row.pk))[:191],
            )
            document = {name: getattr(row, name) for name in fields}
            projection.objects.using(alias).create(
                object_id=row.pk,
                document=document,
                public_version=1,
                version_id=version.pk,
                revision_id=revision.pk,
                change_request=None,
                approved_at=now,
                approved_by_name="migration",
                **{name: document[name] for name in columns},
            )


def unpublish(apps, schema_editor):
    alias = schema_editor.connection.alias
    for app_label, _model, projection_name, *_ in LOOKUPS:
        apps.get_model(app_label, projection_name).objects.using(alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_publication_record_reason"),
        ("episodes", "0007_published_lookups"),
        ("assessments", "0004_published_lookups"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(publish_seeded, unpublish)]
