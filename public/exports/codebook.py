"""The public codebook: ``episodes.codebook`` (the one source) plus the columns of the tables.

The domain codebook describes the published documents; the read side adds which variable each
column of the downloads and the data package gives (``tables.codebook_path``), so the page, the
``codebook.json`` / ``codebook.md`` downloads and the data package's copies say the same.
"""

from episodes import codebook
from public.exports import tables


def table_columns() -> list[dict]:
    """[{name, title, columns: [{name, type, variable, description}]}] for every table."""
    return [
        {
            "name": table.name,
            "title": table.title,
            "columns": [
                {
                    "name": column.name,
                    "type": column.type,
                    "variable": codebook.normalise(tables.codebook_path(table, column)),
                    "description": column.description,
                }
                for column in table.columns
            ],
        }
        for table in tables.TABLES.values()
    ]


def as_dict() -> dict:
    """``codebook.json``."""
    return {**codebook.as_dict(), "tables": table_columns()}


def as_markdown() -> str:
    """``codebook.md``."""
    lines = [codebook.as_markdown().rstrip(), "", "## The tables (downloads and data package)", ""]
    for table in table_columns():
        lines += [f"### `{table['name']}`: {table['title']}", ""]
        lines += ["| column | type | variable |", "|---|---|---|"]
        lines += [f"| `{c['name']}` | {c['type']} | `{c['variable']}` |" for c in table["columns"]]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
