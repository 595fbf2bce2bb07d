"""How far independent coders agree: Krippendorff's alpha, percent agreement and units.

Alpha comes from the ``krippendorff`` package (Castro's implementation, the one reliability studies
cite); this module only lays the codings out as its reliability matrix (one row per coder, one
column per unit, NaN where a coder did not code the unit) and reports the result in the public
shape. The scores are ordinal on the 1–5 domain; each unintended consequence of the configurable
list is a nominal unit, present (1) or absent (0) in each coder's coding.

Within one round each score is a single unit, so its alpha is 0 when the coders differ and
undefined (``None``) when they agree: there is no variation to compare with. Percent agreement
says more there, and the dataset-wide alpha (every closed round a unit) is the meaningful figure.

Only submitted codings count: a coder who never submitted did not code.
"""

import hashlib
import hmac
import math
from dataclasses import asdict, dataclass
from itertools import combinations

import krippendorff
import numpy as np
from django.conf import settings

SCORE_DOMAIN = [1, 2, 3, 4, 5]
CONSEQUENCE_DOMAIN = [0, 1]
SCORE_VARIABLES = ("policy_outcome", "sanctions_contribution")
VARIABLES = (*SCORE_VARIABLES, "consequences")
LEVELS = {
    "policy_outcome": "ordinal",
    "sanctions_contribution": "ordinal",
    "consequences": "nominal",
}
DOMAINS = {
    "policy_outcome": SCORE_DOMAIN,
    "sanctions_contribution": SCORE_DOMAIN,
    "consequences": CONSEQUENCE_DOMAIN,
}
NEEDS_TWO = "Agreement needs at least two coders who submitted their coding."


@dataclass(frozen=True)
class Agreement:
    alpha: float | None  # None: fewer than two coders on any unit, or no variation at all
    percent_agreement: float | None  # share of agreeing coder pairs, in percent
    units: int  # units coded by at least two coders (the only ones that count)


def measure(matrix: list[list[float | None]], variable: str) -> Agreement:
    """Agreement on a reliability matrix (rows: coders, columns: units; None: not coded)."""
    if len(matrix) < 2:
        return Agreement(alpha=None, percent_agreement=None, units=0)
    data = np.array(
        [[np.nan if value is None else float(value) for value in row] for row in matrix],
        dtype=float,
    ).reshape(len(matrix), -1)
    pairable = [column for column in data.T if np.count_nonzero(~np.isnan(column)) >= 2]
    if not pairable:
        return Agreement(alpha=None, percent_agreement=None, units=0)
    agreeing = pairs = 0
    for column in pairable:
        values = column[~np.isnan(column)]
        for a, b in combinations(values, 2):
            pairs += 1
            agreeing += a == b
    return Agreement(
        alpha=_alpha(data, variable),
        percent_agreement=100 * agreeing / pairs,
        units=len(pairable),
    )


def _alpha(data: np.ndarray, variable: str) -> float | None:
    with np.errstate(invalid="ignore", divide="ignore"):
        value = krippendorff.alpha(
            reliability_data=data,
            level_of_measurement=LEVELS[variable],
            value_domain=DOMAINS[variable],
        )
    return None if math.isnan(value) else float(value)


# --- laying codings out -----------------------------------------------------------------------


def _submitted(coding_round) -> list:
    return [c for c in coding_round.codings.all() if c.submitted_at is not None]


def round_matrices(coding_round, consequence_ids: list[int]) -> dict[str, list[list]]:
    """The reliability matrix of each variable for one round (rows: coders who submitted)."""
    codings = _submitted(coding_round)
    matrices = {
        variable: [[getattr(c, f"{variable}_score")] for c in codings]
        for variable in SCORE_VARIABLES
    }
    matrices["consequences"] = [
        [int(pk in {cc.consequence_id for cc in c.consequences.all()}) for pk in consequence_ids]
        for c in codings
    ]
    return matrices


def round_agreement(coding_round, consequence_ids: list[int]) -> dict[str, Agreement]:
    """{variable: Agreement} for one round; every unit needs two coders, so one coder gives none."""
    return {
        variable: measure(matrix, variable)
        for variable, matrix in round_matrices(coding_round, consequence_ids).items()
    }


def round_summary(coding_round, consequence_ids: list[int]) -> dict:
    """The public shape, frozen on the round when it closes and copied into its consensus's
    document: {"coders": n, "agreement": {variable: alpha, "percent_agreement": {…},
    "units": {…}}}."""
    results = round_agreement(coding_round, consequence_ids)
    return {
        "coders": len(_submitted(coding_round)),
        "agreement": {
            **{variable: _rounded(results[variable].alpha, 4) for variable in VARIABLES},
            "percent_agreement": {
                variable: _rounded(results[variable].percent_agreement, 1) for variable in VARIABLES
            },
            "units": {variable: results[variable].units for variable in VARIABLES},
        },
    }


def single_coder_summary() -> dict:
    """The ``coding`` of an assessment that one researcher wrote alone (no coding round)."""
    return {
        "coders": 1,
        "agreement": {
            **dict.fromkeys(VARIABLES),
            "percent_agreement": dict.fromkeys(VARIABLES),
            "units": dict.fromkeys(VARIABLES, 0),
        },
    }


def _rounded(value, digits):
    return None if value is None else round(value, digits)


def dataset_matrices(rounds, consequence_ids: list[int]) -> dict[str, list[list]]:
    """Reliability matrices across rounds: one row per coder, one column per round (per round and
    consequence for the consequences)."""
    rounds = list(rounds)
    coders = sorted({c.coder_id for r in rounds for c in _submitted(r)})
    row_of = {coder: index for index, coder in enumerate(coders)}
    matrices = {variable: [[None] * len(rounds) for _ in coders] for variable in SCORE_VARIABLES}
    width = len(rounds) * len(consequence_ids)
    matrices["consequences"] = [[None] * width for _ in coders]
    for column, coding_round in enumerate(rounds):
        for coding in _submitted(coding_round):
            row = row_of[coding.coder_id]
            for variable in SCORE_VARIABLES:
                matrices[variable][row][column] = getattr(coding, f"{variable}_score")
            chosen = {cc.consequence_id for cc in coding.consequences.all()}
            for offset, pk in enumerate(consequence_ids):
                matrices["consequences"][row][column * len(consequence_ids) + offset] = int(
                    pk in chosen
                )
    return matrices


def dataset_agreement(rounds=None) -> dict[str, dict]:
    """Dataset-wide agreement per scale across closed rounds (by default those of published
    assessments, see ``published_rounds``): {variable: {"alpha", "percent_agreement", "units"}}.
    """
    from assessments.models import PublishedConsequence

    rounds = published_rounds() if rounds is None else rounds
    rounds = _with_codings(rounds.filter(status="closed"))
    # The approved list: a consequence added in the admin counts once a reviewer approved it.
    consequence_ids = list(
        PublishedConsequence.objects.order_by("object_id").values_list("object_id", flat=True)
    )
    matrices = dataset_matrices(rounds, consequence_ids)
    return {variable: asdict(measure(matrices[variable], variable)) for variable in VARIABLES}


def published_rounds(published_assessments=None):
    """The closed rounds whose consensus is public (``published_assessments``: a
    ``PublishedAssessment`` queryset, by default those whose episode is published too)."""
    from assessments.models import CodingRound, PublishedAssessment

    if published_assessments is None:
        published_assessments = PublishedAssessment.objects.public()
    return CodingRound.objects.filter(
        status="closed",
        pk__in=published_assessments.filter(coding_round_id__isnull=False).values(
            "coding_round_id"
        ),
    )


def _with_codings(rounds):
    """Rounds with their codings and each coding's consequences: three queries in all."""
    from django.db.models import Prefetch

    from assessments.models import CodedConsequence

    return (
        rounds.select_related("episode")
        .prefetch_related(
            Prefetch(
                "codings__consequences",
                queryset=CodedConsequence.objects.select_related("consequence"),
            )
        )
        .order_by("pk")
    )


# --- individual codings for the data package --------------------------------------------------

CODING_COLUMNS = [
    "episode",
    "purpose",
    "round",
    "coder",
    "policy_outcome_score",
    "sanctions_contribution_score",
    "consequences",
]


def pseudonym(user_id: int) -> str:
    """A stable pseudonymous coder id: never a name, the same across rounds and downloads.

    Keyed with SECRET_KEY so that nobody can recompute it from a user id; it changes if the key
    is rotated.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"coder:{user_id}".encode(), hashlib.sha256
    ).hexdigest()
    return f"coder-{digest[:10]}"


def published_coding_rows(published_assessments=None) -> list[dict]:
    """One row per submitted coding of each closed round whose consensus is public.

    Scores and consequences only: the coders' own narratives were never reviewed for
    publication, unlike the consensus's. ``round`` numbers the rounds in the table, not in
    the database.
    """
    from assessments.models import PublishedAssessment

    if published_assessments is None:
        published_assessments = PublishedAssessment.objects.public()
    slugs = dict(
        published_assessments.filter(coding_round_id__isnull=False).values_list(
            "coding_round_id", "episode_slug"
        )
    )
    rows = []
    for number, coding_round in enumerate(
        _with_codings(published_rounds(published_assessments)), start=1
    ):
        for coding in _submitted(coding_round):
            rows.append(
                {
                    "episode": slugs.get(coding_round.pk, coding_round.episode.slug),
                    "purpose": coding_round.purpose,
                    "round": number,
                    "coder": pseudonym(coding.coder_id),
                    "policy_outcome_score": coding.policy_outcome_score,
                    "sanctions_contribution_score": coding.sanctions_contribution_score,
                    "consequences": "|".join(
                        cc.consequence.slug for cc in coding.consequences.all()
                    ),
                }
            )
    return rows
