"""Admin forms and formsets for episodes: rules that span several inline rows."""

from django import forms
from django.core.exceptions import ValidationError


def _live_forms(formset):
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class PurposeFormSet(forms.BaseInlineFormSet):
    """Exactly one primary purpose, and the save order that lets the primary move between rows."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        live = _live_forms(self)
        primaries = [f for f in live if f.cleaned_data.get("is_primary")]
        if live and len(primaries) != 1:
            raise ValidationError(
                "Mark exactly one purpose as primary"
                + (f" (now {len(primaries)} are)." if primaries else " (now none is).")
            )

    def save(self, commit=True):
        if commit:
            # The database allows one primary purpose per episode at any moment, so the row that
            # stops being primary (or is deleted) must be written before the row that becomes it.
            for form in self.initial_forms:
                instance = form.instance
                if (
                    instance.pk
                    and form.initial.get("is_primary")
                    and (not form.cleaned_data.get("is_primary") or form.cleaned_data.get("DELETE"))
                ):
                    instance.is_primary = False
                    instance.save(update_fields=["is_primary"])
        return super().save(commit)


class DocumentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in _live_forms(self):
            measure = form.cleaned_data.get("measure")
            if measure is not None and measure.episode_id != self.instance.pk:
                form.add_error("measure", "Choose a measure of this episode.")
