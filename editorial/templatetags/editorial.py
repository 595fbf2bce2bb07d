"""Template helpers of the staff pages."""

from django import template

from editorial.audit import actor_name

register = template.Library()


@register.filter
def person(user) -> str:
    """The one display name of a person on the staff side: full name, else user name."""
    return actor_name(user)


@register.filter
def short_changes(changes) -> list:
    """Changes shown as old value beside new value (a table of three columns)."""
    return [change for change in changes if not change.is_long_text]


@register.filter
def long_changes(changes) -> list:
    """Long texts, shown as one word-by-word diff each (a table of two columns)."""
    return [change for change in changes if change.is_long_text]


@register.simple_tag(takes_context=True)
def editorial_dashboard(context):
    """The admin index's dashboards for the person looking at it (editorial.dashboard)."""
    from editorial import dashboard

    return dashboard.for_user(context["request"].user)
