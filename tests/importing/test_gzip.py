"""A gzipped list imports exactly as the list itself would (the demo ships the UN list gzipped)."""

import gzip
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from designations.importing import import_un_list
from designations.models import Designation, ImportRun
from ops.demo import episode as demo
from tests.importing.conftest import database_state, entry, un_list

pytestmark = pytest.mark.django_db

LIST = un_list(
    entry(101, "KPi.901", first="KIM", second="ONE", listed="2016-11-30"),
    entry(201, "KPe.901", kind="ENTITY", first="TEST TRADING", listed="2017-01-01"),
)


def test_a_gzipped_list_is_hashed_and_archived_as_the_list_itself(
    write, archive_dir, django_capture_on_commit_callbacks
):
    path = write("list.xml.gz", gzip.compress(LIST.encode()))
    # The archive is moved into place when the import commits.
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_un_list(str(path))
    assert Designation.objects.count() == 2
    assert outcome.sha256 == hashlib.sha256(LIST.encode()).hexdigest()
    assert outcome.size == len(LIST.encode())
    assert (archive_dir / outcome.archive_path).read_bytes() == LIST.encode()
    assert ImportRun.objects.get().location == str(path)


def test_the_gzipped_and_the_plain_list_are_the_same_file(write):
    import_un_list(str(write("list.xml", LIST)))
    outcome = import_un_list(str(write("list.xml.gz", gzip.compress(LIST.encode()))))
    assert outcome.same_file_as is not None and not outcome.counts.changed


def test_the_demos_copy_is_the_un_list_of_27_march_2023():
    with gzip.open(demo.UN_LIST) as stream:
        digest = hashlib.sha256(stream.read()).hexdigest()
    assert digest == "6978036deffe0a05ad4a850af6a26bf8f336d931a3770a2a3ff46ed014055101"


def test_a_broken_gzip_file_is_refused_and_nothing_changes(write):
    before = database_state()
    broken = gzip.compress(LIST.encode())[:-20]
    with pytest.raises(CommandError, match="Cannot unpack"):
        call_command("import_un_list", str(write("list.xml.gz", broken)), stdout=io.StringIO())
    assert database_state() == before


def test_the_size_limit_applies_to_the_unpacked_list(write, settings):
    settings.ATLAS_IMPORT_MAX_BYTES = 100
    with pytest.raises(CommandError, match="unpacked, it is larger than"):
        call_command(
            "import_un_list",
            str(write("list.xml.gz", gzip.compress(LIST.encode()))),
            stdout=io.StringIO(),
        )
    assert not Designation.objects.exists()
