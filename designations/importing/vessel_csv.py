"""A reader of the 1718 Committee's designated vessel list, as a CSV file.

Columns (the header row names them; case, spacing and order do not matter): vessel name, IMO
number, MMSI, flag, call sign, type, designated owner, date(s) of designation, other information,
applicable measures. Vessel name, IMO number and date(s) of designation are required.

The owner is linked to the owning entity's designation when the owner cell gives its UN reference
number, e.g. "KOTI CORP (KPe.067)". Several designation dates are separated by ";" or new lines:
the first is the listing date, the others are recorded as amendment dates.
"""

import csv
import datetime
import io
import re
from pathlib import Path

from designations.importing.errors import ImportRefused
from designations.importing.records import Incoming, Warnings, fit
from designations.importing.text import clean, imo_check_digit_ok, iso_date
from designations.models import Designation

REGIME_CODE = "KP"  # the 1718 Committee's list is the DPRK regime's

COLUMNS = {
    "vessel name": "name",
    "name": "name",
    "imo number": "imo_number",
    "imo": "imo_number",
    "imo no.": "imo_number",
    "mmsi": "mmsi",
    "flag": "flag",
    "call sign": "call_sign",
    "type": "vessel_type",
    "vessel type": "vessel_type",
    "designated owner": "owner",
    "owner": "owner",
    "date(s) of designation": "dates",
    "dates of designation": "dates",
    "date of designation": "dates",
    "designation date(s)": "dates",
    "other information": "narrative",
    "applicable measures": "applicable_measures",
    "measures": "applicable_measures",
}
REQUIRED = {"name": "vessel name", "imo_number": "IMO number", "dates": "date(s) of designation"}
OWNER_REFERENCE = re.compile(r"\(?\s*\b([A-Z]{2}e\.\d{3})\b\s*\)?")
_DATE_SEPARATORS = re.compile(r"[;\n|]")
_FORMATS = ("%d %B %Y", "%d %b %Y", "%d %b. %Y", "%B %d, %Y", "%b %d, %Y")


def parse_date(text: str) -> datetime.date | None:
    text = clean(text)
    found = iso_date(text)
    if found:
        return found
    for form in _FORMATS:
        try:
            return datetime.datetime.strptime(text, form).date()  # noqa: DTZ007 (a date: no time, no zone)
        except ValueError:
            continue
    return None


def read(path: Path, warnings: Warnings) -> list[Incoming]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{path.name} is not a UTF-8 text file: save the vessel list as CSV (UTF-8)."
        ) from None
    if "\x00" in text:
        raise ImportRefused(f"{path.name} is not a CSV file (it holds binary data).")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportRefused(f"{path.name} is not a readable CSV file: {error}.") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportRefused(f"{path.name} is empty.")
    header = [clean(cell).lower() for cell in rows[0]]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        target = COLUMNS.get(name)
        if target is None:
            warnings.add(f"Unknown column “{rows[0][index].strip()}”, ignored")
        elif target not in columns:
            columns[target] = index
    missing = [label for key, label in REQUIRED.items() if key not in columns]
    if missing:
        raise ImportRefused(
            f"{path.name} has no {', '.join(repr(m) for m in missing)} column; its first row "
            f"must name the columns ({', '.join(sorted(set(COLUMNS)))})."
        )
    return [_vessel(row, columns, number, warnings) for number, row in enumerate(rows[1:], start=2)]


def _vessel(row: list[str], columns: dict[str, int], number: int, warnings: Warnings) -> Incoming:
    def cell(key: str) -> str:
        index = columns.get(key)
        return clean(row[index]) if index is not None and index < len(row) else ""

    raw_imo = cell("imo_number")
    imo = re.sub(r"^IMO\s*(NO\.?|NUMBER)?\s*:?\s*", "", raw_imo, flags=re.IGNORECASE).replace(
        " ", ""
    )
    if not (imo.isdigit() and len(imo) == 7):
        raise ImportRefused(
            f"Row {number}: “{raw_imo}” is not an IMO number (seven digits, e.g. 8705539)."
        )
    label = f"IMO {imo}"
    if not imo_check_digit_ok(imo):
        warnings.add("IMO number whose check digit does not match (kept as given)", label)
    name = cell("name")
    if not name:
        raise ImportRefused(f"Row {number} ({label}) has no vessel name.")
    raw_dates = row[columns["dates"]] if columns["dates"] < len(row) else ""
    dates = []
    for part in _DATE_SEPARATORS.split(raw_dates):
        if not clean(part):
            continue
        day = parse_date(part)
        if day is None:
            raise ImportRefused(
                f"Row {number} ({label}): “{clean(part)}” is not a date (write e.g. 2018-10-16 "
                "or 16 October 2018)."
            )
        dates.append(day)
    if not dates:
        raise ImportRefused(f"Row {number} ({label}) has no date of designation.")
    dates = sorted(set(dates))
    owner_text = cell("owner")
    reference = OWNER_REFERENCE.search(owner_text)
    owner_name = clean(OWNER_REFERENCE.sub(" ", owner_text)) if reference else owner_text
    fields = fit(
        Designation,
        {
            "kind": Designation.Kind.VESSEL,
            "imo_number": imo,
            "source": Designation.Source.VESSEL_LIST,
            "name": name,
            "mmsi": cell("mmsi"),
            "flag": cell("flag"),
            "call_sign": cell("call_sign"),
            "vessel_type": cell("vessel_type"),
            "owner_name": owner_name,
            "listed_on": dates[0],
            "amended_on": [day.isoformat() for day in dates[1:]],
            "narrative": cell("narrative"),
            "applicable_measures": cell("applicable_measures"),
        },
        label=label,
        warnings=warnings,
    )
    # Resolved to owner_id by the caller, in one query for the whole file.
    fields["owner_reference"] = reference.group(1) if reference else None
    return Incoming(label=label, regime_code=REGIME_CODE, fields=fields)
