"""The codebook: every public variable of the published documents, described once.

Each variable is named by its path in its document ("episode.purposes" is a list,
"episode.purposes[].objectives[].code" a field of its items), with its type, a description and, for a list of values (a
choice in the code or a configurable lookup), the allowed values with labels and definitions.
Lookups are read from their published projections when the codebook is built: a value edited in
the admin is in the codebook once a second person approved it, like any record; choices carry definitions written here, and a choice without
one fails the codebook test. The rules that derive public values (when a purpose is "effective",
the 1–5 scales, how designees are counted) come from the code that applies them.

The same entries give ``codebook.json`` (``as_dict``), ``codebook.md`` (``as_markdown``) and the
field descriptions of the API schema (``description``). Pure data and functions: no request code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from assessments import rules as effectiveness_rules
from assessments.models import (
    PublishedConsequence,
    PublishedScoreLabel,
    Scale,
    UnintendedConsequence,
)
from designations import counts
from designations.models import Alias, BirthDate, Designation
from episodes import codebook_text as text
from episodes.models import (
    Effectiveness,
    EpisodeDocument,
    Level,
    MeasureCategory,
    PublishedConflictType,
    PublishedMeasureSubtype,
    PublishedObjective,
    PublishedPolicyInstrument,
    PublishedTargetType,
    Purpose,
    Resolution,
    SanctionMeasure,
)

TYPES = {
    "string": "text (plain)",
    "markdown": "text (Markdown)",
    "code": "text: one of the allowed values",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "date": "date, YYYY-MM-DD",
    "datetime": "date and time, ISO 8601 with time zone",
    "url": "web address",
    "list": "list",
    "object": "object",
}


@dataclass(frozen=True)
class Value:
    code: str | int
    label: str
    definition: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "definition": self.definition, **self.extra}


@dataclass(frozen=True)
class Variable:
    path: str
    type: str
    description: str
    nullable: bool = False  # may be null (or, for a code, empty: not coded)
    values: Callable[[], list[Value]] | None = None

    @property
    def document(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def allowed_values(self) -> list[Value]:
        return self.values() if self.values else []

    def as_dict(self) -> dict:
        entry = {
            "path": self.path,
            "name": self.name,
            "type": self.type,
            "nullable": self.nullable,
            "description": self.description,
        }
        if self.values:
            entry["values"] = [value.as_dict() for value in self.allowed_values()]
        return entry


# --- allowed values -----------------------------------------------------------------------------


def choices(enum, definitions: dict[str, str]) -> Callable[[], list[Value]]:
    """The members of a TextChoices, each with its definition (a missing one is a KeyError)."""
    return lambda: [Value(value, label, definitions[value]) for value, label in enum.choices]


def lookup(projection, *extra: str) -> Callable[[], list[Value]]:
    """The approved values of a coded lookup (code, label, definition, order, active), in their
    order: ``projection`` is its ``Published…`` table."""

    def values():
        return [
            Value(
                row["code"],
                row["label"],
                row["definition"],
                {"active": row["active"], **{name: row.get(name, "") for name in extra}},
            )
            for row in projection.objects.public()
            .order_by("order", "label")
            .values_list("document", flat=True)
        ]

    return values


def _subtypes():
    return [
        Value(s["slug"], s["name"], s["description"], {"category": s["category"]})
        for s in PublishedMeasureSubtype.objects.public()
        .order_by("name")
        .values_list("document", flat=True)
    ]


def _consequences():
    return [
        Value(
            c["slug"],
            c["name"],
            c["description"],
            {"polarity": c["polarity"], "is_other": c["is_other"]},
        )
        for c in PublishedConsequence.objects.public()
        .order_by("position", "name")
        .values_list("document", flat=True)
    ]


def scale(name: str) -> Callable[[], list[Value]]:
    """The approved labels of one 1–5 scale (score labels); a score without a label says so."""

    def values():
        labels = {
            row["score"]: row
            for row in PublishedScoreLabel.objects.public()
            .filter(scale=name)
            .values_list("document", flat=True)
        }
        return [
            Value(score, labels[score]["label"], labels[score]["description"])
            if score in labels
            else Value(score, "", "No label configured.")
            for score in range(1, 6)
        ]

    return values


def _listing_events():
    return [
        Value(code, code.capitalize(), text.LISTING_EVENTS[code]) for code in text.LISTING_EVENTS
    ]


PURPOSES = choices(Purpose, text.PURPOSES)
LEVELS = choices(Level, text.LEVELS)
VALUES = {
    "purpose": PURPOSES,
    "objective": lookup(PublishedObjective, "purpose"),
    "conflict_type": lookup(PublishedConflictType),
    "target": lookup(PublishedTargetType),
    "instrument": lookup(PublishedPolicyInstrument),
    "resolution_role": choices(Resolution.Role, text.RESOLUTION_ROLES),
    "measure_category": choices(MeasureCategory, text.MEASURE_CATEGORIES),
    "measure_subtype": _subtypes,
    "application": choices(SanctionMeasure.Application, text.APPLICATIONS),
    "level": LEVELS,
    "effectiveness": choices(Effectiveness, text.EFFECTIVENESS),
    "document_kind": choices(EpisodeDocument.Kind, text.DOCUMENT_KINDS),
    "consequence": _consequences,
    "polarity": choices(UnintendedConsequence.Polarity, text.POLARITIES),
    "policy_outcome": scale(Scale.POLICY_OUTCOME),
    "sanctions_contribution": scale(Scale.SANCTIONS_CONTRIBUTION),
    "designation_kind": choices(Designation.Kind, text.DESIGNATION_KINDS),
    "alias_quality": choices(Alias.Quality, text.ALIAS_QUALITIES),
    "birth_date_kind": choices(BirthDate.Kind, text.BIRTH_DATE_KINDS),
    "listing_event": _listing_events,
}

# --- the variables ------------------------------------------------------------------------------

DOCUMENTS = {
    "episode": text.EPISODE_DOCUMENT,
    "regime": text.REGIME_DOCUMENT,
    "assessment": text.ASSESSMENT_DOCUMENT,
    "designation": text.DESIGNATION_DOCUMENT,
    "coding": text.CODING_DOCUMENT,
}
# A list whose items are documents of another kind: "episode.assessments[].purpose" is described
# by "assessment.purpose".
REFERENCES = {"episode.assessments": "assessment"}


def _variables() -> dict[str, Variable]:
    result = {}
    for path, kind, description, *rest in text.VARIABLES:
        nullable = "nullable" in rest
        values = next((VALUES[name] for name in rest if name in VALUES), None)
        result[path] = Variable(path, kind, description, nullable, values)
    return result


VARIABLES = _variables()


_BY_PLAIN = {path.replace("[]", ""): path for path in VARIABLES}


def normalise(path: str) -> str:
    """The codebook's path of ``path``, written with or without "[]"; KeyError if it has none."""
    plain = path.replace("[]", "")
    for prefix, kind in REFERENCES.items():
        if plain.startswith(prefix + "."):
            plain = kind + plain[len(prefix) :]
    return _BY_PLAIN[plain]


def variable(path: str) -> Variable:
    """The variable at ``path`` (with or without the "[]"); KeyError when the codebook lacks it."""
    return VARIABLES[normalise(path)]


def description(path: str, *, with_values: bool = False) -> str:
    """The description of one variable, for the API schema (optionally with its allowed values)."""
    entry = variable(path)
    if not (with_values and entry.values):
        return entry.description
    listed = "; ".join(f"{v.code}: {v.label}" for v in entry.allowed_values())
    return f"{entry.description} Allowed values: {listed}."


# --- the rules ----------------------------------------------------------------------------------


def rules() -> dict:
    """The rules that derive public values, as configured now."""
    threshold = settings.ATLAS_EFFECTIVE_RULE
    return {
        "effective": {
            "description": effectiveness_rules.describe(),
            "policy_outcome_min": threshold["policy_outcome_min"],
            "sanctions_contribution_min": threshold["sanctions_contribution_min"],
        },
        "scales": {
            value: {"label": label, "scores": [v.as_dict() for v in scale(value)()]}
            for value, label in Scale.choices
        },
        "designee_counts": {"description": counts.RULE},
        "in_force": {"description": text.IN_FORCE},
        "agreement": {"description": text.AGREEMENT},
    }


# --- the two renderings -------------------------------------------------------------------------


def as_dict() -> dict:
    """``codebook.json``: the documents and their variables, then the rules."""
    return {
        "title": text.TITLE,
        "introduction": text.INTRODUCTION,
        "types": TYPES,
        "documents": {
            kind: {
                "description": about,
                "variables": [v.as_dict() for v in VARIABLES.values() if v.document == kind],
            }
            for kind, about in DOCUMENTS.items()
        },
        "rules": rules(),
    }


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def as_markdown() -> str:
    """``codebook.md``: the same content for people."""
    data = as_dict()
    lines = [f"# {data['title']}", "", data["introduction"], "", "## Rules", ""]
    lines += [f"- **Effective.** {data['rules']['effective']['description']}"]
    lines += [f"- **Designee counts.** {data['rules']['designee_counts']['description']}"]
    lines += [f"- **In force.** {data['rules']['in_force']['description']}"]
    lines += [f"- **Agreement.** {data['rules']['agreement']['description']}", ""]
    for scale_entry in data["rules"]["scales"].values():
        lines += [f"### Scale: {scale_entry['label']}", "", "| score | label | definition |"]
        lines += ["|---|---|---|"]
        lines += [
            f"| {s['code']} | {_cell(s['label'])} | {_cell(s['definition'])} |"
            for s in scale_entry["scores"]
        ]
        lines.append("")
    for kind, document in data["documents"].items():
        lines += [f"## The {kind} document", "", document["description"], ""]
        lines += ["| variable | type | description |", "|---|---|---|"]
        for entry in document["variables"]:
            kind_text = TYPES[entry["type"]] + (", may be empty" if entry["nullable"] else "")
            lines.append(f"| `{entry['path']}` | {kind_text} | {_cell(entry['description'])} |")
        lines.append("")
        for entry in document["variables"]:
            if "values" not in entry:
                continue
            lines += [f"### Values of `{entry['path']}`", ""]
            for value in entry["values"]:
                notes = [
                    f"{key}: {item}"
                    for key, item in value.items()
                    if key not in ("code", "label", "definition") and item not in ("", None)
                ]
                suffix = f" ({'; '.join(notes)})" if notes else ""
                definition = f": {value['definition']}" if value["definition"] else ""
                lines.append(f"- `{value['code']}` **{value['label']}**{definition}{suffix}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
