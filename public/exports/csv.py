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

    The one rule for every CSV the project writes (this API's, and the site's downloads and data
    package in episodes/downloads.py). It applies to text only: numbers, booleans and dates are
    written as they are, so a negative number stays a number.
    """
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "|".join(str(item) for item in value)
    elif isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return formula_safe(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: list[str], rows: Iterable[dict]):
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in columns])


def csv_response(columns: list[str], rows: Iterable[dict], filename: str) -> StreamingHttpResponse:
    """Streams ``rows`` (a lazy iterable) as CSV: memory stays flat however many rows there are."""
    response = StreamingHttpResponse(
        csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
