"""Admin form fields for the list-valued parts of a designation (one value per line)."""

from django import forms
from django.core.exceptions import ValidationError

from designations.models import Designation
from editorial.admin import EditorialModelForm
from editorial.adminforms import parse_date


class LinesField(forms.CharField):
    """A JSON list of strings, edited as one value per line."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class DateLinesField(LinesField):
    """A JSON list of ISO dates, edited as one date per line (YYYY-MM-DD or DD/MM/YYYY)."""

    def to_python(self, value):
        lines = super().to_python(value)
        dates = []
        for line in lines:
            parsed = parse_date(line)
            if parsed is None:
                raise ValidationError(
                    "“%(line)s” is not a date; write one date per line as YYYY-MM-DD or "
                    "DD/MM/YYYY.",
                    params={"line": line},
                )
            dates.append(parsed.isoformat())
        return sorted(set(dates))


class DesignationForm(EditorialModelForm):
    titles = LinesField(required=False, help_text="One title per line.")
    positions = LinesField(required=False, help_text="Functions held, one per line.")
    nationalities = LinesField(required=False, help_text="One nationality per line.")
    amended_on = DateLinesField(
        label="Amendment dates",
        required=False,
        help_text="One date per line, as YYYY-MM-DD or DD/MM/YYYY.",
    )

    class Meta:
        model = Designation
        fields = "__all__"
        help_texts = {
            "kind": "The form shows the sections of this kind (person, vessel). After changing "
            "the kind of a saved designation, use “Save and continue editing” to see them.",
        }
