"""Figures for the home page and /statistics/, computed from the published projections only.

Each function is one query (or one aggregate); the chart geometry is in ``public.site.charts``.
Whether a purpose was "effective" is the stored ``effective`` flag, set at approval by
``assessments.rules.is_effective``: nothing here re-implements the thresholds.
"""

import datetime
from collections import Counter

from django.db.models import Avg, Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from assessments.models import PublishedAssessment
from designations.models import Designation, PublishedDesignation
from episodes.models import MeasureCategory, PublishedEpisode, Purpose
from public.site import charts
from public.templatetags.atlas import parse_day

KINDS = [(value, label) for value, label in Designation.Kind.choices]
KIND_PLURALS = {"individual": "Individuals", "entity": "Entities", "vessel": "Vessels"}


def designations_by_kind() -> list[dict]:
    """[{kind, label, total, in_force}] for every kind (one query)."""
    counts = {
        row["kind"]: row
        for row in PublishedDesignation.objects.public()
        .values("kind")
        .annotate(total=Count("pk"), in_force=Count("pk", filter=Q(delisted_on__isnull=True)))
    }
    return [
        {
            "kind": kind,
            "label": KIND_PLURALS[kind],
            "total": counts.get(kind, {}).get("total", 0),
            "in_force": counts.get(kind, {}).get("in_force", 0),
        }
        for kind, _ in KINDS
    ]


def effectiveness_by_purpose(episodes=None) -> list[dict]:
    """[{purpose, label, assessed, effective, share, mean scores, not_assessed}] (one query).

    ``share`` is None, never 0, where no episode is assessed for the purpose. With ``episodes``
    (rows of ``episodes()``), ``not_assessed`` counts the episodes that pursue the purpose and have
    no assessment of it (None without them).
    """
    pursuing = Counter(
        purpose
        for episode in episodes or ()
        for purpose in (episode.get("purposes") or "").split("|")
        if purpose
    )
    rows = {
        row["purpose"]: row
        for row in PublishedAssessment.objects.public()
        .values("purpose")
        .annotate(
            assessed=Count("pk"),
            effective=Count("pk", filter=Q(effective=True)),
            outcome=Avg("policy_outcome_score"),
            contribution=Avg("sanctions_contribution_score"),
        )
    }
    result = []
    for purpose, label in Purpose.choices:
        row = rows.get(purpose, {})
        assessed, effective = row.get("assessed", 0), row.get("effective", 0)
        result.append(
            {
                "purpose": purpose,
                "label": label,
                "assessed": assessed,
                "effective": effective,
                "not_effective": assessed - effective,
                "share": round(100 * effective / assessed) if assessed else None,
                # An assessment is of one episode's purpose: what remains pursues it unassessed.
                "not_assessed": max(pursuing[purpose] - assessed, 0)
                if episodes is not None
                else None,
                "mean_outcome": round(row["outcome"], 1) if row.get("outcome") else None,
                "mean_contribution": round(row["contribution"], 1)
                if row.get("contribution")
                else None,
            }
        )
    return result


def regime_timeline(episodes, today=None) -> charts.Timeline:
    """Lanes of the timeline: one per regime that has published episodes, in regime order."""
    by_regime: dict[str, list] = {}
    names = {}
    for episode in episodes:
        by_regime.setdefault(episode["regime_code"], []).append(episode)
        names[episode["regime_code"]] = episode["regime_name"] or episode["regime_code"]
    lanes = []
    for code in sorted(by_regime):
        spans = [
            charts.Span(
                label=e["title"],
                url=reverse("episodes:detail", args=[e["slug"]]),
                start=parse_day(e["start_date"]),
                end=parse_day(e["end_date"]),
            )
            for e in sorted(by_regime[code], key=lambda e: (e["start_date"], e["slug"]))
        ]
        lanes.append(
            charts.Lane(
                label=f"{names[code]} ({code})",
                url=reverse("episodes:regime", args=[code]),
                spans=spans,
            )
        )
    return charts.timeline(lanes, today=today)


EPISODE_COLUMNS = (
    "slug",
    "title",
    "regime_code",
    "start_date",
    "end_date",
    "regime_name",
    "purposes",
)


def episodes(*, with_documents: bool = False) -> list[dict]:
    """The list columns of every published episode, with its regime's name (one query)."""
    columns = EPISODE_COLUMNS + (("document",) if with_documents else ())
    return list(
        PublishedEpisode.objects.public()
        .with_regime_name()
        .order_by("regime_code", "start_date", "number")
        .values(*columns)
    )


def assessment_coverage() -> dict:
    """{episodes, assessed, not_assessed}: public episodes, those with at least one public
    assessment and those without any (one query)."""
    assessed = PublishedAssessment.objects.public().values("episode_object_id")
    counts = PublishedEpisode.objects.public().aggregate(
        episodes=Count("pk"), not_assessed=Count("pk", filter=~Q(object_id__in=assessed))
    )
    return {**counts, "assessed": counts["episodes"] - counts["not_assessed"]}


def designations_per_year() -> charts.ColumnChart:
    """Designations listed per year, stacked by kind (one query)."""
    counts = {
        (row["year"], row["kind"]): row["n"]
        for row in PublishedDesignation.objects.public()
        .annotate(year=ExtractYear("listed_on"))
        .values("year", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    years = sorted({year for year, _ in counts})
    columns = []
    if years:
        for year in range(years[0], years[-1] + 1):
            columns.append(
                charts.Column(
                    label=str(year),
                    segments=[
                        charts.Segment(kind, KIND_PLURALS[kind], counts.get((year, kind), 0))
                        for kind, _ in KINDS
                    ],
                )
            )
    return charts.column_chart(columns, [(kind, KIND_PLURALS[kind]) for kind, _ in KINDS])


def effectiveness_chart(rows: list[dict]) -> charts.BarChart:
    return charts.bar_chart(
        [
            charts.BarRow(
                label=row["label"],
                segments=[
                    charts.Segment("effective", "Effective", row["effective"]),
                    charts.Segment("not-effective", "Not effective", row["not_effective"]),
                ],
                url=reverse("episodes:assessments") + f"?purpose={row['purpose']}",
                total_noun="assessed",
            )
            for row in rows
        ],
        [("effective", "Effective"), ("not-effective", "Not effective")],
    )


def consequences_chart(documents) -> charts.BarChart:
    """How many episodes show each unintended consequence, most frequent first."""
    counts: Counter = Counter()
    names, polarity = {}, {}
    for document in documents:
        for consequence in document.get("unintended_consequences", []):
            slug = consequence["slug"]
            counts[slug] += 1
            names[slug] = consequence["name"]
            polarity[slug] = consequence["polarity"]
    rows = [
        charts.BarRow(
            label=names[slug],
            segments=[
                charts.Segment(polarity[slug], polarity[slug].capitalize(), count),
            ],
        )
        for slug, count in sorted(counts.items(), key=lambda item: (-item[1], names[item[0]]))
    ]
    return charts.bar_chart(rows, [("negative", "Negative"), ("positive", "Positive")])


def measures_chart(documents) -> charts.BarChart:
    """Measures per category, split by how they apply (mandatory, conditional, recommended)."""
    counts: Counter = Counter()
    for document in documents:
        for measure in document.get("measures", []):
            counts[(measure["category"], measure["application"])] += 1
    applications = [
        ("mandatory", "Mandatory"),
        ("conditional", "Conditional"),
        ("recommended", "Recommended"),
    ]
    rows = [
        charts.BarRow(
            label=label,
            segments=[
                charts.Segment(key, name, counts.get((category, key), 0))
                for key, name in applications
            ],
            url=reverse("episodes:list") + f"?category={category}",
        )
        for category, label in MeasureCategory.choices
    ]
    return charts.bar_chart(rows, applications)


def today() -> datetime.date:
    return timezone.localdate()
