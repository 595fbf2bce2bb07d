"""Export the whole dataset to a directory, and restore it into an empty database.

What "everything" is: every table of the apps in DATA_APPS — the working copy (episodes,
designations, assessments, their lookups and the regimes), django-reversion's revisions and
versions, change requests and their items, the audit log, publication records, the
``Published…`` projections, the admin's log, and the users and groups the rest refers to.
Left out, on purpose: sessions (everyone signs in again), and the content types and permissions
themselves, which `migrate` creates: they are exported as reference tables only, so that the
rows referring to them can be re-pointed by natural key ((app_label, model); (app_label, model,
codename)) in a database where their ids differ.

The format (README "Backups") is one JSON Lines file per table plus ``manifest.json``: the format
version, the migration state of the source database, and each file's row count and SHA-256.
Primary keys are kept, so reversion's ``Version.object_id``, ``ChangeRequestItem.object_id`` and
the projections' ``object_id`` still name the right rows after a restore.

A restore goes into an *empty* database: migrated to the same migration state, with no rows in
any exported table except those the migrations themselves seed (SEEDED: the two groups, the
regimes and the configurable lists), which the restore replaces by the exported rows. Everything
is checked before anything is written (format, migration state, emptiness, every file's hash
and count) and written in one transaction, then the foreign keys are checked and PostgreSQL's
sequences moved past the restored keys. On any error nothing is written.
"""

import base64
import datetime
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from editorial.models import PublicationRecord
from editorial.publication import mark_public_change

FORMAT = "sanctions-atlas-dataset"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# Every table of these apps is exported and restored.
DATA_APPS = ("auth", "admin", "reversion", "episodes", "designations", "assessments", "editorial")
# Tables that `migrate` fills; in an empty database they hold only those rows, replaced on restore.
SEEDED = {
    "auth.group",
    "auth.group_permissions",
    "episodes.regime",
    "episodes.measuresubtype",
    "assessments.scorelabel",
    "assessments.unintendedconsequence",
    "episodes.conflicttype",
    "episodes.targettype",
    "episodes.objective",
    "episodes.policyinstrument",
    # The configurable lists' first versions and public copies (editorial 0007 publishes the
    # seeded values: one revision without a user, their versions and Published… rows).
    "reversion.revision",
    "reversion.version",
    "assessments.publishedscorelabel",
    "assessments.publishedconsequence",
    "episodes.publishedmeasuresubtype",
    "episodes.publishedconflicttype",
    "episodes.publishedtargettype",
    "episodes.publishedobjective",
    "episodes.publishedpolicyinstrument",
}
# Created by `migrate`, never restored: matched by natural key instead (missing ones are created).
REFERENCE = {
    "contenttypes.contenttype": ("id", "app_label", "model"),
    "auth.permission": ("id", "content_type_id", "codename", "name"),
}
# Installed but deliberately not exported: sessions; the public state (its validators must never
# repeat, so a restored database starts from its own, bumped once more by the restore); and
# django-axes' login attempts and access log (transient security state of one installation,
# holding addresses).
NOT_EXPORTED = {
    "sessions.session",
    "editorial.publicstate",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
}

_BATCH = 1000


class DatasetError(Exception):
    """The export or the restore was refused; the message says why and what to do."""


# --- which tables, in which order ------------------------------------------------------------


def data_models() -> list[type[models.Model]]:
    """Every exported model, each after the models its foreign keys point to."""
    candidates = sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in DATA_APPS
            and model._meta.label_lower not in REFERENCE
            and model._meta.label_lower not in NOT_EXPORTED
            and not model._meta.proxy
            and model._meta.managed
        ),
        key=lambda model: model._meta.label_lower,
    )
    included = set(candidates)
    ordered: list[type[models.Model]] = []
    seen: set = set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target in included and target is not model:
                visit(target)
        ordered.append(model)

    for model in candidates:
        visit(model)
    return ordered


def unclassified_models() -> list[str]:
    """Installed models that are neither exported, reference, nor deliberately left out."""
    known = {m._meta.label_lower for m in data_models()} | set(REFERENCE) | NOT_EXPORTED
    return sorted(
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in known and model._meta.managed and not model._meta.proxy
    )


def _label(model) -> str:
    return model._meta.label_lower


def _file_name(label: str) -> str:
    return f"{label}.jsonl"


# --- values <-> JSON -------------------------------------------------------------------------


def _encode(field: models.Field, value):
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind in ("DateTimeField", "DateField", "TimeField"):
        return value.isoformat()  # full precision, unlike DjangoJSONEncoder
    if kind in ("DecimalField", "UUIDField"):
        return str(value)
    if kind == "DurationField":
        return value // datetime.timedelta(microseconds=1)
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value  # str, int, float, bool, and JSONField values (already JSON)


def _decode(field: models.Field, value):
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind in ("DateTimeField", "DateField", "TimeField", "DecimalField", "UUIDField"):
        return field.to_python(value)
    if kind == "DurationField":
        return datetime.timedelta(microseconds=value)
    if kind == "BinaryField":
        return base64.b64decode(value)
    return value


# --- the database's state --------------------------------------------------------------------


def migration_state(using: str = "default") -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(state.items())}


def emptiness_problems(using: str = "default") -> list[str]:
    """Why this database is not empty enough to restore into ([] when it is).

    Empty means: no row in any exported table, except the rows `migrate` seeds (SEEDED), which
    the restore replaces.
    """
    problems = []
    for model in data_models():
        if _label(model) in SEEDED:
            continue
        count = model._base_manager.using(using).count()
        if count:
            problems.append(f"{_label(model)}: {count} row(s)")
    return sorted(problems)


# --- export ----------------------------------------------------------------------------------


@dataclass
class _Written:
    rows: int
    sha256: str


def _write_rows(path: Path, rows: Iterator[dict]) -> _Written:
    digest = hashlib.sha256()
    count = 0
    with path.open("wb") as out:
        for row in rows:
            line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            digest.update(line)
            out.write(line)
            count += 1
    return _Written(count, digest.hexdigest())


def _rows(model, fields, using, *, password_hashes: bool) -> Iterator[dict]:
    names = [field.attname for field in fields]
    queryset = model._base_manager.using(using).order_by("pk").values_list(*names)
    hide_password = _label(model) == "auth.user" and not password_hashes
    for values in queryset.iterator(chunk_size=2000):
        row = {f.attname: _encode(f, v) for f, v in zip(fields, values, strict=True)}
        if hide_password:
            row["password"] = None
        yield row


def export_dataset(
    directory: Path | str, *, password_hashes: bool = False, using: str = "default"
) -> dict:
    """Write the dataset to ``directory`` (new or empty) and return the manifest."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise DatasetError(f"{directory} already exists and is not an empty directory.")
    directory.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{directory.name}.partial-", dir=directory.parent))
    connection = connections[using]
    try:
        connection.ensure_connection()
        with transaction.atomic(using=using):
            _consistent_snapshot(connection)
            tables = []
            for label, columns in REFERENCE.items():
                model = apps.get_model(label)
                fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
                written = _write_rows(
                    partial / _file_name(label),
                    _rows(model, fields, using, password_hashes=True),
                )
                tables.append(_entry(label, "reference", written))
            for model in data_models():
                label = _label(model)
                written = _write_rows(
                    partial / _file_name(label),
                    _rows(
                        model, model._meta.concrete_fields, using, password_hashes=password_hashes
                    ),
                )
                tables.append(_entry(label, "seeded" if label in SEEDED else "data", written))
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "exported_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "password_hashes": password_hashes,
                "migrations": migration_state(using),
                "tables": tables,
            }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        if directory.exists():
            directory.rmdir()
        os.replace(partial, directory)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _consistent_snapshot(connection) -> None:
    """Make every query of the export see the same moment, while the site keeps running.

    PostgreSQL: a read-only REPEATABLE READ transaction (possible only if this transaction has
    not run a query yet, i.e. not inside an outer one, such as a test's). SQLite: the
    transaction already sees one state of the file.
    """
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _entry(label: str, role: str, written: _Written) -> dict:
    return {
        "table": label,
        "file": _file_name(label),
        "role": role,
        "rows": written.rows,
        "sha256": written.sha256,
    }


# --- import ----------------------------------------------------------------------------------


def read_manifest(directory: Path | str) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise DatasetError(
            f"{path} does not exist: {directory} is not a dataset export, or its export did "
            "not finish (the manifest is written last)."
        )
    try:
        manifest = json.loads(path.read_text())
    except ValueError as error:
        raise DatasetError(f"{path} is not valid JSON ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"{path} does not describe a {FORMAT} export.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DatasetError(
            f"{path} is in format version {manifest.get('format_version')!r}; this version of "
            f"the project reads version {FORMAT_VERSION} only."
        )
    return manifest


def _check_tables(manifest: dict) -> dict[str, dict]:
    expected = dict.fromkeys(REFERENCE, "reference")
    for model in data_models():
        expected[_label(model)] = "seeded" if _label(model) in SEEDED else "data"
    entries = {entry["table"]: entry for entry in manifest["tables"]}
    found = {label: entry["role"] for label, entry in entries.items()}
    if found != expected:
        missing = sorted(set(expected) - set(found))
        unknown = sorted(set(found) - set(expected))
        raise DatasetError(
            "The export's tables do not match this version of the project"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown here: {', '.join(unknown)}" if unknown else "")
            + "."
        )
    for entry in entries.values():
        if Path(entry["file"]).name != entry["file"]:
            raise DatasetError(f"The manifest names a file outside the export: {entry['file']!r}.")
    return entries


def _check_migrations(manifest: dict, using: str) -> None:
    theirs = manifest.get("migrations", {})
    ours = migration_state(using)
    if theirs == ours:
        return

    def names(state):
        return {f"{app}.{name}" for app, migrations in state.items() for name in migrations}

    only_theirs = sorted(names(theirs) - names(ours))
    only_ours = sorted(names(ours) - names(theirs))
    raise DatasetError(
        "The export was made at another migration state than this database's"
        + (f"; applied in the export only: {', '.join(only_theirs)}" if only_theirs else "")
        + (f"; applied in this database only: {', '.join(only_ours)}" if only_ours else "")
        + ". Migrate this database to the export's state with the version of the project that "
        "made the export, import, then migrate forward."
    )


def _hash_and_count(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    count = 0
    with path.open("rb") as lines:
        for line in lines:
            digest.update(line)
            count += 1
    return digest.hexdigest(), count


def _verify_files(directory: Path, entries: dict[str, dict]) -> None:
    problems = []
    for entry in entries.values():
        path = directory / entry["file"]
        if not path.is_file():
            problems.append(f"{entry['file']} is missing")
            continue
        digest, count = _hash_and_count(path)
        if digest != entry["sha256"]:
            problems.append(
                f"{entry['file']}: its SHA-256 is {digest}, the manifest says {entry['sha256']} "
                "(the file was changed or damaged)"
            )
        elif count != entry["rows"]:
            problems.append(f"{entry['file']}: {count} rows, the manifest says {entry['rows']}")
    if problems:
        raise DatasetError(
            "The export is damaged, so nothing was restored:\n  " + "\n  ".join(problems)
        )


def _read(directory: Path, entry: dict) -> Iterator[dict]:
    """The rows of one file, checking on the way that it is still the file that was verified."""
    digest = hashlib.sha256()
    count = 0
    with (directory / entry["file"]).open("rb") as lines:
        for line in lines:
            digest.update(line)
            count += 1
            yield json.loads(line)
    if digest.hexdigest() != entry["sha256"] or count != entry["rows"]:
        raise DatasetError(f"{entry['file']} changed during the restore; nothing was restored.")


def import_dataset(directory: Path | str, *, using: str = "default") -> dict[str, int]:
    """Restore the export in ``directory`` into this (empty) database; return rows per table."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    entries = _check_tables(manifest)
    _check_migrations(manifest, using)
    problems = emptiness_problems(using)
    if problems:
        raise DatasetError(
            "This database is not empty, so restoring into it could mix two datasets; nothing "
            "was restored. Restore into a freshly migrated database (do not create users or "
            "load the demo first). Rows found:\n  " + "\n  ".join(problems)
        )
    _verify_files(directory, entries)

    connection = connections[using]
    models_ = data_models()
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        content_types = _match_content_types(directory, entries["contenttypes.contenttype"], using)
        permissions = _match_permissions(
            directory, entries["auth.permission"], content_types, using
        )
        with connection.cursor() as cursor:
            for model in reversed(models_):
                if _label(model) in SEEDED:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        for model in models_:
            counts[_label(model)] = _insert(
                directory,
                entries[_label(model)],
                model,
                connection,
                remap={ContentType: content_types, Permission: permissions},
            )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)
        try:
            connection.check_constraints(table_names=[m._meta.db_table for m in models_])
        except DatabaseError as error:
            raise DatasetError(
                f"The restored rows break a foreign key, so nothing was restored: {error}"
            ) from error
        last = PublicationRecord.objects.using(using).order_by("-approved_at").first()
        mark_public_change(approved_at=last.approved_at if last else None, using=using)
    return counts


def _match_content_types(directory: Path, entry: dict, using: str) -> dict[int, int]:
    """{exported id: id here}; a content type missing here (of a removed model) is created."""
    manager = ContentType.objects.db_manager(using)
    here = {(ct.app_label, ct.model): ct.pk for ct in manager.all()}
    mapping = {}
    for row in _read(directory, entry):
        key = (row["app_label"], row["model"])
        if key not in here:
            here[key] = manager.create(app_label=key[0], model=key[1]).pk
        mapping[row["id"]] = here[key]
    return mapping


def _match_permissions(
    directory: Path, entry: dict, content_types: dict[int, int], using: str
) -> dict[int, int]:
    manager = Permission.objects.db_manager(using)
    here = {(p.content_type_id, p.codename): p.pk for p in manager.all()}
    mapping = {}
    for row in _read(directory, entry):
        key = (content_types[row["content_type_id"]], row["codename"])
        if key not in here:
            here[key] = manager.create(content_type_id=key[0], codename=key[1], name=row["name"]).pk
        mapping[row["id"]] = here[key]
    return mapping


def _insert(directory: Path, entry: dict, model, connection, *, remap) -> int:
    """Insert the rows of one file as they are (keys, timestamps), in batches, with no signals."""
    fields = model._meta.concrete_fields
    columns = {field.attname for field in fields}
    mappings = {
        field.attname: remap[field.related_model]
        for field in fields
        if field.is_relation and field.related_model in remap
    }
    unusable_password = _label(model) == "auth.user"
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    count = 0
    batch = []
    with connection.cursor() as cursor:
        for row in _read(directory, entry):
            count += 1
            if set(row) != columns:
                raise DatasetError(
                    f"{entry['file']}, row {count}: its columns ({', '.join(sorted(row))}) are not "
                    f"the table's ({', '.join(sorted(columns))})."
                )
            values = []
            for field in fields:
                value = _decode(field, row[field.attname])
                if value is not None and field.attname in mappings:
                    if value not in mappings[field.attname]:
                        raise DatasetError(
                            f"{entry['file']}, row {count}: {field.attname}={value} is not in "
                            f"the export's {field.related_model._meta.label_lower} table."
                        )
                    value = mappings[field.attname][value]
                if unusable_password and field.attname == "password" and value is None:
                    value = make_password(None)  # exported without password hashes
                values.append(field.get_db_prep_save(value, connection))
            batch.append(values)
            if len(batch) == _BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return count
