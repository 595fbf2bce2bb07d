"""What an importer hands to the sync: one ``Incoming`` designation per list entry."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from designations.models import Address, Alias, BirthDate, BirthPlace, IdentityDocument

# The children of a designation as the importers fill them: accessor → (model, compared fields).
# Every field of each child except its key and its designation, so "changed" means changed.
CHILDREN = {
    "aliases": (
        Alias,
        ("quality", "name", "date_of_birth", "city_of_birth", "country_of_birth", "note"),
    ),
    "addresses": (Address, ("street", "city", "state_province", "zip_code", "country", "note")),
    "birth_dates": (BirthDate, ("kind", "date", "year", "from_year", "to_year", "note")),
    "birth_places": (BirthPlace, ("city", "state_province", "country", "note")),
    "documents": (
        IdentityDocument,
        (
            "document_type",
            "document_type2",
            "number",
            "issuing_country",
            "date_of_issue",
            "city_of_issue",
            "note",
        ),
    ),
}


@dataclass
class Incoming:
    """One entry of a list: the designation's fields and its children, as the list gives them."""

    label: str  # how messages name it: "KPi.033", "IMO 8705539"
    regime_code: str
    fields: dict  # Designation field attnames → values (regime_id is filled in by the sync)
    children: dict[str, list[dict]] = field(default_factory=dict)  # accessor → rows
    # A hash of the entry exactly as the file gives it (see sync.py, "unchanged since").
    digest: str = ""
    # The warnings its reading gave, as [message, example] pairs (see Recorded): kept with the
    # digest, so that an unchanged re-import, which does not read it again, reports them all
    # the same.
    warnings: list = field(default_factory=list)
    # Set on an entry given byte for byte as at the last import, of which only the keys were
    # read ("light"): returns the entry read in full, for when the sync must compare it.
    expand: Callable[[], "Incoming"] | None = None


class Warnings:
    """Things a researcher should know about the list, grouped so a long list stays readable."""

    def __init__(self):
        self._examples: dict[str, list[str]] = defaultdict(list)
        self._counts: dict[str, int] = defaultdict(int)

    def add(self, message: str, example: str = "") -> None:
        self._counts[message] += 1
        if example and len(self._examples[message]) < 5:
            self._examples[message].append(example)

    def __bool__(self):
        return bool(self._counts)

    def __len__(self):
        return len(self._counts)

    def lines(self) -> list[str]:
        result = []
        for message, count in self._counts.items():
            examples = self._examples[message]
            if examples:
                more = f" and {count - len(examples)} more" if count > len(examples) else ""
                result.append(f"{message}: {', '.join(examples)}{more}")
            else:
                result.append(message)
        return result


class Recorded(list):
    """The warnings of one entry, as [message, example] pairs, for ``Incoming.warnings``: the
    sync adds them to the run's ``Warnings`` in the list's order, whether it read the entry
    again or not."""

    def add(self, message: str, example: str = "") -> None:
        self.append([message, example])


@cache
def _limits(model) -> dict[str, int]:
    return {
        field.name: field.max_length
        for field in model._meta.concrete_fields
        if getattr(field, "max_length", None)
    }


def fit(model, values: dict, *, label: str, warnings: Warnings) -> dict:
    """Shorten any text longer than its column allows (with a warning), so the import never fails
    on a database's length check for one over-long note."""
    limits = _limits(model)
    for name, limit in limits.items():
        value = values.get(name)
        if type(value) is str and len(value) > limit:
            values[name] = value[: limit - 1] + "…"
            warnings.add(
                f"{model._meta.verbose_name.capitalize()} {name.replace('_', ' ')} longer than "
                f"{limit} characters, shortened",
                label,
            )
    return values
