"""Admin forms and formsets for episodes: the episode form's widgets, rules that span several
inline rows, and the Markdown text box with a preview."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from editorial.admin import EditorialModelForm
from editorial.adminforms import LabelledFormSet
from episodes.models import Episode, EpisodePurpose, Purpose


class MarkdownTextarea(forms.Textarea):
    """A text box for Markdown with a "Preview" button (static/atlas-admin/admin.js).

    The preview is rendered on the server by the sanitising Markdown filter the public pages use
    (EpisodeAdmin.markdown_preview_view), so it shows exactly what readers will see. Without
    JavaScript the button stays hidden.
    """

    def __init__(self, attrs=None, rows=20):
        super().__init__({"rows": rows, "cols": 100, "class": "markdown-text", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        text = super().render(name, value, attrs, renderer)
        widget_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '<div class="markdown-field">{}<div class="markdown-preview-tools">'
            '<button type="button" class="button markdown-preview-button" hidden '
            'data-preview-url="{}" data-preview-for="{}" aria-controls="{}_preview">'
            "Preview</button></div>"
            '<div class="markdown-preview" id="{}_preview" aria-live="polite" hidden></div></div>',
            text,
            reverse("admin:episodes_episode_markdown_preview"),
            widget_id,
            widget_id,
            widget_id,
        )


class EpisodeForm(EditorialModelForm):
    class Meta:
        model = Episode
        fields = "__all__"
        widgets = {
            "narrative": MarkdownTextarea(rows=20),
            "summary": forms.TextInput(attrs={"class": "wide-text"}),
            "designees_note": forms.Textarea(attrs={"rows": 3}),
        }


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


class ObjectiveFormSet(LabelledFormSet):
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
