"""The data package checked by the `frictionless` library (the reference implementation of the
Frictionless Data standard), as a reader's tools would check it.

``validate`` unpacks the archive to a temporary folder and runs frictionless's validation of the
package: every resource present with the bytes and hash its descriptor states, each CSV with the
schema's fields as its header, every value of its field's type, required fields filled, primary
keys unique, every foreign key pointing at an existing row. An invalid package raises ``Invalid``
listing frictionless's error codes (``type-error``, ``foreign-key``, ``byte-count`` …) with their
messages; a valid one returns its descriptor and the rows of every resource by name.
"""

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path

import frictionless


class Invalid(AssertionError):
    def __init__(self, errors: list[tuple[str, str]]):
        self.codes = sorted({code for code, _ in errors})
        super().__init__("\n".join(f"{code}: {message}" for code, message in errors))


def validate(package: bytes) -> tuple[dict, dict[str, list[dict]]]:
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            archive.extractall(folder)
        # The descriptor sits in the one folder the zip unpacks into; paths are relative to it.
        (descriptor_path,) = Path(folder).glob("*/datapackage.json")
        folder = descriptor_path.parent
        report = frictionless.Package(str(descriptor_path)).validate()
        if not report.valid:
            errors = [(e.type, e.message) for e in report.errors]
            for task in report.tasks:
                errors += [(e.type, e.message) for e in task.errors]
            raise Invalid(errors)
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        tables = {}
        for resource in descriptor["resources"]:
            text = (folder / resource["path"]).read_text(encoding="utf-8-sig")
            tables[resource["name"]] = list(csv.DictReader(io.StringIO(text)))
    return descriptor, tables
