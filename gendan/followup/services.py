"""Writes of the follow-up engine.  Pages, API, tasks and commands all come here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gendan.accounts.access import can, team_ids
from gendan.accounts.models import Role, User
from gendan.audit.models import Action
from gendan.audit.services import history_record
from gendan.core.calendars import WorkingDays
from gendan.core.concurrency import ConcurrentEditError
from gendan.notify.models import Notification
from gendan.notify.services import notification_send
from gendan.orders.models import Order

from . import events
from .calendars import factory_working_days
from .forecasts import Calendars, order_recompute, step_node
from .models import (
    Anchor,
    CalendarSide,
    Comment,
    Evidence,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    OrderProgress,
    SopStep,
    SopTemplate,
    SopTemplateVersion,
    Task,
)
from .planning import CycleError, Node, plan, topological_order

MAX_EVIDENCE_MB = 20


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
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the template a name.")})
    if is_default:
        SopTemplate.objects.filter(is_default=True).update(is_default=False)
    template = SopTemplate.objects.create(
        name=name.strip(), description=description, is_default=is_default
    )
    template.customers.set(list(customers))
    template.categories.set(list(categories))
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
    locked = (
        SopTemplate.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=template.pk)
    )
    current = locked.current_version.number if locked.current_version else 0
    if expected_version is not None and int(expected_version) != current:
        raise ConcurrentEditError(current_version=current, submitted_version=int(expected_version))
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
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the template a name.")})
    if is_default:
        _set_default(template)
    elif template.is_default:
        raise ValidationError({"is_default": _("Make another template the default first.")})
    template.name, template.description, template.is_default = name.strip(), description, is_default
    template.save(update_fields=["name", "description", "is_default"])
    template.customers.set(list(customers))
    template.categories.set(list(categories))
    return template


def template_version_for_order(order: Order) -> SopTemplateVersion | None:
    """The customer's own template, else one for the products' category, else the default."""
    base = SopTemplate.objects.exclude(current_version=None).select_related("current_version")
    chosen = base.filter(customers=order.customer_id).order_by("pk").first()
    if chosen is None:
        category_ids = [
            cid for cid in order.lines.values_list("product__category_id", flat=True) if cid
        ]
        if category_ids:
            chosen = base.filter(categories__in=category_ids).order_by("pk").first()
    if chosen is None:
        chosen = base.filter(is_default=True).first()
    return chosen.current_version if chosen else None


# --- Owners and calendars -------------------------------------------------------------
def _role_holders(order: Order) -> dict[str, User]:
    """One user per role in the order's team, for steps whose role is not on the order."""
    holders: dict[str, User] = {}
    for user in User.objects.filter(is_active=True, teams=order.team_id).order_by("username"):
        holders.setdefault(user.role, user)
    return holders


def default_owner(role: str, order: Order, holders: dict[str, User]) -> User | None:
    if role == Role.MERCHANDISER and order.merchandiser_id:
        return order.merchandiser
    if role == Role.SALES and order.sales_owner_id:
        return order.sales_owner
    return holders.get(role) or order.merchandiser


# --- Planning a confirmed order -------------------------------------------------------
@transaction.atomic
def milestones_instantiate(
    *, order: Order, actor: User | None = None, today: dt.date | None = None
) -> list[Milestone]:
    """Plan a confirmed order from its SOP template; a second call changes nothing."""
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("customer", "merchandiser", "sales_owner")
        .get(pk=order.pk)
    )
    if order.milestones.exists():
        return list(order.milestones.all())
    version = template_version_for_order(order)
    if version is None:
        return []
    today = today or timezone.localdate()
    confirmed = order.confirmed_on or today
    steps = list(version.steps.prefetch_related("depends_on").order_by("position"))
    calendars = Calendars(factory=factory_working_days())
    nodes = {
        step.key: step_node(
            step,
            calendar=calendars.for_step(step, order),
            deps=[dep.key for dep in step.depends_on.all()],
        )
        for step in steps
    }
    plan(nodes, confirmed=confirmed, ship_date=order.promised_ship_date)
    holders = _role_holders(order)
    milestones = Milestone.objects.bulk_create(
        [
            Milestone(
                order=order,
                step=step,
                team_id=order.team_id,
                position=step.position,
                owner=default_owner(step.owner_role, order, holders),
                planned_date=nodes[step.key].planned,
                forecast_date=nodes[step.key].planned,
                status=MilestoneStatus.DONE if step.done_on_confirm else MilestoneStatus.PENDING,
                actual_date=min(nodes[step.key].planned, confirmed)
                if step.done_on_confirm
                else None,
            )  # fmt: skip
            for step in steps
        ]
    )
    if not all(m.pk for m in milestones):  # SQLite before 3.35 returns no ids
        milestones = list(order.milestones.order_by("position"))
    by_key = {m.step.key: m for m in milestones}
    through = Milestone.depends_on.through
    through.objects.bulk_create(
        [
            through(from_milestone_id=by_key[step.key].pk, to_milestone_id=by_key[dep.key].pk)
            for step in steps
            for dep in step.depends_on.all()
        ]
    )
    OrderProgress.objects.update_or_create(
        order=order, defaults={"team_id": order.team_id, "template_version": version}
    )
    history_record(
        actor=actor, record=order, action=Action.UPDATE,
        note=_("Follow-up planned from %(template)s v%(version)s") % {"template": version.template.name, "version": version.number},
    )  # fmt: skip
    order_recompute(order=order, today=today)
    return milestones


# --- Milestones -----------------------------------------------------------------------
def _require_change(actor: User, milestone: Milestone) -> None:
    if not can(actor, "milestones.change", team=milestone.team_id):
        raise PermissionDenied(_("You cannot change the steps of this order."))


def _locked(milestone: Milestone) -> Milestone:
    return (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("step", "order", "owner")
        .get(pk=milestone.pk)
    )


def _record(
    actor: User | None, milestone: Milestone, changes: dict[str, list[str]], note: str = ""
) -> None:
    history_record(
        actor=actor,
        record=milestone,
        action=Action.UPDATE,
        subject=milestone.order,
        changes=changes,
        note=note,
    )


def evidence_add(*, actor: User, milestone: Milestone, upload: UploadedFile) -> MilestoneEvidence:
    _require_change(actor, milestone)
    if upload.size and upload.size > MAX_EVIDENCE_MB * 1024 * 1024:
        raise ValidationError(
            {
                "evidence": _("%(name)s is larger than %(mb)s MB.")
                % {"name": upload.name, "mb": MAX_EVIDENCE_MB}
            }
        )
    name = Path(upload.name or "file").name[:200]
    evidence = MilestoneEvidence(
        milestone=milestone, original_name=name, size=upload.size or 0, uploaded_by=actor
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    history_record(
        actor=actor,
        record=milestone,
        action=Action.UPDATE,
        subject=milestone.order,
        note=_("Evidence added: %(name)s") % {"name": name},
    )
    return evidence


@transaction.atomic
def milestone_complete(
    *,
    actor: User,
    milestone: Milestone,
    actual_date: dt.date,
    note: str = "",
    files: Iterable[UploadedFile] = (),
    today: dt.date | None = None,
) -> Milestone:
    """Record that a step is done on ``actual_date``; a late finish moves the steps after it."""
    today = today or timezone.localdate()
    locked = _locked(milestone)
    _require_change(actor, locked)
    if locked.status == MilestoneStatus.DONE:
        raise ValidationError(_("%(step)s is already done.") % {"step": locked.step.display_name})
    if actual_date > today:
        raise ValidationError({"actual_date": _("A step cannot be done in the future.")})
    if locked.order.confirmed_on and actual_date < locked.order.confirmed_on - dt.timedelta(
        days=365
    ):
        raise ValidationError(
            {"actual_date": _("That date is more than a year before the order was confirmed.")}
        )
    files = list(files)
    for upload in files:
        evidence_add(actor=actor, milestone=locked, upload=upload)
    if locked.step.evidence == Evidence.FILE and not locked.evidence_files.exists():
        raise ValidationError(
            {
                "evidence": _("%(step)s needs a file as evidence (a photo or document).")
                % {"step": locked.step.display_name}
            }
        )
    old_status = locked.status
    locked.status, locked.actual_date, locked.completed_by = (
        MilestoneStatus.DONE,
        actual_date,
        actor,
    )
    if note:
        locked.note = f"{locked.note}\n{note}".strip()
    locked.save(update_fields=["status", "actual_date", "completed_by", "note"])
    _record(
        actor, locked, {"status": [old_status, MilestoneStatus.DONE], "actual_date": ["", actual_date.isoformat()]},
        note=note,
    )  # fmt: skip
    events.send_on_commit(
        events.milestone_completed, sender=__name__, milestone_id=locked.pk,
        order_id=locked.order_id, actual_date=actual_date, actor_id=actor.pk,
    )  # fmt: skip
    order_recompute(order=locked.order, today=today)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def milestone_reschedule(
    *,
    actor: User,
    milestone: Milestone,
    forecast_date: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> Milestone:
    """Move a step's forecast, with the reason; only its owner or a manager may."""
    locked = _locked(milestone)
    _require_change(actor, locked)
    if not (
        locked.owner_id == actor.pk or can(actor, "milestones.reschedule_any", team=locked.team_id)
    ):
        raise PermissionDenied(_("Only the step's owner or a manager can move its forecast."))
    if locked.status == MilestoneStatus.DONE:
        raise ValidationError(_("%(step)s is already done.") % {"step": locked.step.display_name})
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why the date moves; the team and the manager will see it.")}
        )
    if forecast_date < locked.planned_date:
        # An earlier date than plan is recorded as "back to plan": plans never move earlier.
        forecast_date = locked.planned_date
    old = locked.forecast_date
    locked.manual_forecast = forecast_date
    locked.save(update_fields=["manual_forecast"])
    _record(
        actor,
        locked,
        {"forecast_date": [old.isoformat(), forecast_date.isoformat()]},
        note=reason.strip(),
    )
    order_recompute(order=locked.order, today=today)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def milestone_set_status(
    *,
    actor: User,
    milestone: Milestone,
    status: str,
    reason: str = "",
    today: dt.date | None = None,
) -> Milestone:
    """Start, skip (with a reason) or reopen a step."""
    locked = _locked(milestone)
    _require_change(actor, locked)
    old = locked.status
    if status not in (
        MilestoneStatus.PENDING,
        MilestoneStatus.IN_PROGRESS,
        MilestoneStatus.SKIPPED,
    ):
        raise ValidationError({"status": _("Use “complete” to finish a step.")})
    if status == MilestoneStatus.SKIPPED and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the step is skipped.")})
    if old == MilestoneStatus.DONE and not can(
        actor, "milestones.reschedule_any", team=locked.team_id
    ):
        raise PermissionDenied(_("Only a manager can reopen a finished step."))
    locked.status = status
    locked.skip_reason = reason.strip() if status == MilestoneStatus.SKIPPED else ""
    if status != MilestoneStatus.DONE:
        locked.actual_date = None
    locked.save(update_fields=["status", "skip_reason", "actual_date"])
    _record(actor, locked, {"status": [old, status]}, note=reason)
    if old == MilestoneStatus.DONE:
        events.send_on_commit(
            events.milestone_reopened, sender=__name__, milestone_id=locked.pk,
            order_id=locked.order_id, status=status, actor_id=actor.pk,
        )  # fmt: skip
    order_recompute(order=locked.order, today=today)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def milestone_assign(*, actor: User, milestone: Milestone, owner: User | None) -> Milestone:
    locked = _locked(milestone)
    _require_change(actor, locked)
    if owner is not None and not (owner.sees_all_teams or locked.team_id in team_ids(owner)):
        raise ValidationError(
            {"owner": _("%(user)s is not in the order's team.") % {"user": owner}}
        )
    old = str(locked.owner or "")
    locked.owner = owner
    locked.save(update_fields=["owner"])
    _record(actor, locked, {"owner": [old, str(owner or "")]})
    return locked


# --- Tasks and comments (C5) ----------------------------------------------------------
def _check_member(user: User | None, order: Order, field_name: str) -> None:
    if user is not None and not (user.sees_all_teams or order.team_id in team_ids(user)):
        raise ValidationError({field_name: _("%(user)s cannot see this order.") % {"user": user}})


@transaction.atomic
def task_create(
    *,
    actor: User,
    order: Order,
    title: str,
    assignee: User | None = None,
    due_date: dt.date | None = None,
) -> Task:
    if not can(actor, "milestones.change", team=order.team_id):
        raise PermissionDenied(_("You cannot add tasks to this order."))
    if not (title or "").strip():
        raise ValidationError({"title": _("Say what needs doing.")})
    _check_member(assignee, order, "assignee")
    task = Task.objects.create(
        order=order,
        team_id=order.team_id,
        title=title.strip()[:255],
        assignee=assignee,
        due_date=due_date,
        created_by=actor,
    )
    history_record(actor=actor, record=task, action=Action.CREATE, subject=order)
    if assignee is not None and assignee != actor:
        notification_send(
            users=[assignee], kind=Notification.Kind.TASK_ASSIGNED,
            title=lambda: _("%(user)s asked you: %(task)s (%(order)s)") % {"user": actor, "task": task.title, "order": order.number},
            url=order.get_absolute_url() + "#tasks",
        )  # fmt: skip
    return task


@transaction.atomic
def task_set_done(*, actor: User, task: Task, done: bool) -> Task:
    locked = Task.objects.select_for_update().select_related("order").get(pk=task.pk)
    if not can(actor, "milestones.change", team=locked.team_id):
        raise PermissionDenied(_("You cannot change the tasks of this order."))
    if done == locked.is_done:
        return locked
    locked.done_at = timezone.now() if done else None
    locked.save(update_fields=["done_at"])
    history_record(
        actor=actor,
        record=locked,
        action=Action.UPDATE,
        subject=locked.order,
        changes={"done_at": ["", "✓"] if done else ["✓", ""]},
    )
    return locked


MENTION = re.compile(r"(?<![\w@.])@([\w.+-]{1,150})")


@transaction.atomic
def comment_add(*, actor: User, order: Order, body: str) -> Comment:
    """A comment on an order; each @username who can see the order is told."""
    if not can(actor, "milestones.change", team=order.team_id) and not can(
        actor, "orders.change", team=order.team_id
    ):
        raise PermissionDenied(_("You cannot comment on this order."))
    if not (body or "").strip():
        raise ValidationError({"body": _("Write something first.")})
    comment = Comment.objects.create(order=order, author=actor, body=body.strip())
    names = {name.rstrip(".") for name in MENTION.findall(body)}
    mentioned = [
        user
        for user in User.objects.filter(username__in=names, is_active=True)
        if user.sees_all_teams or order.team_id in team_ids(user)
    ]
    comment.mentions.set(mentioned)
    notification_send(
        users=[user for user in mentioned if user != actor], kind=Notification.Kind.MENTION,
        title=lambda: _("%(user)s mentioned you on %(order)s") % {"user": actor, "order": order.number},
        body=comment.body[:500], url=order.get_absolute_url() + f"#comment-{comment.pk}",
    )  # fmt: skip
    return comment
