"""Public pages of regimes and episodes, the comparison, statistics and downloads.

Every view reads only the ``Published…`` projections and ``editorial.PublicationRecord`` (the
public history), so nothing a researcher has not had approved can appear here. Query budgets
(tested in tests/site/test_queries.py): a detail page at most 4 queries, a list page at most 5,
whatever the number of rows. Every public view (here, in designations/ and assessments/) answers
GET and HEAD only (``require_safe``; other methods get 405): the public site is read-only.
"""

import datetime
from urllib.parse import quote

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import condition, require_safe

from assessments import rules
from assessments.models import PublishedAssessment
from designations.models import PublishedDesignation
from editorial.models import PublicationRecord
from episodes import datapackage, downloads, site, statistics
from episodes.filters import EpisodeFilter
from episodes.models import PublishedEpisode, PublishedRegime, Purpose
from episodes.templatetags.atlas import day, parse_day

EPISODE_TYPE = {"content_type__app_label": "episodes", "content_type__model": "episode"}
ASSESSMENT_TYPE = {
    "content_type__app_label": "assessments",
    "content_type__model": "effectivenessassessment",
}
KINDS = (
    ("individuals", "individual", "Individuals"),
    ("entities", "entity", "Entities"),
    ("vessels", "vessel", "Vessels"),
)
MAX_COMPARED = 4


# --- home, regimes --------------------------------------------------------------------------------


@require_safe
@site.cached_until_next_approval
def home(request):
    episodes = statistics.episodes()
    by_purpose = statistics.effectiveness_by_purpose()
    latest = list(
        PublicationRecord.objects.select_related("content_type").order_by("-approved_at", "-pk")[:8]
    )
    return render(
        request,
        "site/home.html",
        {
            "timeline": statistics.regime_timeline(episodes),
            "episode_count": len(episodes),
            "ongoing_count": sum(1 for e in episodes if e["end_date"] is None),
            "designations": statistics.designations_by_kind(),
            "by_purpose": by_purpose,
            "latest": [_change(record) for record in latest],
            "rule": rules.describe(),
        },
    )


def _change(record: PublicationRecord) -> dict:
    """A line of "latest approved changes": what, when, and where to read it."""
    model = record.content_type.model
    label, url = record.key, ""
    published = record.action == PublicationRecord.Action.PUBLISHED
    if model == "episode":
        label = (record.document or {}).get("title", record.key)
        url = reverse("episodes:detail" if published else "episodes:history", args=[record.key])
        kind = "Episode"
    elif model == "regime":
        label = (record.document or {}).get("name", record.key)
        url = reverse("episodes:regime", args=[record.key]) if published else ""
        kind = "Regime"
    elif model == "designation":
        label = f"{record.key} {(record.document or {}).get('name', '')}".strip()
        url = reverse("designations:detail", args=[record.key]) if published else ""
        kind = "Designation"
    else:
        slug, _, purpose = record.key.partition("/")
        label = f"{slug}: effectiveness ({purpose})"
        url = (
            reverse("episodes:detail", args=[slug]) + f"#effectiveness-{purpose}"
            if published
            else ""
        )
        kind = "Assessment"
    return {"record": record, "kind": kind, "label": label, "url": url}


@require_safe
def regime(request, code):
    current = None
    if site.REGIME_CODE.match(code):
        current = PublishedRegime.objects.filter(code=code.upper()).first()
    if current is None:
        candidates = dict(PublishedRegime.objects.values_list("code", "name"))
        return site.not_found(
            request,
            what="regime",
            value=code,
            suggestions=[
                (reverse("episodes:regime", args=[c]), f"{name} ({c})")
                for c, name in site.closest(code, candidates)
            ],
            search_url=reverse("episodes:list"),
        )
    if current.code != code:
        return redirect("episodes:regime", code=current.code, permanent=True)
    episodes = list(
        PublishedEpisode.objects.filter(regime_code=current.code).order_by("number", "start_date")
    )
    kinds = {
        row["kind"]: row
        for row in PublishedDesignation.objects.filter(regime_code=current.code)
        .values("kind")
        .annotate(
            total=Count("pk"),
            in_force=Count("pk", filter=Q(delisted_on__isnull=True)),
        )
    }
    recent = list(
        PublishedDesignation.objects.filter(regime_code=current.code).order_by(
            "-listed_on", "sort_name"
        )[:10]
    )
    designation_counts = [
        {
            "kind": kind,
            "label": label,
            "total": kinds.get(kind, {}).get("total", 0),
            "in_force": kinds.get(kind, {}).get("in_force", 0),
            "url": reverse("designations:list")
            + "?"
            + urlencode({"regime": current.code, "kind": kind}),
        }
        for _, kind, label in KINDS
    ]
    return render(
        request,
        "episodes/regime.html",
        {
            "regime": current,
            "doc": current.document,
            "episodes": episodes,
            "designation_counts": designation_counts,
            "recent": recent,
            "all_designations_url": reverse("designations:list") + f"?regime={current.code}",
        },
    )


# --- episode list ---------------------------------------------------------------------------------

EPISODE_LIST = site.ListSpec(
    template="episodes/list.html",
    table=downloads.EPISODES,
    filename="episodes",
    per_page=25,
    noun="episodes",
    singular="episode",
)


@require_safe
def episode_list(request):
    def dress(form):
        site.dress_form(
            form,
            select_choices={"regime": site.regime_choices()},
            labels={
                "purpose": "Purpose",
                "primary_purpose": "Primary purpose",
                "category": "Sanction category",
                "population_impact": "Impact on the population",
                "effectiveness": "Overall effectiveness",
                "ongoing": "Ongoing or ended",
                "active_from": "In force on or after",
                "active_to": "Started on or before",
            },
        )
        form.fields["ongoing"].widget.choices = [
            ("", "Any"),
            ("true", "Ongoing"),
            ("false", "Ended"),
        ]
        form.fields["ongoing"].help_text = ""
        form.fields["active_from"].help_text = "Not ended before this date."
        form.fields["active_to"].help_text = ""

    return site.filtered_list(
        request,
        EpisodeFilter,
        PublishedEpisode.objects.for_list().with_regime_name(),
        EPISODE_LIST,
        dress=dress,
    )


# --- one episode ------------------------------------------------------------------------------------


def _designee_rows(doc: dict, counts: dict) -> list[dict]:
    """Coded counts beside the counts computed from the designations in force in the period."""
    base = {"regime": doc["regime"], "active_from": doc["start_date"]}
    if doc["end_date"]:
        base["active_to"] = doc["end_date"]
    rows = []
    for plural, kind, label in KINDS:
        coded = doc["designees"][plural]
        computed = counts.get(kind, {"during": 0, "at_end": 0})
        rows.append(
            {
                "label": label,
                "coded_current": coded["current"],
                "coded_maximum": coded["maximum"],
                "computed_at_end": computed["at_end"],
                "computed_during": computed["during"],
                "url": reverse("designations:list") + "?" + urlencode({**base, "kind": kind}),
            }
        )
    return rows


def _designees_url(doc: dict) -> str:
    params = {"regime": doc["regime"], "active_from": doc["start_date"]}
    if doc["end_date"]:
        params["active_to"] = doc["end_date"]
    return reverse("designations:list") + "?" + urlencode(params)


def _episode_context(
    request, doc: dict, assessments: dict, *, version: int, approved_at, regime_name
):
    """Everything the episode template needs, from one episode document and its assessments."""
    counts = PublishedDesignation.objects.count_in_force(
        {"episode": (doc["regime"], parse_day(doc["start_date"]), parse_day(doc["end_date"]))}
    )["episode"]
    exemption_links: dict = {}
    general_exemptions, documents = [], []
    for link in doc["documents"]:
        if link["kind"] == "exemption":
            if link["measure"] is not None:
                exemption_links.setdefault(link["measure"], []).append(link)
            else:
                general_exemptions.append(link)
        else:
            documents.append(link)
    purposes = [
        {**purpose, "assessment": assessments.get(purpose["purpose"])}
        for purpose in doc["purposes"]
    ]
    # Assessments of purposes the episode no longer lists still show, after the others.
    listed = {p["purpose"] for p in doc["purposes"]}
    extra = [a for p, a in sorted(assessments.items()) if p not in listed]
    version_url = request.build_absolute_uri(
        reverse("episodes:version", args=[doc["slug"], version])
    )
    return {
        "doc": doc,
        "regime_name": regime_name,
        "purposes": purposes,
        "extra_assessments": extra,
        "measures": [
            {**measure, "exemption_links": exemption_links.get(measure["id"], [])}
            for measure in doc["measures"]
        ],
        "general_exemptions": general_exemptions,
        "documents": documents,
        "designees": _designee_rows(doc, counts),
        "designees_url": _designees_url(doc),
        "rule": rules.describe(),
        "version": version,
        "approved_at": approved_at,
        "citation": site.citation(
            title=doc["title"], version=version, approved_at=approved_at, url=version_url
        ),
    }


def _assessments_by_purpose(object_id) -> dict:
    return {
        a.purpose: a.document
        for a in PublishedAssessment.objects.filter(episode_object_id=object_id)
    }


def _episode_not_found(request, slug):
    """Renamed → redirect to the new address; withdrawn → say so (410); else suggestions (404)."""
    record = (
        PublicationRecord.objects.filter(key=slug, **EPISODE_TYPE)
        .order_by("-approved_at", "-pk")
        .first()
    )
    if record is not None:
        renamed = PublishedEpisode.objects.filter(object_id=record.object_id).first()
        if renamed is not None:
            return redirect("episodes:detail", slug=renamed.slug, permanent=True)
        return render(
            request,
            "episodes/withdrawn.html",
            {"slug": slug, "record": record, "title": (record.document or {}).get("title", slug)},
            status=410,
        )
    candidates = dict(PublishedEpisode.objects.values_list("slug", "title"))
    return site.not_found(
        request,
        what="episode",
        value=slug,
        suggestions=[
            (reverse("episodes:detail", args=[s]), title)
            for s, title in site.closest(slug, candidates)
        ],
        search_url=reverse("episodes:list"),
    )


@require_safe
def episode_detail(request, slug):
    episode = PublishedEpisode.objects.with_regime_name().filter(slug=slug).first()
    if episode is None:
        return _episode_not_found(request, slug)
    context = _episode_context(
        request,
        episode.document,
        _assessments_by_purpose(episode.object_id),
        version=episode.public_version,
        approved_at=episode.approved_at,
        regime_name=episode.regime_name,
    )
    return render(request, "episodes/detail.html", {**context, "episode": episode})


def _episode_object(slug):
    """(object id, current published row or None) of the episode known by ``slug`` now or before."""
    current = (
        PublishedEpisode.objects.filter(slug=slug)
        .only("object_id", "slug", "title", "public_version")
        .first()
    )
    if current is not None:
        return current.object_id, current
    record = PublicationRecord.objects.filter(key=slug, **EPISODE_TYPE).order_by("-pk").first()
    if record is None:
        return None, None
    # Known under this slug before: renamed (still published) or withdrawn.
    current = (
        PublishedEpisode.objects.filter(object_id=record.object_id)
        .only("object_id", "slug", "title", "public_version")
        .first()
    )
    return record.object_id, current


@require_safe
def episode_history(request, slug):
    object_id, current = _episode_object(slug)
    if object_id is None:
        return _episode_not_found(request, slug)
    records = list(
        PublicationRecord.objects.filter(object_id=object_id, **EPISODE_TYPE).order_by("-number")
    )
    slugs = {r.key for r in records}
    assessment_filter = Q()
    for key in slugs:
        assessment_filter |= Q(key__startswith=f"{key}/")
    assessment_records = list(
        PublicationRecord.objects.filter(assessment_filter, **ASSESSMENT_TYPE).order_by(
            "-approved_at", "-pk"
        )
    )
    withdrawn = bool(records) and records[0].action == PublicationRecord.Action.UNPUBLISHED
    entries = [
        {
            "record": r,
            "what": "Episode",
            "url": reverse("episodes:version", args=[slug, r.number])
            if r.action == PublicationRecord.Action.PUBLISHED and not withdrawn
            else "",
        }
        for r in records
    ] + [
        {
            "record": r,
            "what": f"Effectiveness assessment ({r.key.partition('/')[2].capitalize()})",
            "url": "",
        }
        for r in assessment_records
    ]
    entries.sort(key=lambda e: (e["record"].approved_at, e["what"] == "Episode"), reverse=True)
    title = (records[0].document or {}).get("title") if records and records[0].document else slug
    if current is not None:
        title = current.title
    return render(
        request,
        "episodes/history.html",
        {
            "slug": slug,
            "title": title,
            "entries": entries,
            "current": current,
            "withdrawn": withdrawn,
        },
    )


@require_safe
def episode_version(request, slug, number):
    object_id, current = _episode_object(slug)
    if object_id is None:
        return _episode_not_found(request, slug)
    record = PublicationRecord.objects.filter(
        object_id=object_id, number=number, **EPISODE_TYPE
    ).first()
    if record is None or record.action != PublicationRecord.Action.PUBLISHED:
        raise Http404("No such approved version of this episode.")
    if current is None:
        # Withdrawn from public view: its earlier versions are withdrawn with it.
        return render(
            request,
            "episodes/withdrawn.html",
            {"slug": slug, "record": record, "title": record.document.get("title", slug)},
            status=410,
        )
    doc = record.document
    # The assessments as they stood when this version was approved.
    assessments = {}
    for r in PublicationRecord.objects.filter(
        key__startswith=f"{doc['slug']}/", approved_at__lte=record.approved_at, **ASSESSMENT_TYPE
    ).order_by("approved_at", "pk"):
        purpose = r.key.partition("/")[2]
        if r.action == PublicationRecord.Action.PUBLISHED:
            assessments[purpose] = r.document
        else:
            assessments.pop(purpose, None)
    context = _episode_context(
        request,
        doc,
        assessments,
        version=record.number,
        approved_at=record.approved_at,
        regime_name="",
    )
    return render(
        request,
        "episodes/detail.html",
        {
            **context,
            "episode": current,
            "archived": record,
            "is_current": record.number == current.public_version,
        },
    )


# --- comparison ------------------------------------------------------------------------------------


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
    malformed = [s for s in slugs if not site.SLUG.match(s)]
    if malformed and not errors:
        errors.append(
            f"“{malformed[0][:80]}” is not an episode address: addresses are made of letters, "
            "digits and hyphens, e.g. dprk-ep-8."
        )
    chosen = []
    if slugs and not errors:
        found = {
            e.slug: e for e in PublishedEpisode.objects.with_regime_name().filter(slug__in=slugs)
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
        "site/compare.html",
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
    for a in PublishedAssessment.objects.filter(
        episode_object_id__in=[e.object_id for e in episodes]
    ):
        assessments[(a.episode_object_id, a.purpose)] = a.document
    counts = PublishedDesignation.objects.count_in_force(
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
        ["Yes" if d["humanitarian_carve_out"]["applies"] else "No" for d in docs],
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
        ["Yes" if any(m["secondary_sanctions"] for m in d["measures"]) else "No" for d in docs],
    )
    groups.append(measures)

    designees = {"title": "Designees", "rows": []}
    for plural, kind, label in KINDS:
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
            [counts[e.slug][kind]["during"] for e in episodes],
        )
    groups.append(designees)

    effectiveness = {"title": "Effectiveness", "rows": []}
    row(
        effectiveness,
        "Overall",
        [(d["overall_effectiveness"] or {}).get("label") or "–" for d in docs],
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
            values.append(
                ("Yes: " + match[0]["other_text"])
                if match and match[0]["other_text"]
                else "Yes"
                if match
                else "No"
            )
        row(consequences, name, values)
    groups.append(consequences)
    return groups


def _count(value):
    return "–" if value is None else value


# --- statistics and downloads -------------------------------------------------------------------------


@require_safe
@site.cached_until_next_approval
def statistics_page(request):
    episodes = statistics.episodes(with_documents=True)
    documents = [episode["document"] for episode in episodes]
    by_purpose = statistics.effectiveness_by_purpose()
    return render(
        request,
        "site/statistics.html",
        {
            "timeline": statistics.regime_timeline(episodes),
            "per_year": statistics.designations_per_year(),
            "by_purpose": by_purpose,
            "effectiveness": statistics.effectiveness_chart(by_purpose),
            "consequences": statistics.consequences_chart(documents),
            "measures": statistics.measures_chart(documents),
            "episode_count": len(episodes),
            "rule": rules.describe(),
        },
    )


@require_safe
def downloads_page(request):
    return render(
        request,
        "site/downloads.html",
        {
            "tables": list(downloads.TABLES.values()),
            "last_approval": datapackage.last_approval(),
            "base_url": request.build_absolute_uri("/")[:-1],
        },
    )


@require_safe
def table_download(request, name, fmt):
    table = downloads.TABLES.get(name)
    if table is None:
        raise Http404(f"No table named “{name}”. See /downloads/ for the list.")
    return downloads.response(
        table,
        table.release_rows(request.build_absolute_uri("/")[:-1]),
        fmt,
        f"sanctions-atlas-{name}",
    )


def _last_approval(request):
    """When the public data last changed, read once per request (ETag and file name share it)."""
    if not hasattr(request, "_atlas_last_approval"):
        request._atlas_last_approval = datapackage.last_approval()
    return request._atlas_last_approval


def _package_etag(request):
    changed = _last_approval(request)
    return changed.isoformat() if changed else "empty"


@require_safe
@condition(etag_func=_package_etag)
def data_package(request):
    changed = _last_approval(request)
    data = datapackage.build(request.build_absolute_uri("/")[:-1], changed=changed)
    response = HttpResponse(data, content_type="application/zip")
    day = (changed or datetime.datetime.now()).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sanctions-atlas-{day}.zip"'
    return response
