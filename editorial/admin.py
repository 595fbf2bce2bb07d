"""The researchers' side of the workflow in the Django admin.

``EditorialAdmin`` is the base of every aggregate root's admin. On top of reversion's VersionAdmin
(history, restore, recover) it adds:

* a required "reason for change", stored as the revision comment;
* a guard against lost updates: the form carries the version it was opened at, and a save over a
  newer version is refused with who changed it, when, and what;
* the record's public status, and buttons to submit it for review, withdraw it from public view
  or request its deletion (published records are never deleted directly);
* field-level diffs in the history, and audit events for deletion, restore and recovery.
"""

import contextlib

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin, _RollBackRevisionView
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from editorial import audit, authorship, history, registry, services, snapshots, views
from editorial.adminforms import AtlasModelForm, PlainTextField
from editorial.models import AuditEvent, ChangeRequest, ChangeRequestItem, PublicationRecord
from editorial.sql import Unindexed

Action = ChangeRequestItem.Action

ACTION_WORDING = {
    Action.PUBLISH: ("Submit for review", "submitted for review"),
    Action.UNPUBLISH: ("Request withdrawal from public view", "submitted for withdrawal"),
    Action.DELETE: ("Request deletion", "submitted for deletion"),
}


class SubmitForm(forms.Form):
    """The comment for the reviewer, and the confirmation that other people's edits go too."""

    comment = PlainTextField(
        label="Comment for the reviewer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="What changed and why; sources you used. Required when you submit more than "
        "one record.",
        error_messages={
            "required": "Tell the reviewer what these records have in common and why they "
            "changed: the request spans more than one record."
        },
    )
    include_others = forms.BooleanField(required=True)

    def __init__(self, *args, record_count=1, others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = record_count > 1
        if not others:
            del self.fields["include_others"]
            return
        names = ", ".join(audit.actor_name(user) for user in others)
        field = self.fields["include_others"]
        field.label = f"Include the edits of {names}, which they have not submitted themselves"
        field.error_messages["required"] = (
            f"These records contain edits by {names}. Tick the box to include them in your "
            "request, or leave the submission to them."
        )


BULK_ACTIONS = {
    Action.PUBLISH: "submit_for_review",
    Action.UNPUBLISH: "request_unpublish",
    Action.DELETE: "request_deletion",
}
EDITORIAL_FIELDS = ("change_reason", "opened_version", "public_status_panel")


def reason_field(*, required: bool, initial=None) -> forms.CharField:
    return forms.CharField(
        label="Reason for change",
        required=required,
        max_length=500,
        initial=initial,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="Saved with this version in the history, and shown in the public history once "
        "approved, e.g. “Added the 2018 panel report”.",
        error_messages={
            "required": "Say briefly why you changed this record: it is saved in the history."
        },
    )


class EditorialModelForm(AtlasModelForm):
    """Adds the reason for change and the version the form was opened at (see get_form).

    The reason is a field of the form like any other: it is validated with them, and the error
    summary at the top of the form links to it.
    """

    change_reason = reason_field(required=False)
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    editorial_obj = None

    def clean(self):
        cleaned = super().clean()
        if self.editorial_obj is not None:
            _refuse_lost_update(self.editorial_obj, cleaned.get("opened_version"))
        return cleaned


class PublicStatusFilter(admin.SimpleListFilter):
    title = "public status"
    parameter_name = "public_status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Never published"),
            ("published", "Published, no pending changes"),
            ("pending", "Changes not yet published"),
            ("in_review", "In review"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.filter(published_version_id__isnull=True)
        if value == "published":
            return queryset.filter(published_version_id=models.F("latest_version_id"))
        if value == "pending":
            return queryset.exclude(published_version_id=models.F("latest_version_id"))
        if value == "in_review":
            return queryset.filter(open_request_id__isnull=False)
        return queryset


# Links typed without a scheme are UN pages: assume https (Django 6's default, opted into now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# Table rows of inlines: two-line notes and narrower text boxes (static/editorial/review.css), so a
# row fits the screen.
COMPACT_TEXT = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})},
    models.CharField: {"widget": forms.TextInput(attrs={"class": "compact-text"})},
}


class EditorialAdmin(VersionAdmin):
    form = EditorialModelForm
    formfield_overrides = HTTPS_URLS

    class Media:
        css = {"all": ["editorial/review.css"]}

    change_form_template = "editorial/admin/change_form.html"
    revision_form_template = "editorial/admin/revision_form.html"
    recover_form_template = "editorial/admin/recover_form.html"
    object_history_template = "editorial/admin/object_history.html"
    history_latest_first = True
    actions = ["submit_for_review", "request_unpublish", "request_deletion"]

    # --- queryset with public status ---------------------------------------------------------

    @property
    def aggregate(self) -> registry.Aggregate:
        return registry.for_model(self.model)

    def get_queryset(self, request):
        """The rows with their public, newest and in-review versions. The newest is looked up
        among the row's versions through reversion's index on db, content type and object id
        (the db the records are written to, as reversion's ``get_for_object`` reads them;
        without it every version of the kind was read per row)."""
        content_type = ContentType.objects.get_for_model(self.model)
        pk_text = Cast(models.OuterRef("pk"), models.CharField(max_length=191))
        return (
            super()
            .get_queryset(request)
            .annotate(
                published_version_id=models.Subquery(
                    self.aggregate.projection.objects.filter(
                        object_id=models.OuterRef("pk")
                    ).values("version_id")[:1]
                ),
                latest_version_id=models.Subquery(
                    Version.objects.filter(
                        db=router.db_for_write(self.model),
                        content_type=content_type,
                        object_id=pk_text,
                    )
                    .order_by(Unindexed("pk").desc())
                    .values("pk")[:1]
                ),
                open_request_id=models.Subquery(
                    ChangeRequestItem.objects.filter(
                        content_type=content_type, object_id=pk_text, is_open=True
                    ).values("change_request_id")[:1]
                ),
            )
        )

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PublicStatusFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "public_status"]

    @admin.display(description="public status")
    def public_status(self, obj):
        published = getattr(obj, "published_version_id", None)
        latest = getattr(obj, "latest_version_id", None)
        open_request = getattr(obj, "open_request_id", None)
        if published is None:
            text = "Never published"
        elif published == latest:
            text = "Published"
        else:
            text = "Published · changes not yet published"
        if open_request:
            url = reverse("editorial:request", args=[open_request])
            return format_html('{} · <a href="{}">in review #{}</a>', text, url, open_request)
        return text

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("public_status_panel")
            # Public identifiers are cited: once published they never change.
            if self._is_published(request, obj):
                readonly.extend(getattr(self, "frozen_when_published", ()))
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        fields = super().get_prepopulated_fields(request, obj)
        if obj is not None and self._is_published(request, obj):
            frozen = set(getattr(self, "frozen_when_published", ()))
            return {name: sources for name, sources in fields.items() if name not in frozen}
        return fields

    def _is_published(self, request, obj) -> bool:
        """Asked several times while one change form is built: answered once per request."""
        known = request.__dict__.setdefault("_editorial_published", {})
        key = (self.model, obj.pk)
        if key not in known:
            known[key] = self.aggregate.projection.objects.filter(object_id=obj.pk).exists()
        return known[key]

    @admin.display(description="status")
    def public_status_panel(self, obj):
        row = self.aggregate.projection.objects.filter(object_id=obj.pk).first()
        latest = snapshots.latest_versions(self.model, [obj.pk]).get(str(obj.pk))
        item = services.open_item_for(obj)
        parts = []
        if row is None:
            parts.append(
                format_html("<strong>{}</strong>", "Never published: the public cannot see it.")
            )
        else:
            when = date_format(timezone.localtime(row.approved_at), "j F Y H:i")
            parts.append(
                format_html(
                    'Public version {} approved on {} by {} · <a href="{}">view public page</a>',
                    row.public_version,
                    when,
                    row.approved_by_name,
                    self.aggregate.public_url(row.document),
                )
            )
            frozen = [
                str(self.model._meta.get_field(name).verbose_name)
                for name in getattr(self, "frozen_when_published", ())
            ]
            if frozen:
                parts.append(
                    format_html(
                        "{}",
                        f"The {' and '.join(frozen)} cannot change: people cite "
                        f"{'it' if len(frozen) == 1 else 'them'}. To publish "
                        "the record under another one, request its withdrawal from public view; "
                        "once withdrawn, change it and submit the record again.",
                    )
                )
            if latest and latest.pk != row.version_id:
                parts.append(
                    format_html(
                        "<strong>{}</strong>",
                        "The working copy has changes the public does not see yet.",
                    )
                )
        if item:
            parts.append(
                format_html(
                    '{} in <a href="{}">change request #{}</a> ({}).',
                    item.get_action_display(),
                    reverse("editorial:request", args=[item.change_request_id]),
                    item.change_request_id,
                    item.change_request.get_status_display().lower(),
                )
            )
            if latest and latest.pk > item.version_id:
                parts.append(
                    format_html(
                        '<strong class="stale">{}</strong>',
                        "That request is stale: this record was saved after it was submitted, "
                        "so it cannot be approved until it is submitted again (the button at "
                        "the top of this page).",
                    )
                )
        events = AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=str(obj.pk)
        )[:5]
        if events:
            parts.append(
                format_html(
                    "Latest workflow events:<ul>{}</ul>",
                    format_html_join(
                        "",
                        "<li>{} — {} by {}{}</li>",
                        (
                            (
                                date_format(timezone.localtime(e.at), "j M Y H:i"),
                                e.get_action_display(),
                                e.actor_name,
                                f": {e.comment}" if e.comment else "",
                            )
                            for e in events
                        ),
                    ),
                )
            )
        return format_html_join("", "<div>{}</div>", ((p,) for p in parts))

    # --- the form: reason for change and the lost-update guard -----------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        latest = snapshots.latest_versions(self.model, [obj.pk]).get(str(obj.pk)) if obj else None
        restoring = getattr(request, "_editorial_restoring", None)
        # Fresh field objects: the declared ones are shared by every request's form class.
        # 0 stands for "opened before the record had any history".
        form_class.base_fields["opened_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=latest.pk if latest else 0
        )
        form_class.base_fields["change_reason"] = reason_field(
            required=obj is not None,
            initial=(
                f"Restored the version of {date_format(restoring.revision.date_created, 'j M Y H:i')}"
                if restoring
                else None
            ),
        )
        form_class.editorial_obj = obj
        return form_class

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f not in EDITORIAL_FIELDS]

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options.get("fields", ()) if f not in EDITORIAL_FIELDS]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        if obj is not None:
            fieldsets.insert(0, ("Publication", {"fields": ["public_status_panel"]}))
        # The reason for change and the opened version are rendered beside the save buttons,
        # after the inlines (templates/editorial/admin/change_form.html).
        return fieldsets

    def save_model(self, request, obj, form, change):
        request._editorial_reason = form.cleaned_data.get("change_reason") or ""
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._set_comment(request, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._set_comment(request, entry)
        return entry

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        item = services.open_item_for(obj)
        if item is not None and item.action == Action.PUBLISH:
            messages.warning(
                request,
                format_html(
                    "“{}” is in open change request #{}, which is now stale: the reviewer "
                    "cannot approve it until it is submitted again with this version. "
                    '<a href="{}">Submit it again</a> when you are done editing.',
                    obj,
                    item.change_request_id,
                    reverse("editorial:request", args=[item.change_request_id]),
                ),
            )
        return response

    def _set_comment(self, request, entry):
        reason = getattr(request, "_editorial_reason", "")
        if reversion.is_active():
            reversion.set_comment(reason or entry.get_change_message() or "Created.")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            # Validation catches every rule we know of; this is the last guard against a 500.
            messages.error(
                request,
                f"Nothing was saved: the database refused the change ({error}). "
                "Check for duplicates among the rows you edited and try again.",
            )
            return HttpResponseRedirect(request.get_full_path())

    # --- deletion ----------------------------------------------------------------------------

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self._is_published(request, obj):
            messages.error(
                request,
                f"“{obj}” is public, so deleting it needs a reviewer's approval. "
                "Use “Request deletion” on this page instead.",
            )
            return HttpResponseRedirect(self._change_url(obj))
        return super().delete_view(request, object_id, extra_context)

    def _refuse_deleting_published(self, pks) -> None:
        """Under a row lock, so an approval running at the same moment is waited for."""
        locked = list(
            self.model._base_manager.select_for_update()
            .filter(pk__in=pks)
            .values_list("pk", flat=True)
        )
        if self.aggregate.projection.objects.filter(object_id__in=locked).exists():
            raise PermissionDenied(
                "A selected record is public (it may have just been approved); deleting it needs "
                "a reviewer's approval: use “Request deletion”."
            )

    @transaction.atomic
    def delete_model(self, request, obj):
        target = (ContentType.objects.get_for_model(obj).pk, str(obj.pk), str(obj))
        self._refuse_deleting_published([obj.pk])
        super().delete_model(request, obj)
        audit.record(
            AuditEvent.Action.DELETED,
            actor=request.user,
            targets=[target],
            comment="Deleted unpublished record.",
        )

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        self._refuse_deleting_published(list(queryset.values_list("pk", flat=True)))
        content_type = ContentType.objects.get_for_model(self.model)
        targets = [(content_type.pk, str(obj.pk), str(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)
        audit.record(
            AuditEvent.Action.DELETED,
            actor=request.user,
            targets=targets,
            comment="Deleted unpublished records.",
        )

    def response_action(self, request, queryset):
        try:
            views.parse_ids(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME), what="record")
        except views.BadIds as error:
            return views.bad_request(request, f"{error} Nothing was done: select records again.")
        try:
            return super().response_action(request, queryset)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())

    # --- submit, withdraw, delete through review ----------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        custom = [
            path(
                "<path:object_id>/request/<str:action>/",
                self.admin_site.admin_view(self.request_view),
                name="{}_{}_request".format(*info),
            ),
        ]
        return custom + super().get_urls()

    def related_for_submission(self, obj) -> list[models.Model]:
        """Other records worth offering in the same submission (e.g. an episode's assessments)."""
        return []

    def request_view(self, request, object_id, action):
        if action not in Action.values:
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not request.user.has_perm(services.SUBMIT_PERMISSION):
            raise PermissionDenied
        related = self.related_for_submission(obj) if action == Action.PUBLISH else []
        if request.method == "POST":
            chosen = [r for r in related if f"related-{r._meta.label_lower}-{r.pk}" in request.POST]
        else:
            chosen = related  # offered ticked
        objects = [obj, *chosen]
        preview = authorship.preview_submission(objects, by=request.user, action=action)
        form = SubmitForm(
            request.POST or None,  # posted empty, the form changes nothing
            record_count=len(objects),
            others=preview.others if action == Action.PUBLISH else (),
        )
        if request.method == "POST" and form.is_valid():
            return self._submit(
                request,
                objects,
                action,
                form.cleaned_data["comment"],
                redirect_to=self._change_url(obj),
            )
        return self._confirmation(request, [obj], action, form, related=related, preview=preview)

    def _confirmation(
        self, request, objects, action, form, related=(), action_name=None, preview=None
    ):
        title, _ = ACTION_WORDING[action]
        context = {
            **self.admin_site.each_context(request),
            "preview": preview,
            "title": title,
            "objects": objects,
            "related": [(f"related-{r._meta.label_lower}-{r.pk}", r) for r in related],
            "form": form,
            "action": action,
            "action_name": action_name,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "editorial/admin/submit.html", context)

    def _submit(self, request, objects, action, comment, *, redirect_to):
        _, done = ACTION_WORDING[action]
        try:
            change_request = services.submit_for_review(
                objects, by=request.user, comment=comment, action=action
            )
        except services.WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(redirect_to)
        url = reverse("editorial:request", args=[change_request.pk])
        count = change_request.items.count()
        messages.success(
            request,
            format_html(
                '{} record(s) {} in <a href="{}">change request #{}</a>.',
                count,
                done,
                url,
                change_request.pk,
            ),
        )
        if change_request.skipped:
            messages.warning(
                request,
                "Left out, with no changes since last published: "
                + ", ".join(str(o) for o in change_request.skipped[:10])
                + ("…" if len(change_request.skipped) > 10 else ""),
            )
        return HttpResponseRedirect(redirect_to)

    def _bulk_request(self, request, queryset, action):
        objects = list(queryset)
        preview = authorship.preview_submission(objects, by=request.user, action=action)
        form = SubmitForm(
            request.POST if "confirm" in request.POST else None,
            record_count=len(objects),
            others=preview.others if action == Action.PUBLISH else (),
        )
        if "confirm" in request.POST and form.is_valid():
            return self._submit(
                request,
                objects,
                action,
                form.cleaned_data["comment"],
                redirect_to=request.get_full_path(),
            )
        return self._confirmation(
            request, objects, action, form, action_name=BULK_ACTIONS[action], preview=preview
        )

    @admin.action(description="Submit selected records for review", permissions=["submit"])
    def submit_for_review(self, request, queryset):
        return self._bulk_request(request, queryset, Action.PUBLISH)

    @admin.action(
        description="Request withdrawal of selected records from public view",
        permissions=["submit"],
    )
    def request_unpublish(self, request, queryset):
        return self._bulk_request(request, queryset, Action.UNPUBLISH)

    @admin.action(description="Request deletion of selected public records", permissions=["submit"])
    def request_deletion(self, request, queryset):
        return self._bulk_request(request, queryset, Action.DELETE)

    def has_submit_permission(self, request):
        return request.user.has_perm(services.SUBMIT_PERMISSION)

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            info = self.model._meta.app_label, self.model._meta.model_name

            def url(action):
                return reverse(f"admin:{info[0]}_{info[1]}_request", args=[quote(obj.pk), action])

            published = self._is_published(request, obj)
            item = services.open_item_for(obj)
            latest = snapshots.latest_versions(self.model, [obj.pk]).get(str(obj.pk))
            if item and latest and latest.pk > item.version_id:
                context["editorial_stale_request"] = item.change_request
            context["editorial_links"] = [(url(Action.PUBLISH), "Submit for review")]
            if published:
                context["editorial_links"] += [
                    (url(Action.UNPUBLISH), "Withdraw from public view…"),
                    (url(Action.DELETE), "Request deletion…"),
                ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- history, restore, recover -------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        row = self.aggregate.projection.objects.filter(object_id=obj.pk).first()
        item = services.open_item_for(obj)
        entries = history.entries(
            obj,
            published_version_id=row.version_id if row else None,
            pinned_version_id=item.version_id if item else None,
        )
        info = self.model._meta.app_label, self.model._meta.model_name
        for entry in entries:
            entry.restore_url = reverse(
                f"{self.admin_site.name}:{info[0]}_{info[1]}_revision",
                args=[quote(obj.pk), entry.version.pk],
            )
        content_type = ContentType.objects.get_for_model(self.model)
        context = {
            "entries": list(reversed(entries)),
            "audit_events": AuditEvent.objects.filter(
                content_type=content_type, object_id=str(obj.pk)
            )[:50],
            "publications": PublicationRecord.objects.filter(
                content_type=content_type, object_id=obj.pk
            ).order_by("-number"),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Of this model only: reversion would revert any model's version whose object id matches.
        version = get_object_or_404(
            Version,
            pk=version_id,
            object_id=unquote(object_id),
            content_type=ContentType.objects.get_for_model(self.model),
        )
        request._editorial_restoring = version
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            when = date_format(version.revision.date_created, "j M Y H:i")
            reason = getattr(request, "_editorial_reason", "")
            audit.record(
                AuditEvent.Action.RESTORED,
                actor=request.user,
                targets=[(version.content_type_id, version.object_id, version.object_repr)],
                comment=f"{reason} (restored the version of {when} as a new working version; "
                "the public sees it only once a reviewer approves it).",
            )
        return response

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            audit.record(
                AuditEvent.Action.RECOVERED,
                actor=request.user,
                targets=[(version.content_type_id, version.object_id, version.object_repr)],
                comment="Recovered after deletion as a new working version.",
            )
        return response

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """Reversion's restore and recover view, reverting this record and its children only.

        Reversion reverts the whole revision the version belongs to, i.e. every record saved in
        the same import. Here ``history.revert_aggregate`` puts back this record alone, keeping
        the public identifiers of a published record; then the ordinary change form is shown
        (GET, rolled back) or saved as a new revision with the reason for change (POST).
        """
        opts = self.model._meta
        # As reversion does: showing the restore form (GET, rolled back) fires no model signals.
        signals = (pre_save, post_save, pre_delete, post_delete, m2m_changed)
        quiet = mute_signals(*signals) if request.method == "GET" else contextlib.nullcontext()
        try:
            with transaction.atomic(using=version.db), quiet:
                keep = ()
                if self.aggregate.projection.objects.filter(object_id=version.object_id).exists():
                    keep = getattr(self, "frozen_when_published", ())
                restored = history.revert_aggregate(version, keep=keep)
                context = {
                    **(extra_context or {}),
                    "restore_notes": self._restore_notes(restored),
                }
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(str(restored.root.pk)), request.path, context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        self._report_restore(request, restored)
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise _RollBackRevisionView(response)
                    else:
                        raise RevertError(f"Could not load {version.object_repr} version.")
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
            )
        except _RollBackRevisionView as rolled_back:
            return rolled_back.response
        return response

    def _restore_notes(self, restored: history.Restored) -> list[str]:
        notes = []
        for name, value in restored.kept.items():
            label = self.model._meta.get_field(name).verbose_name
            notes.append(
                f"The {label} stays “{value}”: the record is public and people cite it, so a "
                f"restore or an edit never changes it. To publish the record under another "
                f"{label}, request its withdrawal from public view; once withdrawn, change the "
                "value and submit it again."
            )
        return notes

    def _report_restore(self, request, restored: history.Restored) -> None:
        for note in self._restore_notes(restored):
            messages.info(request, note)


LOOKUP_NOTE = (
    "Edits to this list go to review like any record: the public codebook, pages and downloads "
    "keep the approved values until you submit the change and a second person approves it."
)


class LookupAdmin(EditorialAdmin):
    """A configurable list (score labels, measure subtypes, types of conflict…): each value is
    versioned, submitted and approved like any record; researchers' coding forms offer the
    working values, the public sees the approved ones."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subtitle": LOOKUP_NOTE, **(extra_context or {})})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        for index, (name, options) in enumerate(fieldsets):
            if name != "Publication":
                fieldsets[index] = (name, {**options, "description": LOOKUP_NOTE})
                break
        return fieldsets


def _refuse_lost_update(obj, opened_version_id) -> None:
    """Refuse to save over a version newer than the one this form was opened at."""
    model = type(obj)
    with transaction.atomic():
        # Serialises concurrent saves of the same record on PostgreSQL: the second waits here,
        # then sees the first one's version and is refused.
        model._base_manager.select_for_update().filter(pk=obj.pk).first()
        latest = snapshots.latest_versions(model, [obj.pk]).get(str(obj.pk))
    if latest is None or opened_version_id == latest.pk:
        return
    if opened_version_id is None:
        raise ValidationError(
            "This form does not say which version it was opened at, so saving it could overwrite "
            "someone else's changes. Reload the page and make your edits again.",
            code="stale",
        )
    opened = Version.objects.filter(pk=opened_version_id).first() if opened_version_id else None
    # Without the opened version (0: the record had no history yet), show the latest change alone.
    who = audit.actor_name(latest.revision.user)
    when = date_format(timezone.localtime(latest.revision.date_created), "j F Y H:i")
    changes = history.changes_between(opened, latest) if opened else []
    what = "; ".join(change.label for change in changes[:12]) or "see the history"
    raise ValidationError(
        "“%(obj)s” was changed by %(who)s at %(when)s since you opened it (changed: %(what)s). "
        "Nothing was saved. Your edits are still in this form: open the record again in another "
        "tab and apply them to the current version.",
        code="stale",
        params={"obj": obj, "who": who, "when": when, "what": what},
    )


# --- the editorial records themselves -------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangeRequestItemInline(admin.TabularInline):
    model = ChangeRequestItem
    fields = ["object_repr", "action", "version", "is_open"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "title",
        "status",
        "submitter",
        "submitted_at",
        "decider",
        "review_link",
    ]
    list_select_related = ["submitted_by", "decided_by"]
    list_filter = ["status", "submitted_at"]
    search_fields = ["title", "comment", "items__object_repr"]
    inlines = [ChangeRequestItemInline]
    date_hierarchy = "submitted_at"

    @admin.display(description="submitted by", ordering="submitted_by__last_name")
    def submitter(self, obj):
        return audit.actor_name(obj.submitted_by)

    @admin.display(description="decided by", ordering="decided_by__last_name")
    def decider(self, obj):
        return audit.actor_name(obj.decided_by) if obj.decided_by else "—"

    @admin.display(description="review page")
    def review_link(self, obj):
        return format_html('<a href="{}">open</a>', reverse("editorial:request", args=[obj.pk]))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor_name", "object_repr", "change_request", "comment"]
    list_filter = ["action", "content_type", "at"]
    search_fields = ["object_repr", "actor_name", "comment", "object_id"]
    date_hierarchy = "at"


@admin.register(PublicationRecord)
class PublicationRecordAdmin(ReadOnlyAdmin):
    list_display = ["key", "number", "action", "approved_at", "approved_by_name", "summary"]
    list_filter = ["action", "content_type", "approved_at"]
    search_fields = ["key", "summary"]
    exclude = ["document"]
