from __future__ import annotations

from functools import cache

from django.urls import NoReverseMatch, reverse

from .registry import navigation as registered


@cache
def _existing() -> tuple[tuple[str, object, str, str], ...]:
    """The registered entries, in their order, whose pages are routed."""
    items = []
    for entry in sorted(registered.values(), key=lambda e: e.position):
        try:
            items.append((entry.key, entry.label, reverse(entry.url_name), entry.icon))
        except NoReverseMatch:
            continue
    return tuple(items)


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    path = request.path
    items = [
        {"key": key, "label": label, "url": url, "icon": icon, "active": path.startswith(url)}
        for key, label, url, icon in _existing()
    ]
    return {"nav_items": items}
