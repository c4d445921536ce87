"""Order events that move the follow-up plan (sent by the orders app after commit)."""

from __future__ import annotations

from django.dispatch import receiver

from gendan.orders.models import OrderStatus
from gendan.orders.signals import order_changed, order_status_changed


@receiver(order_status_changed, dispatch_uid="followup_status")
def _status_changed(sender, order, old_status, new_status, actor=None, **kwargs):
    from .forecasts import order_recompute
    from .services import milestones_instantiate

    if new_status == OrderStatus.CONFIRMED:
        milestones_instantiate(order=order, actor=actor)
    elif new_status in (OrderStatus.CANCELLED, OrderStatus.COMPLETED):
        order_recompute(order=order)  # clears an open delay warning


@receiver(order_changed, dispatch_uid="followup_changed")
def _order_changed(sender, order, changes, actor=None, **kwargs):
    from .forecasts import order_replan

    if "promised_ship_date" in changes:
        order_replan(order=order)
