from __future__ import annotations

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from gendan.followup.services import MENTION

register = template.Library()


@register.filter
def with_mentions(body: str, mentioned=None) -> SafeString:
    """A comment's text, escaped, with line breaks kept and each @username that was told marked."""
    names = {user.username for user in mentioned or ()}
    escaped = escape(body or "")

    def mark(match) -> str:
        name = match.group(1).rstrip(".")
        if name not in names:
            return match.group(0)
        return f'<span class="mention">@{name}</span>{match.group(1)[len(name) :]}'

    return mark_safe(MENTION.sub(mark, escaped).replace("\n", "<br>"))  # noqa: S308 - built from escaped text


@register.filter
def owner_initial(user) -> str:
    """The letter in an owner's avatar (see core's user_initial)."""
    from gendan.core.templatetags.gendan import user_initial

    return user_initial(user)


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


@register.filter
def month_day(value) -> str:
    """A short date for tables and cards: "Dec 4" in English, "12月4日" in Chinese."""
    if not value:
        return ""
    return date_format(value, "n月j日" if _chinese() else "M j")


@register.filter
def weekday_month_day(value) -> str:
    """ "Fri, Dec 4" in English, "12月4日 周五" in Chinese."""
    if not value:
        return ""
    return date_format(value, "n月j日 D" if _chinese() else "D, M j")


@register.filter
def month_short(value) -> str:
    """A month on the timeline's scale: "Dec" in English, "12月" in Chinese."""
    if not value:
        return ""
    return date_format(value, "n月" if _chinese() else "M")
