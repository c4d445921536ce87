"""Sections that other apps add to the order page (the follow-up timeline, messages, …).

The orders app does not import the apps above it; they register a panel here in their
``AppConfig.ready()`` and the order page loads each panel's URL (htmx on load, a link
without JavaScript).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class OrderPanel:
    key: str
    title: str | Promise
    url_name: str  # reversed with the order's pk
    position: int = 100


ORDER_PANELS: dict[str, OrderPanel] = {}


def order_panel_register(panel: OrderPanel) -> None:
    ORDER_PANELS[panel.key] = panel


def order_panels() -> list[OrderPanel]:
    return sorted(ORDER_PANELS.values(), key=lambda panel: panel.position)
