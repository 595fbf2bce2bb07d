"""Admin form of an assessment: each score is chosen from its labels ("1 — …" to "5 — …")."""

from django import forms

from assessments.models import EffectivenessAssessment, Scale, ScoreLabel
from editorial.admin import EditorialModelForm
from episodes.forms import MarkdownTextarea

SCORES = range(1, 6)


def score_labels(scale: str) -> dict[int, str]:
    return dict(ScoreLabel.objects.filter(scale=scale).values_list("score", "label"))


def score_choices(scale: str) -> list[tuple[int | str, str]]:
    """The configurable labels (ScoreLabel) of ``scale``; a score without a label is its number."""
    labels = score_labels(scale)
    return [("", "Choose a score")] + [
        (score, f"{score} — {labels[score]}" if score in labels else str(score)) for score in SCORES
    ]


def all_score_labels() -> dict[tuple[str, int], str]:
    """Every label in one query: {(scale, score): label}."""
    return {
        (s, n): label for s, n, label in ScoreLabel.objects.values_list("scale", "score", "label")
    }


def score_text(score: int | None, label: str | None) -> str:
    if score is None:
        return "not scored"
    return f"{score} — {label}" if label else f"{score}/5"


class AssessmentForm(EditorialModelForm):
    policy_outcome_score = forms.TypedChoiceField(coerce=int, label="Policy outcome score")
    sanctions_contribution_score = forms.TypedChoiceField(
        coerce=int, label="Sanctions contribution score"
    )

    class Meta:
        model = EffectivenessAssessment
        fields = "__all__"
        widgets = {
            "policy_outcome": MarkdownTextarea(rows=12),
            "sanctions_contribution": MarkdownTextarea(rows=12),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = EffectivenessAssessment._meta
        for name, scale in (
            ("policy_outcome_score", Scale.POLICY_OUTCOME),
            ("sanctions_contribution_score", Scale.SANCTIONS_CONTRIBUTION),
        ):
            field = self.fields[name]
            field.choices = score_choices(scale)
            field.help_text = model_fields.get_field(name).help_text
