"""The analogy finder: published episodes ranked by how much they share with a described situation.

A situation is described by sets of codes, one set per coded variable (purposes, types of conflict,
targets, objectives, measure categories, other policy instruments), and optionally a period. The
similarity of an episode *e* to a description *d* is a weighted mean of Jaccard indexes, over the
variables the description fills in (a variable left empty neither helps nor hurts):

    S(d, e) = Σ_{v ∈ V(d)} w_v · J(d_v, e_v) / Σ_{v ∈ V(d)} w_v,   J(A, B) = |A ∩ B| / |A ∪ B|

with ``J = 0`` when the episode has no code for *v*. For the period, *A* and *B* are the sets of
days of the described period and of the episode (an ongoing episode runs until today), so *J* is
the length of their overlap over the length of their union. ``S`` lies between 0 (nothing shared)
and 1 (every described variable identical). The weights (``WEIGHTS``) put the issue area first:
an episode about the same type of conflict is a closer analogy than one that merely used the same
measures. Episodes with ``S = 0`` are not listed; ties go to the more recent episode, then to the
slug.

Scoring is plain Python over the projection's filter columns, read in one query with each
episode's public assessments (no document is read): no library computes a weighted Jaccard over
our columns, and the table is small (hundreds of rows). Only the ``public()`` rows of
``PublishedEpisode`` and ``PublishedAssessment`` are read, so only approved episodes are ranked.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Case, CharField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from assessments.models import PublishedAssessment
from episodes.models import (
    MeasureCategory,
    PublishedConflictType,
    PublishedEpisode,
    PublishedObjective,
    PublishedPolicyInstrument,
    PublishedTargetType,
    Purpose,
)
from public import selectors

# (parameter, projection column, label, weight): the variables, in the order pages show them.
VARIABLES = (
    ("conflict_type", "conflict_types", "Type of conflict or issue area", 3),
    ("purpose", "purposes", "Purposes", 2),
    ("objective", "objectives", "Objectives", 2),
    ("target", "targets", "Targets", 2),
    ("category", "categories", "Measure categories", 1),
    ("instrument", "instruments", "Other policy instruments", 1),
)
PERIOD_WEIGHT = 1
WEIGHTS = {name: weight for name, _, _, weight in VARIABLES} | {"period": PERIOD_WEIGHT}
LABELS = {name: label for name, _, label, _ in VARIABLES} | {"period": "Period"}
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
PARAMETERS = (*(name for name, *_ in VARIABLES), "period_start", "period_end", "limit")

FORMULA = (
    "S = Σ w·J / Σ w over the variables you describe, where J = |shared codes| / |codes of "
    "either| (Jaccard) for each variable, and for the period the days in common over the days of "
    "either. Weights: "
    + ", ".join(f"{LABELS[name].lower()} {weight}" for name, weight in WEIGHTS.items())
    + ". 1 means identical on everything described, 0 nothing in common."
)


@dataclass(frozen=True)
class Situation:
    codes: dict[str, frozenset[str]] = field(default_factory=dict)  # parameter → codes
    period: tuple[datetime.date, datetime.date] | None = None
    labels: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)  # → code → label

    def is_empty(self) -> bool:
        return not any(self.codes.values()) and self.period is None


def jaccard(a: frozenset, b: frozenset) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def period_jaccard(a: tuple[datetime.date, datetime.date], b: tuple[datetime.date, datetime.date]):
    """Days in common over days of either (both ends included)."""
    overlap = (min(a[1], b[1]) - max(a[0], b[0])).days + 1
    if overlap <= 0:
        return 0.0
    union = (a[1] - a[0]).days + 1 + (b[1] - b[0]).days + 1 - overlap
    return overlap / union


def similarity(situation: Situation, episode: dict, *, today: datetime.date) -> float:
    """S(d, e) for one episode given as its projection columns (pipe-delimited codes, dates)."""
    total = weights = 0.0
    for name, column, _, weight in VARIABLES:
        wanted = situation.codes.get(name)
        if wanted:
            total += weight * jaccard(wanted, split(episode[column]))
            weights += weight
    if situation.period is not None:
        span = (episode["start_date"], episode["end_date"] or today)
        total += PERIOD_WEIGHT * period_jaccard(situation.period, span)
        weights += PERIOD_WEIGHT
    return total / weights if weights else 0.0


@functools.lru_cache(maxsize=8192)
def split(column: str) -> frozenset[str]:
    """'|a|b|' → {'a', 'b'}, once per distinct column text: every episode page compares its
    own codes with every public episode's (3,000 columns at 500 episodes)."""
    return frozenset(code for code in column.split("|") if code)


def situation_of(document: dict) -> Situation:
    """An episode's own coded variables, as a description (for its "similar episodes" panel;
    its period is left out: neighbours in time are not analogies for that alone)."""
    labels = _labels(document)
    return Situation({name: frozenset(codes) for name, codes in labels.items()}, labels=labels)


# --- reading and ranking ---------------------------------------------------------------------------

COLUMNS = (
    "object_id",
    "slug",
    "title",
    "regime_code",
    "regime_name",
    "regime_short_name",
    "start_date",
    "end_date",
    *(column for _, column, *_ in VARIABLES),
    *(f"assessed_{purpose}" for purpose in Purpose.values),
)


def _assessment_of(purpose: str):
    """ "effective:outcome:contribution" of the episode's public assessment of ``purpose``."""
    found = PublishedAssessment.objects.public().filter(
        episode_object_id=OuterRef("object_id"), purpose=purpose
    )
    return Subquery(
        found.annotate(
            summary=Concat(
                Case(When(effective=True, then=Value("1")), default=Value("0")),
                Value(":"),
                Cast("policy_outcome_score", CharField()),
                Value(":"),
                Cast("sanctions_contribution_score", CharField()),
                output_field=CharField(),
            )
        ).values("summary")[:1]
    )


def public_episodes() -> list[dict]:
    """Every public episode's filter columns, its regime's name, ``public_version`` and, per
    purpose, its public assessment's verdict and scores ("1:4:3"), in one query, once per
    publication state (``selectors.held_per_state``): every episode page ranks them all."""
    return selectors.held_per_state("analogy.public_episodes", _read_public_episodes)


def _read_public_episodes() -> list[dict]:
    return list(
        PublishedEpisode.objects.public()
        .with_regime_name()
        .annotate(**{f"assessed_{p}": _assessment_of(p) for p in Purpose.values})
        .order_by()
        .values(*COLUMNS, "public_version")
    )


def rank(
    situation: Situation,
    *,
    limit: int = DEFAULT_LIMIT,
    exclude: str | None = None,
    today: datetime.date | None = None,
    rows: list[dict] | None = None,
) -> list[dict]:
    """The public episodes most similar to ``situation``, best first, each as a result dict.

    One query (``public_episodes``, unless the caller has its ``rows`` already): the documents
    are not read, and the labels of what is shared are the description's own
    (``Situation.labels``).
    """
    today = today or timezone.localdate()
    scored = []
    for row in public_episodes() if rows is None else rows:
        if row["slug"] == exclude:
            continue
        score = similarity(situation, row, today=today)
        if score > 0:
            scored.append((score, row))
    scored.sort(key=lambda item: (-item[0], -item[1]["start_date"].toordinal(), item[1]["slug"]))
    return [result(situation, score, row, today=today) for score, row in scored[:limit]]


def _labels(doc: dict) -> dict[str, dict[str, str]]:
    """code → label per variable, as an approved episode document words them."""
    return {
        "conflict_type": {c["code"]: c["label"] for c in doc["conflict_types"]},
        "purpose": {p["purpose"]: p["label"] for p in doc["purposes"]},
        "objective": {o["code"]: o["label"] for p in doc["purposes"] for o in p["objectives"]},
        "target": {t["code"]: t["label"] for t in doc["targets"]},
        "category": {m["category"]: m["category_label"] for m in doc["measures"]},
        "instrument": {i["code"]: i["label"] for i in doc["instruments"]},
    }


def effectiveness(row: dict) -> list[dict]:
    """Per purpose of the episode, its published assessment's verdict, or ``assessed: False``."""
    rows = []
    for purpose in split(row["purposes"]):
        found = row[f"assessed_{purpose}"]
        effective, outcome, contribution = found.split(":") if found else (None, None, None)
        rows.append(
            {
                "purpose": purpose,
                "purpose_label": Purpose(purpose).label,
                "assessed": found is not None,
                "effective": effective == "1" if found else None,
                "policy_outcome_score": int(outcome) if found else None,
                "sanctions_contribution_score": int(contribution) if found else None,
            }
        )
    rows.sort(key=lambda r: Purpose.values.index(r["purpose"]))
    return rows


def result(situation: Situation, score: float, row: dict, *, today: datetime.date) -> dict:
    shared = []
    for name, column, *_ in VARIABLES:
        common = sorted(situation.codes.get(name, frozenset()) & split(row[column]))
        if common:
            labels = situation.labels.get(name, {})
            shared.append(
                {
                    "variable": name,
                    "label": LABELS[name],
                    "values": [{"code": c, "label": labels.get(c, c)} for c in common],
                }
            )
    if situation.period is not None:
        first = max(row["start_date"], situation.period[0])
        last = min(row["end_date"] or today, situation.period[1])
        if first <= last:
            shared.append(
                {
                    "variable": "period",
                    "label": LABELS["period"],
                    "values": [{"code": f"{first}/{last}", "label": f"{first} to {last}"}],
                }
            )
    return {
        "slug": row["slug"],
        "title": row["title"],
        "regime": row["regime_code"],
        "regime_name": row["regime_name"],
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "score": round(score, 3),
        "shared": shared,
        "effectiveness": effectiveness(row),
    }


# --- the description, validated the same on the site and the API ------------------------------


def _lookup_choices(projection, *, prefix_purpose=False):
    """The approved values of a coded list (its ``Published…`` projection), in their order."""
    choices = []
    for code, label, *purpose in (
        projection.objects.public()
        .order_by("order", "label")
        .values_list("code", "label", *(["purpose"] if prefix_purpose else []))
    ):
        if purpose and purpose[0]:
            label = f"{Purpose(purpose[0]).label}: {label}"
        choices.append((code, label))
    return choices


LOOKUP_CODE = r"[a-z0-9][a-z0-9-]{0,59}"


class CodesField(forms.MultipleChoiceField):
    """Codes of a configurable lookup. A well-formed code that no value has matches nothing (as
    in the list filters: the codebook can grow); a malformed one is an error."""

    def valid_value(self, value):
        return super().valid_value(value) or bool(re.fullmatch(LOOKUP_CODE, str(value)))


class SituationForm(forms.Form):
    """The description of a situation. Unknown parameters and codes are errors naming them."""

    conflict_type = CodesField(required=False)
    purpose = forms.MultipleChoiceField(required=False, choices=Purpose.choices)
    objective = CodesField(required=False)
    target = CodesField(required=False)
    category = forms.MultipleChoiceField(required=False, choices=MeasureCategory.choices)
    instrument = CodesField(required=False)
    period_start = forms.DateField(
        required=False, help_text="Optional: the period's first day (YYYY-MM-DD)."
    )
    period_end = forms.DateField(
        required=False, help_text="Optional: its last day; without it, until today."
    )
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["conflict_type"].choices = _lookup_choices(PublishedConflictType)
        self.fields["objective"].choices = _lookup_choices(PublishedObjective, prefix_purpose=True)
        self.fields["target"].choices = _lookup_choices(PublishedTargetType)
        self.fields["instrument"].choices = _lookup_choices(PublishedPolicyInstrument)
        for name, label in LABELS.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].error_messages["invalid_choice"] = (
                    "“%(value)s” is not one of this variable's values (the codebook lists them)."
                    if name in ("purpose", "category")
                    else "“%(value)s” is not a code of the codebook: lower-case letters, digits "
                    "and hyphens, e.g. non-proliferation."
                )
                self.fields[name].widget = forms.CheckboxSelectMultiple(
                    choices=self.fields[name].choices
                )
        self.fields["period_start"].label = "Period from"
        self.fields["period_end"].label = "Period to"
        self.fields["limit"].label = "Number of results"

    def clean(self):
        data = super().clean()
        for name in self.unknown_parameters():
            self.add_error(None, f"Unknown parameter “{name}”. Known: {', '.join(PARAMETERS)}.")
        start, end = data.get("period_start"), data.get("period_end")
        if end and not start and "period_end" not in self.errors:
            self.add_error("period_start", "Give the period's first day too.")
        if start and end and end < start:
            self.add_error("period_end", "The period ends before it starts.")
        if not self.errors and not any(data.get(name) for name, *_ in VARIABLES) and not start:
            raise forms.ValidationError(
                "Describe the situation: choose at least one purpose, type of conflict, target, "
                "objective, measure category or instrument, or give a period."
            )
        return data

    def unknown_parameters(self) -> list[str]:
        return sorted(set(self.data or ()) - set(self.fields))

    def situation(self, *, today: datetime.date | None = None) -> Situation:
        data = self.cleaned_data
        period = None
        if data.get("period_start"):
            start = data["period_start"]
            end = data.get("period_end") or max(start, today or timezone.localdate())
            period = (start, end)
        labels = {name: dict(self.fields[name].choices) for name, *_ in VARIABLES}
        codes = {name: frozenset(data.get(name) or ()) for name, *_ in VARIABLES}
        return Situation(codes, period, labels)

    def result_limit(self) -> int:
        return self.cleaned_data.get("limit") or DEFAULT_LIMIT
