"""Every kind of bad input ends with one clear line, a non-zero exit, and the database as before."""

import codecs
import datetime
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from designations.importing import sync
from designations.models import Designation, ImportRun
from tests.importing.conftest import (
    UN_2023,
    VESSELS,
    database_state,
    entry,
    needs_real_lists,
    un_list,
)

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


# --- the declared encoding against the bytes ---------------------------------------------------

NAMED = BASELINE.replace("2023-01-10", "2023-01-11").replace(
    "<SECOND_NAME>ONE</SECOND_NAME>", "<SECOND_NAME>MÜLLER ÇELİK</SECOND_NAME>"
)


def declared(text: str, encoding: str) -> str:
    return text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)


def test_utf8_bytes_declared_latin1_are_refused(baseline, write):
    content = declared(NAMED, "ISO-8859-1").encode("utf-8")

    message = refused(write("list.xml", content))

    assert message == (
        "The file declares encoding “ISO-8859-1”, but its bytes are UTF-8 with non-ASCII "
        "characters: read as declared, every such name would be garbled. Download the list "
        'again, or correct the declaration to encoding="UTF-8".'
    )
    assert database_state() == baseline


def test_bytes_the_declared_encoding_cannot_hold_are_refused(baseline, write):
    # 0x81 is undefined in Windows-1252; the rest of the name is plain Latin-1.
    content = declared(NAMED, "windows-1252").encode("utf-8").replace("Ü".encode(), b"\x81")

    message = refused(write("list.xml", content))

    assert message.startswith("The file declares encoding “windows-1252”, but the byte at offset ")
    assert message.endswith(
        "is not valid in it: the declaration does not match the bytes. Download the list again "
        "(the UN publishes it in UTF-8)."
    )
    assert database_state() == baseline


def test_latin1_bytes_declared_utf8_are_refused(baseline, write):
    content = NAMED.encode("latin-1", errors="replace")

    offset = content.index("Ü".encode("latin-1"))

    message = refused(write("list.xml", content))

    assert message.startswith(
        f"The file declares encoding “UTF-8”, but the byte at offset {offset} is not valid in it"
    )
    assert database_state() == baseline


def test_a_list_with_a_byte_order_mark_is_read(baseline, write):
    for content in (
        codecs.BOM_UTF8 + NAMED.encode(),
        codecs.BOM_UTF16_LE + NAMED.replace('"UTF-8"', '"UTF-16"').encode("utf-16-le"),
    ):
        call_command("import_un_list", str(write("list.xml", content)), stdout=io.StringIO())

        assert Designation.objects.get(dataid=101).second_name == "MÜLLER ÇELİK"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            codecs.BOM_UTF8 + declared(NAMED, "ISO-8859-1").encode(),
            "The file declares encoding “ISO-8859-1” but starts with a UTF-8 byte-order mark",
        ),
        (
            declared(NAMED, "x-klingon").encode(),
            "The file declares encoding “x-klingon”, which is not a known text encoding.",
        ),
    ],
    ids=["bom", "unknown"],
)
def test_an_impossible_declaration_is_refused(baseline, write, content, message):
    assert refused(write("list.xml", content)).startswith(message)
    assert database_state() == baseline


def test_a_list_really_in_latin1_is_read_as_declared(baseline, write):
    content = declared(NAMED, "ISO-8859-1").replace("ÇELİK", "ÇELIK").encode("latin-1")

    call_command("import_un_list", str(write("list.xml", content)), stdout=io.StringIO())

    assert Designation.objects.get(dataid=101).second_name == "MÜLLER ÇELIK"


# --- a list dated in the future -----------------------------------------------------------------

FUTURE = BASELINE.replace("2023-01-10T10:00:00-05:00", "2999-01-01T10:00:00-05:00").replace(
    "KIM</FIRST_NAME><SECOND_NAME>ONE", "KIM</FIRST_NAME><SECOND_NAME>UNO"
)
GENUINE = BASELINE.replace("2023-01-10", "2023-02-01")


def test_a_list_dated_after_tomorrow_is_refused_and_later_lists_still_import(baseline, write):
    today = timezone.localdate()

    message = refused(write("future.xml", FUTURE))

    assert message == (
        f"Refused: the list is dated 2999-01-01, after today ({today.isoformat()}) even allowing "
        "a day of clock skew; imported, it would make every later list look older. If the list "
        "is genuinely mis-dated, rerun with --accept-date YYYY-MM-DD (its true date, or "
        "2999-01-01 to confirm it)."
    )
    assert database_state() == baseline
    call_command("import_un_list", str(write("genuine.xml", GENUINE)), stdout=io.StringIO())
    assert ImportRun.objects.latest("pk").list_date == datetime.date(2023, 2, 1)


def test_a_list_dated_tomorrow_is_within_the_clock_skew(baseline, write):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    text = BASELINE.replace("2023-01-10T10:00:00-05:00", f"{tomorrow.isoformat()}T23:00:00+00:00")

    call_command("import_un_list", str(write("tomorrow.xml", text)), stdout=io.StringIO())

    assert ImportRun.objects.latest("pk").list_date == tomorrow


def test_a_mis_dated_list_imports_as_of_the_date_the_operator_gives(baseline, write):
    today = timezone.localdate().isoformat()
    out = io.StringIO()

    call_command(
        "import_un_list",
        str(write("future.xml", FUTURE)),
        "--accept-date",
        "2023-01-20",
        stdout=out,
    )

    run = ImportRun.objects.latest("pk")
    assert run.list_date == datetime.date(2023, 1, 20)
    assert run.generated_at.date() == datetime.date(2999, 1, 1)
    note = (
        f"dated 2999-01-01 in the file, after the day of the import ({today}); imported as of "
        "2023-01-20 as confirmed with --accept-date"
    )
    assert note in run.warnings
    assert note in run.revision.comment
    assert note in out.getvalue()
    assert Designation.objects.get(dataid=101).second_name == "UNO"
    # Imports are not locked: the next genuine list is newer than the accepted date.
    call_command("import_un_list", str(write("genuine.xml", GENUINE)), stdout=io.StringIO())
    assert ImportRun.objects.latest("pk").list_date == datetime.date(2023, 2, 1)


def test_the_operator_may_confirm_the_lists_own_date(baseline, write):
    call_command(
        "import_un_list",
        str(write("future.xml", FUTURE)),
        "--accept-date",
        "2999-01-01",
        stdout=io.StringIO(),
    )

    assert ImportRun.objects.latest("pk").list_date == datetime.date(2999, 1, 1)


@pytest.mark.parametrize(
    ("text", "accept", "message"),
    [
        (
            GENUINE,
            "2023-03-01",
            "--accept-date is only for a list dated after today; this one is dated 2023-02-01: "
            "run again without --accept-date.",
        ),
        (FUTURE, "2998-12-31", "--accept-date 2998-12-31 is itself after today"),
        (FUTURE, "01/01/2023", "--accept-date 01/01/2023: write the date as YYYY-MM-DD."),
    ],
    ids=["not-future", "accepted-future", "format"],
)
def test_accept_date_is_refused_where_it_does_not_fit(baseline, write, text, accept, message):
    assert refused(write("list.xml", text), "--accept-date", accept).startswith(message)
    assert database_state() == baseline


def test_a_vessel_list_dated_after_tomorrow_is_refused(baseline):
    with pytest.raises(CommandError) as caught:
        call_command("import_vessels", str(VESSELS), "--date", "2999-01-01", stdout=io.StringIO())

    assert str(caught.value).startswith("Refused: --date 2999-01-01 is after today (")
    assert database_state() == baseline


# --- DATAIDs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dataid",
    ["99999999999999999999999", "²", "١٢٣٤٥", "-103", "+103", "10 3", "1e3", "１０３"],
    ids=[
        "too-long",
        "superscript",
        "arabic-indic",
        "negative",
        "plus",
        "space",
        "exponent",
        "fullwidth",
    ],
)
def test_a_dataid_that_is_not_ascii_digits_is_refused(baseline, write, dataid):
    text = BASELINE.replace("<DATAID>103</DATAID>", f"<DATAID>{dataid}</DATAID>")

    message = refused(write("list.xml", text))

    assert message == (
        f"The individual KPi.903 (entry 3 of the list) has the DATAID “{dataid}”, which is not "
        "1 to 18 digits 0-9."
    )
    assert database_state() == baseline


def test_a_dataid_of_eighteen_digits_is_read(baseline, write):
    text = BASELINE.replace("<DATAID>103</DATAID>", "<DATAID>999999999999999999</DATAID>")

    call_command(
        "import_un_list",
        str(write("list.xml", text)),
        "--allow-mass-delisting",
        stdout=io.StringIO(),
    )

    assert Designation.objects.get(reference_number="KPi.903").dataid == 999999999999999999


@needs_real_lists
def test_the_real_list_declared_latin1_is_refused(baseline, write):
    content = UN_2023.read_bytes().replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1)

    message = refused(write("list.xml", content), "--allow-mass-delisting")

    assert message.startswith("The file declares encoding “ISO-8859-1”, but its bytes are UTF-8")
    assert database_state() == baseline
