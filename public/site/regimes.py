"""The public pages of sanctions regimes."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from designations.models import PublishedDesignation
from episodes.models import PublishedEpisode, PublishedRegime, Regime
from public import selectors
from public.site import listing


@require_safe
def regime(request, code):
    current = None
    if listing.REGIME_CODE.match(code):
        current = PublishedRegime.objects.public().filter(code=code.upper()).first()
    if current is None and listing.REGIME_CODE.match(code):
        known = selectors.known(ContentType.objects.get_for_model(Regime), code.upper())
        if known is not None and not known.public:
            return listing.withdrawn(
                request,
                what="regime",
                title=(known.last_document or {}).get("name", code),
                withdrawn_on=known.withdrawn_on,
                history_url=reverse("episodes:home"),
                browse_url=reverse("episodes:list"),
            )
    if current is None:
        candidates = dict(PublishedRegime.objects.public().values_list("code", "name"))
        return listing.not_found(
            request,
            what="regime",
            value=code,
            suggestions=[
                (reverse("episodes:regime", args=[c]), f"{name} ({c})")
                for c, name in listing.closest(code, candidates)
            ],
            search_url=reverse("episodes:list"),
        )
    if current.code != code:
        return redirect("episodes:regime", code=current.code, permanent=True)
    episodes = list(
        PublishedEpisode.objects.public()
        .filter(regime_code=current.code)
        .order_by("number", "start_date")
    )
    kinds = {
        row["kind"]: row
        for row in PublishedDesignation.objects.public()
        .filter(regime_code=current.code)
        .values("kind")
        .annotate(
            total=Count("pk"),
            in_force=Count("pk", filter=Q(delisted_on__isnull=True)),
        )
    }
    recent = list(
        PublishedDesignation.objects.public()
        .filter(regime_code=current.code)
        .order_by("-listed_on", "sort_name")[:10]
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
        for _, kind, label in listing.KINDS
    ]
    return render(
        request,
        "public/episodes/regime.html",
        {
            "regime": current,
            "doc": current.document,
            "episodes": episodes,
            "designation_counts": designation_counts,
            "recent": recent,
            "all_designations_url": reverse("designations:list") + f"?regime={current.code}",
        },
    )
