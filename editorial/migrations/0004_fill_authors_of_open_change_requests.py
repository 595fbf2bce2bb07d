"""Name the authors of the requests still open when authors began to be recorded.

Everyone who wrote a revision after the published version up to the pinned one: the four-eyes
rule keeps them from approving, so the dashboards and the e-mails leave them out.
"""

from django.db import migrations

PROJECTIONS = {
    ("episodes", "regime"): ("episodes", "PublishedRegime"),
    ("episodes", "episode"): ("episodes", "PublishedEpisode"),
    ("designations", "designation"): ("designations", "PublishedDesignation"),
    ("assessments", "effectivenessassessment"): ("assessments", "PublishedAssessment"),
}


def fill_authors(apps, schema_editor):
    ChangeRequest = apps.get_model("editorial", "ChangeRequest")
    ChangeRequestItem = apps.get_model("editorial", "ChangeRequestItem")
    Version = apps.get_model("reversion", "Version")
    for change_request in ChangeRequest.objects.filter(
        status__in=["submitted", "changes_requested"]
    ):
        authors = set()
        items = ChangeRequestItem.objects.filter(
            change_request=change_request, action="publish"
        ).select_related("content_type")
        for item in items:
            key = (item.content_type.app_label, item.content_type.model)
            published = None
            if key in PROJECTIONS:
                projection = apps.get_model(*PROJECTIONS[key])
                published = (
                    projection.objects.filter(object_id=int(item.object_id))
                    .values_list("version_id", flat=True)
                    .first()
                )
            versions = Version.objects.filter(
                content_type_id=item.content_type_id,
                object_id=item.object_id,
                pk__lte=item.version_id,
            )
            if published:
                versions = versions.filter(pk__gt=published)
            authors.update(
                user_id
                for user_id in versions.values_list("revision__user_id", flat=True)
                if user_id
            )
        change_request.authors.set(authors)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_change_request_record_authors_comments_notifications"),
        ("episodes", "0002_seed_lookups_and_regimes"),
        ("designations", "0003_importrun"),
        ("assessments", "0002_seed_score_labels_and_consequences"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(fill_authors, migrations.RunPython.noop)]
