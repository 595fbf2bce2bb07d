"""A streaming, entity-safe reader of the UN Security Council consolidated list (XML).

The file is read twice with lxml's ``iterparse``: once for the root element only (its name, its
``dateGenerated`` and the absence of any DOCTYPE), then entry by entry, clearing each
``INDIVIDUAL`` or ``ENTITY`` once read, so memory stays flat however long the list is.

Entity expansion, DTD loading and network access are switched off, and a DOCTYPE is refused
outright: the UN list has none, and a DOCTYPE is how an "XML bomb" or an external entity gets in.

Quirks of the real list handled here (see DESIGN.md, "Real data"): white space around reference
numbers and names; empty placeholder elements; alias qualities that differ between individuals
(Good, Low) and entities (a.k.a., f.k.a.); several names in one ``ALIAS_NAME`` separated by "; ";
dates with a time-zone suffix; several ``LAST_DAY_UPDATED/VALUE``s; a wrong ``UN_LIST_TYPE`` (the
regime comes from the reference-number prefix instead); document types in several languages (kept
as given); ``ISSUING_COUNTRY`` and ``COUNTRY_OF_ISSUE`` both used; dates of birth given only as a
note ("Nov. 1973", "24/06/1402 (Hijri Calendar)").

Elements read but not stored (no place in the model): VERSIONNUM, LIST_TYPE, SORT_KEY,
SORT_KEY_LAST_MOD, SUBMITTED_BY, SUBMITTED_ON. Any other element is reported as a warning.
"""

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from designations.importing import encoding
from designations.importing.errors import ImportRefused
from designations.importing.records import CHILDREN, Incoming, Recorded, Warnings, fit
from designations.importing.text import clean, iso_date, split_names
from designations.models import Designation

ROOT = "CONSOLIDATED_LIST"
CONTAINERS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}
KINDS = {"INDIVIDUAL": Designation.Kind.INDIVIDUAL, "ENTITY": Designation.Kind.ENTITY}

# Never expand entities, never load a DTD, never touch the network, never lift libxml2's limits.
SAFE_PARSING = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
}

_IGNORED = {
    "VERSIONNUM",
    "LIST_TYPE",
    "SORT_KEY",
    "SORT_KEY_LAST_MOD",
    "SUBMITTED_BY",
    "SUBMITTED_ON",
}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_SCALARS = {
    *_NAME_PARTS,
    "DATAID",
    "REFERENCE_NUMBER",
    "UN_LIST_TYPE",
    "LISTED_ON",
    "COMMENTS1",
    "NAME_ORIGINAL_SCRIPT",
    "GENDER",
}
_VALUE_LISTS = {"TITLE", "DESIGNATION", "NATIONALITY", "LAST_DAY_UPDATED"}
_CHILD_ELEMENTS = {
    "INDIVIDUAL_ALIAS": "aliases",
    "ENTITY_ALIAS": "aliases",
    "INDIVIDUAL_ADDRESS": "addresses",
    "ENTITY_ADDRESS": "addresses",
    "INDIVIDUAL_DATE_OF_BIRTH": "birth_dates",
    "INDIVIDUAL_PLACE_OF_BIRTH": "birth_places",
    "INDIVIDUAL_DOCUMENT": "documents",
}
_CHILD_PARTS = {
    "aliases": {
        "QUALITY",
        "ALIAS_NAME",
        "DATE_OF_BIRTH",
        "CITY_OF_BIRTH",
        "COUNTRY_OF_BIRTH",
        "NOTE",
    },
    "addresses": {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"},
    "birth_dates": {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"},
    "birth_places": {"CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"},
    "documents": {
        "TYPE_OF_DOCUMENT",
        "TYPE_OF_DOCUMENT2",
        "NUMBER",
        "ISSUING_COUNTRY",
        "COUNTRY_OF_ISSUE",
        "DATE_OF_ISSUE",
        "CITY_OF_ISSUE",
        "NOTE",
    },
}
# Individuals' vocabulary (Good, Low) and entities' (a.k.a., f.k.a.), mapped to ours.
ALIAS_QUALITIES = {
    "good": "good",
    "low": "low",
    "a.k.a.": "aka",
    "aka": "aka",
    "f.k.a.": "fka",
    "fka": "fka",
}
GENDERS = {"male": "Male", "female": "Female", "unknown": "Unknown"}
# The UN's DATAIDs are short numbers; ASCII digits only (str.isdigit() also takes "²" and "١٢٣"),
# and few enough to fit the database's bigint.
DATAID = re.compile(r"[0-9]{1,18}", re.ASCII)
# "KPi.033" → regime KP, individual; "KPe.020" → regime KP, entity.
REFERENCE = re.compile(r"^([A-Z]{2,4})([ie])\.\s?(\d+)$")
# A year in a date-of-birth note ("Nov. 1973"), unless the note gives another calendar.
_NOTE_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Header:
    generated_at: datetime.datetime
    list_date: datetime.date


def _syntax_error(error: etree.XMLSyntaxError) -> ImportRefused:
    message = clean(getattr(error, "msg", "") or str(error))
    line = getattr(error, "lineno", None)
    where = f" (line {line})" if line else ""
    return ImportRefused(
        f"The file is not well-formed XML{where}: {message}. Is it complete, and is it the UN "
        "consolidated list?"
    )


def read_header(path: Path) -> Header:
    """Check the declared encoding against the bytes and the root element, and read the list's
    generation date, without reading the entries."""
    encoding.check(path)
    try:
        with path.open("rb") as stream:
            for _event, root in etree.iterparse(stream, events=("start",), **SAFE_PARSING):
                if root.getroottree().docinfo.doctype:
                    raise ImportRefused(
                        "The file declares a DOCTYPE, which the UN list never does: refused, "
                        "because a DOCTYPE can carry entity expansion (an “XML bomb”) or "
                        "external entities."
                    )
                if root.tag != ROOT:
                    raise ImportRefused(
                        f"This is not the UN consolidated list: its root element is <{root.tag}>, "
                        f"not <{ROOT}>."
                    )
                header = _header(root.get("dateGenerated"))
                break
            else:  # pragma: no cover - iterparse raises first
                raise ImportRefused("The file is empty.")
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error) from None
    return header


def _header(raw: str | None) -> Header:
    if not raw:
        raise ImportRefused(
            f"The list has no dateGenerated attribute on <{ROOT}>: its date is needed to mark "
            "the entries that left it as delisted."
        )
    try:
        generated_at = datetime.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ImportRefused(f"The list's dateGenerated “{raw}” is not a date and time.") from None
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=datetime.UTC)
    # The list's own calendar day (New York time for the UN), as people cite it.
    return Header(generated_at=generated_at, list_date=generated_at.date())


def read_entries(path: Path, warnings: Warnings, known: dict | None = None) -> Iterator[Incoming]:
    """Every INDIVIDUAL and ENTITY of the list, one at a time, in file order.

    ``known`` is the last import's ``{DATAID: (digest, …, warnings)}`` (``ImportRun.entry_digests``):
    an entry given byte for byte as then is yielded "light", with only its keys read and a way
    to read the rest (``Incoming.expand``) if the sync finds its designation saved since. Reading
    an entry in full is nine tenths of an unchanged re-import of 100,000 entries.
    """
    position = 0
    try:
        with path.open("rb") as stream:
            context = etree.iterparse(stream, events=("end",), tag=tuple(KINDS), **SAFE_PARSING)
            for _event, element in context:
                parent = element.getparent()
                if parent is None or CONTAINERS.get(parent.tag) != element.tag:
                    where = parent.tag if parent is not None else "the document"
                    warnings.add(f"<{element.tag}> found inside <{where}>, ignored")
                    continue
                position += 1
                raw = etree.tostring(element, with_tail=False)
                digest = hashlib.blake2b(raw, digest_size=12).hexdigest()
                entry = known and _light(element, position, digest, raw, known)
                if not entry:
                    entry = _full(element, position, digest)
                yield entry
                # Free what was read: the element's subtree and the siblings before it.
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    previous = element.getprevious()
                    if previous.tag != element.tag and isinstance(previous.tag, str):
                        warnings.add(f"Unknown element <{previous.tag}> in <{parent.tag}>, ignored")
                    del parent[0]
            root = context.root
            if root is not None:
                for child in root:
                    if isinstance(child.tag, str) and child.tag not in CONTAINERS:
                        warnings.add(f"Unknown element <{child.tag}> in <{ROOT}>, ignored")
                    elif child.tag in CONTAINERS:
                        for rest in child:
                            if isinstance(rest.tag, str) and rest.tag != CONTAINERS[child.tag]:
                                warnings.add(
                                    f"Unknown element <{rest.tag}> in <{child.tag}>, ignored"
                                )
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error) from None


def _full(element, position: int, digest: str) -> Incoming:
    recorded = Recorded()
    entry = _entry(element, position, recorded)
    entry.digest, entry.warnings = digest, recorded
    return entry


def _light(element, position, digest, raw, known) -> Incoming | None:
    """The entry with its keys only, if the last import saw it byte for byte; else None."""
    raw_dataid = clean(element.findtext("DATAID"))
    if not DATAID.fullmatch(raw_dataid):
        return None
    previous = known.get(int(raw_dataid))
    if not previous or previous[0] != digest or len(previous) < 3:
        return None  # changed, new, or recorded before warnings were kept with the digests
    reference = clean(element.findtext("REFERENCE_NUMBER"))
    match = REFERENCE.match(reference)
    if not match:
        return None

    def expand() -> Incoming:
        again = etree.fromstring(raw, etree.XMLParser(**SAFE_PARSING))
        return _full(again, position, digest)

    return Incoming(
        label=reference,
        regime_code=match.group(1),
        fields={
            "kind": KINDS[element.tag],
            "dataid": int(raw_dataid),
            "reference_number": reference,
        },
        digest=digest,
        warnings=previous[2],
        expand=expand,
    )


def _text(element) -> str:
    return clean(element.text) if element is not None else ""


def _entry(element, position: int, warnings: Warnings) -> Incoming:
    kind = KINDS[element.tag]
    scalars: dict[str, str] = {}
    lists: dict[str, list[str]] = {name: [] for name in _VALUE_LISTS}
    children: dict[str, list[dict]] = {accessor: [] for accessor in CHILDREN}
    raw_children: list[tuple[str, object]] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        if tag in _SCALARS:
            scalars[tag] = _text(child)
        elif tag in _VALUE_LISTS:
            for value in child:
                if value.tag == "VALUE":
                    text = _text(value)
                    if text and text not in lists[tag]:
                        lists[tag].append(text)
                elif isinstance(value.tag, str):
                    warnings.add(f"Unknown element <{value.tag}> in <{tag}>, ignored")
        elif tag in _CHILD_ELEMENTS:
            raw_children.append((_CHILD_ELEMENTS[tag], child))
        elif tag not in _IGNORED:
            warnings.add(f"Unknown element <{tag}> in <{element.tag}>, ignored")

    reference = scalars.get("REFERENCE_NUMBER", "")
    label = reference or f"entry {position}"
    raw_dataid = scalars.get("DATAID", "")
    if not raw_dataid:
        raise ImportRefused(
            f"The {element.tag.lower()} {label} (entry {position} of the list) has no DATAID, the "
            "UN's identifier that the import matches on."
        )
    if not DATAID.fullmatch(raw_dataid):
        raise ImportRefused(
            f"The {element.tag.lower()} {label} (entry {position} of the list) has the DATAID "
            f"“{raw_dataid[:40]}”, which is not 1 to 18 digits 0-9."
        )
    match = REFERENCE.match(reference)
    if not match:
        raise ImportRefused(
            f"The {element.tag.lower()} with DATAID {raw_dataid} has the reference number "
            f"“{reference}”, which does not start with a regime code and i/e (as in KPi.033): "
            "its regime cannot be told."
        )
    regime_code, letter = match.group(1), match.group(2)
    if (letter == "i") != (kind == Designation.Kind.INDIVIDUAL):
        warnings.add(
            "Reference number says individual/entity but the entry is listed as the other kind "
            "(kept as listed)",
            reference,
        )
    listed_on = iso_date(scalars.get("LISTED_ON", ""))
    if listed_on is None:
        raise ImportRefused(
            f"{reference} has no readable LISTED_ON date (“{scalars.get('LISTED_ON', '')}”)."
        )

    for accessor, child in raw_children:
        known = _CHILD_PARTS[accessor]
        parts = {}
        for part in child:
            tag = part.tag
            if isinstance(tag, str):
                if tag not in known:
                    warnings.add(f"Unknown element <{tag}> in <{child.tag}>, ignored")
                parts[tag] = _text(part)
        children[accessor].extend(_CHILD_BUILDERS[accessor](parts, reference, warnings))

    parts = [scalars.get(tag, "") for tag in _NAME_PARTS]
    name = " ".join(part for part in parts if part)
    if not name:
        name = scalars.get("NAME_ORIGINAL_SCRIPT", "") or reference
        warnings.add("Entry without a name (its original-script name or reference used)", reference)
    amended = sorted({d.isoformat() for d in (iso_date(v) for v in lists["LAST_DAY_UPDATED"]) if d})
    narrative = scalars.get("COMMENTS1", "")
    # Dates of birth given only as a note with no year ("24/06/1402 (Hijri Calendar)") cannot be a
    # date-of-birth row; keep them in the narrative rather than lose them.
    for note in (row.pop("_unplaced") for row in children["birth_dates"] if "_unplaced" in row):
        narrative = f"{narrative} Date of birth as given in the list: {note}.".strip()
    children["birth_dates"] = [row for row in children["birth_dates"] if row]
    gender = scalars.get("GENDER", "")

    fields = fit(
        Designation,
        {
            "kind": kind,
            "dataid": int(raw_dataid),
            "reference_number": reference,
            "source": Designation.Source.UN_LIST,
            "name": name,
            "first_name": parts[0],
            "second_name": parts[1],
            "third_name": parts[2],
            "fourth_name": parts[3],
            "name_original_script": scalars.get("NAME_ORIGINAL_SCRIPT", ""),
            "gender": GENDERS.get(gender.lower(), gender),
            "titles": lists["TITLE"],
            "positions": lists["DESIGNATION"],
            "nationalities": lists["NATIONALITY"],
            "listed_on": listed_on,
            "amended_on": amended,
            "narrative": narrative,
            "un_list_type": scalars.get("UN_LIST_TYPE", ""),
        },
        label=reference,
        warnings=warnings,
    )
    for accessor, rows in children.items():
        model = CHILDREN[accessor][0]
        for row in rows:
            fit(model, row, label=reference, warnings=warnings)
    return Incoming(label=reference, regime_code=regime_code, fields=fields, children=children)


def _aliases(parts: dict[str, str], reference: str, warnings: Warnings) -> list[dict]:
    names = split_names(parts.get("ALIAS_NAME", ""))
    if not names:
        return []  # the empty placeholder <..._ALIAS><QUALITY/><ALIAS_NAME/></..._ALIAS>
    raw_quality = parts.get("QUALITY", "")
    quality = ALIAS_QUALITIES.get(raw_quality.lower())
    if quality is None:
        warnings.add(
            f"Alias quality “{raw_quality}” not known, recorded as a.k.a."
            if raw_quality
            else "Alias without a quality, recorded as a.k.a.",
            reference,
        )
        quality = "aka"
    return [
        {
            "quality": quality,
            "name": name,
            "date_of_birth": parts.get("DATE_OF_BIRTH", ""),
            "city_of_birth": parts.get("CITY_OF_BIRTH", ""),
            "country_of_birth": parts.get("COUNTRY_OF_BIRTH", ""),
            "note": parts.get("NOTE", ""),
        }
        for name in names
    ]


def _addresses(parts: dict[str, str], reference: str, warnings: Warnings) -> list[dict]:
    row = {
        "street": parts.get("STREET", ""),
        "city": parts.get("CITY", ""),
        "state_province": parts.get("STATE_PROVINCE", ""),
        "zip_code": parts.get("ZIP_CODE", ""),
        "country": parts.get("COUNTRY", ""),
        "note": parts.get("NOTE", ""),
    }
    return [row] if any(row.values()) else []


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and 0 < int(text) < 10000 else None


def _birth_dates(parts: dict[str, str], reference: str, warnings: Warnings) -> list[dict]:
    kind_given = parts.get("TYPE_OF_DATE", "").upper()
    note = parts.get("NOTE", "")
    exact = iso_date(parts.get("DATE", ""))
    if parts.get("DATE") and exact is None:
        warnings.add("Unreadable date of birth kept as a note", reference)
        note = " ".join(p for p in (note, parts["DATE"]) if p)
    year = _year(parts.get("YEAR", ""))
    from_year, to_year = _year(parts.get("FROM_YEAR", "")), _year(parts.get("TO_YEAR", ""))
    row = {"kind": "", "date": None, "year": None, "from_year": None, "to_year": None, "note": note}
    if from_year and to_year and kind_given in ("BETWEEN", ""):
        if from_year > to_year:
            warnings.add("Date-of-birth range given backwards, read the right way round", reference)
            from_year, to_year = to_year, from_year
        row.update(kind="between", from_year=from_year, to_year=to_year)
    elif kind_given == "APPROXIMATELY" and (year or exact):
        if exact and not year:
            row["note"] = " ".join(p for p in (note, f"about {exact.isoformat()}") if p)
        row.update(kind="approximate", year=year or exact.year)
    elif exact:
        row.update(kind="exact", date=exact)
    elif year:
        # The UN writes a bare year as TYPE_OF_DATE EXACT with only a YEAR: our kind "year".
        row.update(kind="approximate" if kind_given == "APPROXIMATELY" else "year", year=year)
    elif note:
        found = _NOTE_YEAR.findall(note)
        if len(set(found)) == 1 and "hijri" not in note.lower():
            row.update(
                kind="approximate" if kind_given == "APPROXIMATELY" else "year", year=int(found[0])
            )
        else:
            warnings.add(
                "Date of birth given only as a note without a year, kept in the narrative",
                reference,
            )
            return [{"_unplaced": note}]
    else:
        return []  # the empty placeholder <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/></…>
    return [row]


def _birth_places(parts: dict[str, str], reference: str, warnings: Warnings) -> list[dict]:
    row = {
        "city": parts.get("CITY", ""),
        "state_province": parts.get("STATE_PROVINCE", ""),
        "country": parts.get("COUNTRY", ""),
        "note": parts.get("NOTE", ""),
    }
    return [row] if any(row.values()) else []


def _documents(parts: dict[str, str], reference: str, warnings: Warnings) -> list[dict]:
    # The list uses both ISSUING_COUNTRY and COUNTRY_OF_ISSUE, sometimes both with one value.
    countries = [
        c for c in (parts.get("ISSUING_COUNTRY", ""), parts.get("COUNTRY_OF_ISSUE", "")) if c
    ]
    note = parts.get("NOTE", "")
    issued = iso_date(parts.get("DATE_OF_ISSUE", ""))
    if parts.get("DATE_OF_ISSUE") and issued is None:
        warnings.add("Unreadable date of issue kept in the document's note", reference)
        note = "; ".join(p for p in (note, f"issued {parts['DATE_OF_ISSUE']}") if p)
    row = {
        "document_type": parts.get("TYPE_OF_DOCUMENT", ""),
        "document_type2": parts.get("TYPE_OF_DOCUMENT2", ""),
        "number": parts.get("NUMBER", ""),
        "issuing_country": " / ".join(dict.fromkeys(countries)),
        "date_of_issue": issued,
        "city_of_issue": parts.get("CITY_OF_ISSUE", ""),
        "note": note,
    }
    return [row] if any(row.values()) else []


_CHILD_BUILDERS = {
    "aliases": _aliases,
    "addresses": _addresses,
    "birth_dates": _birth_dates,
    "birth_places": _birth_places,
    "documents": _documents,
}
