"""Helpers for the tests of the follow-up pages."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gendan.followup.models import (
    DelayWarning,
    Milestone,
    OrderProgress,
    SopStep,
    SopTemplate,
)
from gendan.followup.services import milestone_complete
from gendan.orders.models import Order
from gendan.orders.tests.factories import OrderFactory


def step(order, key: str) -> Milestone:
    return Milestone.objects.select_related("step", "owner", "order").get(
        order=order, step__key=key
    )


def photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0 a small jpeg", content_type="image/jpeg")


def finish_upstream(order, user, until: str, today: dt.date) -> None:
    """Complete every step before ``until`` (in position order) on its planned date."""
    for m in Milestone.objects.filter(order=order).select_related("step").order_by("position"):
        if m.step.key == until:
            return
        if m.status != "done":
            milestone_complete(
                actor=user,
                milestone=m,
                actual_date=min(m.planned_date, today),
                today=today,
                files=[photo()] if m.step.evidence == "file" else [],
            )


@contextmanager
def on(day: dt.date):
    """Travel to ``day`` at noon in Shanghai (04:00 UTC), so every zone agrees on the date."""
    with time_machine.travel(dt.datetime.combine(day, dt.time(4), tzinfo=dt.UTC), tick=False):
        yield


def default_steps() -> list[SopStep]:
    template = SopTemplate.objects.get(is_default=True)
    return list(template.current_version.steps.order_by("position"))  # type: ignore[union-attr]


def active_orders_bulk(
    count: int,
    *,
    customer,
    merchandiser=None,
    owner=None,
    today: dt.date,
    start: int = 0,
    warning_every: int = 0,
    key: str = "",
) -> list[Order]:
    """``count`` confirmed orders on the board, written with three bulk inserts.

    Each order gets the one milestone a card needs (its current step), spread over the
    default template's steps and over due dates around ``today``.
    """
    steps = default_steps()
    version_id = steps[0].version_id
    if key:
        steps = [s for s in steps if s.key == key]
    orders = Order.objects.bulk_create(
        [
            OrderFactory.build(
                number=f"PI-B-{start + i:06d}",
                customer=customer,
                team=customer.team,
                merchandiser=merchandiser,
                status="confirmed",
                confirmed_on=today - dt.timedelta(days=30),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    milestones = Milestone.objects.bulk_create(
        [
            Milestone(
                order=order,
                step=steps[(start + i) % len(steps)],
                team_id=customer.team_id,
                position=steps[(start + i) % len(steps)].position,
                owner=owner or merchandiser,
                planned_date=today + dt.timedelta(days=(start + i) % 40 - 10),
                forecast_date=today + dt.timedelta(days=(start + i) % 40 - 10),
            )
            for i, order in enumerate(orders)
        ],
        batch_size=2000,
    )
    OrderProgress.objects.bulk_create(
        [
            OrderProgress(
                order=order,
                team_id=customer.team_id,
                template_version_id=version_id,
                current=m,
                stage_key=m.step.key,
                due_date=m.forecast_date,
                forecast_ship_date=order.promised_ship_date,
            )
            for order, m in zip(orders, milestones, strict=True)
        ],
        batch_size=2000,
    )
    if warning_every:
        DelayWarning.objects.bulk_create(
            [
                DelayWarning(
                    order=order,
                    team_id=customer.team_id,
                    cause=m,
                    cause_slip_days=3,
                    promised_date=order.promised_ship_date,
                    forecast_date=order.promised_ship_date + dt.timedelta(days=4),
                    days_late=4,
                )
                for i, (order, m) in enumerate(zip(orders, milestones, strict=True))
                if (start + i) % warning_every == 0
            ],
            batch_size=2000,
        )
    return orders


def order_on_board(
    *,
    customer,
    due: dt.date,
    planned: dt.date | None = None,
    key: str = "po_to_factory",
    merchandiser=None,
    owner=None,
    number: str | None = None,
) -> Order:
    """One confirmed order standing at step ``key``, due on ``due`` (planned ``planned``)."""
    step_row = next(s for s in default_steps() if s.key == key)
    order = OrderFactory.create(
        customer=customer, merchandiser=merchandiser, status="confirmed",
        **({"number": number} if number else {}),
    )  # fmt: skip
    m = Milestone.objects.create(
        order=order, step=step_row, team_id=customer.team_id, position=step_row.position,
        owner=owner or merchandiser, planned_date=planned or due, forecast_date=due,
    )  # fmt: skip
    OrderProgress.objects.create(
        order=order, team_id=customer.team_id, template_version_id=step_row.version_id,
        current=m, stage_key=key, due_date=due, forecast_ship_date=order.promised_ship_date,
    )  # fmt: skip
    return order
