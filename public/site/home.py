"""The home page: the atlas at a glance and the latest approved changes."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from assessments import rules
from editorial import registry
from editorial.models import PublicationRecord
from public import selectors
from public.site import listing, statistics

EPISODE_TYPE = {"content_type__app_label": "episodes", "content_type__model": "episode"}
ASSESSMENT_TYPE = {
    "content_type__app_label": "assessments",
    "content_type__model": "effectivenessassessment",
}


@require_safe
@listing.cached_until_next_approval
def home(request):
    episodes = statistics.episodes()
    by_purpose = statistics.effectiveness_by_purpose(episodes)
    latest = selectors.latest_changes(8)
    titles = {episode["slug"]: episode["title"] for episode in episodes}
    return render(
        request,
        "public/site/home.html",
        {
            "timeline": statistics.regime_timeline(episodes),
            "episode_count": len(episodes),
            "ongoing_count": sum(1 for e in episodes if e["end_date"] is None),
            "designations": statistics.designations_by_kind(),
            "by_purpose": by_purpose,
            "latest": [_change(record, titles) for record in latest],
            "rule": rules.describe(),
        },
    )


def _change(record: PublicationRecord, titles: dict[str, str]) -> dict:
    """A line of "latest approved changes": what, when, and where to read it. ``titles``: the
    published episodes' titles by slug (an assessment is named by its episode's title)."""
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
    elif registry.for_content_type(record.content_type).is_lookup:
        document = record.document or {}
        label = document.get("label") or document.get("name") or record.key
        url = reverse("episodes:codebook") if published else ""
        kind = "Codebook value"
    elif model == "designation":
        label = f"{record.key} {(record.document or {}).get('name', '')}".strip()
        url = reverse("designations:detail", args=[record.key]) if published else ""
        kind = "Designation"
    else:
        slug, _, purpose = record.key.partition("/")
        label = f"{titles.get(slug, slug)}: effectiveness ({purpose})"
        url = (
            reverse("episodes:detail", args=[slug]) + f"#effectiveness-{purpose}"
            if published
            else ""
        )
        kind = "Assessment"
    return {"record": record, "kind": kind, "label": label, "url": url}
