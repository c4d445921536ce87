"""What the follow-up gives the communication hub: the order plan's placeholders for
message templates (ETD, ETA, tracking) and its evidence files as mail attachments.

Registered in ``FollowupConfig.ready()``; comms reads them from its registries and never
imports the follow-up.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.comms.registry import (
    OrderFile,
    OrderFileProvider,
    OutgoingFile,
    Placeholder,
    PlaceholderMissing,
    order_file_provider_register,
    placeholder_register,
)

from .models import Milestone, MilestoneEvidence

if TYPE_CHECKING:
    from gendan.comms.message_templates.rendering import PlaceholderValues
    from gendan.orders.models import Order


def _milestone_date(values: PlaceholderValues, *, ship_step: bool) -> dt.date:
    order = values.required_order()
    steps = Milestone.objects.filter(order=order)
    steps = (
        steps.filter(step__is_ship_step=True)
        if ship_step
        else steps.filter(step__key="eta_delivered")
    )
    milestone = steps.first()
    if milestone is None:
        step = _("loading/ETD") if ship_step else _("arrival/ETA")
        raise PlaceholderMissing(
            _("order %(number)s has no %(step)s step in its follow-up plan yet.")
            % {"number": order.number, "step": step}
        )
    return milestone.effective_date


def _tracking(values: PlaceholderValues) -> str:
    number = values.order.number if values.order is not None else "—"
    raise PlaceholderMissing(
        _("no tracking number is recorded for order %(number)s; type it in before sending.")
        % {"number": number}
    )


def _evidence_files(order: Order) -> list[OrderFile]:
    return [
        OrderFile(f"evidence-{e.pk}", e.original_name, e.size, str(e.milestone))
        for e in MilestoneEvidence.objects.filter(milestone__order=order)
        .select_related("milestone__step")
        .order_by("uploaded_at")[:100]
    ]


def _evidence_read(pk: int) -> OutgoingFile:
    evidence = MilestoneEvidence.objects.get(pk=pk)
    with evidence.file.open("rb") as handle:
        return OutgoingFile(evidence.original_name, handle.read())


def register() -> None:
    placeholder_register(
        Placeholder(
            "etd",
            gettext_lazy("ETD (loading step, forecast or actual)"),
            "January 14, 2027",
            lambda v: v.date(_milestone_date(v, ship_step=True)),
            110,
        )
    )
    placeholder_register(
        Placeholder(
            "eta",
            gettext_lazy("ETA (arrival step, forecast or actual)"),
            "February 20, 2027",
            lambda v: v.date(_milestone_date(v, ship_step=False)),
            120,
        )
    )
    placeholder_register(
        Placeholder(
            "tracking",
            gettext_lazy("Tracking or B/L number (typed in when sending)"),
            "MAEU123456789",
            _tracking,
            130,
        )
    )
    order_file_provider_register(
        OrderFileProvider("evidence", _evidence_files, _evidence_read, position=10)
    )
