"""My day, the board, the order timeline, tasks and comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import can
from gendan.accounts.http import AuthedHttpRequest
from gendan.accounts.models import User
from gendan.core.calendars import WorkingDays
from gendan.core.downloads import stored_file_response
from gendan.core.forms import add_service_errors
from gendan.core.pagination import keyset_page
from gendan.core.partials import render_page_or_part
from gendan.customers.selectors import customers_visible
from gendan.orders.models import Order
from gendan.orders.selectors import order_get_for_user

from .calendars import factory_working_days
from .forms import (
    BoardFilterForm,
    CommentForm,
    MilestoneAssignForm,
    MilestoneCompleteForm,
    MilestoneRescheduleForm,
    MilestoneSkipForm,
    TaskForm,
)
from .gantt import build_timeline
from .models import Evidence, Milestone, MilestoneStatus, OrderProgress
from .selectors import (
    STAGE_PAGE_SIZE,
    BoardFilters,
    Stage,
    board_cards,
    board_counts,
    board_progress,
    board_stages,
    evidence_get_for_user,
    extra_stage_names,
    milestone_get_for_user,
    my_day,
    order_followup,
    stage_cards,
    task_get_for_user,
    users_who_see,
)
from .services import (
    comment_add,
    milestone_assign,
    milestone_complete,
    milestone_reschedule,
    milestone_set_status,
    task_create,
    task_set_done,
)

# Where a step action came from decides where the page goes afterwards: My day, or the
# order's follow-up panel. htmx follows the redirect and swaps in what it returns.
CONTEXTS = ("day", "panel")
CONTAINERS = {"day": "#my-day", "panel": "#followup-panel"}


def _context_of(request: AuthedHttpRequest) -> str:
    value = request.POST.get("ctx") or request.GET.get("ctx") or ""
    return value if value in CONTEXTS else "panel"


def _back_url(context: str, order_id: int) -> str:
    if context == "day":
        return reverse("followup:my_day")
    return reverse("followup:order_panel", args=[order_id])


def _service_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's errors on the form, with the fields they name marked invalid."""
    add_service_errors(form, exc)
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _set_permissions(user: User, milestones: list[Milestone]) -> None:
    """What the user may do with each step, for the buttons the page shows."""
    for m in milestones:
        change = can(user, "milestones.change", team=m.team_id)
        manager = can(user, "milestones.reschedule_any", team=m.team_id)
        m.can_change = change  # type: ignore[attr-defined]
        m.can_reschedule = change and (m.owner_id == user.pk or manager)  # type: ignore[attr-defined]
        m.can_reopen = change and manager  # type: ignore[attr-defined]


# --- My day -----------------------------------------------------------------------------
@login_required
def my_day_view(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    day = my_day(user=request.user, today=today, calendar=factory_working_days())
    _set_permissions(request.user, [*day.overdue, *day.due_today, *day.upcoming])
    context = {
        "day": day,
        "ctx": "day",
        "container": CONTAINERS["day"],
        "can_change_tasks": can(request.user, "milestones.change"),
    }
    return render_page_or_part(request, "followup/my_day.html", context, part="day")


# --- The board --------------------------------------------------------------------------
def _board_filters(request: AuthedHttpRequest) -> tuple[BoardFilterForm, BoardFilters]:
    form = BoardFilterForm(
        request.GET or None, user=request.user, customers=customers_visible(request.user)
    )
    # A filter that does not validate (a customer of another team) is left out; the
    # others still apply.
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the fields that validate
        data = form.cleaned_data
    merchandiser, customer, team = data.get("merchandiser"), data.get("customer"), data.get("team")
    filters = BoardFilters(
        merchandiser=merchandiser.pk if merchandiser else None,
        customer=customer.pk if customer else None,
        team=team.pk if team else None,
        late_only=bool(data.get("late")),
        stage=data.get("stage") or "",
    )
    return form, filters


def _decorate(cards: list[OrderProgress], *, today: dt.date, calendar: WorkingDays) -> None:
    """Red when the current step is past its plan or the order will ship late; amber when
    its step is due within two working days."""
    zh = (get_language() or "").startswith("zh")
    for card in cards:
        due = card.due_date
        planned = card.current.planned_date if card.current else due
        since = min(d for d in (due, planned) if d) if (due or planned) else today
        card.days_overdue = max((today - since).days, 0)  # type: ignore[attr-defined]
        has_warning = getattr(card, "warning_days", None) is not None
        if card.days_overdue or has_warning:  # type: ignore[attr-defined]
            card.tone = "late"  # type: ignore[attr-defined]
        elif due and calendar.between(today, due) <= 2:
            card.tone = "soon"  # type: ignore[attr-defined]
        else:
            card.tone = ""  # type: ignore[attr-defined]
        if has_warning:
            chinese = getattr(card, "warning_cause_zh", "")
            card.warning_step = chinese if zh and chinese else card.warning_cause  # type: ignore[attr-defined]


@login_required
def board_view(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, filters = _board_filters(request)
    stages = board_stages()
    qs = board_progress(user=request.user, filters=filters, today=today)
    counts = board_counts(qs, today=today)
    known = {stage.key for stage in stages}
    extra = sorted(key for key in counts if key not in known)
    if extra:
        names = extra_stage_names(extra)
        stages += [Stage(key=key, name=names.get(key, key)) for key in extra]
    for stage in stages:
        stage.count, stage.late = counts.get(stage.key, (0, 0))
    if filters.late_only and not filters.stage:
        # Looking for trouble: only the columns that hold a late order, so none is
        # off-screen to the right of seventeen empty ones.
        stages = [stage for stage in stages if stage.count]

    page = None
    if filters.stage:
        stages = [s for s in stages if s.key == filters.stage] or [
            Stage(key=filters.stage, name=filters.stage)
        ]
        page = keyset_page(
            stage_cards(qs), sort="due_date", cursor=request.GET.get("cursor"), size=STAGE_PAGE_SIZE
        )
        stages[0].cards = list(page.rows)
    else:
        by_key = {stage.key: stage for stage in stages}
        for card in board_cards(qs):
            if card.stage_key in by_key:
                by_key[card.stage_key].cards.append(card)
    _decorate(
        [card for stage in stages for card in stage.cards],
        today=today,
        calendar=factory_working_days(),
    )
    context = {
        "filter_form": form,
        "filters": filters,
        "stages": stages,
        "page": page,
        "total": sum(stage.count for stage in stages),
        "late_total": sum(stage.late for stage in stages),
        "today": today,
    }
    return render_page_or_part(request, "followup/board.html", context, part="board")


# --- The order's follow-up panel ----------------------------------------------------------
def _render_panel(
    request: AuthedHttpRequest,
    order: Order,
    *,
    task_form: BaseForm | None = None,
    comment_form: BaseForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    data = order_followup(order=order)
    _set_permissions(request.user, data.milestones)
    users = users_who_see(order)
    timeline = build_timeline(
        data.milestones, data.dependencies, today=today, first_day=order.confirmed_on
    )
    context = {
        "order": order,
        "data": data,
        "timeline": timeline,
        "ctx": "panel",
        "container": CONTAINERS["panel"],
        "today": today,
        "can_change": can(request.user, "milestones.change", team=order.team_id),
        "task_form": task_form or TaskForm(users=users, initial={"assignee": request.user.pk}),
        "comment_form": comment_form or CommentForm(),
    }
    return render_page_or_part(request, "followup/order_panel.html", context, part="panel")


def _panel_add(
    request: AuthedHttpRequest,
    pk: int,
    form_name: str,
    bound_form: Callable[[Order], BaseForm],
    add: Callable[..., Any],
    *,
    done: str = "",
) -> HttpResponse:
    """Add to an order from its panel with ``add``, which takes the form's fields: back to
    the panel (saying ``done``), or the panel with the form (``form_name``) and its errors."""
    order = order_get_for_user(user=request.user, pk=pk)
    form = bound_form(order)
    if form.is_valid():
        try:
            add(actor=request.user, order=order, **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            if done:
                messages.success(request, done)
            return redirect("followup:order_panel", pk=order.pk)
    return _render_panel(request, order, **{form_name: form})


@login_required
def order_panel_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    return _render_panel(request, order)


# --- Step actions ---------------------------------------------------------------------------
def _complete(request: AuthedHttpRequest, m: Milestone, form: BaseForm) -> Milestone:
    data = form.cleaned_data
    return milestone_complete(
        actor=request.user,
        milestone=m,
        actual_date=data["actual_date"],
        note=data["note"],
        files=data["evidence"],
    )


def _reschedule(request: AuthedHttpRequest, m: Milestone, form: BaseForm) -> Milestone:
    data = form.cleaned_data
    return milestone_reschedule(
        actor=request.user, milestone=m, forecast_date=data["forecast_date"], reason=data["reason"]
    )


def _skip(request: AuthedHttpRequest, m: Milestone, form: BaseForm) -> Milestone:
    return milestone_set_status(
        actor=request.user,
        milestone=m,
        status=MilestoneStatus.SKIPPED,
        reason=form.cleaned_data["reason"],
    )


def _assign(request: AuthedHttpRequest, m: Milestone, form: BaseForm) -> Milestone:
    return milestone_assign(actor=request.user, milestone=m, owner=form.cleaned_data["owner"])


ACTIONS: dict[str, tuple[Callable[..., Milestone], str]] = {
    "complete": (_complete, "followup:milestone_complete"),
    "reschedule": (_reschedule, "followup:milestone_reschedule"),
    "skip": (_skip, "followup:milestone_skip"),
    "assign": (_assign, "followup:milestone_assign"),
}


def _action_form(action: str, request: AuthedHttpRequest, m: Milestone) -> BaseForm:
    data = request.POST if request.method == "POST" else None
    if action == "complete":
        return MilestoneCompleteForm(data, request.FILES if data is not None else None)
    if action == "reschedule":
        return MilestoneRescheduleForm(data, initial={"forecast_date": m.forecast_date})
    if action == "skip":
        return MilestoneSkipForm(data)
    return MilestoneAssignForm(data, users=users_who_see(m.order), initial={"owner": m.owner_id})


def _check_action(request: AuthedHttpRequest, m: Milestone, action: str) -> None:
    """Refuse before showing a form the service would refuse anyway."""
    if not can(request.user, "milestones.change", team=m.team_id):
        raise PermissionDenied(_("You cannot change the steps of this order."))
    if action == "reschedule" and not (
        m.owner_id == request.user.pk
        or can(request.user, "milestones.reschedule_any", team=m.team_id)
    ):
        raise PermissionDenied(_("Only the step's owner or a manager can move its forecast."))


def _milestone_action(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    m = milestone_get_for_user(user=request.user, pk=pk)
    _check_action(request, m, action)
    context_name = _context_of(request)
    form = _action_form(action, request, m)
    if request.method == "POST" and form.is_valid():
        act, _url_name = ACTIONS[action]
        try:
            act(request, m, form)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _success_message(action, m))
            return redirect(_back_url(context_name, m.order_id))
    context = {
        "m": m,
        "form": form,
        "action": action,
        "ctx": context_name,
        "container": CONTAINERS[context_name],
        "back_url": _back_url(context_name, m.order_id),
        "action_url": reverse(ACTIONS[action][1], args=[m.pk]),
        "needs_file": m.step.evidence == Evidence.FILE,
    }
    if request.htmx:
        response = render(request, "followup/milestone_action.html#action_form", context)
        # The form goes back where it was; only a success replaces the whole list.
        response["HX-Retarget"] = f"#slot-{m.pk}"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "followup/milestone_action.html", context)


def _success_message(action: str, m: Milestone) -> str:
    step = m.step.display_name
    messages_by_action = {
        "complete": _("%(step)s of %(order)s is done."),
        "reschedule": _("The forecast of %(step)s (%(order)s) moved."),
        "skip": _("%(step)s of %(order)s is skipped."),
        "assign": _("%(step)s of %(order)s has a new owner."),
    }
    return messages_by_action[action] % {"step": step, "order": m.order.number}


@login_required
def milestone_action_view(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Complete, reschedule, skip or assign a step (``action`` comes from the URL)."""
    return _milestone_action(request, pk, action)


@login_required
def milestone_more_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The less frequent actions on a step: start, skip, reassign, reopen."""
    m = milestone_get_for_user(user=request.user, pk=pk)
    if not can(request.user, "milestones.change", team=m.team_id):
        raise PermissionDenied(_("You cannot change the steps of this order."))
    _set_permissions(request.user, [m])
    context_name = _context_of(request)
    context = {
        "m": m,
        "ctx": context_name,
        "container": CONTAINERS[context_name],
        "back_url": _back_url(context_name, m.order_id),
    }
    return render_page_or_part(request, "followup/milestone_more.html", context, part="menu")


@login_required
@require_POST
def milestone_status_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Start a step, or put it back to pending (a manager reopening a finished one)."""
    m = milestone_get_for_user(user=request.user, pk=pk)
    status = request.POST.get("status", "")
    if status not in (MilestoneStatus.IN_PROGRESS, MilestoneStatus.PENDING):
        raise Http404
    try:
        milestone_set_status(actor=request.user, milestone=m, status=status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = (
            _("%(step)s of %(order)s is in progress.")
            if status == MilestoneStatus.IN_PROGRESS
            else _("%(step)s of %(order)s is open again.")
        )
        messages.success(request, text % {"step": m.step.display_name, "order": m.order.number})
    return redirect(_back_url(_context_of(request), m.order_id))


# --- Evidence files ---------------------------------------------------------------------------
@login_required
def evidence_download_view(request: AuthedHttpRequest, pk: int) -> FileResponse:
    evidence = evidence_get_for_user(user=request.user, pk=pk)
    return stored_file_response(evidence.file, name=evidence.original_name)


# --- Tasks and comments -----------------------------------------------------------------------
@login_required
@require_POST
def task_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _panel_add(
        request,
        pk,
        "task_form",
        lambda order: TaskForm(request.POST, users=users_who_see(order)),
        task_create,
        done=_("Task added."),
    )


@login_required
@require_POST
def task_done_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = task_get_for_user(user=request.user, pk=pk)
    done = request.POST.get("done") == "1"
    task_set_done(actor=request.user, task=task, done=done)
    return redirect(_back_url(_context_of(request), task.order_id))


@login_required
@require_POST
def comment_add_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _panel_add(
        request, pk, "comment_form", lambda order: CommentForm(request.POST), comment_add
    )


urlpatterns: list[Any] = [
    path("my-day/", my_day_view, name="my_day"),
    path("board/", board_view, name="board"),
    path("orders/<int:pk>/follow-up/", order_panel_view, name="order_panel"),
    path("orders/<int:pk>/tasks/", task_create_view, name="task_create"),
    path("orders/<int:pk>/comments/", comment_add_view, name="comment_add"),
    path("tasks/<int:pk>/done/", task_done_view, name="task_done"),
    *(
        path(
            f"milestones/<int:pk>/{action}/",
            milestone_action_view,
            {"action": action},
            name=f"milestone_{action}",
        )
        for action in ("complete", "reschedule", "skip", "assign")
    ),
    path("milestones/<int:pk>/status/", milestone_status_view, name="milestone_status"),
    path("milestones/<int:pk>/more/", milestone_more_view, name="milestone_more"),
    path("evidence/<int:pk>/", evidence_download_view, name="evidence_download"),
]
