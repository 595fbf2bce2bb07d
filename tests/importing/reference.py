"""An independent reading of the UN list with xml.etree, to check the importer against.

Deliberately another code path than designations.importing (no lxml, no shared helpers): entries
are compared as sorted trees of white-space-normalised text, ignoring the elements the importer
documents as not stored and the empty placeholders.
"""

import xml.etree.ElementTree as ET
from collections import Counter

NOT_STORED = {
    "VERSIONNUM",
    "SORT_KEY",
    "SORT_KEY_LAST_MOD",
    "LIST_TYPE",
    "SUBMITTED_BY",
    "SUBMITTED_ON",
}


def entries(path) -> dict[int, ET.Element]:
    """{DATAID: INDIVIDUAL or ENTITY element}."""
    root = ET.parse(path).getroot()
    found = {}
    for container, tag in (("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")):
        for element in root.find(container).findall(tag):
            found[int(element.findtext("DATAID"))] = element
    return found


def regime_and_kind(element) -> tuple[str, str]:
    reference = element.findtext("REFERENCE_NUMBER").strip()
    return reference[:2], "individual" if element.tag == "INDIVIDUAL" else "entity"


def per_regime_and_kind(path) -> Counter:
    return Counter(regime_and_kind(element) for element in entries(path).values())


def canonical(element) -> tuple:
    items = []
    for child in element:
        if child.tag in NOT_STORED:
            continue
        if len(child):
            nested = canonical(child)
            if nested:
                items.append((child.tag, nested))
        else:
            text = " ".join((child.text or "").split())
            if text:
                items.append((child.tag, text))
    return tuple(sorted(items))


def changes(old_path, new_path) -> dict[str, int]:
    old, new = entries(old_path), entries(new_path)
    common = old.keys() & new.keys()
    amended = sum(canonical(old[k]) != canonical(new[k]) for k in common)
    return {
        "added": len(new.keys() - old.keys()),
        "amended": amended,
        "delisted": len(old.keys() - new.keys()),
        "unchanged": len(common) - amended,
    }


def by_reference(path, reference: str) -> ET.Element:
    for element in entries(path).values():
        if element.findtext("REFERENCE_NUMBER").strip() == reference:
            return element
    raise LookupError(reference)
