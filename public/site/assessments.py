"""The public list of effectiveness assessments (one row per episode and purpose), and its tables.

Reads only ``PublishedAssessment`` rows whose episode is published too.
"""

from django.views.decorators.http import require_safe

from assessments import rules
from assessments.models import PublishedAssessment
from public.exports import tables
from public.filters import AssessmentFilter
from public.site import listing, statistics

ASSESSMENT_LIST = listing.ListSpec(
    template="public/assessments/list.html",
    table=tables.ASSESSMENTS,
    filename="assessments",
    per_page=50,
    noun="assessments",
    singular="assessment",
)


@require_safe
def assessment_list(request):
    def dress(form):
        listing.dress_form(
            form,
            select_choices={"regime": listing.regime_choices()},
            labels={
                "episode": "Episode (its address, e.g. dprk-ep-8)",
                "purpose": "Purpose",
                "effective": "Effective",
                "min_policy_outcome": "Policy outcome at least",
                "min_sanctions_contribution": "Sanctions contribution at least",
            },
        )
        form.fields["effective"].widget.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]
        form.fields["effective"].help_text = ""

    return listing.filtered_list(
        request,
        AssessmentFilter,
        PublishedAssessment.objects.for_list(),
        ASSESSMENT_LIST,
        # A callable: the template counts the episodes only when it shows them (not for downloads).
        context={"rule": rules.describe(), "coverage": statistics.assessment_coverage},
        dress=dress,
    )
