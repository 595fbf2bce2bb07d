"""The statistics page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessments import rules
from public import selectors
from public.site import listing, statistics
from public.templatetags.atlas import AGREEMENT_LABELS

EPISODE_TYPE = {"content_type__app_label": "episodes", "content_type__model": "episode"}
ASSESSMENT_TYPE = {
    "content_type__app_label": "assessments",
    "content_type__model": "effectivenessassessment",
}


@require_safe
@listing.cached_until_next_approval
def statistics_page(request):
    episodes = statistics.episodes(with_documents=True)
    documents = [episode["document"] for episode in episodes]
    by_purpose = statistics.effectiveness_by_purpose(episodes)
    return render(
        request,
        "public/site/statistics.html",
        {
            "timeline": statistics.regime_timeline(episodes),
            "per_year": statistics.designations_per_year(),
            "by_purpose": by_purpose,
            "effectiveness": statistics.effectiveness_chart(by_purpose),
            "consequences": statistics.consequences_chart(documents),
            "measures": statistics.measures_chart(documents),
            "episode_count": len(episodes),
            "rule": rules.describe(),
            "agreement": [
                {"variable": variable, "label": label, **measured[variable]}
                for measured in [selectors.dataset_agreement()]
                for variable, label in AGREEMENT_LABELS.items()
            ],
        },
    )
