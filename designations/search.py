"""Search of published designations: what people type finds what the list says.

Normalisation is rigour's (OpenSanctions' library of name handling for sanctions data), not ours:
``rigour.text.normalize`` with NFKD, casefolding and its name tokeniser strips accents ("Chŏe" →
"choe"), joins what an apostrophe splits ("Cho’ng", "Cho'ng", "Choʼng" → "chong"), splits at
hyphens and squashes spacing, and keeps every script (Hangul, Arabic, Cyrillic names stay
searchable as typed). It is written in Rust and runs in microseconds, so approval can store the
normalised text of every name. rigour was chosen over unidecode (GPL, transliteration only: it
would turn "김정은" into Latin letters and lose the original script) and fingerprints (made for
company names: it rewrites "Limited" to "ltd" and drops words), and because its territory data
knows the names people use for countries ("DPRK", "North Korea"), which the nationality filter
needs. Original-script names are also stored transliterated (rigour's ``maybe_ascii``), so
"Mohammad" finds "Мохаммад".

What publication stores (``search_columns``, one call per approved designation):

- ``search_ids``: "|kpi.033|6908555|9876543|": reference number, DATAID, IMO number, found exactly
  and case-insensitively;
- ``search_names`` / ``search_aliases`` / ``search_text``: the normalised names, aliases and both,
  one per line between newlines, for exact and word matches;
- ``search_terms``: [[what, as written], …], to say on the results what matched;
- ``nationality_codes``: "|kp|", the ISO codes of the nationalities as rigour reads them;
- the words of the names, as trigrams, in ``SearchTrigram`` (``index_words``).

Indexes. Misspellings are looked up word by word, alike on both databases: each query word may
also be any indexed word that shares a trigram with it within a small edit distance (rigour's
Levenshtein): "hoo" → "ho". The word-trigram table is hand-written because no library keeps one
for Django; it is a plain model, filled at approval on both databases. The rows are found by
tests of the normalised text (LIKE on SQLite, ``strpos`` on PostgreSQL), after a word index has
found the candidate rows: on PostgreSQL a full-text GIN index of the words of ``search_text``
and an index of the identifiers (migration 0008), on SQLite an FTS5 word index of
``search_text`` and ``search_ids`` (migration 0007, kept by triggers; its trigram tokenizer
finds substrings, not similar strings).
Each query word is looked up there as the indexed words it begins ("ri" → "ri", "rim"), read from
the word-trigram table, and as its similar words; the LIKEs then check the candidates alone.
"""

import functools
import json
import re

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from rigour.territories import lookup_territory
from rigour.text import levenshtein
from rigour.text.normalize import Normalize, normalize
from rigour.text.translit import maybe_ascii

from editorial import bulk

_SPACE = re.compile(r"\s+")
_FLAGS = Normalize.NFKD | Normalize.CASEFOLD | Normalize.NAME
MAX_QUERY = 200  # characters of a query that are read
MAX_WORD = 60  # longer "words" are not indexed as trigrams
MAX_WORDS = 8  # words of a query that are searched
FTS_TABLE = "designations_search_fts"  # SQLite only (migration 0007)
NATIONALITY_FTS_TABLE = "designations_nationality_fts"  # SQLite only (migration 0009)
PUBLISHED_TABLE = "designations_publisheddesignation"  # its word index on PostgreSQL: 0008
FUZZY_CANDIDATES = 200  # indexed words considered per misspelt query word
MATERIALISED_IDS = 20_000  # rows of a search read once as ids (see _exactly)
PREFIX_WORDS = 300  # indexed words that begin the query's words, looked up as words (see below)

# Ranks of a match, best first; each row takes the best that applies.
IDENTIFIER, EXACT_NAME, NAME, ALIAS, WORDS, SIMILAR = range(6)

LABELS = {
    "reference": "reference",
    "dataid": "DATAID",
    "imo": "IMO number",
    "name": "name",
    "original": "original script",
    "parts": "name",
    "alias": "alias",
}
_NAME_FIELDS = ("name", "original", "parts")
_ID_FIELDS = ("reference", "dataid", "imo")


def normalise(text: str | None) -> str:
    """Lower-case, accent-free, apostrophe-free, single-spaced: "Kim Cho’ng-sik" → "kim chong sik"."""
    if not text:
        return ""
    return normalize(text.replace("\x00", ""), _FLAGS) or ""


def normalise_identifier(text: str | None) -> str:
    """ "KPi.033 " → "kpi.033"; "IMO 9876543" → "9876543"."""
    text = _SPACE.sub("", (text or "").replace("\x00", "")).casefold()
    return text[3:] if text.startswith("imo") and text[3:].isdigit() else text


def clean_whitespace(text: str | None) -> str:
    """Collapse runs of white space and trim: the UN list pads names and numbers with spaces."""
    return _SPACE.sub(" ", text or "").strip()


@functools.lru_cache(maxsize=4096)
def _latin(text: str) -> str:
    """An original-script name in Latin letters (ICU's transliteration takes a millisecond)."""
    return normalise(maybe_ascii(text))


@functools.lru_cache(maxsize=1024)
def territory_code(text: str) -> str | None:
    """The ISO code of a country as people name it: "DPRK", "North Korea" → "kp"."""
    text = clean_whitespace(text)[:100]
    if not text:
        return None
    territory = lookup_territory(text)
    return territory.code if territory is not None else None


def nationality_q(value: str) -> Q:
    """Rows of this nationality: a country by any of its names or its code ("DPRK", "kp"), or
    part of a nationality as listed ("Congo" finds both Congos, "Guinea" Guinea-Bissau too)."""
    as_listed = Q(nationalities__icontains=value)
    code = territory_code(value)
    return as_listed | Q(nationality_codes__contains=f"|{code}|") if code else as_listed


def _nationality_terms(value: str) -> tuple[str, str | None] | None:
    """(the text as ``nationality_q`` reads it, its country code) for the nationality indexes of
    migration 0009; None for a text of fewer than three characters, which has no trigram."""
    value = value.strip()
    return (value, territory_code(value)) if len(value) >= 3 else None


def _nationality_condition(value: str, column: str = "") -> tuple[str, list] | None:
    """A condition on PostgreSQL's rows that holds for every row ``nationality_q`` finds, served
    by the GIN indexes of the listed text's trigrams and of the codes (migration 0009)."""
    terms = _nationality_terms(value)
    if terms is None:
        return None
    value, code = terms
    # As Django writes icontains: the trigram index serves the same expression.
    pattern = f"%{connections['default'].ops.prep_for_like_query(value)}%"
    conditions, params = [f"upper({column}nationalities) LIKE upper(%s)"], [pattern]
    if code:
        conditions.append(f"string_to_array({column}nationality_codes, '|') @> ARRAY[%s]::text[]")
        params.append(code)
    return "(" + " OR ".join(conditions) + ")", params


def _nationality_match(value: str) -> str | None:
    """An FTS5 query of SQLite's trigram table of nationalities (migration 0009) that finds every
    row ``nationality_q`` finds: its trigram tokenizer finds a quoted text as a substring,
    whatever its case."""
    terms = _nationality_terms(value)
    if terms is None:
        return None
    value, code = terms
    match = [f"nationalities : {_quoted(value)}"]
    if code:
        match.append(f"nationality_codes : {_quoted(f'|{code}|')}")
    return " OR ".join(match)


# --- what publication stores -----------------------------------------------------------------


def terms(document: dict) -> list[list[str]]:
    """[[what, as written], …] of a designation document: identifiers, names, aliases."""
    found = [
        ["reference", document.get("reference_number")],
        ["dataid", document.get("dataid")],
        ["imo", (document.get("vessel") or {}).get("imo_number")],
        ["name", document.get("name")],
        ["original", document.get("name_original_script")],
    ]
    if document.get("kind") == "individual":
        # Word order differs between sources ("KIM JONG UN" / "Jong Un Kim"): index the parts too.
        parts = [
            document.get(f) for f in ("first_name", "second_name", "third_name", "fourth_name")
        ]
        found.append(["parts", " ".join(p for p in parts if p)])
    found += [["alias", alias.get("name")] for alias in document.get("aliases") or []]
    return [[what, str(text).strip()] for what, text in found if text and str(text).strip()]


def _lines(texts) -> str:
    # "\n kim jong un \n ri \n": a whole line is "\n … \n", a word starts after a space.
    unique = [f" {t} " for t in dict.fromkeys(texts) if t]
    return "\n" + "\n".join(unique) + "\n" if unique else ""


def search_columns(document: dict) -> dict:
    """The search columns of ``PublishedDesignation`` for one document."""
    found = terms(document)
    names, aliases = [], []
    for what, text in found:
        if what in _ID_FIELDS:
            continue
        bucket = names if what in _NAME_FIELDS else aliases
        bucket.append(normalise(text))
        if what == "original" or not text.isascii():
            bucket.append(_latin(text))
    ids = [normalise_identifier(text) for what, text in found if what in _ID_FIELDS]
    codes = sorted({c for c in map(territory_code, document.get("nationalities") or []) if c})
    return {
        "search_ids": "|" + "|".join(dict.fromkeys(ids)) + "|" if ids else "",
        "search_names": _lines(names),
        "search_aliases": _lines(aliases),
        "search_text": _lines([*names, *aliases]),
        "search_terms": found,
        "nationality_codes": "|" + "|".join(codes) + "|" if codes else "",
    }


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def index_words(rows) -> None:
    """Store the trigrams of every word of these published rows' names (at approval)."""
    from designations.models import SearchTrigram

    db = router.db_for_write(SearchTrigram)
    words = {w for row in rows for w in row.search_text.split() if len(w) <= MAX_WORD}
    # As many rows a statement as the database takes (Django works it out): an approval's
    # queries then grow by one for about every 16,000 new trigrams.
    SearchTrigram.objects.using(db).bulk_create(
        [
            bulk.new(SearchTrigram, {"trigram": gram, "word": word})
            for word in words
            for gram in trigrams(word)
        ],
        ignore_conflicts=True,
    )


# --- the search ------------------------------------------------------------------------------


def _contains(column: str, text: str) -> Q:
    """The column holds the text: Django's ``contains``, a LIKE, which PostgreSQL's trigram index
    of ``search_text`` (migration 0002) serves when no word index can."""
    return Q(**{f"{column}__contains": text})


def _holds(column: str, text: str) -> Q:
    """The column holds the text, as a test of each row that no index serves (``strpos``): for
    the rows that PostgreSQL's word or identifier index has already found. As a LIKE, the
    planner also read the trigram index for it and intersected the two (on "kim" at 100,000
    designations, about three times the time of the word index alone)."""
    return Q(GreaterThan(StrIndex(column, Value(text)), 0))


def _all_words(column: str, words, has=_contains) -> Q:
    """Every word begins a word of the column ("kim jo" finds "kim jong un", "ri" not "marine")."""
    q = Q()
    for word in words:
        q &= has(column, f" {word}")
    return q


def _allowed_edits(word: str) -> int:
    """How many edits a misspelling may be: none for short words and numbers."""
    if len(word) < 3 or word.isdigit():
        return 0
    return 1 if len(word) < 6 else 2


def similar_words(word: str, db: str) -> list[str]:
    """Indexed words within a small edit distance of ``word`` (itself included when indexed)."""
    from designations.models import SearchTrigram

    grams = trigrams(word)
    candidates = (
        SearchTrigram.objects.using(db)
        .filter(trigram__in=grams)
        .values("word")
        .annotate(shared=Count("id"))
        .order_by("-shared", "word")
        .values_list("word", flat=True)[:FUZZY_CANDIDATES]
    )
    edits = _allowed_edits(word)
    return [w for w in candidates if w == word or levenshtein(w, word) <= edits]


def words_beginning(words, db) -> dict[str, list[str]] | None:
    """The indexed words that each query word begins ("ri" → ["ri", "rim", …]), in one query; or
    None when they are more than ``PREFIX_WORDS`` (a word of one letter): the word indexes then
    look the words up as prefixes. Exact words are several times faster to look up than a prefix
    on PostgreSQL's GIN index (which merges every matching entry's rows at each query) and in
    SQLite's FTS5 table (which has no prefix index)."""
    from designations.models import SearchTrigram

    if not words:
        return {}
    begins = Q()
    for word in words:
        # Every indexed word has the trigram of its first letter, "  r": the index narrows the
        # look-up to the words of that letter.
        begins |= Q(trigram=f"  {word[0]}", word__startswith=word)
    found = list(
        SearchTrigram.objects.using(db)
        .filter(begins)
        .values_list("word", flat=True)[: PREFIX_WORDS + 1]
    )
    if len(found) > PREFIX_WORDS:
        return None
    return {word: sorted({w for w in found if w.startswith(word)}) for word in words}


def _fuzzy(queryset, words, identifier, nationality=""):
    """(rows with every word or a similar indexed word, an index restriction of every candidate
    row on this database, the ordering of similar names among themselves, best first, and the
    test of a text in a column for the rows: ``_holds`` after an index found them, else
    ``_contains``).

    The same on both databases, so that both find the same rows: each misspelt word may be any
    indexed word within a small edit distance (``similar_words``), and the rows are found by
    text tests alone, on the candidates of the word index (PostgreSQL's full-text index, 0008;
    SQLite's FTS5 table, 0007). pg_trgm's word similarity (``<%``), which PostgreSQL searches used
    before, is computed per candidate row over all its names (about 20 µs a row, and a common
    word such as "kim" has thousands of candidates), and the planner, counting it as cheap,
    read the whole table with it."""
    options = {w: similar_words(w, queryset.db) if _allowed_edits(w) else [] for w in words}
    vendor = connections[queryset.db].vendor
    candidates, has = Q(), _contains
    if vendor in ("postgresql", "sqlite"):
        beginning = words_beginning(list(options), queryset.db)
        if vendor == "postgresql":
            candidates, indexed = _tsvector_candidates(identifier, options, beginning, nationality)
            has = _holds if indexed else _contains
        else:
            candidates = _fts_candidates(identifier, options, beginning, nationality)
    fuzzy, exact_words = Q(), Value(0)
    for word in words:
        either = has("search_text", f" {word}")
        exact_words = exact_words + Case(When(either, then=Value(1)), default=Value(0))
        for alternative in options[word]:
            either |= has("search_text", f" {alternative} ")
        fuzzy &= either
    # Among similar names, those with more of the words as typed come first.
    order = [ExpressionWrapper(exact_words, output_field=IntegerField()).desc()]
    return fuzzy, candidates, order, has


def _terms(word: str, alternatives: list, beginning: dict | None, quote, prefix) -> list[str]:
    """The index terms of one query word: the indexed words it begins, or itself as a prefix
    when they are too many or of other characters than letters and digits; then its similar
    words."""
    exact = (beginning or {}).get(word)
    if beginning is None or not all(w.isalnum() for w in exact or []):
        first = [prefix(word)]
    else:
        first = [quote(w) for w in exact]
    return list(dict.fromkeys([*first, *(quote(a) for a in alternatives)]))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_candidates(identifier: str, options: dict, beginning: dict | None, nationality: str) -> Q:
    """Rows that the SQLite FTS5 index (migration 0007) finds for the identifier or the words:
    a superset of the matches, narrowed by the LIKEs after it, so both databases give the same
    results. Words of no letter or digit are left to the LIKEs (FTS5 would find no token). With
    a nationality, only those of its trigram table (0009) too."""
    parts = []
    if any(ch.isalnum() for ch in identifier):
        parts.append(f"search_ids : {_quoted(identifier)}")
    words = [w for w in options if any(ch.isalnum() for ch in w)]
    among = []
    if words and len(words) == len(options):
        each = [
            _terms(w, options[w], beginning, _quoted, lambda w: _quoted(w) + "*") for w in words
        ]
        if all(each):
            terms = " AND ".join(f"({' OR '.join(t)})" for t in each)
            parts.append(f"search_text : ({terms})")
    elif options:
        parts = None  # a word the index cannot look up: the LIKEs read every candidate
    if parts == [] and words:
        return Q(pk__in=[])  # a word that begins no indexed word: no row
    if parts:
        among.append(
            (f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", " OR ".join(parts))
        )
    match = _nationality_match(nationality) if nationality else None
    if match:
        table = NATIONALITY_FTS_TABLE
        among.append((f"SELECT rowid FROM {table} WHERE {table} MATCH %s", match))
    if not among:
        return Q()
    return _candidates(" INTERSECT ".join(sql for sql, _ in among), [p for _, p in among])


def _tsvector_candidates(
    identifier: str, options: dict, beginning: dict | None, nationality: str
) -> tuple[Q, bool]:
    """(a condition on the row that PostgreSQL's full-text index of the words (migration 0008)
    finds for the words, or the index of the identifiers of ``search_ids`` (0008) for the
    identifier, whether one of them serves it). As on SQLite, a superset of the matches, narrowed
    by the text tests after it. The 'simple' parser keeps a word of letters and digits whole; a
    word of anything else is left to the LIKEs and the trigram index (over every candidate).
    With a nationality, the rows its indexes (0009) find too, in the same condition, so that
    PostgreSQL intersects the indexes before it reads a row. The condition is on the row itself,
    not ``id IN (…)`` of a second read of the table: that read every candidate twice, the second
    time one primary-key look-up each."""
    words = list(options)
    conditions, params = [], []
    column = f'"{PUBLISHED_TABLE}".'
    if all(w.isalnum() and all(a.isalnum() for a in options[w]) for w in words):
        each = [
            _terms(w, options[w], beginning, lambda w: f"'{w}'", lambda w: f"'{w}':*")
            for w in words
        ]
        if words and all(each):
            conditions.append(
                f"to_tsvector('simple'::regconfig, {column}search_text) "
                "@@ to_tsquery('simple'::regconfig, %s)"
            )
            params.append(" & ".join(f"({' | '.join(t)})" for t in each))
        if identifier:
            conditions.append(f"string_to_array({column}search_ids, '|') @> ARRAY[%s]::text[]")
            params.append(identifier)
        if not conditions and words:
            return Q(pk__in=[]), False  # a word that begins no indexed word: no row
    where = [f"({' OR '.join(conditions)})"] if conditions else []
    within = _nationality_condition(nationality, column) if nationality else None
    if within:
        where.append(within[0])
        params += within[1]
    if not where:
        return Q(), False
    return Q(RawSQL(" AND ".join(where), params, output_field=BooleanField())), bool(conditions)


class _AmongIds(Func):
    """``id = ANY(%s)`` (PostgreSQL) or ``id IN (SELECT value FROM json_each(%s))`` (SQLite):
    the row is one of these ids, given as one value whatever their number.

    ``ranked``: the ids are in the order of the search (``_exactly``), and ``ranked["order"]`` is
    that order as the query holds it. A query that still filters by these ids alone, in that
    order, sliced (a page: ``[:50]``, ``[50:100]``), has its rows among the first ``high_mark``
    ids: only those are asked for, so that the page reads its own rows and not every match. The
    ranked statement is Django's to compile, so that filters, deferred fields and the order read
    as any query's; the shortcut is decided here because only the compiled query knows whether it
    is still that one (a later filter, ordering, ``distinct`` or grouping, or a count, gets every
    id)."""

    output_field = BooleanField()

    def __init__(self, ids: tuple, ranked=None):
        # A tuple: Django hashes an expression's arguments (its identity), a list item by item.
        super().__init__(F("pk"))
        self.ids = list(ids)
        self.ranked = ranked  # shared by the copies Django makes as it resolves the filter

    def _ids_for(self, query):
        if (
            self.ranked is not None
            and query.high_mark is not None
            and query.order_by == self.ranked.get("order")
            and len(query.where.children) == 1
            and not query.distinct
            and query.group_by is None
        ):
            return self.ids[: query.high_mark]
        return self.ids

    def as_sql(self, compiler, connection, **extra_context):
        pk, pk_params = compiler.compile(self.source_expressions[0])
        ids = self._ids_for(compiler.query)
        # One text parameter: an array or a list of thousands is slow to bind value by value.
        if connection.vendor == "postgresql":
            return f"{pk} = ANY(%s::bigint[])", [*pk_params, "{" + ",".join(map(str, ids)) + "}"]
        return f"{pk} IN (SELECT value FROM json_each(%s))", [*pk_params, json.dumps(ids)]


def _id_rows(queryset) -> list[tuple[int, int]]:
    """The (id, rank) rows of ``queryset``, as the database returns them: both are whole
    numbers, so the ORM's conversion of each value (about 2 µs a row, 20 ms for the 10,000 rows
    of a common word) changes nothing and is skipped. The SQL is the ORM's own."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _candidates(sql: str, params: list) -> Q:
    """Rows among the ids ``sql`` selects through the indexes (read with the rest by
    ``_exactly``)."""
    return Q(pk__in=RawSQL(sql, params))


def searches(text: str) -> bool:
    """Whether ``search`` filters (and ranks) for this text."""
    text = (text or "")[:MAX_QUERY]
    return bool(normalise_identifier(text) or normalise(text).split())


def search(queryset, text: str, nationality: str = ""):
    """Rows matching ``text``, best first, each annotated with ``search_rank`` (IDENTIFIER …
    SIMILAR): an identifier exactly, then a whole name, then every word in a name, in an alias,
    in the names together, and last names similar to the words (misspellings).

    ``queryset`` carries the other filters of the list (the search is applied last): the ids of
    the rows that match them all are read once, through the indexes (``_exactly``), and the page
    and its count then read only those. ``nationality``: the value of the nationality filter
    among them (``nationality_q``), if any, so that the indexes find rows of both at once; it
    narrows only the candidates, the filter itself still decides which rows match."""
    text = (text or "")[:MAX_QUERY]
    identifier = normalise_identifier(text)
    words = normalise(text).split()[:MAX_WORDS]
    if not words and not identifier:
        return queryset
    # Every reference, DATAID and IMO number has a digit: other text is no identifier (and on
    # PostgreSQL an OR with an identifier test would keep the trigram index from the names).
    identifier = (
        identifier if "|" not in identifier and any(c.isdigit() for c in identifier) else ""
    )
    fuzzy, candidates, extra_order, has = _fuzzy(queryset, words, identifier, nationality)
    by_id = has("search_ids", f"|{identifier}|") if identifier else Q(pk__in=[])
    if not words:
        return _exactly(queryset.filter(candidates, by_id), Value(IDENTIFIER), [])
    phrase = " ".join(words)
    plain = _all_words("search_text", words, has)
    rank = Case(
        When(by_id, then=Value(IDENTIFIER)),
        When(has("search_names", f"\n {phrase} \n"), then=Value(EXACT_NAME)),
        When(_all_words("search_names", words, has), then=Value(NAME)),
        When(_all_words("search_aliases", words, has), then=Value(ALIAS)),
        When(plain, then=Value(WORDS)),
        default=Value(SIMILAR),
        output_field=IntegerField(),
    )
    return _exactly(queryset.filter(candidates, by_id | plain | fuzzy), rank, extra_order)


def _exactly(matching, rank, extra_order):
    """The rows of ``matching``, best first, annotated with ``search_rank``: their ids and ranks
    read here once, in the search's order (one statement through the indexes, the LIKEs, the
    rank and the list's other filters), then a query of those ids alone. The count of a page is
    then the number of ids read (``PublishedDesignationQuerySet.count``), and a page reads only
    its own rows (``_AmongIds``), whose rank is which of the ranks' ids it is among. (Left in every statement, the look-up, the LIKEs and the
    rank ran three times a page, and the page read and sorted every match to show 50; on
    PostgreSQL an estimate of one row once made it check each row's regime by a scan of the
    regimes.) More than ``MATERIALISED_IDS`` rows stay a query of their own."""
    order = ["search_rank", *extra_order, "sort_name", "id"]
    matching = matching.annotate(search_rank=rank).order_by(*order)
    found = _id_rows(matching.values_list("pk", "search_rank")[: MATERIALISED_IDS + 1])
    if len(found) > MATERIALISED_IDS:
        return matching
    rows = matching.model._default_manager.db_manager(matching.db).all()
    rows.query.deferred_loading = matching.query.deferred_loading  # as narrow as asked
    if not found:
        return rows.none().annotate(search_rank=Value(IDENTIFIER))
    by_rank: dict[int, list[int]] = {}
    for pk, row_rank in found:
        by_rank.setdefault(row_rank, []).append(pk)
    *others, (last, _) = by_rank.items()
    ranks = Case(
        *(When(_AmongIds(tuple(ids)), then=Value(r)) for r, ids in others),
        default=Value(last),
        output_field=IntegerField(),
    )
    ranked = {}
    rows = rows.filter(_AmongIds(tuple(pk for pk, _ in found), ranked))
    rows = rows.annotate(search_rank=ranks)
    rows = rows.order_by(*order)
    ranked["order"] = rows.query.order_by
    rows.query.known_count = (len(found), len(rows.query.where.children))  # see count()
    return rows


# --- what matched ------------------------------------------------------------------------------


def matched(search_terms: list, text: str) -> str:
    """What of a row matched ``text``, as the results show it: "alias: Kim Cho’ng-sik"."""
    text = (text or "")[:MAX_QUERY]
    identifier = normalise_identifier(text)
    words = normalise(text).split()
    entries = [(what, written) for what, written in search_terms or []]
    for what, written in entries:
        if what in _ID_FIELDS and identifier and normalise_identifier(written) == identifier:
            return f"{LABELS[what]}: {written}"
    if not words:
        return ""
    phrase = " ".join(words)
    names = [
        (what, written, _forms(written)) for what, written in entries if what not in _ID_FIELDS
    ]
    for test in (
        lambda forms: phrase in forms,
        lambda forms: any(all(f" {w}" in f" {form}" for w in words) for form in forms),
    ):
        for what, written, forms in names:
            if test(forms):
                return f"{LABELS[what]}: {written}"
    best = min(
        names,
        key=lambda entry: min(levenshtein(phrase, form) for form in entry[2]),
        default=None,
    )
    return f"similar {LABELS[best[0]]}: {best[1]}" if best else ""


def _forms(written: str) -> list[str]:
    forms = [normalise(written)]
    if not written.isascii():
        forms.append(_latin(written))
    return [f for f in forms if f] or [""]
