"""Normalising the text and dates of published lists."""

import datetime
import re

# 2015-04-14, or with a time-zone suffix as the UN list sometimes writes it: 2015-04-14-04:00.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:?\d{2})?$")


def clean(value) -> str:
    """Collapse runs of white space (newlines and indentation included) and trim."""
    if not value:
        return ""
    return " ".join(str(value).split())


def iso_date(text: str) -> datetime.date | None:
    """The date of "2015-04-14" or "2015-04-14-04:00"; None if the text is not such a date."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the common case, without the regular expression
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    return _iso_date_by_the_rule(text)


def _iso_date_by_the_rule(text: str) -> datetime.date | None:
    """``iso_date`` for any text: clean, match, build the date (the quick path's reference)."""
    match = _ISO_DATE.match(clean(text))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def split_names(text: str, separator: str = ";") -> list[str]:
    """Split "A; B; C" into names, but not inside parentheses: "أبو (Abu A; Abu B)" is one name."""
    if separator not in text:
        name = clean(text)
        return [name] if name else []
    names, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == separator and depth == 0:
            names.append("".join(current))
            current = []
            continue
        current.append(char)
    names.append("".join(current))
    return [name for name in (clean(n) for n in names) if name]


def imo_check_digit_ok(number: str) -> bool:
    """The seventh digit of an IMO ship number is a check digit over the first six."""
    if len(number) != 7 or not number.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:6], range(7, 1, -1), strict=True)
    )
    return total % 10 == int(number[6])
