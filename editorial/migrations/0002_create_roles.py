"""Create the groups "Researchers" and "Reviewers" with their model permissions.

Researchers edit the working copy and submit it for review; Reviewers can do the same and also
decide change requests (never their own: services.approve enforces the four-eyes rule) and curate
the configurable lists. Administrators (superusers) manage users and groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKING_MODELS = {
    "episodes": ["regime", "episode", "resolution", "episodepurpose", "sanctionmeasure", "episodedocument"],
    "designations": ["designation", "alias", "address", "birthdate", "birthplace", "identitydocument"],
    "assessments": ["effectivenessassessment", "episodeconsequence"],
}
LOOKUPS = {
    "episodes": ["measuresubtype"],
    "assessments": ["scorelabel", "unintendedconsequence"],
}
READ_ONLY = {
    "episodes": ["publishedepisode", "publishedregime"],
    "designations": ["publisheddesignation"],
    "assessments": ["publishedassessment"],
    "editorial": ["changerequest", "changerequestitem", "auditevent", "publicationrecord"],
    "reversion": ["revision", "version"],
}


def codenames(spec, actions):
    for app_label, models in spec.items():
        for model in models:
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so that the
    # groups can be given them in the same `migrate`.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    researcher_pairs = [
        *codenames(WORKING_MODELS, ("add", "change", "delete", "view")),
        *codenames(LOOKUPS, ("view",)),
        *codenames(READ_ONLY, ("view",)),
        ("editorial", "add_changerequest"),
    ]
    reviewer_pairs = [
        *researcher_pairs,
        *codenames(LOOKUPS, ("add", "change")),
        ("editorial", "review_changerequest"),
    ]
    researchers, _ = Group.objects.get_or_create(name="Researchers")
    researchers.permissions.set(permissions(researcher_pairs))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(permissions(reviewer_pairs))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Researchers", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("episodes", "0002_seed_lookups_and_regimes"),
        ("designations", "0001_initial"),
        ("assessments", "0002_seed_score_labels_and_consequences"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
