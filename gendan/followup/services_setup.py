"""Set-up writes: saving a template from its editor (or the API), and the working-day
calendar's exceptions (shutdown days, working Saturdays)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace as _replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gendan.accounts.access import can
from gendan.accounts.models import User
from gendan.audit.models import Action
from gendan.audit.services import history_record
from gendan.core.concurrency import ConcurrentEditError

from .models import CalendarDay, SopTemplate, SopTemplateVersion, WorkCalendar
from .services import StepInput, sop_template_revise, sop_template_update, steps_validate

MAX_CALENDAR_RANGE_DAYS = 62


def _steps_of(version: SopTemplateVersion | None) -> list[StepInput]:
    """A version's steps as the editor and the API send them, in position order."""
    if version is None:
        return []
    return [
        StepInput(
            key=step.key,
            name=step.name,
            name_zh=step.name_zh,
            owner_role=step.owner_role,
            anchor=step.anchor,
            offset_days=step.offset_days,
            depends_on=sorted(dep.key for dep in step.depends_on.all()),
            evidence=step.evidence,
            customer_visible=step.customer_visible,
            lead_days=step.lead_days,
            calendar_side=step.calendar_side,
            is_ship_step=step.is_ship_step,
            done_on_confirm=step.done_on_confirm,
            message_template=step.message_template,
        )
        for step in version.steps.prefetch_related("depends_on").order_by("position")
    ]


def _same_steps(submitted: list[StepInput], stored: list[StepInput]) -> bool:
    def normal(step: StepInput) -> StepInput:
        return _replace(
            step,
            name=step.name.strip(),
            name_zh=(step.name_zh or step.name).strip(),
            depends_on=sorted(step.depends_on),
        )

    return [normal(s) for s in submitted] == [normal(s) for s in stored]


@transaction.atomic
def sop_template_save(
    *,
    actor: User | None,
    template: SopTemplate,
    name: str,
    description: str = "",
    is_default: bool = False,
    customers: Iterable[Any] = (),
    categories: Iterable[Any] = (),
    steps: list[StepInput] | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> SopTemplateVersion | None:
    """Save the editor's whole template: the header, and the steps as a new version if they changed.

    Returns the new version, or None when the steps are the same as the current version's
    (a new name or customer list is no new way of running orders).
    """
    locked = (
        SopTemplate.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=template.pk)
    )
    current = locked.current_version.number if locked.current_version else 0
    if expected_version is not None and int(expected_version) != current:
        raise ConcurrentEditError(current_version=current, submitted_version=int(expected_version))
    version = None
    if steps is not None:
        steps_validate(steps)
        if not _same_steps(steps, _steps_of(locked.current_version)):
            version = sop_template_revise(
                actor=actor, template=locked, steps=steps, note=note, expected_version=current
            )
    sop_template_update(
        actor=actor, template=locked, name=name, description=description,
        is_default=is_default, customers=customers, categories=categories,
    )  # fmt: skip
    template.refresh_from_db()
    return version


def _require_calendar_manager(actor: User) -> None:
    if not can(actor, "templates.manage"):
        raise PermissionDenied(_("Only a manager or an administrator can change the calendar."))


@transaction.atomic
def calendar_day_set(
    *,
    actor: User,
    calendar: WorkCalendar,
    date_from: dt.date,
    date_to: dt.date | None = None,
    is_working: bool,
    note: str = "",
) -> list[CalendarDay]:
    """Mark a day or a range of days as a company day off or working day.

    A day that already has an exception gets the new one. Orders planned from now on count
    working days with it; orders already planned keep their plans until they are replanned.
    """
    _require_calendar_manager(actor)
    date_to = date_to or date_from
    if date_to < date_from:
        raise ValidationError({"date_to": _("The last day is before the first.")})
    days = (date_to - date_from).days + 1
    if days > MAX_CALENDAR_RANGE_DAYS:
        raise ValidationError(
            {
                "date_to": _("Mark at most %(days)s days at once.")
                % {"days": MAX_CALENDAR_RANGE_DAYS}
            }
        )
    locked = WorkCalendar.objects.select_for_update().get(pk=calendar.pk)
    note = (note or "").strip()[:200]
    saved = []
    for offset in range(days):
        day, _created = CalendarDay.objects.update_or_create(
            calendar=locked,
            date=date_from + dt.timedelta(days=offset),
            defaults={"is_working": is_working, "note": note},
        )
        saved.append(day)
    locked.save(update_fields=["updated_at"])
    what = _("working day") if is_working else _("day off")
    span = (
        date_from.isoformat() if days == 1 else f"{date_from.isoformat()} – {date_to.isoformat()}"
    )
    history_record(
        actor=actor, record=locked, action=Action.UPDATE,
        changes={"days": ["", f"{span}: {what}"]}, note=note,
    )  # fmt: skip
    return saved


@transaction.atomic
def calendar_day_delete(*, actor: User, day: CalendarDay, until: dt.date | None = None) -> int:
    """Remove a company exception, or a run of them up to ``until``: the public calendar applies again.

    The run takes the days of the same kind (day off or working day) from ``day`` to ``until``.
    """
    _require_calendar_manager(actor)
    locked = WorkCalendar.objects.select_for_update().get(pk=day.calendar_id)
    last = max(until or day.date, day.date)
    if (last - day.date).days >= MAX_CALENDAR_RANGE_DAYS:
        raise ValidationError(
            {
                "until": _("Remove at most %(days)s days at once.")
                % {"days": MAX_CALENDAR_RANGE_DAYS}
            }
        )
    what = _("working day") if day.is_working else _("day off")
    span = (
        day.date.isoformat() if last == day.date else f"{day.date.isoformat()} – {last.isoformat()}"
    )
    removed, _deleted = CalendarDay.objects.filter(
        calendar=locked, is_working=day.is_working, date__gte=day.date, date__lte=last
    ).delete()
    locked.save(update_fields=["updated_at"])
    history_record(
        actor=actor, record=locked, action=Action.UPDATE, changes={"days": [f"{span}: {what}", ""]}
    )
    return removed
