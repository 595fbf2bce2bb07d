"""Past imports of the UN consolidated list and the 1718 vessel list, readable by both roles."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def let_both_roles_view_imports(apps, schema_editor):
    # Permissions are normally created after all migrations ran (see editorial 0002).
    app_config = apps.get_app_config("designations")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="designations", codename="view_importrun")
    for group in Group.objects.filter(name__in=["Researchers", "Reviewers"]):
        group.permissions.add(view)


class Migration(migrations.Migration):

    dependencies = [
        ('designations', '0002_published_designation_trigram_search'),
        ('editorial', '0002_create_roles'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('un_list', 'UN consolidated list'), ('vessel_list', '1718 Committee vessel list')], db_index=True, max_length=12)),
                ('location', models.CharField(help_text='The file path or https:// address given.', max_length=1000, verbose_name='read from')),
                ('list_date', models.DateField(help_text='The date of the list (for the UN list, the day it was generated). Entries missing from the list are marked delisted on this date.')),
                ('generated_at', models.DateTimeField(blank=True, help_text="The UN list's own dateGenerated timestamp.", null=True, verbose_name='list generated at')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256 of the file')),
                ('size_bytes', models.PositiveBigIntegerField(verbose_name='file size (bytes)')),
                ('archive_path', models.CharField(help_text='Where the raw file was archived, relative to the import archive directory.', max_length=500, verbose_name='archived copy')),
                ('entries', models.PositiveIntegerField(verbose_name='entries read')),
                ('added', models.PositiveIntegerField(default=0)),
                ('amended', models.PositiveIntegerField(default=0)),
                ('delisted', models.PositiveIntegerField(default=0)),
                ('relisted', models.PositiveIntegerField(default=0)),
                ('unchanged', models.PositiveIntegerField(default=0)),
                ('warnings', models.JSONField(blank=True, default=list)),
                ('entry_digests', models.JSONField(blank=True, default=dict, editable=False, help_text="For the latest import of each list only: {DATAID: [hash of the entry as given, the designation's updated_at in microseconds]}, so that the next import can tell an entry unchanged in both the list and the working copy without comparing it.")),
                ('created_at', models.DateTimeField(db_index=True, verbose_name='run at')),
                ('seconds', models.FloatField(default=0, verbose_name='duration (seconds)')),
                ('change_request', models.ForeignKey(blank=True, help_text='The change request filed with --submit, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='editorial.changerequest')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='run by')),
                ('revision', models.ForeignKey(blank=True, help_text='The one revision holding every change of this import (none if nothing changed).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='reversion.revision')),
            ],
            options={
                'verbose_name': 'import of a list',
                'verbose_name_plural': 'imports of lists',
                'ordering': ['-created_at', '-id'],
                'get_latest_by': 'created_at',
                'default_permissions': ('view',),
            },
        ),
        migrations.RunPython(let_both_roles_view_imports, migrations.RunPython.noop),
    ]
