"""What every admin form of the atlas does to the values a browser sends, and how it labels them.

* Text arrives with the browser's line endings (CRLF from a ``<textarea>``); it is stored with
  ``\\n`` alone, so that a re-saved paragraph is not a change in the history, the reviewer's diff,
  the public JSON or the CSV.
* Dates are picked with the browser's date picker (``<input type="date">``, which always sends
  YYYY-MM-DD); typed by hand they may also be day first, as researchers write them (22/12/2017,
  22.12.2017, 22 December 2017). Never month first: 05/06/2017 is 5 June, never 6 May.
* The rows of a table inline have their column header as their only label; each control gets an
  accessible name ("Consequence, row 2") so that a screen reader can say what it is.

Every admin form and inline of the domain apps uses ``AtlasModelForm`` (directly or through
``EditorialModelForm``); the inlines use ``TabularInline`` / ``StackedInline`` below.
"""

import datetime

from django import forms
from django.contrib import admin

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2017-12-22, what the date picker sends
    "%d/%m/%Y",  # 22/12/2017
    "%d.%m.%Y",  # 22.12.2017
    "%d-%m-%Y",  # 22-12-2017
    "%d %B %Y",  # 22 December 2017
    "%d %b %Y",  # 22 Dec 2017
]


def parse_date(text: str) -> datetime.date | None:
    """A date typed in one of DATE_INPUT_FORMATS, or None."""
    text = text.strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date: no time, no zone)
        except ValueError:
            continue
    return None


def unix_newlines(value):
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class PlainTextField(forms.CharField):
    """Text typed in a plain (non-model) staff form, stored with LF line endings as every
    model form's text is (browsers send CRLF)."""

    def to_python(self, value):
        return unix_newlines(super().to_python(value))


class DatePickerInput(forms.DateInput):
    """``<input type="date">``: its value must be ISO, also when a form comes back with errors."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            # Data sent back after an error: a typed 22/12/2017 would show as an empty picker.
            parsed = parse_date(value)
            return parsed.isoformat() if parsed else value
        return super().format_value(value)


class AtlasModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                # On the field (not in clean()): has_changed() compares the normalised text too,
                # so a text area sent back unchanged is not reported as changed.
                field.to_python = _with_unix_newlines(field.to_python)
            elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.input_formats = DATE_INPUT_FORMATS
                field.widget = DatePickerInput(attrs=_kept_attrs(field.widget))


def _with_unix_newlines(to_python):
    def normalised(value):
        return unix_newlines(to_python(value))

    return normalised


def _kept_attrs(widget) -> dict:
    # The admin's calendar widget marks its input with the class vDateField (its JavaScript
    # adds a second calendar beside the browser's): keep any other attribute.
    return {k: v for k, v in widget.attrs.items() if k not in ("class", "size")}


class LabelledFormSet(forms.BaseInlineFormSet):
    """Gives every control of a table row an accessible name: its column and its row number."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f", row {index + 1}" if index is not None else ", new row"
        for name, field in form.fields.items():
            widget = field.widget
            while hasattr(widget, "widget"):  # the admin's related-object and autocomplete wrappers
                widget = widget.widget
            if widget.is_hidden:
                continue
            label = "Delete" if name == "DELETE" else (field.label or name.replace("_", " "))
            widget.attrs["aria-label"] = f"{str(label)[:1].upper()}{str(label)[1:]}{row}"


class StackedInline(admin.StackedInline):
    form = AtlasModelForm


class TabularInline(admin.TabularInline):
    form = AtlasModelForm
    formset = LabelledFormSet
