"""Planning many orders at once (demo data, benchmarks, a first import of open orders).

The same planning and forecasting as ``milestones_instantiate`` + ``order_recompute``,
computed in memory and written with bulk inserts; no history and no notifications, but
the same domain events (each order's first forecast, the delay warnings raised).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from gendan.accounts.models import User
from gendan.core.calendars import WorkingDays, working_days_for_country
from gendan.orders.models import Order

from . import events
from .calendars import factory_working_days
from .forecasts import step_lead
from .models import (
    CalendarSide,
    DelayWarning,
    Milestone,
    MilestoneStatus,
    OrderProgress,
    SopStep,
    SopTemplate,
)
from .planning import DONE, Node, forecast, plan, topological_order

BATCH = 500


@dataclass
class BulkResult:
    orders: int = 0
    milestones: int = 0
    warnings: int = 0


def _holders(team_ids: set[int]) -> dict[tuple[int, str], int]:
    """(team, role) -> the first active user of that role in the team."""
    holders: dict[tuple[int, str], int] = {}
    for user_id, role, team_id in (
        User.objects.filter(is_active=True, teams__in=team_ids)
        .order_by("username")
        .values_list("id", "role", "teams")
    ):
        holders.setdefault((team_id, role), user_id)
    return holders


def milestones_plan_bulk(
    orders: Iterable[Order],
    *,
    today: dt.date,
    rng: random.Random | None = None,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Plan orders that have no milestones yet on the default template, simulating the past.

    Steps planned before ``today`` are done: most on time, some late (so the board shows
    delays), as happens in a real company. ``confirmed_on`` must be set on the orders.
    """
    rng = rng or random.Random(1)
    template = SopTemplate.objects.select_related("current_version").get(is_default=True)
    version = template.current_version
    assert version is not None
    steps = list(
        SopStep.objects.filter(version=version).prefetch_related("depends_on").order_by("position")
    )
    deps = {step.key: [dep.key for dep in step.depends_on.all()] for step in steps}
    factory = factory_working_days()
    orders = list(orders)
    holders = _holders({order.team_id for order in orders})
    result = BulkResult()
    for start in range(0, len(orders), BATCH):
        chunk = orders[start : start + BATCH]
        with transaction.atomic():
            _plan_chunk(chunk, steps, deps, factory, holders, version.pk, today, rng, result)
        if progress:
            progress(start + len(chunk))
    return result


def _calendar(step: SopStep, country: str, factory: WorkingDays) -> WorkingDays:
    return (
        working_days_for_country(country)
        if step.calendar_side == CalendarSide.CUSTOMER and country
        else factory
    )


def _plan_chunk(chunk, steps, deps, factory, holders, version_id, today, rng, result) -> None:
    by_key_step = {step.key: step for step in steps}
    ship_position = next(step.position for step in steps if step.is_ship_step)
    milestones: list[Milestone] = []
    per_order: list[tuple[Order, dict[str, Node], list[Milestone], Node | None]] = []
    for order in chunk:
        country = str(order.customer.country) if order.customer_id else ""
        nodes = {
            step.key: Node(
                key=step.key,
                name=step.name,
                anchor=step.anchor,
                offset=step.offset_days,
                calendar=_calendar(step, country, factory),
                deps=deps[step.key],
                is_ship=step.is_ship_step,
                lead=step_lead(step),
            )  # fmt: skip
            for step in steps
        }
        confirmed = order.confirmed_on or order.order_date
        plan(nodes, confirmed=confirmed, ship_date=order.promised_ship_date)
        shipped = order.status == "shipped"  # everything up to loading is behind it
        # The past, as it went: mostly on time, now and then a few days late.
        for key in topological_order(nodes):
            node = nodes[key]
            step = by_key_step[key]
            start = max([nodes[d].actual for d in node.deps if nodes[d].actual] + [node.planned])  # type: ignore[type-var]
            slip = 0 if rng.random() < 0.9 else rng.randint(1, 4)
            finish = node.calendar.add(start, slip)  # type: ignore[arg-type]
            if step.done_on_confirm:
                node.status, node.actual = DONE, min(node.planned, confirmed)
            elif all(nodes[d].status == DONE for d in node.deps) and (
                finish < today or (shipped and step.position <= ship_position)
            ):
                node.status, node.actual = DONE, min(finish, today)
        cause = forecast(nodes, today=today).cause
        rows = []
        for step in steps:
            node = nodes[step.key]
            owner = (
                order.merchandiser_id if step.owner_role == "merchandiser" and order.merchandiser_id
                else order.sales_owner_id if step.owner_role == "sales" and order.sales_owner_id
                else holders.get((order.team_id, step.owner_role), order.merchandiser_id)
            )  # fmt: skip
            rows.append(
                Milestone(
                    order_id=order.pk,
                    step=step,
                    team_id=order.team_id,
                    position=step.position,
                    owner_id=owner,
                    planned_date=node.planned,
                    forecast_date=node.forecast,
                    actual_date=node.actual if node.status == DONE else None,
                    status=MilestoneStatus.DONE if node.status == DONE else MilestoneStatus.PENDING,
                    on_critical_chain=node.on_critical_chain,
                )  # fmt: skip
            )
        milestones += rows
        per_order.append((order, nodes, rows, cause))
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    through = Milestone.depends_on.through
    links, progress_rows, warnings = [], [], []
    for order, nodes, rows, cause in per_order:
        by_key = {row.step.key: row for row in rows}
        links += [
            through(from_milestone_id=by_key[key].pk, to_milestone_id=by_key[dep].pk)
            for key in by_key
            for dep in deps[key]
        ]
        current = next((row for row in rows if row.status != MilestoneStatus.DONE), None)
        ship_node = next(node for node in nodes.values() if node.is_ship)
        ship_row = by_key[ship_node.key]
        days_late = (ship_node.effective - order.promised_ship_date).days
        progress_rows.append(
            OrderProgress(
                order_id=order.pk,
                team_id=order.team_id,
                template_version_id=version_id,
                current=current,
                stage_key=current.step.key if current else "",
                due_date=current.forecast_date if current else None,
                forecast_ship_date=ship_node.effective,
                days_late=max(days_late, 0),
            )  # fmt: skip
        )
        if days_late > 0 and ship_row.status != MilestoneStatus.DONE:
            cause_node = cause or ship_node
            warnings.append(
                DelayWarning(
                    order_id=order.pk,
                    team_id=order.team_id,
                    cause=by_key[cause_node.key],
                    cause_slip_days=cause_node.own_slip,
                    promised_date=order.promised_ship_date,
                    forecast_date=ship_node.effective,
                    days_late=days_late,
                )  # fmt: skip
            )
    through.objects.bulk_create(links, batch_size=5000)
    OrderProgress.objects.bulk_create(progress_rows, batch_size=2000)
    DelayWarning.objects.bulk_create(warnings, batch_size=2000)
    _send_events(progress_rows, warnings)
    result.orders += len(per_order)
    result.milestones += len(milestones)
    result.warnings += len(warnings)


def _send_events(progress_rows: list[OrderProgress], warnings: list[DelayWarning]) -> None:
    """On commit: each order got its first forecast; late ones got a delay warning."""
    for row in progress_rows:
        events.send_on_commit(
            events.forecast_changed, sender=__name__, order_id=row.order_id,
            old_forecast_ship_date=None, new_forecast_ship_date=row.forecast_ship_date,
        )  # fmt: skip
    if not all(warning.pk for warning in warnings):  # SQLite before 3.35 returns no ids
        ids = dict(
            DelayWarning.objects.filter(
                order_id__in=[warning.order_id for warning in warnings], cleared_at__isnull=True
            ).values_list("order_id", "pk")
        )
        for warning in warnings:
            warning.pk = ids[warning.order_id]
    for warning in warnings:
        events.send_on_commit(
            events.delay_warning_raised, sender=__name__, warning_id=warning.pk,
            order_id=warning.order_id, days_late=warning.days_late,
        )  # fmt: skip
