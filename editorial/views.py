"""The review queue (staff only): change requests, their diffs, the conversation and the decisions.

Views stay thin: parse and validate what was posted (malformed ids answer 400 with a message,
never 500), call ``editorial.services``, report the outcome as a message.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from editorial import publication, registry, services
from editorial.adminforms import PlainTextField
from editorial.diffs import diff
from editorial.models import (
    ChangeRequest,
    ChangeRequestItem,
    NotificationPreference,
)

ITEMS_PER_PAGE = 50
REQUESTS_PER_PAGE = 50
PREVIEW_ITEMS = 3
# Ids posted by staff forms: positive, fitting a bigint, and not more than a page of a list holds.
MAX_ID = 2**63 - 1
MAX_IDS = 1000

DECISIONS = {
    "approve": "Approve",
    "approve_partial": "Approve all that can be approved",
    "request_changes": "Request changes",
    "reject": "Reject",
    "withdraw": "Withdraw",
}


class BadIds(ValueError):
    pass


def parse_ids(values, *, what="request") -> list[int]:
    """Posted ids as integers, or ``BadIds`` saying what is wrong with them."""
    values = list(values)
    if len(values) > MAX_IDS:
        raise BadIds(f"At most {MAX_IDS} {what}s can be selected at once.")
    ids = []
    for value in values:
        value = value.strip()
        # str.isdigit() accepts "²" and other digits int() refuses; only ASCII digits are ids.
        if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
            raise BadIds(f"“{value[:20]}” is not a {what} number.")
        ids.append(int(value))
    return list(dict.fromkeys(ids))


def bad_request(request, message: str):
    return TemplateResponse(
        request,
        "editorial/bad_request.html",
        _context(request, title="This request could not be understood", message=message),
        status=400,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=list(DECISIONS.items()))
    comment = PlainTextField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Required to reject or request changes: the submitter reads it.",
    )


class CommentForm(forms.Form):
    text = PlainTextField(
        label="Add to the conversation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="A question for the submitter, or an answer to the reviewer. Everyone taking "
        "part is told by e-mail.",
    )


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email"]


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def with_previews(requests) -> list[ChangeRequest]:
    """Give each request ``preview``: its first item names, in one query for all of them."""
    requests = list(requests)
    previews = {cr.pk: [] for cr in requests}
    rows = (
        ChangeRequestItem.objects.filter(change_request__in=list(previews))
        .annotate(position=Window(RowNumber(), partition_by=F("change_request_id"), order_by="pk"))
        .filter(position__lte=PREVIEW_ITEMS)
        .order_by("change_request_id", "pk")
        .values_list("change_request_id", "object_repr")
    )
    for request_id, name in rows:
        previews[request_id].append(name)
    for change_request in requests:
        change_request.preview = previews[change_request.pk]
    return requests


@staff_member_required
def queue(request):
    open_requests = (
        ChangeRequest.objects.open()
        .with_staleness()
        .select_related("submitted_by")
        .annotate(item_count=Count("items"))
        .order_by("submitted_at", "pk")
    )
    page = Paginator(open_requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_previews(page.object_list)
    decided = (
        ChangeRequest.objects.exclude(status__in=ChangeRequest.OPEN_STATUSES)
        .select_related("submitted_by", "decided_by")
        .order_by("-decided_at", "-pk")[:20]
    )
    mine = (
        ChangeRequest.objects.filter(submitted_by=request.user)
        .with_staleness()
        .order_by("-submitted_at", "-pk")[:10]
    )
    return TemplateResponse(
        request,
        "editorial/queue.html",
        _context(
            request,
            title="Review queue",
            page=page,
            decided=decided,
            mine=mine,
            can_review=request.user.has_perm(services.REVIEW_PERMISSION),
        ),
    )


def _rows(change_request, items) -> list[dict]:
    """What each item proposes: recorded on the item (for ever), else worked out now."""
    unrecorded = [item for item in items if not item.documents_recorded]
    live_proposed = publication.proposed_documents(unrecorded) if unrecorded else {}
    live_current = publication.current_documents(items) if change_request.is_open else {}
    rows = []
    for item in items:
        if change_request.is_open:
            before = live_current[item.pk]
        else:
            before = item.public_document if item.documents_recorded else None
        after = item.proposed_document if item.documents_recorded else live_proposed[item.pk]
        lost = not change_request.is_open and not item.documents_recorded
        rows.append(
            {
                "item": item,
                "lost": lost,
                "is_new": before is None and after is not None,
                "is_withdrawal": item.action != ChangeRequestItem.Action.PUBLISH,
                # A new record shows every field it would publish, as additions.
                "changes": diff(before or {}, after) if after is not None and not lost else [],
                "after": after,
                "notes": [],
            }
        )
    if change_request.is_open:
        _add_review_notes(rows)
    return rows


def _add_review_notes(rows) -> None:
    """What the reviewer should know before approving (an episode with nothing coded)."""
    batch = [row["after"] for row in rows if row["after"] is not None]
    by_aggregate: dict = {}
    for row in rows:
        item = row["item"]
        if row["is_withdrawal"] or row["after"] is None or row["lost"]:
            continue
        aggregate = registry.for_model(item.content_type.model_class())
        if aggregate is not None and aggregate.review_notes is not None:
            by_aggregate.setdefault(aggregate, []).append(row)
    for aggregate, aggregate_rows in by_aggregate.items():
        entries = [(row["item"].object_id, row["after"]) for row in aggregate_rows]
        notes = aggregate.review_notes(entries, batch)
        for row in aggregate_rows:
            row["notes"] = notes.get(row["item"].object_id, [])


LABELS = {
    # status: (heading, before column, after column)
    "open": ("what approval would change", "Now public", "After approval"),
    ChangeRequest.Status.APPROVED: (
        "what approval changed on the public side",
        "Public before approval",
        "Published by this approval",
    ),
    "closed": ("what was proposed", "Public when submitted", "Proposed"),
}


@staff_member_required
def request_detail(request, pk):
    change_request = get_object_or_404(
        ChangeRequest.objects.with_staleness().select_related("submitted_by", "decided_by"),
        pk=pk,
    )
    items = change_request.items.select_related("version__revision__user", "content_type").order_by(
        "pk"
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    page_items = list(page.object_list)
    labels = LABELS.get(
        "open" if change_request.is_open else change_request.status, LABELS["closed"]
    )
    is_submitter = change_request.submitted_by_id == request.user.pk
    can_review = request.user.has_perm(services.REVIEW_PERMISSION) and not is_submitter
    can_submit = request.user.has_perm(services.SUBMIT_PERMISSION)
    return TemplateResponse(
        request,
        "editorial/request.html",
        _context(
            request,
            title=f"Change request #{change_request.pk}",
            change_request=change_request,
            page=page,
            rows=_rows(change_request, page_items),
            heading=labels[0],
            before_label=labels[1],
            after_label=labels[2],
            form=DecisionForm(),
            comment_form=CommentForm(),
            can_review=can_review,
            can_comment=can_submit,
            can_resubmit=can_submit
            and change_request.is_open
            and (change_request.is_stale or change_request.status != "submitted"),
            is_submitter=is_submitter,
            authors=list(change_request.authors.order_by("pk")),
            comments=list(change_request.comments.all()),
            events=change_request.events.order_by("-at", "-pk")[:30],
            decisions=DECISIONS,
        ),
    )


@staff_member_required
@require_POST
def decide(request, pk):
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    back = reverse("editorial:request", args=[pk])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return bad_request(request, "Choose one of the decisions offered on the request's page.")
    decision = form.cleaned_data["decision"]
    comment = form.cleaned_data["comment"]
    try:
        if decision in ("approve", "approve_partial"):
            result = services.approve(
                change_request,
                by=request.user,
                comment=comment,
                partial=decision == "approve_partial",
            )
            _report_approval(request, result)
        elif decision == "reject":
            services.reject(change_request, by=request.user, comment=comment)
            messages.success(request, f"Request #{pk} rejected.")
        elif decision == "request_changes":
            services.request_changes(change_request, by=request.user, comment=comment)
            messages.success(
                request, f"Changes requested on #{pk}; the submitter will see your comment."
            )
        else:
            services.withdraw(change_request, by=request.user)
            messages.success(request, f"Request #{pk} withdrawn.")
    except services.WorkflowError as error:
        messages.error(request, error.message)
        for name, reason in error.failures[1:21]:
            messages.error(request, f"“{name}” {reason}")
    return HttpResponseRedirect(back)


@staff_member_required
@require_POST
def comment(request, pk):
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a comment (at most 5,000 characters) first.")
    else:
        try:
            services.add_comment(change_request, by=request.user, text=form.cleaned_data["text"])
            messages.success(request, "Your comment was added.")
        except services.WorkflowError as error:
            messages.error(request, error.message)
    return HttpResponseRedirect(reverse("editorial:request", args=[pk]) + "#conversation")


@staff_member_required
@require_POST
def resubmit(request, pk):
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    try:
        new = services.resubmit(change_request, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("editorial:request", args=[pk]))
    messages.success(
        request,
        f"Submitted again as request #{new.pk}, with the newest version of each record; "
        f"#{pk} is superseded.",
    )
    return HttpResponseRedirect(reverse("editorial:request", args=[new.pk]))


def _report_approval(request, result: services.Approval) -> None:
    counts = []
    for label, items in (
        ("published", result.published),
        ("withdrawn from public view", result.unpublished),
        ("deleted", result.deleted),
    ):
        if items:
            counts.append(f"{len(items)} {label}")
    messages.success(
        request,
        f"Request #{result.change_request.pk} approved: {', '.join(counts) or 'no records'}.",
    )
    if result.split_off:
        url = reverse("editorial:request", args=[result.split_off.pk])
        messages.warning(
            request,
            format_html(
                '{} record(s) could not be approved and wait in <a href="{}">request #{}</a>.',
                len(result.failures),
                url,
                result.split_off.pk,
            ),
        )
        for name, reason in result.failures[:20]:
            messages.warning(request, f"“{name}” {reason}")


@staff_member_required
@require_POST
def bulk_approve(request):
    """Approve several requests at once (e.g. the batches of an import); report each failure."""
    try:
        ids = parse_ids(request.POST.getlist("requests"))
    except BadIds as error:
        return bad_request(request, f"{error} Nothing was approved.")
    if not ids:
        messages.error(request, "Select at least one request to approve.")
        return HttpResponseRedirect(reverse("editorial:queue"))
    approved, failed = 0, 0
    for change_request in ChangeRequest.objects.filter(pk__in=ids).order_by("submitted_at", "pk"):
        try:
            services.approve(
                change_request, by=request.user, comment=request.POST.get("comment", "")
            )
            approved += 1
        except services.WorkflowError as error:
            failed += 1
            messages.error(request, f"#{change_request.pk} {change_request.title}: {error.message}")
    if approved:
        messages.success(request, f"{approved} request(s) approved.")
    if failed:
        messages.warning(request, f"{failed} request(s) could not be approved (see above).")
    return HttpResponseRedirect(reverse("editorial:queue"))


@staff_member_required
def notification_settings(request):
    preference, _ = NotificationPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)  # empty: no change
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "You will receive the workflow's e-mails."
            if preference.email
            else "You will no longer receive the workflow's e-mails.",
        )
        return HttpResponseRedirect(reverse("editorial:notifications"))
    return TemplateResponse(
        request,
        "editorial/notifications.html",
        _context(
            request,
            title="Notification settings",
            form=form,
            address=request.user.email,
        ),
    )
