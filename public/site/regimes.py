"""The public pages of sanctions regimes: every regime (timeline and world map), and each one."""

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from designations.models import PublishedDesignation
from episodes.models import PublishedEpisode, PublishedRegime, Regime
from public import selectors
from public.site import listing, regime_overview


class MapDateForm(forms.Form):
    """The day the world map shows (``?on=YYYY-MM-DD``; today when absent or empty)."""

    on = forms.DateField(
        label="Regimes in force on",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, for example 2006-10-14."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Any day up to today (YYYY-MM-DD).",
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day is not None and day > self.today:
            raise forms.ValidationError(
                f"{day.isoformat()} is after today ({self.today.isoformat()}): the map shows the "
                "regimes in force on a day up to today."
            )
        return day


@require_safe
@listing.cached_until_next_approval
def regime_list(request):
    """Every public regime, in force and ended: a table, a timeline and the map on one day.

    A bad ``on`` or an unknown parameter answers 400 with the page saying what is wrong (and no
    map rather than the map of another day than the reader asked for).
    """
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("on"):
        data["on"] = today.isoformat()  # the form shows the day the map shows
    form = MapDateForm(data, today=today)
    unknown = [
        (name, "this page takes only “on” (a date, YYYY-MM-DD).")
        for name in request.GET
        if name not in form.fields
    ]
    valid = form.is_valid() and not unknown
    regimes = regime_overview.rows(
        PublishedRegime.objects.public().for_list().values_list("document", flat=True)
    )
    episodes = dict(
        PublishedEpisode.objects.public()
        .order_by()
        .values("regime_code")
        .annotate(n=Count("pk"))
        .values_list("regime_code", "n")
    )
    designations = dict(
        PublishedDesignation.objects.public()
        .order_by()
        .values("regime_code")
        .annotate(n=Count("pk"))
        .values_list("regime_code", "n")
    )
    table = [
        {
            "regime": regime,
            "episodes": episodes.get(regime.code, 0),
            "designations": designations.get(regime.code, 0),
            "designations_url": reverse("designations:list") + f"?regime={regime.code}",
        }
        for regime in regimes
    ]
    on = (form.cleaned_data.get("on") if valid else None) or today
    in_force_count = sum(1 for regime in regimes if regime.in_force_on(today))
    return render(
        request,
        "public/regimes/list.html",
        {
            "form": form,
            "invalid": not valid,
            "unknown_errors": unknown,
            "noun": "regimes",
            "today": today,
            "table": table,
            "regime_count": len(regimes),
            "in_force_count": in_force_count,
            "ended_count": len(regimes) - in_force_count,
            "map": regime_overview.regime_map(regimes, on) if valid else None,
            "timeline": regime_overview.timeline(regimes, today),
        },
        status=200 if valid else 400,
    )


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
