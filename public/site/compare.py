"""Side-by-side comparison of two to four published episodes."""

from urllib.parse import quote

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from assessments.models import PublishedAssessment
from designations import counts
from episodes.models import PublishedEpisode, Purpose
from public.site import listing
from public.templatetags.atlas import day, parse_day

EPISODE_TYPE = {"content_type__app_label": "episodes", "content_type__model": "episode"}
ASSESSMENT_TYPE = {
    "content_type__app_label": "assessments",
    "content_type__model": "effectivenessassessment",
}
MAX_COMPARED = 4


@require_safe
def compare(request):
    raw = request.GET.getlist("episodes")
    slugs = list(dict.fromkeys(s.strip() for value in raw for s in value.split(",") if s.strip()))
    if len(raw) > 1:
        # The chooser submits one parameter per checkbox; the shareable address lists them once.
        return redirect(
            reverse("episodes:compare") + "?episodes=" + quote(",".join(slugs), safe=",")
        )
    errors = []
    if len(slugs) > MAX_COMPARED:
        errors.append(f"Choose at most {MAX_COMPARED} episodes; you chose {len(slugs)}.")
    malformed = [s for s in slugs if not listing.SLUG.match(s)]
    if malformed and not errors:
        errors.append(
            f"“{malformed[0][:80]}” is not an episode address: addresses are made of letters, "
            "digits and hyphens, e.g. dprk-ep-8."
        )
    chosen = []
    if slugs and not errors:
        found = {
            e.slug: e
            for e in PublishedEpisode.objects.public().with_regime_name().filter(slug__in=slugs)
        }
        missing = [s for s in slugs if s not in found]
        if missing:
            errors.append(
                "No published episode has the address "
                + ", ".join(f"“{s}”" for s in missing)
                + ". Choose from the list below."
            )
        chosen = [found[s] for s in slugs if s in found]
        if len(slugs) == 1 and not missing:
            errors.append("Choose at least two episodes to compare.")
    options = list(
        PublishedEpisode.objects.for_list()
        .with_regime_name()
        .values("slug", "title", "regime_code", "regime_name")
    )
    groups: dict[str, list] = {}
    for option in options:
        regime = f"{option['regime_name'] or option['regime_code']} ({option['regime_code']})"
        groups.setdefault(regime, []).append(option)
    table = None
    if len(chosen) >= 2 and not errors:
        table = _comparison(chosen)
    return render(
        request,
        "public/site/compare.html",
        {
            "errors": errors,
            "chosen": chosen,
            "selected": set(slugs),
            "groups": sorted(groups.items()),
            "table": table,
            "max_compared": MAX_COMPARED,
        },
        status=400 if errors and slugs else 200,
    )


def _comparison(episodes) -> list[dict]:
    """Rows of the comparison table: each a label, one value per episode, and whether they differ."""
    docs = [e.document for e in episodes]
    assessments: dict = {}
    for a in PublishedAssessment.objects.public().filter(
        episode_object_id__in=[e.object_id for e in episodes]
    ):
        assessments[(a.episode_object_id, a.purpose)] = a.document
    computed = counts.published_counts_for(
        {
            e.slug: (
                e.regime_code,
                parse_day(e.document["start_date"]),
                parse_day(e.document["end_date"]),
            )
            for e in episodes
        }
    )
    groups = []

    def row(group, label, values):
        cells = [[str(x) for x in v] if isinstance(v, list) else [str(v)] for v in values]
        differs = len({tuple(cell) for cell in cells}) > 1
        group["rows"].append({"label": label, "cells": cells, "differs": differs})

    facts = {"title": "Facts", "rows": []}
    row(facts, "Regime", [f"{e.regime_name or e.regime_code} ({e.regime_code})" for e in episodes])
    row(facts, "Start", [day(d["start_date"]) for d in docs])
    row(facts, "End", [day(d["end_date"]) if d["end_date"] else "Ongoing" for d in docs])
    row(facts, "Resolutions", [[r["symbol"] for r in d["resolutions"]] for d in docs])
    row(
        facts,
        "Primary purpose",
        [(d["primary_purpose"] or "–").capitalize() for d in docs],
    )
    row(facts, "Purposes", [[p["label"] for p in d["purposes"]] for d in docs])
    row(
        facts,
        "Impact on the population",
        [(d["population_impact"] or {}).get("label") or "–" for d in docs],
    )
    row(
        facts,
        "Humanitarian carve-out",
        [_carve_out(d["humanitarian_carve_out"]) for d in docs],
    )
    groups.append(facts)

    measures = {"title": "Measures", "rows": []}
    categories = sorted({m["category_label"] for d in docs for m in d["measures"]})
    for category in categories:
        row(
            measures,
            category,
            [
                [m["title"] for m in d["measures"] if m["category_label"] == category] or "–"
                for d in docs
            ],
        )
    row(
        measures,
        "Secondary sanctions",
        [
            NOT_CODED
            if not d["measures"]
            else "Yes"
            if any(m["secondary_sanctions"] for m in d["measures"])
            else "No"
            for d in docs
        ],
    )
    groups.append(measures)

    designees = {"title": "Designees", "rows": []}
    for plural, kind, label in listing.KINDS:
        row(
            designees,
            f"{label} (coded: current / maximum)",
            [
                f"{_count(d['designees'][plural]['current'])} / {_count(d['designees'][plural]['maximum'])}"
                for d in docs
            ],
        )
        row(
            designees,
            f"{label} (listed here: in force during the episode)",
            [computed[e.slug][kind].maximum for e in episodes],
        )
    groups.append(designees)

    effectiveness = {"title": "Effectiveness", "rows": []}
    row(
        effectiveness,
        "Overall",
        [(d["overall_effectiveness"] or {}).get("label") or "Not assessed" for d in docs],
    )
    for purpose, label in Purpose.choices:
        values = []
        for e in episodes:
            a = assessments.get((e.object_id, purpose))
            if a is None:
                values.append("Not assessed")
            else:
                values.append(
                    f"Outcome {a['policy_outcome']['score']} ({a['policy_outcome']['label']}), "
                    f"contribution {a['sanctions_contribution']['score']} "
                    f"({a['sanctions_contribution']['label']}): "
                    + ("effective" if a["effective"] else "not effective")
                )
        row(effectiveness, label, values)
    groups.append(effectiveness)

    consequences = {"title": "Unintended consequences", "rows": []}
    names: dict = {}
    for d in docs:
        for c in d["unintended_consequences"]:
            names.setdefault(c["slug"], c["name"])
    for slug, name in names.items():
        values = []
        for d in docs:
            match = [c for c in d["unintended_consequences"] if c["slug"] == slug]
            if not d["unintended_consequences"]:
                values.append(NOT_CODED)  # none coded at all: unknown, not "no"
            elif match:
                values.append("Yes: " + match[0]["other_text"] if match[0]["other_text"] else "Yes")
            else:
                values.append("No")
        row(consequences, name, values)
    groups.append(consequences)
    return groups


# What a cell says where the researcher recorded nothing: not "No", which would be a finding.
NOT_CODED = "not coded"


def _carve_out(carve_out: dict) -> str:
    """Yes; No where the researcher says why (the text); else nothing was recorded: not coded."""
    if carve_out["applies"]:
        return "Yes"
    return "No" if (carve_out.get("text") or "").strip() else NOT_CODED


def _count(value):
    return "–" if value is None else value
