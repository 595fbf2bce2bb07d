"""The head of every admin change form: what is wrong (linked to each field), and what is on it.

The admin says only "Please correct the errors below." and marks each field where it sits, which on
a long form can be thousands of pixels away; the summary lists every error, of the form and of each
inline row, with a link to the field. The contents list the form's sections, in the order the
change form renders them (an inline may sit after the fieldset it belongs to: ``after_fieldset``).
"""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    href: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    href: str


def _field_label(form, name) -> str:
    if name in form.fields:
        return str(form.fields[name].label or name.replace("_", " ")).capitalize()
    return ""


def _form_problems(form, where_prefix: str, row_href: str) -> list[Problem]:
    problems = []
    for name, errors in form.errors.items():
        for message in errors:
            if name == "__all__" or name not in form.fields or form.fields[name].widget.is_hidden:
                problems.append(Problem(where_prefix, message, row_href))
            else:
                label = _field_label(form, name)
                where = f"{where_prefix}: {label}" if where_prefix else label
                problems.append(Problem(where, message, "#" + form[name].id_for_label))
    return problems


@register.simple_tag
def error_summary(adminform, inline_admin_formsets) -> list[Problem]:
    problems = _form_problems(adminform.form, "", "")
    for inline in inline_admin_formsets or ():
        formset = inline.formset
        title = str(inline.opts.verbose_name_plural).capitalize()
        for message in formset.non_form_errors():
            problems.append(Problem(title, message, f"#{formset.prefix}-group"))
        for index, form in enumerate(formset.forms):
            if not form.is_bound or (
                formset.can_delete and (getattr(form, "cleaned_data", None) or {}).get("DELETE")
            ):
                continue
            problems += _form_problems(
                form, f"{title}, row {index + 1}", f"#{formset.prefix}-{index}"
            )
    # The reason for change last, where the form itself has it: beside the save buttons.
    problems.sort(key=lambda p: p.href == "#id_change_reason")
    return problems


@register.simple_tag
def form_sections(adminform, inline_admin_formsets) -> list[Section]:
    inlines = list(inline_admin_formsets or ())

    def inline_section(inline):
        title = inline.opts.verbose_name_plural
        count = len(inline.formset.initial_forms)
        return Section(f"{str(title).capitalize()} ({count})", f"#{inline.formset.prefix}-group")

    sections = []
    for index, fieldset in enumerate(adminform):
        if fieldset.name:
            sections.append(Section(str(fieldset.name), f"#fieldset-0-{index}-heading"))
        sections += [
            inline_section(i)
            for i in inlines
            if fieldset.name and getattr(i.opts, "after_fieldset", None) == fieldset.name
        ]
    placed = {s.href for s in sections}
    sections += [s for s in (inline_section(i) for i in inlines) if s.href not in placed]
    if "change_reason" in adminform.form.fields:
        sections.append(Section("Reason for change and save", "#id_change_reason"))
    return sections


@register.simple_tag
def inlines_after(fieldset_name, inline_admin_formsets) -> list:
    """The inlines placed right after the fieldset called ``fieldset_name``."""
    return [
        i
        for i in inline_admin_formsets or ()
        if fieldset_name and getattr(i.opts, "after_fieldset", None) == fieldset_name
    ]


@register.simple_tag
def inlines_at_the_end(adminform, inline_admin_formsets) -> list:
    """Every inline not placed after a fieldset of this form (so none is ever left out)."""
    names = {fieldset.name for fieldset in adminform if fieldset.name}
    return [
        i
        for i in inline_admin_formsets or ()
        if getattr(i.opts, "after_fieldset", None) not in names
    ]
