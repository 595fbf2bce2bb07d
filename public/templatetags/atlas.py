"""Template helpers of the public site: safe Markdown, dates as stored in documents, labels.

Narratives are Markdown written by researchers. They are rendered, then sanitised with nh3 against
a strict allowlist, so that a slip in the admin (a pasted <script>, an ``onclick``, a
``javascript:`` link) can never reach a public page.
"""

import datetime
import functools
import re
import threading

import markdown as markdown_lib
import nh3
from django import template
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>")


_converters = threading.local()


def _to_html(text: str) -> str:
    """Python-Markdown's ``markdown()`` with one converter per thread, reset between texts (its
    documented way of reuse): building a converter cost half of an episode page's rendering."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(
            extensions=["sane_lists", "tables"], output_format="html"
        )
    return converter.reset().convert(text)


def render_markdown(text: str, *, heading_level: int = 3) -> str:
    """Markdown → sanitised HTML. Headings start at ``heading_level`` so the page outline holds."""
    if not text:
        return ""
    return _rendered(text, heading_level)


@functools.lru_cache(maxsize=2048)  # narratives of a few KB: a few MB per process
def _rendered(text: str, heading_level: int) -> str:
    """``render_markdown``, once per text and level: the same approved narratives are on every
    view of their pages (23 texts on an episode page, a fifth of its time). The result is a
    function of its arguments alone; a text changed by an approval is another key."""
    html = _to_html(text)
    shift = heading_level - 1

    def demote(match):
        level = min(int(match.group(2)) + shift, 6)
        return f"<{match.group(1)}h{level}>"

    html = _HEADING.sub(demote, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@register.filter(name="markdown")
def markdown_filter(text, heading_level=3):
    return mark_safe(render_markdown(text or "", heading_level=int(heading_level)))


# Characters browsers drop from a URL before reading its scheme ("jav\tascript:" runs).
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@register.filter
def safe_url(value) -> str:
    """A link typed by a researcher (a document's or a resolution's), or "" when it is not an
    address a reader can safely follow: only the Markdown links' schemes (http, https, mailto) and
    relative addresses pass, never ``javascript:``, ``data:`` or ``vbscript:``.

    The admin's URL fields already refuse other schemes, but a published document can also come
    from an import, a restored backup or the shell: the page does not trust it.
    """
    url = str(value or "").strip()
    if not url or _URL_CONTROL.search(url):
        return ""
    scheme, colon, _ = url.partition(":")
    if colon and "/" not in scheme and scheme.lower() not in ALLOWED_URL_SCHEMES:
        return ""
    return url


def parse_day(value):
    """A document's ISO date ("2017-12-22"), or a date, as a date; None when absent or invalid."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def day(value, fmt="j F Y"):
    """Format a document date as "22 December 2017"; the raw value if it is not a date."""
    parsed = parse_day(value)
    if parsed is None:
        return value or ""
    return format_date(parsed, fmt)


@register.filter
def timestamp(value):
    """A moment for ``<time datetime>``: UTC to the second ("2026-12-01T21:51:07Z").

    Django's ``date:'c'`` gives six-digit fractions of a second, which HTML does not allow (one to
    three digits), and the fraction says nothing a reader needs.
    """
    if not isinstance(value, datetime.datetime):
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


@register.filter
def iso(value):
    parsed = parse_day(value)
    return parsed.isoformat() if parsed else ""


@register.filter
def yesno_text(value):
    return "Yes" if value else "No"


@register.filter
def get(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def percent(part, whole):
    if not whole:
        return "–"
    return f"{round(100 * part / whole)}%"


@register.inclusion_tag("public/site/_sort_header.html", takes_context=True)
def sort_header(context, key, label):
    """A column header that sorts the list by ``key`` (and reverses on a second click)."""
    request = context["request"]
    current = request.GET.get("ordering", "")
    if current == key:
        direction, target = "ascending", f"-{key}"
    elif current == f"-{key}":
        direction, target = "descending", key
    else:
        direction, target = None, key
    query = request.GET.copy()
    query["ordering"] = target
    query.pop("page", None)
    query.pop("format", None)
    return {"label": label, "direction": direction, "href": "?" + query.urlencode()}


AGREEMENT_LABELS = {
    "policy_outcome": "Policy outcome",
    "sanctions_contribution": "Sanctions contribution",
    "consequences": "Unintended consequences",
}


@register.inclusion_tag("public/episodes/_coding.html")
def coding_summary(coding, compact=False):
    """How many experts coded an assessment and how far they agreed (its document's ``coding``);
    one coder: "agreement needs two coders"."""
    coding = coding or {}
    agreement = coding.get("agreement") or {}
    return {
        "compact": compact,
        "coders": coding.get("coders", 1),
        "rows": [
            {
                "label": label,
                "alpha": agreement.get(variable),
                "percent": (agreement.get("percent_agreement") or {}).get(variable),
                "units": (agreement.get("units") or {}).get(variable, 0),
            }
            for variable, label in AGREEMENT_LABELS.items()
        ],
    }
