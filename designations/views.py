"""Public pages of designations: the searchable list and one designation with everything known.

Reads only ``PublishedDesignation`` (and ``PublishedEpisode`` for the episodes it falls in).
"""

import datetime
from itertools import groupby

from django.db import connection
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from designations.filters import DesignationFilter, search
from designations.models import Designation, PublishedDesignation
from episodes import downloads, site
from episodes.models import PublishedEpisode
from episodes.templatetags.atlas import parse_day

DESIGNATION_LIST = site.ListSpec(
    template="designations/list.html",
    table=downloads.DESIGNATIONS,
    filename="designations",
    per_page=50,
    noun="designations",
    singular="designation",
)


@require_safe
def designation_list(request):
    def dress(form):
        site.dress_form(
            form,
            select_choices={"regime": site.regime_choices()},
            labels={
                "q": "Name or alias",
                "kind": "Kind",
                "nationality": "Nationality",
                "listed_after": "Listed on or after",
                "listed_before": "Listed on or before",
                "in_force": "In force or delisted",
                "active_from": "In force during a period: from",
                "active_to": "In force during a period: to",
            },
        )
        form.fields["in_force"].widget.choices = [
            ("", "Any"),
            ("true", "In force"),
            ("false", "Delisted"),
        ]
        form.fields["in_force"].help_text = ""
        form.fields["active_from"].help_text = "Not delisted before this day."
        form.fields["active_to"].help_text = "Listed by this day."
        form.fields["q"].help_text = "Case and accents are ignored."

    return site.filtered_list(
        request,
        DesignationFilter,
        PublishedDesignation.objects.for_list(),
        DESIGNATION_LIST,
        context={"fuzzy_search": connection.vendor == "postgresql"},
        dress=dress,
    )


def _aliases_by_quality(aliases: list[dict]) -> list[dict]:
    """Aliases grouped by quality, in the document's order (good, a.k.a., f.k.a., low)."""
    return [
        {"quality": quality, "label": items[0]["quality_label"], "aliases": items}
        for quality, group in groupby(aliases, key=lambda a: a["quality"])
        for items in [list(group)]
    ]


def _not_found(request, key):
    well_formed = bool(site.DESIGNATION_KEY.match(key))
    if well_formed:
        # A reference typed in another case ("kpi.033") is the same designation: send it on.
        same = (
            PublishedDesignation.objects.filter(key__iexact=key)
            .values_list("key", flat=True)
            .first()
        )
        if same:
            return redirect("designations:detail", key=same, permanent=True)
    candidates = dict(PublishedDesignation.objects.values_list("key", "name"))
    suggestions = [
        (reverse("designations:detail", args=[k]), f"{k} {name}")
        for k, name in site.closest(key, candidates)
    ]
    if not suggestions and well_formed:
        suggestions = [
            (reverse("designations:detail", args=[d.key]), f"{d.key} {d.name}")
            for d in search(PublishedDesignation.objects.for_list(), key)[:5]
        ]
    return site.not_found(
        request,
        what="designation",
        value=key,
        suggestions=suggestions,
        search_url=reverse("designations:list"),
    )


@require_safe
def designation_detail(request, key):
    designation = None
    if site.DESIGNATION_KEY.match(key):
        designation = PublishedDesignation.objects.with_regime_name().filter(key=key).first()
    if designation is None:
        return _not_found(request, key)
    doc = designation.document
    listed, delisted = parse_day(doc["listed_on"]), parse_day(doc["delisted_on"])
    # The episodes of its regime during which it was in force.
    overlap = Q(end_date__isnull=True) | Q(end_date__gte=listed)
    if delisted:
        overlap &= Q(start_date__lte=delisted)
    episodes = list(
        PublishedEpisode.objects.filter(overlap, regime_code=designation.regime_code)
        .order_by("start_date")
        .only("slug", "title", "start_date", "end_date")
    )
    return render(
        request,
        "designations/detail.html",
        {
            "designation": designation,
            "doc": doc,
            "alias_groups": _aliases_by_quality(doc["aliases"]),
            "episodes": episodes,
            "kind_label": dict(Designation.Kind.choices).get(doc["kind"], doc["kind"]),
            "same_regime_url": reverse("designations:list")
            + "?"
            + urlencode({"regime": designation.regime_code, "kind": designation.kind}),
            "citation": site.citation(
                title=f"{doc['name']} ({doc['key']})",
                version=designation.public_version,
                approved_at=designation.approved_at,
                url=request.build_absolute_uri(designation.get_absolute_url()),
                kind="designation",
            ),
            "today": datetime.date.today(),
        },
    )
