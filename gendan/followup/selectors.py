"""Reads of the follow-up shared by pages: My day, the board, an order's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User
from gendan.core.calendars import WorkingDays
from gendan.orders.models import Order, OrderStatus

from .forecasts import ACTIVE_ORDER_STATUSES
from .models import (
    Comment,
    DelayWarning,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    OrderProgress,
    SopStep,
    Task,
)

OPEN_STEP_STATUSES = [MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS]


# --- Single rows, scoped ----------------------------------------------------------------
def milestone_get_for_user(*, user: User, pk: int) -> Milestone:
    """A milestone with its order and step, or 404 when the user's teams cannot see it."""
    return get_object_or_404(
        scope_to_user(Milestone.objects.all(), user).select_related(
            "order", "order__customer", "step", "owner"
        ),
        pk=pk,
    )


def task_get_for_user(*, user: User, pk: int) -> Task:
    return get_object_or_404(scope_to_user(Task.objects.all(), user).select_related("order"), pk=pk)


def evidence_get_for_user(*, user: User, pk: int) -> MilestoneEvidence:
    return get_object_or_404(
        scope_to_user(MilestoneEvidence.objects.all(), user, team_field="milestone__team"),
        pk=pk,
    )


# --- My day -----------------------------------------------------------------------------
MY_DAY_LIMIT = 200


@dataclass
class MyDay:
    today: dt.date
    due_by: dt.date  # today, or the next working day when today is a day off
    horizon: dt.date  # the fifth working day after today
    overdue: list[Milestone] = field(default_factory=list)
    due_today: list[Milestone] = field(default_factory=list)
    upcoming: list[Milestone] = field(default_factory=list)
    tasks_due: list[Task] = field(default_factory=list)
    tasks_upcoming: list[Task] = field(default_factory=list)
    warnings: list[DelayWarning] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_day_off(self) -> bool:
        return self.due_by != self.today

    @property
    def upcoming_count(self) -> int:
        return len(self.upcoming) + len(self.tasks_upcoming)

    @property
    def is_empty(self) -> bool:
        return not (
            self.overdue
            or self.due_today
            or self.upcoming
            or self.tasks_due
            or self.tasks_upcoming
            or self.warnings
        )


def my_day(*, user: User, today: dt.date, calendar: WorkingDays) -> MyDay:
    """The user's open steps and tasks that are due, and those due in the next five working days.

    A step is due when its forecast has come (the forecast service keeps a step that is
    left open at today's date, so its *plan* says how overdue it is). On a day off, what
    falls due on the next working day counts as due. Three queries: the steps, the tasks,
    the open delay warnings of the user's orders; each list is capped.
    """
    due_by = calendar.add(today, 0)
    horizon = calendar.add(today, 5)
    day = MyDay(today=today, due_by=due_by, horizon=horizon)
    milestones = list(
        scope_to_user(Milestone.objects.all(), user)
        .filter(
            owner=user,
            status__in=OPEN_STEP_STATUSES,
            forecast_date__lte=horizon,
            order__status__in=ACTIVE_ORDER_STATUSES,
        )
        .select_related("order", "order__customer", "step")
        .order_by("forecast_date", "planned_date", "order__promised_ship_date", "order_id")[
            : MY_DAY_LIMIT + 1
        ]
    )
    tasks = list(
        scope_to_user(Task.objects.all(), user)
        .filter(assignee=user, done_at__isnull=True, due_date__lte=horizon)
        .exclude(order__status=OrderStatus.CANCELLED)
        .select_related("order", "order__customer")
        .order_by("due_date", "id")[: MY_DAY_LIMIT + 1]
    )
    day.truncated = len(milestones) > MY_DAY_LIMIT or len(tasks) > MY_DAY_LIMIT
    for m in milestones[:MY_DAY_LIMIT]:
        m.days_overdue = max((today - m.planned_date).days, 0)
        if m.forecast_date > due_by:
            day.upcoming.append(m)
        elif m.days_overdue:
            day.overdue.append(m)
        else:
            day.due_today.append(m)
    day.overdue.sort(key=lambda m: (m.planned_date, m.order_id, m.position))
    for task in tasks[:MY_DAY_LIMIT]:
        due = task.due_date
        assert due is not None
        task.days_overdue = max((today - due).days, 0)
        (day.tasks_due if due <= due_by else day.tasks_upcoming).append(task)
    day.warnings = list(
        scope_to_user(DelayWarning.objects.all(), user)
        .filter(cleared_at__isnull=True, order__status__in=ACTIVE_ORDER_STATUSES)
        .filter(Q(order__merchandiser=user) | Q(cause__owner=user))
        .select_related("order", "order__customer", "cause", "cause__step", "cause__owner")
        .order_by("-days_late", "order_id")[:20]
    )
    return day


# --- The board --------------------------------------------------------------------------
BOARD_CARDS_PER_COLUMN = 30
STAGE_PAGE_SIZE = 50


@dataclass
class BoardFilters:
    merchandiser: int | None = None
    customer: int | None = None
    team: int | None = None
    late_only: bool = False
    stage: str = ""

    @property
    def any(self) -> bool:
        return bool(self.merchandiser or self.customer or self.team or self.late_only)


@dataclass
class Stage:
    key: str
    name: str
    count: int = 0
    late: int = 0
    cards: list[OrderProgress] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.count - len(self.cards), 0)


def board_stages() -> list[Stage]:
    """The columns: the steps of the default template's current version, in order (one query)."""
    steps = (
        SopStep.objects.filter(
            version__template__is_default=True,
            version_id=F("version__template__current_version_id"),
        )
        .order_by("position")
        .only("key", "name", "name_zh")
    )
    return [Stage(key=step.key, name=step.display_name) for step in steps]


def _late(today: dt.date) -> Q:
    # The current step is past its plan (its forecast is kept at today while it stays
    # open, so the plan tells), or the whole order will ship late.
    return (
        Q(due_date__lt=today) | Q(current__planned_date__lt=today) | Q(open_warning__isnull=False)
    )


# The board's filters that narrow it to one value, and the field each one compares.
BOARD_FILTER_LOOKUPS = {
    "merchandiser": "order__merchandiser_id",
    "customer": "order__customer_id",
    "team": "team_id",
    "stage": "stage_key",
}


def board_progress(*, user: User, filters: BoardFilters, today: dt.date) -> QuerySet:
    """Where each active order the user may see stands, filtered; one row per order.

    The open delay warning (at most one per order) is joined, not looked up per card.
    """
    qs = _with_open_warning(
        scope_to_user(OrderProgress.objects.all(), user)
        .exclude(stage_key="")
        .filter(order__status__in=ACTIVE_ORDER_STATUSES)
    )
    for name, lookup in BOARD_FILTER_LOOKUPS.items():
        if value := getattr(filters, name):
            qs = qs.filter(**{lookup: value})
    if filters.late_only:
        qs = qs.filter(_late(today))
    return qs


def _with_card_fields(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "order", "order__customer", "current", "current__owner", "current__step"
    ).annotate(
        warning_days=F("open_warning__days_late"),
        warning_slip=F("open_warning__cause_slip_days"),
        warning_cause=F("open_warning__cause__step__name"),
        warning_cause_zh=F("open_warning__cause__step__name_zh"),
    )


def board_counts(qs: QuerySet, *, today: dt.date) -> dict[str, tuple[int, int]]:
    """stage key -> (orders, late orders): one GROUP BY query."""
    rows = (
        qs.order_by()
        .values("stage_key")
        .annotate(total=Count("pk"), late=Count("pk", filter=_late(today)))
    )
    return {row["stage_key"]: (row["total"], row["late"]) for row in rows}


def _with_open_warning(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        open_warning=FilteredRelation(
            "order__delay_warnings",
            condition=Q(order__delay_warnings__cleared_at__isnull=True),
        )
    )


def board_cards(qs: QuerySet, *, per_column: int = BOARD_CARDS_PER_COLUMN) -> list[OrderProgress]:
    """The first ``per_column`` orders of every stage by due date, in ONE query.

    ROW_NUMBER() OVER (PARTITION BY stage_key ORDER BY due_date, ...) numbers the
    orders of each column in a subquery over the narrow progress rows; only the cards
    that make the page are then joined to their order, customer, step and owner. The
    page is the same size whether there are a hundred active orders or a hundred
    thousand.
    """
    first_of_each_column = (
        qs.annotate(
            column_row=Window(
                RowNumber(),
                partition_by=[F("stage_key")],
                # By due date; among steps due the same day, the longest overdue first.
                order_by=[
                    F("due_date").asc(),
                    F("current__planned_date").asc(),
                    F("order_id").asc(),
                ],
            )
        )
        .filter(column_row__lte=per_column)
        .values("pk")
    )
    cards = _with_card_fields(
        _with_open_warning(OrderProgress.objects.filter(pk__in=first_of_each_column))
    )
    return list(cards.order_by("stage_key", "due_date", "current__planned_date", "order_id"))


def stage_cards(qs: QuerySet) -> QuerySet:
    """One column's orders, for keyset pages ordered by due date."""
    return _with_card_fields(qs)


def extra_stage_names(keys: list[str]) -> dict[str, str]:
    """Names for stages of other templates that the default template does not have."""
    names: dict[str, str] = {}
    for step in SopStep.objects.filter(key__in=keys).order_by("key", "-version_id"):
        names.setdefault(step.key, step.display_name)
    return names


# --- An order's timeline ----------------------------------------------------------------
TASK_LIMIT = 200
COMMENT_LIMIT = 100


@dataclass
class OrderFollowup:
    milestones: list[Milestone]
    dependencies: dict[int, list[int]]
    warning: DelayWarning | None
    tasks: list[Task]
    comments: list[Comment]
    comments_truncated: bool


def order_followup(*, order: Order) -> OrderFollowup:
    """Everything the order's follow-up panel shows, in a fixed number of queries."""
    milestones = list(
        order.milestones.select_related("step", "owner", "completed_by")
        .prefetch_related("evidence_files")
        .order_by("position")
    )
    dependencies: dict[int, list[int]] = {m.pk: [] for m in milestones}
    if milestones:
        through = Milestone.depends_on.through
        for from_id, to_id in through.objects.filter(from_milestone__order=order).values_list(
            "from_milestone_id", "to_milestone_id"
        ):
            dependencies.setdefault(from_id, []).append(to_id)
    warning = (
        DelayWarning.objects.filter(order=order, cleared_at__isnull=True)
        .select_related("cause", "cause__step", "cause__owner")
        .first()
    )
    tasks = list(
        order.tasks.select_related("assignee").order_by(
            F("done_at").asc(nulls_first=True), F("due_date").asc(nulls_last=True), "id"
        )[:TASK_LIMIT]
    )
    comments = list(
        order.comments.select_related("author")
        .prefetch_related(Prefetch("mentions", queryset=User.objects.only("id", "username")))
        .order_by("-created_at", "-id")[: COMMENT_LIMIT + 1]
    )
    truncated = len(comments) > COMMENT_LIMIT
    comments = comments[:COMMENT_LIMIT]
    comments.reverse()
    return OrderFollowup(
        milestones=milestones,
        dependencies=dependencies,
        warning=warning,
        tasks=tasks,
        comments=comments,
        comments_truncated=truncated,
    )


def users_who_see(order: Order) -> QuerySet[User]:
    """Active users who can see the order: its team's members, managers and administrators."""
    from gendan.accounts.models import Role

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(teams=order.team_id) | Q(role__in=[Role.MANAGER, Role.ADMIN]) | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "username")
    )
