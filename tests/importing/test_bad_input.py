"""Every kind of bad input ends with one clear line, a non-zero exit, and the database as before."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from designations.importing import sync
from designations.models import Designation
from tests.importing.conftest import UN_2023, database_state, entry, needs_real_lists, un_list

pytestmark = pytest.mark.django_db

BASELINE = un_list(
    entry(101, "KPi.901", first="KIM", second="ONE", listed="2016-11-30"),
    entry(102, "KPi.902", first="KIM", second="TWO", listed="2016-11-30"),
    entry(103, "KPi.903", first="KIM", second="THREE", listed="2016-11-30"),
    entry(104, "KPi.904", first="KIM", second="FOUR", listed="2016-11-30"),
    entry(201, "KPe.901", kind="ENTITY", first="TEST TRADING", listed="2017-01-01"),
    generated="2023-01-10T10:00:00-05:00",
)


@pytest.fixture
def baseline(write):
    """A working copy holding a small imported list, so "unchanged" means something."""
    call_command("import_un_list", str(write("baseline.xml", BASELINE)), stdout=io.StringIO())
    assert Designation.objects.count() == 5
    return database_state()


def refused(source, *options) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import_un_list", str(source), *options, stdout=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message, "the refusal is one line"
    return message


def test_a_file_that_is_not_xml_is_refused(baseline, write):
    message = refused(write("list.xml", b"\x89PNG\r\n\x1a\n not xml at all"))

    assert "not well-formed XML" in message
    assert database_state() == baseline


def test_the_wrong_root_element_is_refused(baseline, write):
    message = refused(write("list.xml", "<html><body>Sanctions</body></html>"))

    assert message == (
        "This is not the UN consolidated list: its root element is <html>, not <CONSOLIDATED_LIST>."
    )
    assert database_state() == baseline


def test_a_list_without_its_generation_date_is_refused(baseline, write):
    text = BASELINE.replace(' dateGenerated="2023-01-10T10:00:00-05:00"', "")

    assert "no dateGenerated" in refused(write("list.xml", text))
    assert database_state() == baseline


@needs_real_lists
def test_a_truncated_file_is_refused_and_what_was_written_before_is_undone(
    baseline, write, monkeypatch
):
    # Small chunks, so that hundreds of entries are written before the parser meets the cut.
    monkeypatch.setattr(sync, "CHUNK", 50)
    content = UN_2023.read_bytes()

    message = refused(
        write("truncated.xml", content[: len(content) * 3 // 4]), "--allow-mass-delisting"
    )

    assert "not well-formed XML" in message
    assert "Is it complete" in message
    assert database_state() == baseline


def test_an_entry_without_dataid_is_refused(baseline, write):
    text = BASELINE.replace("<DATAID>103</DATAID>", "<DATAID> </DATAID>")

    message = refused(write("list.xml", text))

    assert message.startswith("The individual KPi.903 (entry 3 of the list) has no DATAID")
    assert database_state() == baseline


def test_a_reference_number_without_regime_code_is_refused(baseline, write):
    text = BASELINE.replace("KPi.903", "903")

    assert "its regime cannot be told" in refused(write("list.xml", text))
    assert database_state() == baseline


def test_the_same_dataid_twice_is_refused(baseline, write):
    text = BASELINE.replace("<DATAID>104</DATAID>", "<DATAID>103</DATAID>")

    assert "names dataid 103 twice (KPi.903 and KPi.904)" in refused(write("list.xml", text))
    assert database_state() == baseline


def test_a_collapsed_list_is_refused_unless_allowed(baseline, write):
    # Two of the five designations in force would go: 40 %.
    shrunk = un_list(
        entry(101, "KPi.901", first="KIM", second="ONE", listed="2016-11-30"),
        entry(102, "KPi.902", first="KIM", second="TWO", listed="2016-11-30"),
        entry(201, "KPe.901", kind="ENTITY", first="TEST TRADING", listed="2017-01-01"),
        generated="2023-02-10T10:00:00-05:00",
    )
    path = write("shrunk.xml", shrunk)

    message = refused(path)

    assert message == (
        "Refused: 2 of the 5 designations now in force from this list (40.0%) would be delisted, "
        "more than 20%. If the list really shrank that much, run again with --allow-mass-delisting."
    )
    assert database_state() == baseline
    call_command("import_un_list", str(path), "--allow-mass-delisting", stdout=io.StringIO())
    assert Designation.objects.filter(delisted_on__isnull=False).count() == 2


def test_an_older_list_than_the_last_import_is_refused(baseline, write):
    older = BASELINE.replace("2023-01-10T10:00:00-05:00", "2022-06-01T10:00:00-04:00")

    assert "older than the one already imported (2023-01-10)" in refused(write("old.xml", older))
    assert database_state() == baseline


@pytest.mark.parametrize(
    ("doctype", "name"),
    [
        # The "billion laughs": nested entity expansion.
        (
            '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
            "&c;",
        ),
        # An external entity reading a local file.
        ('<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;"),
        # An external DTD on the network.
        ('<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://127.0.0.1:9/list.dtd">', "KIM"),
    ],
    ids=["xml-bomb", "external-entity", "external-dtd"],
)
def test_a_doctype_is_refused(baseline, write, doctype, name):
    text = un_list(entry(101, "KPi.901", first=name), prolog=doctype)

    message = refused(write("evil.xml", text))

    assert message.startswith("The file declares a DOCTYPE, which the UN list never does: refused")
    assert database_state() == baseline


def test_a_missing_file_is_refused(baseline, tmp_path):
    assert refused(tmp_path / "nowhere.xml") == f"No such file: {tmp_path / 'nowhere.xml'}"
    assert database_state() == baseline


def test_an_unreachable_address_is_refused(baseline, settings):
    settings.ATLAS_IMPORT_TIMEOUT_SECONDS = 5

    message = refused("https://127.0.0.1:9/resources/xml/en/consolidated.xml")

    assert message.startswith(
        "Could not download https://127.0.0.1:9/resources/xml/en/consolidated.xml: "
    )
    assert database_state() == baseline


def test_only_https_addresses_are_fetched(baseline):
    message = refused("http://127.0.0.1:9/consolidated.xml")

    assert (
        message
        == "Only https:// addresses can be imported, not “http://127.0.0.1:9/consolidated.xml”."
    )
    assert database_state() == baseline


def test_submit_needs_a_user_who_may_submit(baseline, write, django_user_model):
    path = write("list.xml", BASELINE.replace("2023-01-10", "2023-01-11"))
    django_user_model.objects.create_user("visitor", password="x")

    assert (
        refused(path, "--submit")
        == "--submit needs --user USERNAME: the researcher who submits it."
    )
    assert refused(path, "--submit", "--user", "nobody") == "No active user “nobody”."
    assert refused(path, "--submit", "--user", "visitor") == (
        "visitor cannot submit records for review: only researchers and reviewers can."
    )
    assert database_state() == baseline


def test_the_command_exits_non_zero_with_one_line_on_stderr(tmp_path):
    missing = tmp_path / "missing.xml"
    manage = Path(__file__).resolve().parents[2] / "manage.py"

    result = subprocess.run(
        [sys.executable, str(manage), "import_un_list", str(missing)],
        capture_output=True,
        text=True,
        env={**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(50))},
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == f"CommandError: No such file: {missing}"
    assert result.stdout == ""
