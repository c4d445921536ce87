"""Domain events of the follow-up engine.

Each event is sent by the one service where the thing happens, once per real change
(a save that changes nothing sends nothing), and only when the transaction that made
the change commits: a rolled-back change sends nothing. Events carry ids and plain
values, never model instances, so a receiver loads what it needs itself.

Subscribe in your ``AppConfig.ready()``::

    from gendan.followup.events import delay_warning_raised

    delay_warning_raised.connect(my_receiver, dispatch_uid="myapp_delay_raised")

Every receiver is called as ``receiver(sender, **arguments)``; ``sender`` is the
follow-up service module that made the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.dispatch import Signal

milestone_completed = Signal()
"""A step of an order was marked done (``services.milestone_complete``).

Arguments: ``milestone_id`` (int), ``order_id`` (int), ``actual_date`` (date the step was
done), ``actor_id`` (int or None: who marked it).
"""

milestone_reopened = Signal()
"""A step that was done was set back to pending, in progress or skipped
(``services.milestone_set_status``).

Arguments: ``milestone_id`` (int), ``order_id`` (int), ``status`` (the new status),
``actor_id`` (int or None).
"""

delay_warning_raised = Signal()
"""An order's forecast ship date passed its promised ship date and it had no open delay
warning, so one was raised (``delay.delay_warning_sync``; also ``bulk.milestones_plan_bulk``
for orders planned in bulk that are already late).

Arguments: ``warning_id`` (int), ``order_id`` (int), ``days_late`` (int, calendar days
the forecast ship date is after the promised one).
"""

delay_warning_cleared = Signal()
"""An order's open delay warning was cleared: it is back on time, its ship step is done,
or the order was cancelled or completed (``delay.delay_warning_sync``).

Arguments: ``warning_id`` (int), ``order_id`` (int).
"""

forecast_changed = Signal()
"""An order's forecast ship date changed (``forecasts.order_recompute``, which every
step change, replan, plan and nightly refresh goes through; also
``bulk.milestones_plan_bulk``).

Arguments: ``order_id`` (int), ``old_forecast_ship_date`` (date or None: None when the
order had no forecast yet), ``new_forecast_ship_date`` (date or None).
"""


def send_on_commit(signal: Signal, *, sender: Any, **arguments: int | str | dt.date | None) -> None:
    """Send ``signal`` with ``arguments`` once the current transaction commits."""
    transaction.on_commit(lambda: signal.send(sender=sender, **arguments))
