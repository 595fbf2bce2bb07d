"""Admin forms and formsets for episodes: rules that span several inline rows."""

from django import forms
from django.core.exceptions import ValidationError

from episodes.models import Episode, EpisodePurpose, Purpose


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


class ObjectiveFormSet(forms.BaseInlineFormSet):
    """Each objective is coded under one of the purposes the episode has once this form is saved.

    The purposes are another inline of the same form, so they are read from the same POST (a
    formset over the same data, validated on its own); without that inline, from the database.
    """

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        purposes = self._coded_purposes()
        if purposes is None:
            return  # the purposes inline has errors of its own; they are shown there
        for form in _live_forms(self):
            purpose = form.cleaned_data.get("purpose")
            if purpose and purpose not in purposes:
                form.add_error(
                    "purpose",
                    f"The episode has no purpose “{dict(Purpose.choices)[purpose]}”: "
                    "code the purpose above, or remove this objective.",
                )

    def _coded_purposes(self) -> set[str] | None:
        prefix = EpisodePurpose._meta.get_field("episode").remote_field.get_accessor_name()
        if f"{prefix}-TOTAL_FORMS" not in self.data:
            if self.instance.pk is None:
                return set()
            return set(self.instance.purposes.values_list("purpose", flat=True))
        purposes = _PurposeCodes(data=self.data, instance=self.instance, prefix=prefix)
        if not purposes.is_valid():
            return None
        return {form.cleaned_data["purpose"] for form in _live_forms(purposes)}


_PurposeCodes = forms.inlineformset_factory(
    Episode, EpisodePurpose, fields=["purpose"], extra=0, can_delete=True
)
