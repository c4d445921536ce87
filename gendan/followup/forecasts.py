"""Keeping an order's forecasts current: after every change to its steps, when its promised
ship date moves, and each night.

``order_recompute`` does it in three parts: forecasts move along the dependency graph
(``planning.forecast``) and the milestones that moved are saved; the order's progress row
(current step, forecast ship date, days late) is refreshed; and the delay warning is
raised, kept or cleared (``delay.delay_warning_sync``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gendan.core.calendars import WorkingDays, working_days_for_country
from gendan.orders.models import Order, OrderStatus

from . import events
from .calendars import factory_working_days
from .delay import delay_warning_sync
from .models import (
    Anchor,
    CalendarSide,
    DelayWarning,
    Milestone,
    MilestoneStatus,
    OrderProgress,
    SopStep,
)
from .planning import Forecast, Node, forecast, plan

# Orders whose plan is live: the nightly refresh, the board and My day leave drafts,
# cancelled and completed orders out.
ACTIVE_ORDER_STATUSES = [OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED]


# --- Steps as graph nodes -------------------------------------------------------------
def step_lead(step: SopStep) -> int:
    """Working days a step needs after its dependencies finish."""
    return max(step.offset_days, 0) if step.anchor == Anchor.DEPENDENCIES else step.lead_days


def step_node(step: SopStep, *, calendar: WorkingDays, deps: list[Any]) -> Node:
    """A template step as a node to plan: keyed by its key, depending on ``deps`` (keys)."""
    return Node(
        key=step.key,
        name=step.name,
        anchor=step.anchor,
        offset=step.offset_days,
        calendar=calendar,
        deps=deps,
        is_ship=step.is_ship_step,
        lead=step_lead(step),
    )


@dataclass
class Calendars:
    factory: WorkingDays

    def for_step(self, step: SopStep, order: Order) -> WorkingDays:
        if step.calendar_side == CalendarSide.CUSTOMER and order.customer.country:
            return working_days_for_country(str(order.customer.country))
        return self.factory


def milestone_nodes(
    milestones: list[Milestone], order: Order, calendars: Calendars
) -> dict[int, Node]:
    """The order's milestones as nodes keyed by milestone id, with their dates and status."""
    return {
        m.pk: Node(
            key=m.pk,
            name=m.step.display_name,
            anchor=m.step.anchor,
            offset=m.step.offset_days,
            calendar=calendars.for_step(m.step, order),
            deps=list(m.dep_ids),  # type: ignore[attr-defined]
            is_ship=m.step.is_ship_step,
            lead=step_lead(m.step),
            planned=m.planned_date,
            forecast=m.forecast_date,
            manual=m.manual_forecast,
            actual=m.actual_date,
            status=m.status,
        )  # fmt: skip
        for m in milestones
    }


def milestones_with_deps(order: Order) -> list[Milestone]:
    """The order's milestones with their steps and dependency ids: two queries."""
    milestones = list(order.milestones.select_related("step", "owner").order_by("position"))
    through = Milestone.depends_on.through
    deps: dict[int, list[int]] = {m.pk: [] for m in milestones}
    for from_id, to_id in through.objects.filter(from_milestone__order=order).values_list(
        "from_milestone_id", "to_milestone_id"
    ):
        deps[from_id].append(to_id)
    for m in milestones:
        m.dep_ids = deps[m.pk]  # type: ignore[attr-defined]
    return milestones


# --- Recomputing one order ------------------------------------------------------------
@dataclass
class RecomputeResult:
    changed: int
    warning: DelayWarning | None
    raised: bool = False
    cleared: bool = False


@transaction.atomic
def order_recompute(
    *, order: Order, today: dt.date | None = None, notify: bool = True
) -> RecomputeResult:
    """Move the order's forecasts, refresh where it stands and raise or clear its delay warning.

    Costs a fixed number of queries plus one UPDATE per milestone whose forecast moved.
    Sends ``forecast_changed`` when the order's forecast ship date moves.
    """
    today = today or timezone.localdate()
    order = Order.objects.select_related("customer", "merchandiser", "progress").get(pk=order.pk)
    milestones = milestones_with_deps(order)
    if not milestones:
        return RecomputeResult(changed=0, warning=None)
    result = _forecasts_propagate(milestones, order=order, today=today)
    by_pk = {m.pk: m for m in milestones}
    ship = by_pk[result.ship.key] if result.ship else None
    ship_date = result.ship.effective if result.ship else None
    days_late = (ship_date - order.promised_ship_date).days if ship_date else 0
    _progress_update(order, milestones, ship_date=ship_date, days_late=days_late)
    outcome = delay_warning_sync(
        order=order,
        ship=ship,
        cause=by_pk[result.cause.key] if result.cause else None,
        cause_slip_days=result.cause.own_slip if result.cause else 0,
        ship_date=ship_date,
        days_late=days_late,
        notify=notify,
    )
    return RecomputeResult(
        changed=len(result.changed),
        warning=outcome.warning,
        raised=outcome.raised,
        cleared=outcome.cleared,
    )


def _forecasts_propagate(milestones: list[Milestone], *, order: Order, today: dt.date) -> Forecast:
    """Move forecasts along the dependency graph; save the milestones whose dates moved."""
    nodes = milestone_nodes(milestones, order, Calendars(factory=factory_working_days()))
    result = forecast(nodes, today=today)
    dirty = []
    for m in milestones:
        node = nodes[m.pk]
        if node.forecast != m.forecast_date or node.on_critical_chain != m.on_critical_chain:
            m.forecast_date, m.on_critical_chain = node.forecast, node.on_critical_chain
            dirty.append(m)
    if dirty:
        Milestone.objects.bulk_update(dirty, ["forecast_date", "on_critical_chain"])
    return result


def _progress_update(
    order: Order, milestones: list[Milestone], *, ship_date: dt.date | None, days_late: int
) -> None:
    """Where the order stands: its current step, when that is due, its forecast ship date."""
    current = next(
        (m for m in milestones if m.status not in (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)),
        None,
    )
    OrderProgress.objects.filter(order=order).update(
        current=current, stage_key=current.step.key if current else "",
        due_date=current.forecast_date if current else None,
        forecast_ship_date=ship_date, days_late=max(days_late, 0), updated_at=timezone.now(),
    )  # fmt: skip
    # Loaded with the order (select_related): the forecast before this recompute.
    progress: OrderProgress | None = getattr(order, "progress", None)
    if progress is not None and progress.forecast_ship_date != ship_date:
        events.send_on_commit(
            events.forecast_changed,
            sender=__name__,
            order_id=order.pk,
            old_forecast_ship_date=progress.forecast_ship_date,
            new_forecast_ship_date=ship_date,
        )


# --- Replanning and the nightly refresh -----------------------------------------------
@transaction.atomic
def order_replan(*, order: Order, today: dt.date | None = None) -> None:
    """The promised ship date moved: steps counted from it get new plans."""
    order = Order.objects.select_related("customer").get(pk=order.pk)
    milestones = milestones_with_deps(order)
    if not milestones:
        return
    nodes = milestone_nodes(milestones, order, Calendars(factory=factory_working_days()))
    plan(
        nodes,
        confirmed=order.confirmed_on or timezone.localdate(),
        ship_date=order.promised_ship_date,
    )
    dirty = [m for m in milestones if nodes[m.pk].planned != m.planned_date]
    for m in dirty:
        m.planned_date = nodes[m.pk].planned
    Milestone.objects.bulk_update(dirty, ["planned_date"])
    order_recompute(order=order, today=today)


def forecasts_refresh(*, today: dt.date | None = None) -> int:
    """Recompute every open order: steps left overdue push their dependants day by day."""
    count = 0
    ids = OrderProgress.objects.exclude(stage_key="").values_list("order_id", flat=True)
    for order in Order.objects.filter(pk__in=ids, status__in=ACTIVE_ORDER_STATUSES).iterator():
        order_recompute(order=order, today=today)
        count += 1
    return count
