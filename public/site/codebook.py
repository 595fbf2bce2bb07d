"""The public codebook page and its two downloads, codebook.json and codebook.md.

Everything comes from ``public.exports.codebook`` (itself ``episodes.codebook`` plus the table
columns): the page, the downloads and the data package's copies cannot disagree. Configurable
lists are read when the page is built, so a value added in the admin is listed at once.
"""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from episodes import codebook as source
from public.exports import codebook


@require_safe
def codebook_page(request):
    data = codebook.as_dict()
    documents = [
        {"kind": kind, **document, "variables": _dressed(document["variables"])}
        for kind, document in data["documents"].items()
    ]
    return render(
        request,
        "public/site/codebook.html",
        {
            "codebook": data,
            "documents": documents,
            "scales": list(data["rules"]["scales"].values()),
            "tables": [
                {
                    **table,
                    "columns": [
                        {**column, "anchor": _anchor(column["variable"])}
                        for column in table["columns"]
                    ],
                }
                for table in data["tables"]
            ],
            "types": source.TYPES,
        },
    )


def _dressed(variables: list[dict]) -> list[dict]:
    """Each variable with its anchor and its type in words."""
    return [
        {
            **variable,
            "anchor": _anchor(variable["path"]),
            "type_text": source.TYPES[variable["type"]],
        }
        for variable in variables
    ]


def _anchor(path: str) -> str:
    return "v-" + path.replace("[]", "").replace(".", "-")


@require_safe
def codebook_json(request):
    response = HttpResponse(
        json.dumps(codebook.as_dict(), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="codebook.json"'
    return response


@require_safe
def codebook_markdown(request):
    response = HttpResponse(codebook.as_markdown(), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="codebook.md"'
    return response
