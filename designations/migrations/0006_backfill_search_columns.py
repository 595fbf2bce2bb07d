"""Back-fill the search columns of the designations already published, and their trigrams.

A frozen copy of ``designations.search.search_columns`` as it was when the columns were added (a
data migration does not import app code, which may change after it): the published documents
hold everything needed, so no working table is read and no public version changes.
"""

import functools
import re

from django.db import migrations

_SPACE = re.compile(r"\s+")
_ID_FIELDS = ("reference", "dataid", "imo")
_NAME_FIELDS = ("name", "original", "parts")


def _normalise(text):
    from rigour.text.normalize import Normalize, normalize

    flags = Normalize.NFKD | Normalize.CASEFOLD | Normalize.NAME
    return normalize(text.replace("\x00", ""), flags) or "" if text else ""


@functools.lru_cache(maxsize=4096)
def _latin(text):
    from rigour.text.translit import maybe_ascii

    return _normalise(maybe_ascii(text))


@functools.lru_cache(maxsize=1024)
def _territory(text):
    from rigour.territories import lookup_territory

    text = _SPACE.sub(" ", text).strip()[:100]
    territory = lookup_territory(text) if text else None
    return territory.code if territory is not None else None


def _identifier(text):
    text = _SPACE.sub("", text or "").casefold()
    return text[3:] if text.startswith("imo") and text[3:].isdigit() else text


def _lines(texts):
    # "\n kim jong un \n ri \n": a whole line is "\n … \n", a word starts after a space.
    unique = [f" {t} " for t in dict.fromkeys(texts) if t]
    return "\n" + "\n".join(unique) + "\n" if unique else ""


def _columns(document):
    found = [
        ["reference", document.get("reference_number")],
        ["dataid", document.get("dataid")],
        ["imo", (document.get("vessel") or {}).get("imo_number")],
        ["name", document.get("name")],
        ["original", document.get("name_original_script")],
    ]
    if document.get("kind") == "individual":
        parts = [
            document.get(f) for f in ("first_name", "second_name", "third_name", "fourth_name")
        ]
        found.append(["parts", " ".join(p for p in parts if p)])
    found += [["alias", alias.get("name")] for alias in document.get("aliases") or []]
    found = [[what, str(text).strip()] for what, text in found if text and str(text).strip()]
    names, aliases = [], []
    for what, text in found:
        if what in _ID_FIELDS:
            continue
        bucket = names if what in _NAME_FIELDS else aliases
        bucket.append(_normalise(text))
        if what == "original" or not text.isascii():
            bucket.append(_latin(text))
    ids = [_identifier(text) for what, text in found if what in _ID_FIELDS]
    codes = sorted({c for c in map(_territory, document.get("nationalities") or []) if c})
    return {
        "sort_name": _normalise(document.get("name")),
        "search_ids": "|" + "|".join(dict.fromkeys(ids)) + "|" if ids else "",
        "search_names": _lines(names),
        "search_aliases": _lines(aliases),
        "search_text": _lines([*names, *aliases]),
        "search_terms": found,
        "nationality_codes": "|" + "|".join(codes) + "|" if codes else "",
    }


def forwards(apps, schema_editor):
    PublishedDesignation = apps.get_model("designations", "PublishedDesignation")
    SearchTrigram = apps.get_model("designations", "SearchTrigram")
    db = schema_editor.connection.alias
    rows = list(PublishedDesignation.objects.using(db).order_by("pk"))
    words = set()
    for row in rows:
        for name, value in _columns(row.document).items():
            setattr(row, name, value)
        words.update(w for w in row.search_text.split() if len(w) <= 60)
    fields = ["sort_name", "search_ids", "search_names", "search_aliases", "search_text"]
    fields += ["search_terms", "nationality_codes"]
    PublishedDesignation.objects.using(db).bulk_update(rows, fields, batch_size=500)
    grams = [
        SearchTrigram(trigram=f"  {word} "[i : i + 3], word=word)
        for word in words
        for i in range(len(word) + 1)
    ]
    SearchTrigram.objects.using(db).bulk_create(grams, ignore_conflicts=True, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("designations", "0005_search_columns_and_trigrams")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
