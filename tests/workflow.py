"""Helpers that drive the real workflow (django-reversion and editorial.services, no mocks)."""

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from editorial import services


def staff_user(username: str, group: str, **extra):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, **extra}
    )
    if created:
        user.set_password("correct horse battery staple")
        user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def factory_researcher():
    return staff_user("factory-researcher", "Researchers")


def factory_reviewer():
    return staff_user("factory-reviewer", "Reviewers")


def edit(obj, *, by, comment="Edited in a test", **fields):
    """Save changed fields of ``obj`` as one reversion revision by ``by``."""
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(comment)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
    return obj


def publish(*objects, submitter=None, approver=None, comment=""):
    """Submit ``objects`` and approve them, as two different people; returns the Approval.

    A record is public only with the records it depends on: regimes of episodes and designations
    that are not public yet are published first, in a request of their own (as an operator
    publishes the reference data before anything else).
    """
    from episodes.models import PublishedRegime

    regimes = {
        obj.regime_id: obj.regime
        for obj in objects
        if getattr(obj, "regime_id", None) and type(obj).__name__ != "Regime"
    }
    public = set(
        PublishedRegime.objects.filter(object_id__in=regimes).values_list("object_id", flat=True)
    )
    missing = [
        regime
        for regime_id, regime in regimes.items()
        if regime_id not in public and services.open_item_for(regime) is None
    ]
    if missing:
        publish(*missing)
    change_request = services.submit_for_review(
        list(objects), by=submitter or factory_researcher(), comment=comment
    )
    return services.approve(change_request, by=approver or factory_reviewer())
