"""The review queue (staff only): open change requests, their diffs, and the decisions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from editorial import publication, services
from editorial.diffs import diff
from editorial.models import ChangeRequest

ITEMS_PER_PAGE = 50

DECISIONS = {
    "approve": "Approve",
    "approve_partial": "Approve all that can be approved",
    "request_changes": "Request changes",
    "reject": "Reject",
    "withdraw": "Withdraw",
}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=list(DECISIONS.items()))
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Required to reject or request changes.",
    )


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


@staff_member_required
def queue(request):
    open_requests = (
        ChangeRequest.objects.filter(status__in=ChangeRequest.OPEN_STATUSES)
        .select_related("submitted_by")
        .annotate(item_count=Count("items"))
        .order_by("submitted_at", "pk")
    )
    page = Paginator(open_requests, 50).get_page(request.GET.get("page"))
    for change_request in page.object_list:
        change_request.preview = list(
            change_request.items.values_list("object_repr", flat=True)[:3]
        )
    decided = (
        ChangeRequest.objects.exclude(status__in=ChangeRequest.OPEN_STATUSES)
        .select_related("submitted_by", "decided_by")
        .order_by("-decided_at", "-pk")[:20]
    )
    mine = (
        ChangeRequest.objects.filter(submitted_by=request.user)
        .filter(Q(status__in=ChangeRequest.OPEN_STATUSES) | Q(decided_at__isnull=False))
        .order_by("-submitted_at")[:10]
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


@staff_member_required
def request_detail(request, pk):
    change_request = get_object_or_404(
        ChangeRequest.objects.select_related("submitted_by", "decided_by"), pk=pk
    )
    items = change_request.items.select_related("version__revision__user", "content_type").order_by(
        "pk"
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    page_items = list(page.object_list)
    current = publication.current_documents(page_items)
    proposed = publication.proposed_documents(page_items)
    rows = []
    for item in page_items:
        before, after = current[item.pk], proposed[item.pk]
        rows.append(
            {
                "item": item,
                "is_new": before is None and after is not None,
                "is_withdrawal": after is None,
                # A new record shows every field it would publish, as additions.
                "changes": diff(before or {}, after) if after is not None else [],
            }
        )
    return TemplateResponse(
        request,
        "editorial/request.html",
        _context(
            request,
            title=f"Change request #{change_request.pk}",
            change_request=change_request,
            page=page,
            rows=rows,
            form=DecisionForm(),
            can_review=request.user.has_perm(services.REVIEW_PERMISSION)
            and change_request.submitted_by_id != request.user.pk,
            is_submitter=change_request.submitted_by_id == request.user.pk,
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
        messages.error(request, "Choose a decision.")
        return HttpResponseRedirect(back)
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
    ids = [int(pk) for pk in request.POST.getlist("requests") if pk.isdigit()]
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
