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
* At the end, every designation from this source that is in force but was not in the list is
  marked delisted on the list's date (never deleted): unless that would be more than
  ``MASS_DELISTING_SHARE`` of them, which usually means a truncated or wrong file.

With ``dry_run`` the same comparisons run and nothing is written.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from designations.importing.errors import ImportRefused
from designations.importing.records import CHILDREN, Incoming, Warnings
from designations.importing.versions import RevisionWriter
from designations.models import DESIGNATION_CHILDREN, Designation
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


def _signature(row, names) -> tuple:
    get = row.get if isinstance(row, dict) else row.__getattribute__
    return tuple(get(name) for name in names)


class Sync:
    def __init__(
        self,
        spec: Spec,
        *,
        list_date,
        warnings: Warnings,
        writer: RevisionWriter | None,
        dry_run: bool,
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
            Designation.objects.filter(source=spec.source, delisted_on__isnull=True).values_list(
                "pk", flat=True
            )
        )
        self.counts.in_force_before = len(self._unseen)
        self._now = timezone.now()

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

        query = Q()
        for key in spec.keys:
            values = [e.fields[key] for e in chunk if e.fields.get(key) is not None]
            if values:
                query |= Q(**{f"{key}__in": values})
        existing = list(Designation.objects.filter(query)) if query else []
        by_key = {
            key: {getattr(d, key): d for d in existing if getattr(d, key) is not None}
            for key in spec.keys
        }
        children = self._children_of([d.pk for d in existing], spec.children)

        created: list[tuple[Designation, Incoming]] = []
        updated: list[Designation] = []
        update_fields: set[str] = set()
        child_deletes: dict[str, list[int]] = defaultdict(list)
        child_creates: dict[str, list[tuple[Designation, dict]]] = defaultdict(list)
        kept_children: dict[int, dict[str, list]] = {}

        for entry in chunk:
            record = self._match(entry, by_key)
            if record is None:
                created.append((Designation(**entry.fields), entry))
                self.counts.added += 1
                continue
            self._unseen.discard(record.pk)
            changed = [name for name in spec.fields if getattr(record, name) != entry.fields[name]]
            relisted = record.delisted_on is not None
            kept: dict[str, list] = {}
            children_changed = False
            for accessor in spec.children:
                model, names = CHILDREN[accessor]
                wanted = Counter(_signature(row, names) for row in entry.children[accessor])
                keep, delete = [], []
                for child in children[accessor].get(record.pk, []):
                    signature = _signature(child, names)
                    if wanted[signature] > 0:
                        wanted[signature] -= 1
                        keep.append(child)
                    else:
                        delete.append(child.pk)
                # What is left in ``wanted`` is new: create one row per remaining count.
                remaining = []
                for row in entry.children[accessor]:
                    signature = _signature(row, names)
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
                continue
            if relisted:
                self.counts.relisted += 1
                record.delisted_on = None
                update_fields.add("delisted_on")
            else:
                self.counts.amended += 1
            for name in changed:
                setattr(record, name, entry.fields[name])
            update_fields.update(changed)
            record.updated_at = self._now
            updated.append(record)
            kept_children[record.pk] = kept

        if self.dry_run:
            return
        self._write(created, updated, update_fields, child_deletes, child_creates, kept_children)

    def _match(self, entry: Incoming, by_key) -> Designation | None:
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
        """{accessor: {designation id: [unsaved-looking child instances]}} in one query each."""
        result: dict[str, dict[int, list]] = {}
        if not designation_ids:
            return {accessor: {} for accessor in accessors}
        for accessor in accessors:
            model, names = CHILDREN[accessor]
            grouped = defaultdict(list)
            rows = model.objects.filter(designation_id__in=designation_ids).values_list(
                "pk", "designation_id", *names
            )
            for pk, designation_id, *values in rows:
                child = model(
                    pk=pk, designation_id=designation_id, **dict(zip(names, values, strict=True))
                )
                child._state.adding = False
                grouped[designation_id].append(child)
            result[accessor] = grouped
        return result

    def _write(self, created, updated, update_fields, child_deletes, child_creates, kept_children):
        spec = self.spec
        new_objects = [designation for designation, _entry in created]
        Designation.objects.bulk_create(new_objects)
        new_children: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for accessor in spec.children:
            model, _names = CHILDREN[accessor]
            rows = [
                model(designation_id=designation.pk, **row)
                for designation, entry in created
                for row in entry.children[accessor]
            ]
            rows += [
                model(designation_id=record.pk, **row) for record, row in child_creates[accessor]
            ]
            if child_deletes[accessor]:
                model.objects.filter(pk__in=child_deletes[accessor]).delete()
            model.objects.bulk_create(rows)
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
                    objects += kept_children.get(designation.pk, {}).get(accessor, [])
                    objects += new_children.get(designation.pk, {}).get(accessor, [])
                else:
                    objects += loaded[accessor].get(designation.pk, [])
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
            records = list(Designation.objects.filter(pk__in=gone[start : start + CHUNK]))
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
