from __future__ import annotations

from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Every part of Gendan in the order of a merchandiser's day; a part shows once it exists.
NAVIGATION = [
    ("my_day", _("My day"), "followup:my_day", "ti-sun"),
    ("board", _("Board"), "followup:board", "ti-layout-kanban"),
    ("orders", _("Orders"), "orders:list", "ti-file-invoice"),
    ("customers", _("Customers"), "customers:list", "ti-building-store"),
    ("products", _("Products"), "catalog:list", "ti-package"),
    ("inbox", _("Inbox"), "comms:inbox", "ti-inbox"),
    ("suppliers", _("Suppliers"), "suppliers:list", "ti-building-factory-2"),
    ("shipments", _("Shipments"), "logistics:list", "ti-ship"),
    ("reports", _("Reports"), "analytics:reports", "ti-chart-bar"),
    ("settings", _("Settings"), "accounts:settings", "ti-settings"),
]


@cache
def _existing() -> tuple[tuple[str, object, str, str], ...]:
    items = []
    for key, label, url_name, icon in NAVIGATION:
        try:
            items.append((key, label, reverse(url_name), icon))
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
