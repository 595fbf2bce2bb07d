"""Every query parameter and the path are text before any view reads them.

A query string is bytes; Django decodes it leniently (an invalid UTF-8 sequence becomes U+FFFD)
and lets NUL through, which PostgreSQL refuses in any string and SQLite stores as a terminator.
This middleware reads the raw bytes once: a parameter whose name or value is not valid UTF-8
(a lone surrogate among them) or holds a NUL is answered 400 naming the parameter, on the API in
JSON as its other parameter errors, on the site as a page. A path holding a NUL is refused the
same way. Values decoded from inside a parameter (the API's cursor) are checked where they are
decoded (public.api.pagination).

Hand-written because no library of the ecosystem checks this: Django's own QueryDict is lenient
by design, and a view-level check would have to be repeated in every view.
"""

from urllib.parse import unquote_to_bytes

from django.http import JsonResponse
from django.shortcuts import render


def invalid_text(value: str) -> bool:
    """True when ``value`` cannot be stored as text: a NUL or a lone surrogate."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def bad_parameters(raw: bytes) -> list[str]:
    """The names (as far as they can be read) of the parameters of the raw query string ``raw``
    that are not valid text."""
    bad = []
    for pair in raw.replace(b";", b"&").split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        try:
            name_text = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
            value_text = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            bad.append(name.decode("utf-8", "replace"))
            continue
        if invalid_text(name_text) or invalid_text(value_text):
            bad.append(name_text.replace("\x00", "\\0"))
    return bad


class TextInputMiddleware:
    message = "Not valid text: give UTF-8 without NUL characters."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if isinstance(raw, str):
            raw = raw.encode("iso-8859-1", "replace")
        bad = bad_parameters(raw)
        if invalid_text(request.path_info):
            bad.insert(0, "path")
        if not bad:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({name: [self.message] for name in bad}, status=400)
        return render(
            request,
            "400.html",
            {"names": bad, "message": self.message},
            status=400,
        )
