"""JSON-lines logging (LOG_FORMAT=json): one object per record, for a log collector.

Besides time, level, logger and message, every ``extra`` field of the record is kept (the
workflow's ``event``, ``actor``, ``change_request``, ``objects``); a Django request in the record
(as ``django.request`` attaches to every 4xx/5xx it logs) becomes its ``method``, ``path`` and
client ``address`` (ops.clientaddress: X-Forwarded-For trusted only as far as NUM_PROXIES).
No new dependency: the standard library's logging and json.
"""

import json
import logging
from datetime import UTC, datetime

from django.http import HttpRequest

from ops.clientaddress import client_address

# Attributes every LogRecord has; anything else on a record came from ``extra``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _jsonable(value):
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if key == "request":
                if isinstance(value, HttpRequest):
                    entry["method"] = value.method
                    entry["path"] = value.path
                    entry["address"] = client_address(value)
                continue
            entry[key] = _jsonable(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)
