"""Syncing a list into the working copy: match, compare, write only what changed.

Entries arrive in file order and are handled in chunks of ``CHUNK``: for each chunk the matching
designations and their children are read in a few queries, compared field by field and child by
child, and the changes are written in bulk together with their reversion versions. Memory stays
bounded by the chunk, not by the list.

* An entry is matched on the list's stable key (the UN's DATAID, then the reference number; the IMO
  number for vessels). No match: the designation is created.
* A match is compared on the fields the list provides and on the children it provides (as
  multisets, so the order in the file does not matter). Differences are written; an identical
  designation is not touched at all: no write, no version.
* A delisted designation that is back on the list is relisted (``delisted_on`` cleared).
* An entry given byte for byte as at the last import, whose designation nobody saved since, is
  unchanged without being compared (``_unchanged_since_last_import``), nor even read in full:
  the reader gives such an entry with its keys only, and the warnings its reading gave last time
  (``un_xml._light``); it is read in full only if its designation was saved since.
* At the end, every designation from this source that is in force but was not in the list is
  marked delisted on the list's date (never deleted): unless that would be more than
  ``MASS_DELISTING_SHARE`` of them, which usually means a truncated or wrong file.

With ``dry_run`` the same comparisons run and nothing is written.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from designations.importing.errors import ImportRefused
from designations.importing.records import CHILDREN, Incoming, Warnings
from designations.importing.versions import RevisionWriter
from designations.models import DESIGNATION_CHILDREN, Designation
from editorial import bulk
from episodes.models import Regime

CHUNK = 1000
MASS_DELISTING_SHARE = 0.20


@dataclass(frozen=True)
class Spec:
    """What one kind of list provides and how its entries are identified."""

    source: str  # Designation.Source value
    keys: tuple[str, ...]  # match on these, in order
    fields: tuple[str, ...]  # designation attnames the list provides (compared and written)
    children: tuple[str, ...]  # child accessors the list provides (compared and written)
    noun: str = "entry"


UN_LIST = Spec(
    source=Designation.Source.UN_LIST,
    keys=("dataid", "reference_number"),
    fields=(
        "kind",
        "regime_id",
        "dataid",
        "reference_number",
        "source",
        "name",
        "first_name",
        "second_name",
        "third_name",
        "fourth_name",
        "name_original_script",
        "gender",
        "titles",
        "positions",
        "nationalities",
        "listed_on",
        "amended_on",
        "narrative",
        "un_list_type",
    ),
    children=tuple(CHILDREN),
)

VESSEL_LIST = Spec(
    source=Designation.Source.VESSEL_LIST,
    keys=("imo_number",),
    fields=(
        "kind",
        "regime_id",
        "imo_number",
        "source",
        "name",
        "mmsi",
        "flag",
        "call_sign",
        "vessel_type",
        "owner_id",
        "owner_name",
        "listed_on",
        "amended_on",
        "narrative",
        "applicable_measures",
    ),
    # The vessel list has no aliases, addresses…: children typed by hand are left alone.
    children=(),
    noun="vessel",
)


@dataclass
class Counts:
    entries: int = 0
    added: int = 0
    amended: int = 0
    delisted: int = 0
    relisted: int = 0
    unchanged: int = 0
    by_regime_and_kind: Counter = field(default_factory=Counter)
    in_force_before: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.amended + self.delisted + self.relisted


def _signature(row: dict, names) -> tuple:
    return tuple([row[name] for name in names])


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _microseconds(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)


class Current:
    """A designation of the working copy as the comparison needs it: plain column values."""

    __slots__ = ("pk", "values")

    def __init__(self, values: dict):
        self.pk = values["pk"]
        self.values = values

    def __str__(self):
        values = self.values
        key = values.get("reference_number") or values.get("imo_number") or ""
        return f"{key} {values.get('name', '')}".strip()


class Sync:
    def __init__(
        self,
        spec: Spec,
        *,
        list_date,
        warnings: Warnings,
        writer: RevisionWriter | None,
        dry_run: bool,
        previous_digests: dict | None = None,
    ):
        self.spec = spec
        self.list_date = list_date
        self.warnings = warnings
        self.writer = writer
        self.dry_run = dry_run
        self.counts = Counts()
        self.touched: list[int] = []  # pks of every designation written
        self.created_regimes: list[str] = []
        self._regimes = {regime.code: regime for regime in Regime.objects.all()}
        self._seen: dict[str, dict] = {key: {} for key in spec.keys}
        self._matched: set[int] = set()
        # In force now, from this source: whatever is not seen again is delisted at the end.
        self._unseen = set(
            Designation.objects.filter(source=spec.source, delisted_on__isnull=True)
            .order_by()
            .values_list("pk", flat=True)
        )
        self.counts.in_force_before = len(self._unseen)
        self._now = timezone.now()
        # {DATAID: (digest, updated_at µs, warnings)} from the last import (run._previous_digests;
        # before warnings were kept, without them), and the same for this one.
        self._previous = previous_digests or {}
        self.digests: dict[int, list] = {}
        self._keys: dict[str, dict] | None = None  # {key: {value: pk}}, see _matching_pks

    # --- entries ---------------------------------------------------------------------------

    def feed(self, entries) -> None:
        chunk: list[Incoming] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= CHUNK:
                self._chunk(chunk)
                chunk = []
        if chunk:
            self._chunk(chunk)

    def _regime_id(self, code: str) -> int | None:
        regime = self._regimes.get(code)
        if regime is None:
            regime = Regime(
                code=code,
                short_name=code,
                name=f"Regime {code} (created by the import: complete its details)",
            )
            if not self.dry_run:
                regime.save()
                self.writer.add([regime])
            self._regimes[code] = regime
            self.created_regimes.append(code)
        return regime.pk

    def _check_unique(self, entry: Incoming) -> None:
        for key in self.spec.keys:
            value = entry.fields.get(key)
            if value is None:
                continue
            earlier = self._seen[key].get(value)
            if earlier is not None:
                raise ImportRefused(
                    f"The list names {key.replace('_', ' ')} {value} twice ({earlier} and "
                    f"{entry.label}): it is not a consistent list."
                )
            self._seen[key][value] = entry.label

    def _chunk(self, chunk: list[Incoming]) -> None:
        spec = self.spec
        for entry in chunk:
            self._check_unique(entry)
            entry.fields["regime_id"] = self._regime_id(entry.regime_code)
            self.counts.entries += 1
            self.counts.by_regime_and_kind[(entry.regime_code, entry.fields["kind"])] += 1
        compared = {
            id(entry): self._expanded(entry) for entry in self._unchanged_since_last_import(chunk)
        }
        # Each entry's warnings in the list's order, as its reading gave them, now or last time.
        for entry in chunk:
            for message, example in compared.get(id(entry), entry).warnings:
                self.warnings.add(message, example)
        chunk = list(compared.values())
        if not chunk:
            return

        # Plain values to compare; full instances only for what changes (see _write).
        columns = ("pk", "delisted_on", "updated_at", *dict.fromkeys((*spec.keys, *spec.fields)))
        matches = self._matching_pks(chunk)
        existing = (
            [
                Current(dict(zip(columns, row, strict=True)))
                # No ordering: the model's (by regime code) would join the regimes and sort.
                for row in Designation.objects.filter(pk__among=matches)
                .order_by()
                .values_list(*columns)
            ]
            if matches
            else []
        )
        by_key = {
            key: {d.values[key]: d for d in existing if d.values[key] is not None}
            for key in spec.keys
        }
        children = self._children_of([d.pk for d in existing], spec.children)

        created: list[tuple[Designation, Incoming]] = []
        updated: list[tuple[int, dict, bool]] = []  # (pk, changed fields, relisted)
        update_fields: set[str] = set()
        child_deletes: dict[str, list[int]] = defaultdict(list)
        child_creates: dict[str, list[tuple[Current, dict]]] = defaultdict(list)
        kept_children: dict[int, dict[str, list]] = {}

        for entry in chunk:
            record = self._match(entry, by_key)
            if record is None:
                created.append((bulk.new(Designation, entry.fields), entry))
                self.counts.added += 1
                continue
            self._unseen.discard(record.pk)
            changed = [name for name in spec.fields if record.values[name] != entry.fields[name]]
            relisted = record.values["delisted_on"] is not None
            kept: dict[str, list] = {}
            children_changed = False
            for accessor in spec.children:
                _model, names = CHILDREN[accessor]
                rows = entry.children[accessor]
                signatures = [_signature(row, names) for row in rows]
                wanted = Counter(signatures)
                keep, delete = [], []
                for pk, signature in children[accessor].get(record.pk, []):
                    if wanted[signature] > 0:
                        wanted[signature] -= 1
                        keep.append((pk, signature))
                    else:
                        delete.append(pk)
                # What is left in ``wanted`` is new: create one row per remaining count.
                remaining = []
                for row, signature in zip(rows, signatures, strict=True):
                    if wanted[signature] > 0:
                        wanted[signature] -= 1
                        remaining.append(row)
                if delete or remaining:
                    children_changed = True
                    child_deletes[accessor].extend(delete)
                    child_creates[accessor].extend((record, row) for row in remaining)
                kept[accessor] = keep
            if not (changed or relisted or children_changed):
                self.counts.unchanged += 1
                self._remember(entry, record.values["updated_at"])
                continue
            if relisted:
                self.counts.relisted += 1
                update_fields.add("delisted_on")
            else:
                self.counts.amended += 1
            update_fields.update(changed)
            updated.append((record.pk, {name: entry.fields[name] for name in changed}, relisted))
            kept_children[record.pk] = kept
            self._remember(entry, self._now)

        if self.dry_run:
            return
        self._write(created, updated, update_fields, child_deletes, child_creates, kept_children)

    def _matching_pks(self, chunk: list[Incoming]) -> list[int]:
        """The designations of the working copy that share a key with an entry of ``chunk``.

        Every designation's keys are read once, at the first chunk that needs them (an unchanged
        re-import never does), and the matches then by primary key. Asking the database per
        chunk for ``dataid = ANY(…) OR reference_number = ANY(…)`` instead made PostgreSQL,
        which has no statistics yet of the rows this transaction inserts, scan the whole
        growing table for every chunk of a first import.
        """
        if self._keys is None:
            self._keys = {
                key: dict(
                    Designation.objects.filter(**{f"{key}__isnull": False})
                    .order_by()
                    .values_list(key, "pk")
                )
                for key in self.spec.keys
            }
        found = set()
        for key, pks in self._keys.items():
            for entry in chunk:
                pk = pks.get(entry.fields.get(key))
                if pk is not None:
                    found.add(pk)
        return sorted(found)

    @staticmethod
    def _expanded(entry: Incoming) -> Incoming:
        """The entry read in full, if the reader gave only its keys (see un_xml._light)."""
        if entry.expand is None:
            return entry
        full = entry.expand()
        full.fields["regime_id"] = entry.fields["regime_id"]
        return full

    def _remember(self, entry: Incoming, updated_at) -> None:
        if entry.digest and self.spec.keys[0] == "dataid":
            self.digests[entry.fields["dataid"]] = [
                entry.digest,
                _microseconds(updated_at),
                entry.warnings,
            ]

    def _unchanged_since_last_import(self, chunk: list[Incoming]) -> list[Incoming]:
        """Set aside the entries that cannot have changed; return the others.

        An entry is unchanged when the file gives it byte for byte as the last import did (same
        digest) and its designation has not been saved since that import wrote or checked it
        (same ``updated_at``: every save of a designation, including the admin's saves of its
        inlines, sets it), is still in force and still has the same reference number. Those need
        no comparison of fields and children: an unchanged list re-imports in a fraction of the
        time. Anything else goes through the full comparison.
        """
        if not self._previous:
            return chunk
        candidates = {
            entry.fields["dataid"]: entry
            for entry in chunk
            if entry.digest and self._previous.get(entry.fields["dataid"], ("",))[0] == entry.digest
        }
        if not candidates:
            return chunk
        settled = set()
        rows = (
            Designation.objects.filter(dataid__among=list(candidates))
            .order_by()
            .values_list("pk", "dataid", "reference_number", "updated_at", "delisted_on")
        )
        for pk, dataid, reference, updated_at, delisted_on in rows:
            entry = candidates[dataid]
            if (
                delisted_on is None
                and reference == entry.fields["reference_number"]
                and _microseconds(updated_at) == self._previous[dataid][1]
                and pk not in self._matched
            ):
                self._matched.add(pk)
                self._unseen.discard(pk)
                self.counts.unchanged += 1
                self._remember(entry, updated_at)
                settled.add(dataid)
        return [entry for entry in chunk if entry.fields.get("dataid") not in settled]

    def _match(self, entry: Incoming, by_key) -> "Current | None":
        record = None
        for key in self.spec.keys:
            value = entry.fields.get(key)
            if value is not None and value in by_key[key]:
                record = by_key[key][value]
                break
        if record is None:
            return None
        # Every key the entry carries must point at this record or at nothing.
        for key in self.spec.keys:
            value = entry.fields.get(key)
            owner = by_key[key].get(value) if value is not None else None
            if owner is not None and owner.pk != record.pk:
                raise ImportRefused(
                    f"{entry.label}: its {key.replace('_', ' ')} {value} belongs to another "
                    f"designation in the working copy (“{owner}”) than the one it matches "
                    f"(“{record}”). Resolve this by hand, then import again."
                )
        if record.pk in self._matched:
            raise ImportRefused(
                f"{entry.label} and an earlier entry of the list both match “{record}” in the "
                "working copy (one by DATAID, one by reference number). Resolve this by hand."
            )
        self._matched.add(record.pk)
        return record

    def _children_of(self, designation_ids, accessors) -> dict[str, dict[int, list]]:
        """{accessor: {designation id: [(child pk, signature)]}}, one query per accessor.

        Plain tuples, not model instances: a re-import compares thousands of children and
        changes few; instances are made only for the designations that get a new version.
        """
        result: dict[str, dict[int, list]] = {accessor: {} for accessor in accessors}
        if not designation_ids:
            return result
        wanted = set(designation_ids)
        low, high = min(wanted), max(wanted)
        # Designations imported together have neighbouring ids: a range is far cheaper to send
        # than a thousand parameters, and the few rows of other designations are dropped below.
        if high - low < 2 * len(wanted):
            where = {"designation_id__gte": low, "designation_id__lte": high}
        else:
            where = {"designation_id__in": sorted(wanted)}
        for accessor in accessors:
            model, names = CHILDREN[accessor]
            grouped = defaultdict(list)
            rows = model.objects.filter(**where).values_list("pk", "designation_id", *names)
            for pk, designation_id, *values in rows:
                if designation_id in wanted:
                    grouped[designation_id].append((pk, tuple(values)))
            result[accessor] = grouped
        return result

    @staticmethod
    def _instances(accessor: str, designation_id: int, rows) -> list:
        model, names = CHILDREN[accessor]
        return [
            bulk.new(
                model,
                {
                    "id": pk,
                    "designation_id": designation_id,
                    **dict(zip(names, signature, strict=True)),
                },
            )
            for pk, signature in rows
        ]

    def _write(self, created, updated, update_fields, child_deletes, child_creates, kept_children):
        spec = self.spec
        new_objects = [designation for designation, _entry in created]
        bulk.insert(Designation, new_objects)
        for designation, entry in created:
            self._remember(entry, designation.updated_at)
        # The designations that change, as full instances (for bulk_update and their versions).
        wanted = [pk for pk, _changes, _relisted in updated]
        instances = (
            {d.pk: d for d in Designation.objects.filter(pk__among=wanted).order_by()}
            if wanted
            else {}
        )
        changed_objects = []
        for pk, changes, relisted in updated:
            record = instances[pk]
            for name, value in changes.items():
                setattr(record, name, value)
            if relisted:
                record.delisted_on = None
            record.updated_at = self._now
            changed_objects.append(record)
        updated = changed_objects
        new_children: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for accessor in spec.children:
            model, _names = CHILDREN[accessor]
            rows = [
                bulk.new(model, {"designation_id": designation.pk, **row})
                for designation, entry in created
                for row in entry.children[accessor]
            ]
            rows += [
                bulk.new(model, {"designation_id": record.pk, **row})
                for record, row in child_creates[accessor]
            ]
            if child_deletes[accessor]:
                model.objects.filter(pk__among=child_deletes[accessor]).delete()
            bulk.insert(model, rows)
            for row in rows:
                new_children[row.designation_id][accessor].append(row)
        if updated:
            Designation.objects.bulk_update(
                updated, sorted(update_fields | {"updated_at"}), batch_size=CHUNK
            )

        touched = new_objects + updated
        self.touched.extend(d.pk for d in touched)
        self._add_versions(touched, kept_children, new_children)

    def _add_versions(self, designations, kept_children=None, new_children=None):
        """Version each designation with all its children, as reversion's ``follow`` would."""
        kept_children = kept_children or {}
        new_children = new_children or {}
        unmanaged = [a for a in DESIGNATION_CHILDREN if a not in self.spec.children]
        loaded = self._children_of([d.pk for d in designations], unmanaged) if unmanaged else {}
        objects = []
        for designation in designations:
            objects.append(designation)
            for accessor in DESIGNATION_CHILDREN:
                if accessor in self.spec.children:
                    kept = kept_children.get(designation.pk, {}).get(accessor, [])
                    objects += self._instances(accessor, designation.pk, kept)
                    objects += new_children.get(designation.pk, {}).get(accessor, [])
                else:
                    rows = loaded[accessor].get(designation.pk, [])
                    objects += self._instances(accessor, designation.pk, rows)
        self.writer.add(objects)

    # --- delisting -------------------------------------------------------------------------

    def finish(self, *, allow_mass_delisting: bool) -> None:
        """Delist what was in force from this source and is no longer on the list."""
        gone = sorted(self._unseen)
        before = self.counts.in_force_before
        if gone and not allow_mass_delisting and len(gone) > MASS_DELISTING_SHARE * before:
            raise ImportRefused(
                f"Refused: {len(gone):,} of the {before:,} designations now in force from this "
                f"list ({len(gone) / before:.1%}) would be delisted, more than "
                f"{MASS_DELISTING_SHARE:.0%}. If the list really shrank that much, run again "
                "with --allow-mass-delisting."
            )
        for start in range(0, len(gone), CHUNK):
            records = list(
                Designation.objects.filter(pk__among=gone[start : start + CHUNK]).order_by()
            )
            delist = []
            for record in records:
                if record.listed_on and record.listed_on > self.list_date:
                    self.warnings.add(
                        "Not on the list but listed after the list's date, so left in force",
                        str(record),
                    )
                    continue
                record.delisted_on = self.list_date
                record.updated_at = self._now
                delist.append(record)
            self.counts.delisted += len(delist)
            if self.dry_run or not delist:
                continue
            Designation.objects.bulk_update(delist, ["delisted_on", "updated_at"])
            self.touched.extend(d.pk for d in delist)
            kept = self._children_of([d.pk for d in delist], self.spec.children)
            self._add_versions(
                delist,
                kept_children={
                    d.pk: {a: kept[a].get(d.pk, []) for a in self.spec.children} for d in delist
                },
            )
