"""The public history of a page: each approved version with what changed since the one before.

The differences come from the documents the public saw (the publication records), compared with
the same field-level diff the reviewer saw (editorial.diffs). Only two public versions are ever
compared: a withdrawn version's content is not shown, not even as the "before" of a change.
"""

from editorial.diffs import diff


def history_entries(records: list[dict], version_url) -> list[dict]:
    """The history's entries, newest first: each record with its ``url`` (public versions) and
    ``changes`` from the previous public version (``previous``: its number), when there is one.
    ``records``: selectors.history(..., with_documents=True), oldest first."""
    entries = []
    previous = None
    for record in records:
        entry = {key: value for key, value in record.items() if key != "document"}
        entry["url"] = version_url(record["number"]) if record["public"] else ""
        entry["changes"], entry["previous"] = [], None
        if record["public"]:
            if previous is not None:
                entry["changes"] = diff(previous["document"], record["document"])
                entry["previous"] = previous["number"]
                entry["before_label"] = f"Version {previous['number']}"
                entry["after_label"] = f"Version {record['number']}"
            previous = record
        else:
            previous = None  # never compare with what a withdrawal took from view
        entries.append(entry)
    return list(reversed(entries))
