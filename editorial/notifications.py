"""E-mails about change requests: submitted, decided (approved, rejected, changes requested),
commented.

Every function here runs in ``transaction.on_commit`` (see ``editorial.services``), so nobody is
told about a transition that was rolled back. Sending may fail (the mail server is down): the
failure is logged and swallowed, because a transition that has committed must never look failed
to the person who made it.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from editorial.audit import actor_name

logger = logging.getLogger("editorial.notifications")


def request_url(change_request) -> str:
    return settings.ATLAS_SITE_URL.rstrip("/") + reverse(
        "editorial:request", args=[change_request.pk]
    )


def _wanted(users) -> list:
    """Those of ``users`` with an address who have not turned the e-mails off."""
    return [
        user
        for user in users
        if user.is_active
        and user.email
        and getattr(getattr(user, "notification_preference", None), "email", True)
    ]


def _people(ids) -> list:
    return list(
        get_user_model()
        .objects.filter(pk__in=set(ids))
        .select_related("notification_preference")
        .order_by("pk")
    )


def _send(kind: str, recipients, context: dict) -> int:
    sent = 0
    for user in _wanted(recipients):
        personal = {**context, "recipient": actor_name(user)}
        try:
            subject = render_to_string(f"editorial/mail/{kind}_subject.txt", personal)
            body = render_to_string(f"editorial/mail/{kind}.txt", personal)
            EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()
            sent += 1
        except Exception:
            logger.exception(
                "Could not send the %s e-mail about request #%s to %s",
                kind,
                context["change_request"].pk,
                user.get_username(),
            )
    return sent


def _base(change_request) -> dict:
    return {
        "change_request": change_request,
        "url": request_url(change_request),
        "submitter": actor_name(change_request.submitted_by),
    }


def submitted(change_request) -> int:
    """To every reviewer who may approve it (not the submitter, not an author)."""
    from editorial.authorship import reviewers_who_may_decide

    author_ids = set(change_request.authors.values_list("pk", flat=True))
    reviewers = reviewers_who_may_decide(
        submitter_id=change_request.submitted_by_id, author_ids=author_ids
    )
    return _send(
        "submitted",
        _people(r.pk for r in reviewers),
        {**_base(change_request), "count": change_request.items.count()},
    )


def _submitter_and_authors(change_request, *, besides) -> list:
    ids = {change_request.submitted_by_id, *change_request.authors.values_list("pk", flat=True)}
    ids.discard(getattr(besides, "pk", besides))
    return _people(ids)


def decided(change_request) -> int:
    """Approved, rejected or changes requested: to the submitter and the authors."""
    kind = {
        "approved": "approved",
        "rejected": "rejected",
        "changes_requested": "changes_requested",
    }.get(change_request.status)
    if kind is None:
        return 0
    return _send(
        kind,
        _submitter_and_authors(change_request, besides=change_request.decided_by_id),
        {**_base(change_request), "decider": actor_name(change_request.decided_by)},
    )


def commented(comment) -> int:
    """To the submitter, the authors, and everyone who decided or commented on it before."""
    change_request = comment.change_request
    ids = {
        change_request.submitted_by_id,
        *change_request.authors.values_list("pk", flat=True),
        *change_request.comments.values_list("author_id", flat=True),
    }
    if change_request.decided_by_id:
        ids.add(change_request.decided_by_id)
    ids.discard(comment.author_id)
    ids.discard(None)
    return _send(
        "commented",
        _people(ids),
        {**_base(change_request), "comment": comment, "author": comment.author_name},
    )
