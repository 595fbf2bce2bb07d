"""The assessments' forms: the admin form (each score chosen from its labels, "1 — …" to "5 — …"),
opening a coding round with its coders, and writing the consensus."""

from django import forms

from assessments import coding
from assessments.models import (
    CodingRound,
    EffectivenessAssessment,
    IndependentCoding,
    Scale,
    ScoreLabel,
)
from editorial.admin import EditorialModelForm, reason_field
from episodes.forms import MarkdownTextarea


class OpenRoundForm(forms.ModelForm):
    coders = forms.ModelMultipleChoiceField(
        queryset=coding.eligible_coders(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Two or more researchers; each codes alone and sees no one else's coding "
        "until all have submitted or the round is closed.",
    )

    class Meta:
        model = CodingRound
        fields = ["episode", "purpose", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coders"].queryset = coding.eligible_coders()

    def clean(self):
        cleaned = super().clean()
        if len(cleaned.get("coders") or []) < 2:
            self.add_error("coders", "Choose at least two coders: agreement needs two.")
        episode, purpose = cleaned.get("episode"), cleaned.get("purpose")
        if (
            episode
            and purpose
            and CodingRound.objects.filter(
                episode=episode, purpose=purpose, status=CodingRound.Status.OPEN
            ).exists()
        ):
            raise forms.ValidationError("This episode purpose already has an open coding round.")
        return cleaned


class ReconcileForm(forms.Form):
    policy_outcome_score = forms.TypedChoiceField(coerce=int, label="Policy outcome score")
    policy_outcome = forms.CharField(
        label="Policy outcome narrative", widget=forms.Textarea(attrs={"rows": 8, "cols": 80})
    )
    sanctions_contribution_score = forms.TypedChoiceField(
        coerce=int, label="Sanctions contribution score"
    )
    sanctions_contribution = forms.CharField(
        label="Sanctions contribution narrative",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
    )
    change_reason = reason_field(required=True)
    submit = forms.BooleanField(
        label="Submit the consensus for review now", required=False, initial=True
    )
    comment = forms.CharField(
        label="Comment for the reviewer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_outcome_score"].choices = score_choices(Scale.POLICY_OUTCOME)
        self.fields["sanctions_contribution_score"].choices = score_choices(
            Scale.SANCTIONS_CONTRIBUTION
        )


def prefill(coding_round: CodingRound, codings: list[IndependentCoding]) -> dict:
    """The consensus form's starting point: the existing assessment, else the codings (the
    lower median of the scores, the narratives one after another)."""
    existing = EffectivenessAssessment.objects.filter(
        episode=coding_round.episode, purpose=coding_round.purpose
    ).first()
    initial = {"change_reason": f"Consensus of coding round #{coding_round.pk}"}
    for field in ("policy_outcome", "sanctions_contribution"):
        scores = sorted(getattr(c, f"{field}_score") for c in codings)
        if scores:
            initial[f"{field}_score"] = scores[(len(scores) - 1) // 2]
        initial[field] = "\n\n".join(getattr(c, field) for c in codings)
        if existing is not None:
            initial[f"{field}_score"] = getattr(existing, f"{field}_score")
    return initial


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
