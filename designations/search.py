"""Name normalisation shared by the published search column and the search box."""

import re
import unicodedata

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, FloatField, Func, Q, Value

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced: "Kim Jŏng-un" → "kim jong un"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", _PUNCT.sub(" ", stripped.casefold())).strip()


def clean_whitespace(text: str | None) -> str:
    """Collapse runs of white space and trim: the UN list pads names and numbers with spaces."""
    return _SPACE.sub(" ", text or "").strip()


class _WordSimilar(Func):
    """``query <% search_text`` (pg_trgm): some extent of the names is similar to the query.

    An operator, not the ``word_similarity()`` function, so that PostgreSQL can use the trigram
    GIN index on ``search_text`` (migration 0002); the threshold is pg_trgm's
    ``word_similarity_threshold`` (0.6 by default).
    """

    arity = 2
    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "WORD_SIMILARITY"
    arity = 2
    output_field = FloatField()


def search(queryset, text: str):
    """Rows whose names or aliases match ``text``, case- and accent-insensitively.

    Everywhere: rows containing every word of ``text``, in any order (the plain fallback).
    On PostgreSQL also rows whose names are similar by trigrams (small misspellings, "Kim Jong Un"
    for "KIM JONG-UN"), ranked after the exact matches by similarity.
    """
    words = normalise(text).split()
    if not words:
        return queryset
    plain = Q()
    for word in words:
        plain &= Q(search_text__contains=word)
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(plain)
    query = Value(" ".join(words))
    return (
        queryset.filter(plain | Q(_WordSimilar(query, F("search_text"))))
        .annotate(
            search_exact=ExpressionWrapper(plain, output_field=BooleanField()),
            search_rank=_WordSimilarity(query, F("search_text")),
        )
        .order_by(F("search_exact").desc(), F("search_rank").desc(), "sort_name", "id")
    )
