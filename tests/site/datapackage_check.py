"""A validator of a Frictionless tabular data package, written for these tests (no frictionless lib).

It checks what a reader relies on when loading the package: every resource file is present with
the size and hash its descriptor states; each CSV has exactly the schema's fields as its header;
every value parses as its field's type; required fields are filled; primary keys are unique; and
every foreign key points at an existing row. Returns the rows of every resource by name.
"""

import csv
import datetime
import hashlib
import io
import json
import re
import zipfile

INTEGER = re.compile(r"^-?\d+$")
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
DEFAULT_TRUE = {"true", "True", "TRUE", "1"}
DEFAULT_FALSE = {"false", "False", "FALSE", "0"}


class Invalid(AssertionError):
    pass


def _check_value(value: str, field: dict, where: str) -> None:
    kind = field["type"]
    if kind == "integer" and not INTEGER.match(value):
        raise Invalid(f"{where}: {value!r} is not an integer")
    if kind == "number" and not NUMBER.match(value):
        raise Invalid(f"{where}: {value!r} is not a number")
    if kind == "boolean":
        true = set(field.get("trueValues", DEFAULT_TRUE))
        false = set(field.get("falseValues", DEFAULT_FALSE))
        if value not in true | false:
            raise Invalid(f"{where}: {value!r} is not a boolean")
    if kind == "date":
        if field.get("format", "default") != "default":
            raise Invalid(f"{where}: unsupported date format {field['format']!r}")
        try:
            datetime.date.fromisoformat(value)
        except ValueError as error:
            raise Invalid(f"{where}: {value!r} is not a YYYY-MM-DD date") from error
        if len(value) != 10:
            raise Invalid(f"{where}: {value!r} is not a YYYY-MM-DD date")
    if kind not in {"string", "integer", "number", "boolean", "date"}:
        raise Invalid(f"{where}: unknown type {kind!r}")


def validate(data: bytes) -> tuple[dict, dict[str, list[dict]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    # The descriptor at the top, or in the one folder the zip unpacks into; paths are relative to it.
    (path,) = [n for n in archive.namelist() if n.rpartition("/")[2] == "datapackage.json"]
    folder = path[: -len("datapackage.json")]
    descriptor = json.loads(archive.read(path))
    if descriptor.get("profile") != "tabular-data-package":
        raise Invalid("not a tabular data package")
    if not re.match(r"^[a-z0-9._-]+$", descriptor["name"]):
        raise Invalid(f"bad package name {descriptor['name']!r}")
    tables: dict[str, list[dict]] = {}
    keys: dict[str, list[str]] = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        raw = archive.read(folder + resource["path"])
        if resource.get("bytes") is not None and len(raw) != resource["bytes"]:
            raise Invalid(f"{name}: {len(raw)} bytes, descriptor says {resource['bytes']}")
        if "hash" in resource:
            algorithm, _, digest = resource["hash"].partition(":")
            if hashlib.new(algorithm, raw).hexdigest() != digest:
                raise Invalid(f"{name}: hash mismatch")
        schema = resource["schema"]
        fields = schema["fields"]
        missing = set(schema.get("missingValues", [""]))
        reader = csv.reader(io.StringIO(raw.decode(resource.get("encoding", "utf-8"))))
        header = next(reader)
        if header != [f["name"] for f in fields]:
            raise Invalid(f"{name}: header {header} differs from the schema")
        rows = []
        for number, values in enumerate(reader, start=2):
            if len(values) != len(fields):
                raise Invalid(
                    f"{name} line {number}: {len(values)} values for {len(fields)} fields"
                )
            for value, field in zip(values, fields, strict=True):
                where = f"{name} line {number} {field['name']}"
                if value in missing:
                    if field.get("constraints", {}).get("required"):
                        raise Invalid(f"{where}: required but empty")
                    continue
                _check_value(value, field, where)
            rows.append(dict(zip(header, values, strict=True)))
        primary = schema.get("primaryKey", [])
        if isinstance(primary, str):
            primary = [primary]
        seen = set()
        for row in rows:
            key = tuple(row[f] for f in primary)
            if key in seen:
                raise Invalid(f"{name}: duplicate primary key {key}")
            seen.add(key)
        tables[name] = rows
        keys[name] = primary
    for resource in descriptor["resources"]:
        for foreign in resource["schema"].get("foreignKeys", []):
            target = foreign["reference"]["resource"]
            target_fields = foreign["reference"]["fields"]
            existing = {tuple(r[f] for f in target_fields) for r in tables[target]}
            for row in tables[resource["name"]]:
                value = tuple(row[f] for f in foreign["fields"])
                if all(v == "" for v in value):
                    continue
                if value not in existing:
                    raise Invalid(f"{resource['name']}: {value} not found in {target}")
    return descriptor, tables
