"""The one CSV writer of the project: the API's lists, the site's downloads and the data package.

A spreadsheet runs a text cell that starts with a formula character: every text cell goes
through ``formula_safe``. Numbers, booleans and dates are written as they are.
"""

import csv
import datetime
from collections.abc import Iterable

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: an apostrophe before a formula start.

    The one rule for every CSV the project writes (the API's, the site's downloads and the data
    package). It applies to text only: numbers, booleans and dates are
    written as they are, so a negative number stays a number.
    """
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_cell(value, column_type: str | None = None) -> str | int | float:
    """One cell. Text is formula-safe; numbers, booleans and dates are written as they are, so
    that numbers stay numbers. ``column_type`` is a data-package field type ("string",
    "integer", …) where the table declares one; without it the value's own type decides (the
    API's rows), and a list is joined with |."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = "|".join(str(item) for item in value)
    if column_type is None:
        return value if isinstance(value, int | float) else formula_safe(str(value))
    return formula_safe(str(value)) if column_type == "string" else str(value)


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: list[str], rows: Iterable[dict], types: list[str] | None = None):
    """The CSV text, line by line: UTF-8 (no BOM), comma-separated, RFC 4180 quoting."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(columns)
    kinds = types or [None] * len(columns)
    for row in rows:
        yield writer.writerow(
            [csv_cell(row[c], kind) for c, kind in zip(columns, kinds, strict=True)]
        )


def csv_response(columns: list[str], rows: Iterable[dict], filename: str) -> StreamingHttpResponse:
    """Streams ``rows`` (a lazy iterable) as CSV: memory stays flat however many rows there are."""
    response = StreamingHttpResponse(
        csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
