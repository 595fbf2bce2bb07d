"""Backups that restore: export_dataset, then import_dataset into an empty database, gives back
every row of every table; a non-empty database, a damaged file or a broken export is refused
with nothing written. Runs on SQLite and on PostgreSQL (CI runs the suite on both)."""

import hashlib
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from designations.models import Designation, PublishedDesignation
from editorial import publication, registry, services
from editorial.models import AuditEvent, ChangeRequest, PublicState
from episodes.models import PublishedEpisode
from ops import backup
from tests.factories import (
    AliasFactory,
    BirthDateFactory,
    DesignationFactory,
    EpisodeFactory,
    IdentityDocumentFactory,
)
from tests.forms import form_data
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def dump(models=None) -> dict[str, list[dict]]:
    """Every row of every exported table, as Python values.

    Content types and permissions appear by natural key, (app_label, model[, codename]): a
    restore keeps every other key, but these belong to the target database.
    """
    content_types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    permissions = {
        p.pk: (*content_types[p.content_type_id], p.codename) for p in Permission.objects.all()
    }
    natural = {ContentType: content_types, Permission: permissions}
    result = {}
    for model in models or backup.data_models():
        translate = {
            f.attname: natural[f.related_model]
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in natural
        }
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            for name, keys in translate.items():
                row[name] = keys.get(row[name], row[name])
        result[model._meta.label_lower] = rows
    result["reference"] = sorted(content_types.values()) + sorted(permissions.values())
    return result


@pytest.fixture
def fresh_seeds(db):
    """The seeded tables as `migrate` left them, read before any test data exists."""
    return dump([m for m in backup.data_models() if m._meta.label_lower in backup.SEEDED])


def make_freshly_migrated(fresh_seeds) -> None:
    """Empty every exported table, then seed it again as `migrate` would, under new keys."""
    for model in reversed(backup.data_models()):
        model._base_manager.all().delete()
    new_keys = {}
    for model in backup.data_models():
        label = model._meta.label_lower
        for row in fresh_seeds.get(label, []):
            row = dict(row)
            old_pk = row.pop("id")
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is not None and target._meta.label_lower in backup.SEEDED:
                    row[field.attname] = new_keys[(target._meta.label_lower, row[field.attname])]
                if target is ContentType and isinstance(row[field.attname], (list, tuple)):
                    # dump() gave it as (app_label, model): a seeded version's content type
                    row[field.attname] = ContentType.objects.get_by_natural_key(
                        *row[field.attname]
                    ).pk
                if target is Permission:  # dump() gave it as (app_label, model, codename)
                    app_label, model_name, codename = row[field.attname]
                    row[field.attname] = Permission.objects.get_by_natural_key(
                        codename, app_label, model_name
                    ).pk
            new_keys[(label, old_pk)] = model._base_manager.create(**row).pk
    assert backup.emptiness_problems() == []


@pytest.fixture
def new_reference_ids():
    """Re-create every content type and permission under new ids, as a database migrated in
    another order would have them; the cache of content types is emptied afterwards."""

    def shuffle():
        content_types = list(ContentType.objects.order_by("-pk").values("app_label", "model"))
        permissions = list(
            Permission.objects.values(
                "content_type__app_label", "content_type__model", "codename", "name"
            )
        )
        granted = {
            group: list(
                group.permissions.values_list(
                    "content_type__app_label", "content_type__model", "codename"
                )
            )
            for group in Group.objects.all()
        }
        old_ids = set(ContentType.objects.values_list("pk", flat=True))
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        ContentType.objects.bulk_create(ContentType(**row) for row in content_types)
        new = {(ct.app_label, ct.model): ct for ct in ContentType.objects.all()}
        assert not old_ids & {ct.pk for ct in new.values()}
        Permission.objects.bulk_create(
            Permission(
                content_type=new[(p["content_type__app_label"], p["content_type__model"])],
                codename=p["codename"],
                name=p["name"],
            )
            for p in permissions
        )
        for group, keys in granted.items():
            group.permissions.set(
                [Permission.objects.get_by_natural_key(c, a, m).pk for a, m, c in keys]
            )

    yield shuffle
    ContentType.objects.clear_cache()


def a_busy_history(demo, researcher, other_researcher, reviewer, other_reviewer):
    """The demo plus a batch of designations through review, and each kind of workflow event."""
    batch = []
    for n in range(12):
        kind = {0: "individual", 1: "entity", 2: "vessel"}[n % 3]
        designation = DesignationFactory(regime=demo.regime, **({kind: True} if n % 3 else {}))
        AliasFactory(designation=designation)
        if kind == "individual":
            BirthDateFactory(designation=designation)
            IdentityDocumentFactory(designation=designation)
        batch.append(designation)
    approval = services.approve(
        services.submit_for_review(batch, by=researcher, comment="Batch of 12"), by=reviewer
    )
    assert len(approval.published) == 12
    # A correction through the admin form (an admin log entry, a revision with a reason).
    client = _client(other_researcher)
    url = reverse("admin:designations_designation_change", args=[batch[0].pk])
    data = form_data(client.get(url), "designation_form")
    data.update(narrative="Corrected after the listing.", change_reason="Narrative corrected")
    assert client.post(url, data).status_code == 302
    # A second public version; a withdrawal; a rejected request; a superseded one; a deleted draft.
    edit(batch[1], by=other_researcher, name="TEST TRADING CORPORATION (RENAMED)")
    publish(batch[1], submitter=researcher, approver=other_reviewer)
    services.approve(
        services.submit_for_review([batch[2]], by=researcher, action="unpublish"), by=reviewer
    )
    episode = EpisodeFactory(regime=demo.regime)
    services.reject(
        services.submit_for_review([episode], by=other_researcher),
        by=reviewer,
        comment="Needs sources.",
    )
    edit(demo, by=researcher, narrative="A newer narrative, not yet approved.")
    services.submit_for_review([demo], by=researcher)
    edit(demo, by=researcher, narrative="Newer still.")
    services.submit_for_review([demo], by=researcher)
    draft = DesignationFactory(regime=demo.regime)
    services.ensure_versions([draft], by=researcher)
    delete = reverse("admin:designations_designation_delete", args=[draft.pk])
    assert _client(researcher).post(delete, {"post": "yes"}).status_code == 302
    researcher.user_permissions.add(Permission.objects.get(codename="view_logentry"))


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_freshly_migrated_database_counts_as_empty_and_every_table_is_classified():
    assert backup.emptiness_problems() == []
    assert backup.unclassified_models() == []


def test_export_then_import_into_an_empty_database_gives_back_every_row(
    fresh_seeds,
    demo,
    researcher,
    other_researcher,
    reviewer,
    other_reviewer,
    tmp_path,
    new_reference_ids,
):
    a_busy_history(demo, researcher, other_researcher, reviewer, other_reviewer)
    before = dump()
    assert len(before["reversion.version"]) > 100
    assert ChangeRequest.objects.filter(status="superseded").exists()
    assert AuditEvent.objects.filter(action="deleted").exists()

    call_command("export_dataset", str(tmp_path / "backup"), "--with-password-hashes", stdout=None)
    make_freshly_migrated(fresh_seeds)
    new_reference_ids()
    state = PublicState.objects.get()
    call_command("import_dataset", str(tmp_path / "backup"), stdout=None)

    after = dump()
    for table, rows in before.items():
        assert after[table] == rows, f"{table} differs after the restore"
    # The public state is not restored but moves on: no validator of before names the restore.
    restored = PublicState.objects.get()
    assert (restored.epoch, restored.version) == (state.epoch, state.version + 1)
    assert restored.changed_at > state.changed_at

    # Keys continue after the restored ones (PostgreSQL's sequences were reset), and the
    # restored history is a working one: republish finds every document as approved.
    checked, differences = publication.rebuild()
    assert differences == []
    # The demo alone publishes 999 records (32 regimes, 8 episodes, 3 assessments, 956
    # designations); the busy history adds a few.
    assert checked == sum(a.projection.objects.count() for a in registry.all_aggregates()) > 999
    edit(demo, by=other_researcher, narrative="Edited after the restore.")
    approval = publish(demo, submitter=other_researcher, approver=other_reviewer)
    assert approval.change_request.pk > max(r["id"] for r in before["editorial.changerequest"])
    assert PublishedEpisode.objects.get(object_id=demo.pk).document["narrative"] == (
        "Edited after the restore."
    )


def test_by_default_the_export_holds_no_password_hashes(fresh_seeds, demo, researcher, tmp_path):
    before = dump([get_user_model()])
    backup.export_dataset(tmp_path / "backup")
    lines = (tmp_path / "backup" / "auth.user.jsonl").read_text().splitlines()
    assert {json.loads(line)["password"] for line in lines} == {None}

    make_freshly_migrated(fresh_seeds)
    backup.import_dataset(tmp_path / "backup")

    users = get_user_model().objects.order_by("pk")
    assert not any(user.has_usable_password() for user in users)
    strip = [{k: v for k, v in row.items() if k != "password"} for row in before["auth.user"]]
    assert [{k: v for k, v in row.items() if k != "password"} for row in users.values()] == strip


def test_it_refuses_to_restore_into_a_database_that_is_not_empty(demo, tmp_path):
    backup.export_dataset(tmp_path / "backup")
    before = dump()

    with pytest.raises(CommandError, match="This database is not empty") as refused:
        call_command("import_dataset", str(tmp_path / "backup"))

    assert "episodes.episode: 8 row(s)" in str(refused.value)
    assert dump() == before


def test_a_damaged_file_is_refused_and_nothing_is_written(fresh_seeds, demo, tmp_path):
    backup.export_dataset(tmp_path / "backup")
    make_freshly_migrated(fresh_seeds)
    before = dump()
    versions = tmp_path / "backup" / "reversion.version.jsonl"
    versions.write_bytes(versions.read_bytes().replace(b"DPRK", b"DPRC", 1))

    with pytest.raises(backup.DatasetError, match="reversion.version.jsonl: its SHA-256 is"):
        backup.import_dataset(tmp_path / "backup")

    assert dump() == before


def test_an_export_that_breaks_a_foreign_key_is_rolled_back_entirely(fresh_seeds, demo, tmp_path):
    """Every file intact by its manifest, but the users are gone: the last check refuses it."""
    directory = tmp_path / "backup"
    backup.export_dataset(directory)
    users = directory / "auth.user.jsonl"
    users.write_bytes(b"")
    manifest = json.loads((directory / "manifest.json").read_text())
    for entry in manifest["tables"]:
        if entry["table"] == "auth.user":
            entry.update(rows=0, sha256=hashlib.sha256(b"").hexdigest())
    (directory / "manifest.json").write_text(json.dumps(manifest))
    make_freshly_migrated(fresh_seeds)
    before = dump()

    with pytest.raises(backup.DatasetError, match="break a foreign key"):
        backup.import_dataset(directory)

    assert dump() == before


def test_the_format_version_and_the_migration_state_are_checked_first(demo, tmp_path):
    directory = tmp_path / "backup"
    backup.export_dataset(directory)
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text())

    manifest_path.write_text(json.dumps({**manifest, "format_version": 2}))
    with pytest.raises(backup.DatasetError, match="format version 2; this version of the project"):
        backup.import_dataset(directory)

    migrations = {**manifest["migrations"], "editorial": ["0001_initial"]}
    manifest_path.write_text(json.dumps({**manifest, "migrations": migrations}))
    with pytest.raises(
        backup.DatasetError, match="applied in this database only: editorial.0002_create_roles"
    ):
        backup.import_dataset(directory)

    (directory / "manifest.json").unlink()
    with pytest.raises(backup.DatasetError, match="is not a dataset export"):
        backup.import_dataset(directory)


def test_export_never_writes_into_an_existing_directory_with_files(demo, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="already exists and is not an empty directory"):
        call_command("export_dataset", str(tmp_path / "backup"))
    assert sorted(p.name for p in Path(tmp_path / "backup").iterdir()) == ["notes.txt"]
    assert Designation.objects.exists() and PublishedDesignation.objects.exists()
