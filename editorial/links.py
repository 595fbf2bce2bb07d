"""Links to public pages by identifier, without a ``reverse()`` for each link.

A page can list hundreds of links (a designation page lists every episode it was shown on, a
list page its rows), and ``reverse`` costs about 35 µs each (it matches the URL pattern and
quotes every argument): a sixth of a designation page. An identifier made only of characters
that neither the pattern refuses nor ``reverse`` quotes gives the URL of any other such
identifier with it put in its place, so that URL is reversed once per view and script prefix
(``lru_cache``) and filled in; any other identifier goes through ``reverse`` as before. Django
has no such cache of its own.
"""

import functools
import re

from django.urls import get_script_prefix, reverse

# Accepted by the ``slug`` converter, and by ``str`` (no "/"), and never quoted by ``reverse``.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
# Accepted by ``str``, never quoted: a designation's public identifier, "KPi.033".
KEY = re.compile(r"[-a-zA-Z0-9_.]+\Z")
_PLACEHOLDER = "placeholder-0"


def link(view_name: str, identifier: str, plain: re.Pattern = SLUG) -> str:
    """``reverse(view_name, args=[identifier])``: ``plain`` says which identifiers the view's
    pattern takes as they are."""
    if not plain.match(identifier):
        return reverse(view_name, args=[identifier])
    before, after = _around(view_name, get_script_prefix())
    return f"{before}{identifier}{after}"


@functools.lru_cache(maxsize=64)
def _around(view_name: str, script_prefix: str) -> tuple[str, str]:
    url = reverse(view_name, args=[_PLACEHOLDER])
    before, found, after = url.partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in after:  # pragma: no cover - a pattern that changes it
        raise ValueError(f"{view_name} does not give back its argument as it is: {url}")
    return before, after
