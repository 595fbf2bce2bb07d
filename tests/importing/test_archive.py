"""The archive holds only lists that an import record names, however a run ends."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from designations.models import ImportRun
from tests.importing.conftest import database_state, entry, un_list

pytestmark = pytest.mark.django_db

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
FIRST = un_list(
    entry(101, "KPi.901", first="KIM", second="ONE"),
    entry(102, "KPi.902", first="KIM", second="TWO"),
    generated="2023-01-10T10:00:00-05:00",
)
SECOND = FIRST.replace("2023-01-10", "2023-02-10").replace(">TWO<", ">TWO AGAIN<")
THIRD = FIRST.replace("2023-01-10", "2023-03-10")


def files(archive_dir: Path) -> set[str]:
    return {str(p.relative_to(archive_dir)) for p in archive_dir.rglob("*") if p.is_file()}


def temporary(archive_dir: Path) -> set[str]:
    return {name for name in files(archive_dir) if name.endswith(".partial")}


def unreferenced(archive_dir: Path) -> set[str]:
    """Archived lists that no import record names (temporary files aside)."""
    named = set(ImportRun.objects.values_list("archive_path", flat=True))
    return files(archive_dir) - temporary(archive_dir) - named


def run(path, *options):
    call_command("import_un_list", str(path), *options, stdout=io.StringIO())


def test_the_archived_copy_takes_its_name_only_when_the_import_commits(
    write, archive_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(write("first.xml", FIRST))

    record = ImportRun.objects.get()
    assert files(archive_dir) == temporary(archive_dir) != set()
    for callback in callbacks:
        callback()
    assert files(archive_dir) == {record.archive_path}
    assert (archive_dir / record.archive_path).read_text(encoding="utf-8") == FIRST


def test_an_import_that_never_commits_leaves_no_archived_list_and_the_next_run_sweeps(
    write, archive_dir, django_capture_on_commit_callbacks
):
    # What a kill after archiving does to the database: the transaction never commits.
    with transaction.atomic():
        run(write("first.xml", FIRST))
        transaction.set_rollback(True)

    assert not ImportRun.objects.exists()
    assert unreferenced(archive_dir) == set()
    assert len(temporary(archive_dir)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        run(write("second.xml", SECOND))

    assert temporary(archive_dir) == set()
    assert files(archive_dir) == {ImportRun.objects.get().archive_path}


def test_a_leftover_temporary_file_is_swept_by_the_next_run_and_not_by_a_dry_run(
    write, archive_dir, django_capture_on_commit_callbacks
):
    leftover = archive_dir / "un_list" / "2020-01-01_0123456789abcdef.xml.deadbeef.partial"
    older_style = archive_dir / "un_list" / "2020-01-02_0123456789abcdef.xml.partial"
    leftover.parent.mkdir(parents=True)
    for path in (leftover, older_style):
        path.write_text("<CONSOLIDATED_LIST/>", encoding="utf-8")
        os.utime(path, (time.time() - 86400, time.time() - 86400))

    run(write("first.xml", FIRST), "--dry-run")
    assert leftover.exists() and older_style.exists()

    with django_capture_on_commit_callbacks(execute=True):
        run(write("first.xml", FIRST))

    assert not leftover.exists() and not older_style.exists()
    assert files(archive_dir) == {ImportRun.objects.get().archive_path}


def test_a_run_killed_between_commit_and_move_is_completed_by_the_next_run(
    write, archive_dir, django_capture_on_commit_callbacks
):
    # The first import's record exists, but its file was never moved into place.
    with django_capture_on_commit_callbacks(execute=False):
        run(write("first.xml", FIRST))
    first = ImportRun.objects.get()
    assert not (archive_dir / first.archive_path).exists()

    with django_capture_on_commit_callbacks(execute=True):
        run(write("second.xml", SECOND))

    assert (archive_dir / first.archive_path).read_text(encoding="utf-8") == FIRST
    assert temporary(archive_dir) == set()
    assert unreferenced(archive_dir) == set()


def test_a_refusal_after_archiving_takes_the_archived_copy_back(
    write, archive_dir, researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(write("first.xml", FIRST), "--submit", "--user", researcher.username)
    before = database_state()

    # KPi.902 alone cannot be filed: the first request, still open, covers KPi.901 too.
    with pytest.raises(CommandError, match="the change request could not be filed"):
        run(write("second.xml", SECOND), "--submit", "--user", researcher.username)

    assert database_state() == before
    assert temporary(archive_dir) == set()
    assert files(archive_dir) == {ImportRun.objects.get().archive_path}


def _database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="holds the import on a row lock from a second connection, which SQLite cannot do",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_killed_before_commit_leaves_no_archived_list(write, archive_dir):
    run(write("first.xml", FIRST))
    second = write("second.xml", SECOND)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "ATLAS_IMPORT_ARCHIVE_DIR": str(archive_dir),
        "DEBUG": "0",
    }
    # The second import stops where it clears the first record's digests (after archiving, before
    # commit): this test holds that row locked.
    with transaction.atomic():
        ImportRun.objects.select_for_update().get()
        child = subprocess.Popen(
            [sys.executable, str(MANAGE), "import_un_list", str(second)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for(lambda: len(files(archive_dir)) > 1, "the second import to archive its file")
            with connection.cursor() as cursor:

                def waiting() -> bool:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    return cursor.fetchone()[0] > 0

                _wait_for(waiting, "the second import to wait on the lock")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert ImportRun.objects.count() == 1
    assert unreferenced(archive_dir) == set()
    assert len(temporary(archive_dir)) == 1

    run(write("third.xml", THIRD))

    assert temporary(archive_dir) == set()
    assert unreferenced(archive_dir) == set()
    assert len(files(archive_dir)) == 2
