"""Public pages of designations: the searchable list and one designation with everything known.

Reads only ``PublishedDesignation`` (and ``PublishedEpisode`` for the episodes it falls in).
"""

from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from designations import counts, search
from designations.models import Designation, PublishedDesignation
from episodes.models import PublishedEpisode
from public import citations, selectors
from public.exports import tables
from public.filters import DesignationFilter
from public.site import listing, versions
from public.templatetags.atlas import parse_day

DESIGNATION_LIST = listing.ListSpec(
    template="public/designations/list.html",
    table=tables.DESIGNATIONS,
    filename="designations",
    per_page=50,
    noun="designations",
    singular="designation",
)


@require_safe
@listing.cached_until_next_approval
def designation_list(request):
    def dress(form):
        listing.dress_form(
            form,
            select_choices={"regime": listing.regime_choices()},
            labels={
                "q": "Name, alias or identifier",
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
        form.fields["q"].help_text = (
            "Also original-script names, reference numbers (KPi.033), DATAIDs and IMO numbers. "
            "Case, accents, apostrophes and hyphens do not matter."
        )
        form.fields["nationality"].help_text = "A country by any name: “DPRK”, “North Korea”."

    response = listing.filtered_list(
        request,
        DesignationFilter,
        PublishedDesignation.objects.for_list_rows(),
        DESIGNATION_LIST,
        dress=dress,
    )
    text = request.GET.get("q", "")
    rows = getattr(response, "context_data", None) and response.context_data["rows"]
    if rows and text.strip():
        # What matched, from the row's stored terms: the page's rows only, no query.
        for row in rows:
            row.matched = search.matched(row.search_terms, text)
    return response


def _aliases_by_quality(aliases: list[dict]) -> list[dict]:
    """Aliases grouped by quality, in the document's order (good, a.k.a., f.k.a., low)."""
    return [
        {"quality": quality, "label": items[0]["quality_label"], "aliases": items}
        for quality, group in groupby(aliases, key=lambda a: a["quality"])
        for items in [list(group)]
    ]


def _not_found(request, key):
    well_formed = bool(listing.DESIGNATION_KEY.match(key))
    if well_formed:
        # A reference typed in another case ("kpi.033") is the same designation: send it on.
        same = (
            PublishedDesignation.objects.public()
            .filter(key__iexact=key)
            .values_list("key", flat=True)
            .first()
        )
        if same:
            return redirect("designations:detail", key=same, permanent=True)
    candidates = dict(PublishedDesignation.objects.public().values_list("key", "name"))
    suggestions = [
        (reverse("designations:detail", args=[k]), f"{k} {name}")
        for k, name in listing.closest(key, candidates)
    ]
    if not suggestions and well_formed:
        suggestions = [
            (reverse("designations:detail", args=[d.key]), f"{d.key} {d.name}")
            for d in search.search(PublishedDesignation.objects.for_list(), key)[:5]
        ]
    return listing.not_found(
        request,
        what="designation",
        value=key,
        suggestions=suggestions,
        search_url=reverse("designations:list"),
    )


def DESIGNATION_TYPE():  # read when needed: content types exist only after migrating
    return ContentType.objects.get_for_model(Designation)


def _withdrawn_or_not_found(request, key):
    known = selectors.known(DESIGNATION_TYPE(), key) if listing.DESIGNATION_KEY.match(key) else None
    if known is None:
        return _not_found(request, key)
    if known.public:
        current = selectors.public_key(DESIGNATION_TYPE(), known.object_id)
        return redirect("designations:detail", key=current, permanent=True)
    return _withdrawn(request, key, known)


def _withdrawn(request, key, known, withdrawn_on=None):
    doc = known.last_document or {}
    return listing.withdrawn(
        request,
        what="designation",
        title=f"{doc.get('name', '')} ({key})".strip(),
        withdrawn_on=withdrawn_on or known.withdrawn_on,
        history_url=reverse("designations:history", args=[key]),
        browse_url=reverse("designations:list"),
    )


def _page(request, designation, doc, *, version, approved_at, archived=None):
    listed, delisted = parse_day(doc["listed_on"]), parse_day(doc["delisted_on"])
    episodes = list(
        PublishedEpisode.objects.public()
        .filter(counts.episodes_overlapping_q(listed, delisted), regime_code=doc["regime"])
        .order_by("start_date")
        .only("slug", "title", "start_date", "end_date")
    )
    version_url = request.build_absolute_uri(
        reverse("designations:version", args=[designation.key, version])
    )
    return render(
        request,
        "public/designations/detail.html",
        {
            "designation": designation,
            "doc": doc,
            "alias_groups": _aliases_by_quality(doc["aliases"]),
            "episodes": episodes,
            "kind_label": dict(Designation.Kind.choices).get(doc["kind"], doc["kind"]),
            "same_regime_url": reverse("designations:list")
            + "?"
            + urlencode({"regime": doc["regime"], "kind": doc["kind"]}),
            "history_url": reverse("designations:history", args=[designation.key]),
            "version": version,
            "approved_at": approved_at,
            "archived": archived,
            "is_current": archived is None or archived["number"] == designation.public_version,
            "citation": listing.citation(
                title=f"{doc['name']} ({doc['key']})",
                version=version,
                approved_at=approved_at,
                url=version_url,
                kind="designation",
            ),
            "citation_downloads": citations.downloads("designations:citation", doc["key"], version),
            "today": timezone.localdate(),
        },
    )


def _current(**lookup):
    return PublishedDesignation.objects.public().with_regime_name().filter(**lookup).first()


@require_safe
@listing.cached_until_next_approval
def designation_detail(request, key):
    designation = _current(key=key) if listing.DESIGNATION_KEY.match(key) else None
    if designation is None:
        return _withdrawn_or_not_found(request, key)
    return _page(
        request,
        designation,
        designation.document,
        version=designation.public_version,
        approved_at=designation.approved_at,
    )


@require_safe
def designation_history(request, key):
    known = selectors.known(DESIGNATION_TYPE(), key) if listing.DESIGNATION_KEY.match(key) else None
    if known is None:
        return _not_found(request, key)
    current = _current(object_id=known.object_id) if known.public else None
    doc = current.document if current else (known.last_document or {})
    records = selectors.history(
        DESIGNATION_TYPE(), known.object_id, public=known.public, with_documents=True
    )
    return render(
        request,
        "public/site/history.html",
        {
            "what": "designation",
            "title": f"{doc.get('name', '')} ({key})".strip(),
            "history_url": reverse("designations:history", args=[key]),
            "current_url": current.get_absolute_url() if current else "",
            "entries": versions.history_entries(
                records, lambda number: reverse("designations:version", args=[current.key, number])
            ),
            "withdrawn": not known.public,
        },
    )


@require_safe
def designation_version(request, key, number):
    known = selectors.known(DESIGNATION_TYPE(), key) if listing.DESIGNATION_KEY.match(key) else None
    if known is None:
        return _not_found(request, key)
    record = selectors.version(DESIGNATION_TYPE(), known.object_id, number, public=known.public)
    if record is None:
        raise Http404("No such approved version of this designation.")
    if record["withdrawn"]:
        return _withdrawn(request, key, known, record["withdrawn_on"])
    current = _current(object_id=known.object_id)
    return _page(
        request,
        current,
        record["document"],
        version=record["number"],
        approved_at=record["approved_at"],
        archived=record,
    )
