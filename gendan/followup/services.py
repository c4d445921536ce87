"""Writes of the daily follow-up: planning a confirmed order, its steps (done, moved,
started, skipped, reopened, assigned, evidence), tasks and comments. Pages, API, tasks and
commands all come here. Forecasts and the delay warning follow in ``forecasts`` and
``delay``; SOP templates and the calendar are written in ``setup.services``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.accounts.access import can, team_ids
from gendan.accounts.models import Role, User
from gendan.audit.models import Action
from gendan.audit.services import history_record
from gendan.notify.models import Notification
from gendan.notify.services import notification_send
from gendan.orders.models import Order

from . import events
from .calendars import factory_working_days
from .forecasts import Calendars, order_recompute, step_node
from .models import (
    Comment,
    Evidence,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    OrderProgress,
    Task,
)
from .planning import plan
from .setup.selectors import template_version_for_order

MAX_EVIDENCE_MB = 20


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


def _locked_for_change(actor: User, milestone: Milestone) -> Milestone:
    """The step locked for ``actor`` to change; PermissionDenied if they may not."""
    locked = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("step", "order", "owner")
        .get(pk=milestone.pk)
    )
    _require_change(actor, locked)
    return locked


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


def _send(
    signal: Signal, milestone: Milestone, actor: User, **values: str | dt.date | None
) -> None:
    """A milestone event, on commit, with the milestone's and its order's ids."""
    events.send_on_commit(
        signal, sender=__name__, milestone_id=milestone.pk, order_id=milestone.order_id,
        actor_id=actor.pk, **values,
    )  # fmt: skip


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
    locked = _locked_for_change(actor, milestone)
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
    _send(events.milestone_completed, locked, actor, actual_date=actual_date)
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
    locked = _locked_for_change(actor, milestone)
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
    locked = _locked_for_change(actor, milestone)
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
        _send(events.milestone_reopened, locked, actor, status=status)
    order_recompute(order=locked.order, today=today)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def milestone_assign(*, actor: User, milestone: Milestone, owner: User | None) -> Milestone:
    locked = _locked_for_change(actor, milestone)
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
