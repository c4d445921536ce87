"""Set-up writes: SOP templates (created, revised as new versions, saved from the editor
or the API) and the working-day calendar's exceptions (shutdown days, working Saturdays)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gendan.accounts.access import can
from gendan.accounts.models import Role, User
from gendan.audit.models import Action
from gendan.audit.services import history_record
from gendan.core.calendars import WorkingDays
from gendan.core.concurrency import ConcurrentEditError

from ..models import (
    Anchor,
    CalendarDay,
    CalendarSide,
    Evidence,
    SopStep,
    SopTemplate,
    SopTemplateVersion,
    WorkCalendar,
)
from ..planning import CycleError, Node, topological_order


# --- SOP templates --------------------------------------------------------------------
@dataclass
class StepInput:
    key: str
    name: str
    name_zh: str = ""
    owner_role: str = Role.MERCHANDISER
    anchor: str = Anchor.DEPENDENCIES
    offset_days: int = 0
    depends_on: list[str] = field(default_factory=list)
    evidence: str = Evidence.NONE
    customer_visible: bool = False
    lead_days: int = 1
    calendar_side: str = CalendarSide.FACTORY
    is_ship_step: bool = False
    done_on_confirm: bool = False
    message_template: str = ""


def steps_validate(steps: list[StepInput]) -> None:
    """Every problem with a template's steps, each naming the step; a cycle names its steps."""
    errors: list[str] = []
    if not steps:
        raise ValidationError({"steps": _("A template needs at least one step.")})
    keys: dict[str, StepInput] = {}
    for number, step in enumerate(steps, start=1):
        label = step.name or _("step %(n)s") % {"n": number}
        step.key = slugify(step.key or step.name).replace("-", "_")[:50]
        if not step.key:
            errors.append(_("Step %(n)s needs a name.") % {"n": number})
            continue
        if step.key in keys:
            errors.append(
                _("Two steps are called %(key)s; give each a different key.") % {"key": step.key}
            )
        keys[step.key] = step
        if not step.name.strip():
            errors.append(_("Step %(n)s needs an English name.") % {"n": number})
        if step.owner_role not in Role.values:
            errors.append(
                _("%(step)s: unknown owner role %(role)s.")
                % {"step": label, "role": step.owner_role}
            )
        if step.anchor not in Anchor.values:
            errors.append(
                _("%(step)s: unknown anchor %(anchor)s.") % {"step": label, "anchor": step.anchor}
            )
        if step.evidence not in Evidence.values:
            errors.append(
                _("%(step)s: unknown evidence %(evidence)s.")
                % {"step": label, "evidence": step.evidence}
            )
        if step.calendar_side not in CalendarSide.values:
            errors.append(
                _("%(step)s: unknown calendar %(side)s.")
                % {"step": label, "side": step.calendar_side}
            )
        if step.anchor == Anchor.DEPENDENCIES and not step.depends_on:
            errors.append(
                _("%(step)s is anchored on the steps it depends on, but depends on none.")
                % {"step": label}
            )
        if step.anchor != Anchor.SHIP_DATE and step.offset_days < 0:
            errors.append(
                _("%(step)s: only steps counted from the ship date can have a negative offset.")
                % {"step": label}
            )
        if abs(step.offset_days) > 365:
            errors.append(
                _("%(step)s: an offset of more than 365 working days is not a plan.")
                % {"step": label}
            )
    for step in steps:
        for dep in step.depends_on:
            if dep == step.key:
                errors.append(_("%(step)s cannot depend on itself.") % {"step": _label(step)})
            elif dep not in keys:
                errors.append(
                    _("%(step)s depends on %(dep)s, which is not a step of this template.")
                    % {"step": _label(step), "dep": dep}
                )
    ship_steps = [step for step in steps if step.is_ship_step]
    if len(ship_steps) != 1:
        errors.append(_("Mark exactly one step as the ship step (e.g. Loading / ETD)."))
    if errors:
        raise ValidationError({"steps": errors})
    nodes = {
        step.key: Node(
            key=step.key,
            name=_label(step),
            anchor=step.anchor,
            offset=0,
            calendar=WorkingDays(),
            deps=step.depends_on,
        )
        for step in steps
    }
    try:
        topological_order(nodes)
    except CycleError as exc:
        raise ValidationError({"steps": [str(exc)]}) from None


def _label(step: StepInput) -> str:
    """The step's name as the user reads it: Chinese when the page is in Chinese."""
    language = get_language() or ""
    return step.name_zh if language.startswith("zh") and step.name_zh else step.name


def _version_create(
    *, actor: User | None, template: SopTemplate, steps: list[StepInput], note: str
) -> SopTemplateVersion:
    steps_validate(steps)
    last = template.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = SopTemplateVersion.objects.create(
        template=template, number=last + 1, note=note[:255], created_by=actor
    )
    created: dict[str, SopStep] = {}
    for position, step in enumerate(steps, start=1):
        created[step.key] = SopStep.objects.create(
            version=version,
            key=step.key,
            position=position,
            name=step.name.strip(),
            name_zh=(step.name_zh or step.name).strip(),
            owner_role=step.owner_role,
            anchor=step.anchor,
            offset_days=step.offset_days,
            lead_days=step.lead_days,
            evidence=step.evidence,
            customer_visible=step.customer_visible,
            calendar_side=step.calendar_side,
            is_ship_step=step.is_ship_step,
            done_on_confirm=step.done_on_confirm,
            message_template=step.message_template,
        )
    through = SopStep.depends_on.through
    through.objects.bulk_create(
        [
            through(from_sopstep_id=created[step.key].pk, to_sopstep_id=created[dep].pk)
            for step in steps
            for dep in step.depends_on
        ]
    )
    template.current_version = version
    template.save(update_fields=["current_version"])
    return version


def _lock(template: SopTemplate, *, expected_version: int | None) -> tuple[SopTemplate, int]:
    """The template locked for a change, and its current version's number; a change made
    against an older version than the current one raises ConcurrentEditError."""
    locked = (
        SopTemplate.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=template.pk)
    )
    current = locked.current_version.number if locked.current_version else 0
    if expected_version is not None and int(expected_version) != current:
        raise ConcurrentEditError(current_version=current, submitted_version=int(expected_version))
    return locked, current


def _checked_name(name: str) -> str:
    """The template's name without surrounding spaces; an empty name is an error."""
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the template a name.")})
    return name.strip()


def _set_whom_for(
    template: SopTemplate, customers: Iterable[Any], categories: Iterable[Any]
) -> None:
    """The customers and product categories whose orders use the template."""
    template.customers.set(list(customers))
    template.categories.set(list(categories))


def _set_default(template: SopTemplate) -> None:
    SopTemplate.objects.filter(is_default=True).exclude(pk=template.pk).update(is_default=False)


@transaction.atomic
def sop_template_create(
    *,
    actor: User | None,
    name: str,
    steps: list[StepInput],
    description: str = "",
    is_default: bool = False,
    customers: Iterable[Any] = (),
    categories: Iterable[Any] = (),
) -> SopTemplate:
    name = _checked_name(name)
    if is_default:
        SopTemplate.objects.filter(is_default=True).update(is_default=False)
    template = SopTemplate.objects.create(name=name, description=description, is_default=is_default)
    _set_whom_for(template, customers, categories)
    _version_create(actor=actor, template=template, steps=steps, note=_("First version"))
    history_record(actor=actor, record=template, action=Action.CREATE)
    return template


@transaction.atomic
def sop_template_revise(
    *,
    actor: User | None,
    template: SopTemplate,
    steps: list[StepInput],
    note: str = "",
    expected_version: int | None = None,
) -> SopTemplateVersion:
    """Save changed steps as a new version; orders already planned keep the version they have."""
    locked, current = _lock(template, expected_version=expected_version)
    version = _version_create(actor=actor, template=locked, steps=steps, note=note)
    history_record(
        actor=actor, record=locked, action=Action.UPDATE,
        changes={"version": [str(current), str(version.number)]}, note=note,
    )  # fmt: skip
    return version


@transaction.atomic
def sop_template_update(
    *,
    actor: User | None,
    template: SopTemplate,
    name: str,
    description: str = "",
    is_default: bool = False,
    customers: Iterable[Any] = (),
    categories: Iterable[Any] = (),
) -> SopTemplate:
    """Name, default flag and which customers or categories the template is for."""
    name = _checked_name(name)
    if is_default:
        _set_default(template)
    elif template.is_default:
        raise ValidationError({"is_default": _("Make another template the default first.")})
    template.name, template.description, template.is_default = name, description, is_default
    template.save(update_fields=["name", "description", "is_default"])
    _set_whom_for(template, customers, categories)
    return template


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
    locked, current = _lock(template, expected_version=expected_version)
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


# --- The working-day calendar --------------------------------------------------------
MAX_CALENDAR_RANGE_DAYS = 62


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
