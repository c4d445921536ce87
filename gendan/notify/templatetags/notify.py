from __future__ import annotations

from django import template

from gendan.notify.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The bell's number for the signed-in user (one bounded COUNT on the unread index)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user=user)
