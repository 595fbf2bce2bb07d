"""Field-level differences between two public documents, for reviewers, history and the public.

Documents are plain JSON (dicts, lists, scalars). Children in lists are matched by a stable key
(their ``id``, or a natural key such as ``purpose``), so an added measure, a removed alias or a
changed score each show as one readable change. Long texts get a word-level diff.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe

_ITEM_KEYS = ("id", "purpose", "slug", "symbol", "number", "code", "key")
_ITEM_LABELS = (
    "title",
    "name",
    "symbol",
    "label",
    "purpose",
    "slug",
    "as_given",
    "event",
    "number",
)
_LONG_TEXT = 60
# In a word diff, unchanged stretches longer than this many tokens are shortened to their ends.
_CONTEXT = 24
_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Change:
    path: tuple[str, ...]
    kind: str  # "added", "removed" or "changed"
    old: Any = None
    new: Any = None

    @property
    def label(self) -> str:
        return " › ".join(self.path) or "Record"

    @property
    def top(self) -> str:
        return self.path[0] if self.path else ""

    @property
    def is_long_text(self) -> bool:
        return self.kind == "changed" and any(
            isinstance(v, str) and len(v) > _LONG_TEXT for v in (self.old, self.new)
        )

    @property
    def word_diff(self):
        """HTML with <del> and <ins> around the words that differ (escaped, safe to render)."""
        return word_diff(self.old or "", self.new or "")

    @property
    def new_fields(self) -> list[tuple[str, str]]:
        """For an added child: its filled-in fields, so the reviewer sees what is being added."""
        return _fields(self.new) if self.kind == "added" else []

    @property
    def old_fields(self) -> list[tuple[str, str]]:
        return _fields(self.old) if self.kind == "removed" else []

    @property
    def old_display(self) -> str:
        return describe(self.old)

    @property
    def new_display(self) -> str:
        return describe(self.new)


def _fields(value) -> list[tuple[str, str]]:
    if not isinstance(value, dict):
        return []
    return [
        (humanize(k), describe(v))
        for k, v in value.items()
        if k != "id" and not _is_label(k) and v not in (None, "", [], {})
    ]


def humanize(key: str) -> str:
    return key.replace("_", " ").capitalize()


def describe(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        label = _item_label(value)
        if label:
            return label
        return ", ".join(f"{humanize(k)}: {describe(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(describe(v) for v in value) if value else "(none)"
    return str(value)


def _item_label(item: dict) -> str:
    for key in _ITEM_LABELS:
        value = item.get(key)
        if value not in (None, ""):
            return str(value)
    return ""


def _unique(items: list, key: str) -> bool:
    values = [str(i[key]) for i in items]
    return len(set(values)) == len(values)


def _item_key(old: list, new: list) -> str | None:
    """The key that identifies each child in both lists, if the lists hold children."""
    items = old + new
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in _ITEM_KEYS:
        if all(i.get(key) is not None for i in items) and _unique(old, key) and _unique(new, key):
            return key
    return None


def diff(old, new, path: tuple[str, ...] = ()) -> list[Change]:
    """Every difference between two documents (either may be None: a first or last version)."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_dicts(old, new, path)
    if isinstance(old, list) and isinstance(new, list):
        return _diff_lists(old, new, path)
    if old in (None, "", [], {}):
        return [Change(path, "added", None, new)]
    if new in (None, "", [], {}):
        return [Change(path, "removed", old, None)]
    return [Change(path, "changed", old, new)]


def _is_label(key: str) -> bool:
    return key == "label" or key.endswith("_label")


def _diff_dicts(old: dict, new: dict, path) -> list[Change]:
    keys = list(new) + [k for k in old if k not in new]
    changes: list[Change] = []
    changed = set()
    for key in keys:
        if not _is_label(key):
            sub = diff(old.get(key), new.get(key), (*path, humanize(key)))
            if sub:
                changed.add(key)
                changes.extend(sub)
    # A display label follows its value ("category" → "category_label"), so it is reported only
    # when it changed on its own: a relabelled lookup value is still a public change.
    for key in keys:
        if _is_label(key):
            base = key.removesuffix("_label") if key != "label" else None
            if (base in changed) or (base is None and changed):
                continue
            changes.extend(diff(old.get(key), new.get(key), (*path, humanize(key))))
    return changes


def _diff_lists(old: list, new: list, path) -> list[Change]:
    key = _item_key(old, new)
    if key is None:
        if all(not isinstance(v, (dict, list)) for v in old + new):
            return [Change(path, "removed", v, None) for v in old if v not in new] + [
                Change(path, "added", None, v) for v in new if v not in old
            ]
        return [Change(path, "changed", old, new)]
    old_by = {str(i[key]): i for i in old}
    new_by = {str(i[key]): i for i in new}
    changes: list[Change] = []
    for k, item in new_by.items():
        label = _item_label(item) or k
        if k in old_by:
            changes.extend(diff(old_by[k], item, (*path, label)))
        else:
            changes.append(Change((*path, label), "added", None, item))
    for k, item in old_by.items():
        if k not in new_by:
            changes.append(Change((*path, _item_label(item) or k), "removed", item, None))
    return changes


def word_diff(old: str, new: str):
    """Escaped HTML of ``new`` with removed words in <del> and added words in <ins>."""
    a = _WORDS.findall(old)
    b = _WORDS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            if len(same) > 3 * _CONTEXT:
                head = same[:_CONTEXT] if i1 > 0 else []
                tail = same[-_CONTEXT:] if i2 < len(a) else []
                out.append(escape("".join(head)) + " […] " + escape("".join(tail)))
            else:
                out.append(escape("".join(same)))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    # Every piece above is escaped.
    return mark_safe("".join(out))


def public_summary(old: dict | None, new: dict | None) -> str:
    """A short sentence for the public change history."""
    if new is None:
        return "Withdrawn from public view."
    if old is None:
        return "First publication."
    changes = diff(old, new)
    if not changes:
        return "Republished without changes."
    parts: dict[str, dict[str, int]] = {}
    for change in changes:
        counts = parts.setdefault(change.top or "Record", {})
        kind = change.kind if len(change.path) == 2 and change.kind != "changed" else "changed"
        counts[kind] = counts.get(kind, 0) + 1
    sentences = []
    for top, counts in parts.items():
        details = [f"{n} {kind}" for kind, n in counts.items() if kind != "changed"]
        if counts.get("changed") and details:
            details.append(f"{counts['changed']} changed")
        sentences.append(f"{top}: {', '.join(details)}" if details else f"{top} revised")
    return "; ".join(sentences) + "."
