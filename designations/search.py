"""Name normalisation shared by the published search column and the search box."""

import re
import unicodedata

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
