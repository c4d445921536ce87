"""The delay warning: raised when an order's forecast ship date passes the promised one,
kept up to date while it stays late, cleared when it is back on time; and the people
it tells. ``forecasts.order_recompute`` calls ``delay_warning_sync`` after every forecast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.accounts.models import Role, User
from gendan.notify.models import Notification
from gendan.notify.services import notification_send
from gendan.orders.models import Order, OrderStatus

from . import events
from .models import DelayWarning, Milestone, MilestoneStatus


@dataclass
class DelayOutcome:
    warning: DelayWarning | None  # the open warning after the sync, if any
    raised: bool = False
    cleared: bool = False


def delay_warning_sync(
    *,
    order: Order,
    ship: Milestone | None,
    cause: Milestone | None,
    cause_slip_days: int,
    ship_date: dt.date | None,
    days_late: int,
    notify: bool = True,
) -> DelayOutcome:
    """Raise, update or clear the order's delay warning for its new forecast.

    ``ship`` is the order's ship step, ``ship_date`` its forecast (or actual) date and
    ``cause`` the step the delay comes from (the ship step itself when none is found).
    An order is late while its ship step is open, it is not cancelled or completed and
    ``days_late`` is positive.
    """
    warning = DelayWarning.objects.filter(order=order, cleared_at__isnull=True).first()
    shipped = ship is not None and ship.status == MilestoneStatus.DONE
    closed = order.status in (OrderStatus.CANCELLED, OrderStatus.COMPLETED)
    if days_late > 0 and not shipped and not closed and ship is not None and ship_date is not None:
        cause = cause or ship
        if warning is None:
            warning = _raise(order=order, cause=cause, slip=cause_slip_days, ship_date=ship_date, days_late=days_late)  # fmt: skip
            if notify:
                _notify_raised(order=order, warning=warning, cause=cause, ship=ship)
            return DelayOutcome(warning=warning, raised=True)
        _update(warning, order=order, cause=cause, slip=cause_slip_days, ship_date=ship_date, days_late=days_late)  # fmt: skip
        return DelayOutcome(warning=warning)
    if warning is not None:
        _clear(warning)
        if notify:
            _notify_cleared(order=order, ship=ship)
        return DelayOutcome(warning=None, cleared=True)
    return DelayOutcome(warning=None)


def _raise(
    *, order: Order, cause: Milestone, slip: int, ship_date: dt.date, days_late: int
) -> DelayWarning:
    warning = DelayWarning.objects.create(
        order=order, team_id=order.team_id, cause=cause, cause_slip_days=slip,
        promised_date=order.promised_ship_date, forecast_date=ship_date, days_late=days_late,
    )  # fmt: skip
    events.send_on_commit(
        events.delay_warning_raised, sender=__name__,
        warning_id=warning.pk, order_id=order.pk, days_late=days_late,
    )  # fmt: skip
    return warning


def _update(
    warning: DelayWarning,
    *,
    order: Order,
    cause: Milestone,
    slip: int,
    ship_date: dt.date,
    days_late: int,
) -> None:
    """A warning that stays open follows the forecast: its cause, days late and dates."""
    if (warning.cause_id, warning.days_late, warning.forecast_date) == (
        cause.pk,
        days_late,
        ship_date,
    ):
        return
    warning.cause, warning.cause_slip_days = cause, slip
    warning.forecast_date, warning.days_late = ship_date, days_late
    warning.promised_date = order.promised_ship_date
    warning.save(
        update_fields=["cause", "cause_slip_days", "forecast_date", "days_late", "promised_date"]
    )


def _clear(warning: DelayWarning) -> None:
    warning.cleared_at = timezone.now()
    warning.save(update_fields=["cleared_at"])
    events.send_on_commit(
        events.delay_warning_cleared,
        sender=__name__,
        warning_id=warning.pk,
        order_id=warning.order_id,
    )


# --- Who is told ----------------------------------------------------------------------
def _managers_of(order: Order) -> list[User]:
    managers = list(User.objects.filter(is_active=True, role=Role.MANAGER, teams=order.team_id))
    return managers or list(User.objects.filter(is_active=True, role=Role.MANAGER))


def _notify_raised(
    *, order: Order, warning: DelayWarning, cause: Milestone, ship: Milestone
) -> None:
    """The cause's owner, the ship step's owner, the merchandiser and the team's managers."""

    # Written in each recipient's language: the step's name too.
    def title() -> str:
        return _("%(order)s will ship %(days)s days late: %(step)s") % {
            "order": order.number,
            "days": warning.days_late,
            "step": cause.step.display_name,
        }

    def body() -> str:
        return _(
            "Forecast ship date %(forecast)s, promised %(promised)s. The delay comes from "
            "%(step)s (%(slip)s working days behind)."
        ) % {
            "forecast": warning.forecast_date.isoformat(),
            "promised": warning.promised_date.isoformat(),
            "step": cause.step.display_name,
            "slip": warning.cause_slip_days,
        }

    notification_send(
        users=[cause.owner, ship.owner, order.merchandiser, *_managers_of(order)],
        kind=Notification.Kind.DELAY_WARNING,
        title=title,
        body=body,
        url=order.get_absolute_url() + "#timeline",
    )


def _notify_cleared(*, order: Order, ship: Milestone | None) -> None:
    """The merchandiser and the ship step's owner hear the order is back on time."""
    notification_send(
        users=[order.merchandiser, ship.owner if ship else None],
        kind=Notification.Kind.DELAY_CLEARED,
        title=lambda: (
            _("%(order)s is back on time for %(date)s")
            % {"order": order.number, "date": order.promised_ship_date.isoformat()}
        ),
        url=order.get_absolute_url(),
    )
