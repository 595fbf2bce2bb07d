"""The one-line loaders the downloads page offers for each table, in pandas and in R.

Each line is derived from the table's definition (public.exports.tables), so it names exactly the
columns the table has: identifiers that look like numbers (DATAID, IMO numbers, postal codes) are
read as text, dates as dates. Without them pandas reads a DATAID as a float and R an ISO date as
a string.
"""

from public.exports.tables import Table


def _python_list(names: list[str]) -> str:
    return "[" + ", ".join(f'"{name}"' for name in names) + "]"


def pandas_line(table: Table, url: str) -> str:
    """``pandas.read_csv(...)`` with text identifiers and parsed dates."""
    arguments = [f'"{url}"']
    if table.identifier_columns:
        arguments.append(
            "dtype={" + ", ".join(f'"{name}": str' for name in table.identifier_columns) + "}"
        )
    if table.date_columns:
        arguments.append(f"parse_dates={_python_list(table.date_columns)}")
    return f"pandas.read_csv({', '.join(arguments)})"


def r_line(table: Table, url: str) -> str:
    """Base R's ``read.csv(...)``: identifiers as character, dates as Date, empty cells NA."""
    classes = [f'{name} = "character"' for name in table.identifier_columns]
    classes += [f'{name} = "Date"' for name in table.date_columns]
    arguments = [f'"{url}"', 'encoding = "UTF-8"', 'na.strings = ""']
    if classes:
        arguments.append(f"colClasses = c({', '.join(classes)})")
    return f"read.csv({', '.join(arguments)})"
