"""CSV in the API's content negotiation; the rows themselves stream from public.exports.csv."""

from rest_framework.renderers import BaseRenderer

from public.exports.csv import csv_lines


class CSVRenderer(BaseRenderer):
    """Selects CSV in content negotiation; lists stream their rows themselves (``csv_response``)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else (data or {}).get("results", [])
        if not rows:
            return b""
        return "".join(csv_lines(list(rows[0]), rows)).encode()
