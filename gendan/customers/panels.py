"""Sections that other apps add to the customer page (timeline, messages, local time, …).

Like the order page's panels: the customers app imports none of the apps above it; they
register here in ``AppConfig.ready()`` and the page loads each panel's URL with htmx.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class CustomerPanel:
    key: str
    title: str | Promise
    url_name: str  # reversed with the customer's pk
    position: int = 100
    # "main" (the wide column) or "side" (the narrow one beside the details)
    column: str = "main"


CUSTOMER_PANELS: dict[str, CustomerPanel] = {}


def customer_panel_register(panel: CustomerPanel) -> None:
    CUSTOMER_PANELS[panel.key] = panel


def customer_panels(column: str) -> list[CustomerPanel]:
    return sorted(
        (p for p in CUSTOMER_PANELS.values() if p.column == column), key=lambda p: p.position
    )
