"""Reads of the set-up pages: templates with their use, a plan preview, a calendar's year."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from gendan.core.calendars import WorkingDays, working_days_for_country
from gendan.orders.models import Order

from ..calendars import factory_working_days
from ..forecasts import ACTIVE_ORDER_STATUSES, step_node
from ..models import (
    Anchor,
    CalendarDay,
    CalendarSide,
    OrderProgress,
    SopStep,
    SopTemplate,
    SopTemplateVersion,
    WorkCalendar,
)
from ..planning import DONE, Node, forecast, plan, topological_order


# --- Templates ------------------------------------------------------------------------
def templates_overview() -> list[SopTemplate]:
    """Every template with its current version, step count, customers and categories.

    Each template also carries ``open_orders``: (version number, open orders) pairs,
    newest version first, from one grouped query over the order progress rows.
    """
    templates: list[SopTemplate] = list(
        SopTemplate.objects.select_related("current_version")
        .annotate(step_count=Count("current_version__steps", distinct=True))
        .prefetch_related(
            Prefetch("customers", queryset=_customers_qs()),
            "categories",
        )
    )
    usage: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = (
        OrderProgress.objects.filter(order__status__in=ACTIVE_ORDER_STATUSES)
        .values("template_version__template_id", "template_version__number")
        .annotate(orders=Count("pk"))
        .order_by("template_version__template_id", "-template_version__number")
    )
    for row in rows:
        usage[row["template_version__template_id"]].append(
            (row["template_version__number"], row["orders"])
        )
    for template in templates:
        template.open_orders = usage.get(template.pk, [])  # type: ignore[attr-defined]
        template.open_total = sum(count for _number, count in template.open_orders)  # type: ignore[attr-defined]
    return templates


def _customers_qs():
    from gendan.customers.models import Customer

    return Customer.objects.only("id", "name", "code", "country").order_by("name")


def template_get(pk: int) -> SopTemplate:
    """A template with its current version, or 404. Templates are the company's, not a team's."""
    return get_object_or_404(
        SopTemplate.objects.select_related("current_version").prefetch_related(
            Prefetch("customers", queryset=_customers_qs()), "categories"
        ),
        pk=pk,
    )


def version_steps(version: SopTemplateVersion | None) -> list[SopStep]:
    """A version's steps in order, each with the steps it depends on (two queries)."""
    if version is None:
        return []
    return list(
        version.steps.prefetch_related(
            Prefetch("depends_on", queryset=SopStep.objects.order_by("position"))
        ).order_by("position")
    )


def versions_with_usage(template: SopTemplate) -> list[SopTemplateVersion]:
    """The template's versions, newest first, each with its open and total orders."""
    versions = list(template.versions.select_related("created_by").order_by("-number"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"open": 0, "total": 0})
    rows = (
        OrderProgress.objects.filter(template_version__template=template)
        .values("template_version_id", "order__status")
        .annotate(orders=Count("pk"))
    )
    for row in rows:
        entry = counts[row["template_version_id"]]
        entry["total"] += row["orders"]
        if row["order__status"] in ACTIVE_ORDER_STATUSES:
            entry["open"] += row["orders"]
    for version in versions:
        version.open_orders = counts[version.pk]["open"]  # type: ignore[attr-defined]
        version.total_orders = counts[version.pk]["total"]  # type: ignore[attr-defined]
    return versions


def dependency_levels(steps: list[SopStep]) -> list[list[SopStep]]:
    """Steps in columns: a step stands one column right of the last step it waits for."""
    nodes: dict[Hashable, Node] = {
        step.key: Node(
            key=step.key,
            name=step.name,
            anchor=step.anchor,
            offset=0,
            calendar=WorkingDays(),
            deps=[dep.key for dep in step.depends_on.all()],
        )
        for step in steps
    }
    by_key = {step.key: step for step in steps}
    level: dict[str, int] = {}
    for key in topological_order(nodes):
        deps = nodes[key].deps
        level[str(key)] = 1 + max((level[str(dep)] for dep in deps), default=-1)
    columns: list[list[SopStep]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for key, column in level.items():
        columns[column].append(by_key[key])
    for column_steps in columns:
        column_steps.sort(key=lambda step: step.position)
    return columns


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


# --- Preview --------------------------------------------------------------------------
@dataclass
class PreviewRow:
    step: SopStep
    planned: dt.date
    forecast: dt.date
    customer_calendar: bool
    short_by: int = 0  # working days the plan leaves too few after its dependencies


@dataclass
class Preview:
    confirmed: dt.date
    ship_date: dt.date
    rows: list[PreviewRow] = field(default_factory=list)
    ship_forecast: dt.date | None = None

    @property
    def days_late(self) -> int:
        if self.ship_forecast is None:
            return 0
        return max((self.ship_forecast - self.ship_date).days, 0)

    @property
    def tight_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.short_by > 0]


def plan_preview(
    steps: list[SopStep], *, confirmed: dt.date, ship_date: dt.date, country: str = ""
) -> Preview:
    """Plan an example order with ``steps``, as confirming a real one would; writes nothing.

    Also says where the time is too short: a step counted back from the ship date that
    its dependencies cannot reach, and the ship date the dependencies would give instead.
    """
    factory = factory_working_days()
    customer = working_days_for_country(country) if country else factory

    def calendar_of(step: SopStep) -> WorkingDays:
        return customer if step.calendar_side == CalendarSide.CUSTOMER else factory

    nodes: dict[Hashable, Node] = {
        step.key: step_node(
            step, calendar=calendar_of(step), deps=[dep.key for dep in step.depends_on.all()]
        )
        for step in steps
    }
    plan(nodes, confirmed=confirmed, ship_date=ship_date)
    for step in steps:
        node = nodes[step.key]
        if step.done_on_confirm:
            node.status, node.actual = DONE, min(node.planned or confirmed, confirmed)
    planned: dict[Hashable, dt.date] = {
        key: node.planned for key, node in nodes.items() if node.planned is not None
    }
    forecast(nodes, today=confirmed)
    preview = Preview(confirmed=confirmed, ship_date=ship_date)
    for step in steps:
        node = nodes[step.key]
        assert node.planned is not None and node.forecast is not None
        short_by = 0
        if node.deps and step.anchor != Anchor.DEPENDENCIES:
            earliest = max(node.calendar.add(planned[dep], node.lead) for dep in node.deps)
            if node.planned < earliest:
                short_by = node.calendar.between(node.planned, earliest)
        preview.rows.append(
            PreviewRow(
                step=step,
                planned=node.planned,
                forecast=node.effective,
                customer_calendar=step.calendar_side == CalendarSide.CUSTOMER and bool(country),
                short_by=short_by,
            )
        )
        if step.is_ship_step:
            preview.ship_forecast = node.effective
    return preview


# --- Calendars ------------------------------------------------------------------------
class DayKind:
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKE_UP = "make-up"
    SHUTDOWN = "shutdown"
    COMPANY_WORKING = "company-working"


@dataclass
class DayCell:
    date: dt.date
    kind: str
    label: str = ""
    in_month: bool = True

    @property
    def is_working(self) -> bool:
        return self.kind in (DayKind.WORKING, DayKind.MAKE_UP, DayKind.COMPANY_WORKING)


@dataclass
class MonthView:
    first: dt.date
    weeks: list[list[DayCell]]
    working_days: int


@dataclass(frozen=True)
class PublicDays:
    names: dict[dt.date, str]
    weekend: frozenset[int]
    make_up: frozenset[dt.date]


@lru_cache(maxsize=64)
def public_days(country: str, year: int, language: str = "en") -> PublicDays:
    """A country's public holidays of one year with their names in the page's language,
    its weekend, and the weekend days worked to make up for a holiday (调休)."""
    try:
        probe = holidays.country_holidays(country.upper(), years=year)
    except NotImplementedError:
        return PublicDays(names={}, weekend=frozenset({5, 6}), make_up=frozenset())
    wanted = {"zh-hans": "zh_CN", "zh-hant": "zh_TW"}.get(language.lower(), "en_US")
    named = probe
    if wanted in (getattr(probe, "supported_languages", ()) or ()):
        named = holidays.country_holidays(country.upper(), years=year, language=wanted)
    make_up = frozenset(day for day in probe.weekend_workdays if day.year == year)
    return PublicDays(names=dict(named.items()), weekend=frozenset(probe.weekend), make_up=make_up)


def calendar_year(
    *, country: str, year: int, exceptions: list[CalendarDay] | None = None
) -> list[MonthView]:
    """Twelve month grids (weeks from Monday) with each day's kind and, for holidays, its name."""
    public = (
        public_days(country, year, get_language() or "en")
        if country
        else PublicDays(names={}, weekend=frozenset({5, 6}), make_up=frozenset())
    )
    extra = {day.date: day for day in exceptions or []}
    months = []
    grid = pycalendar.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = []
        working = 0
        for week in grid.monthdatescalendar(year, month):
            cells = []
            for day in week:
                cell = _day_cell(day, public=public, extra=extra)
                cell.in_month = day.month == month
                if cell.in_month and cell.is_working:
                    working += 1
                cells.append(cell)
            weeks.append(cells)
        months.append(MonthView(first=dt.date(year, month, 1), weeks=weeks, working_days=working))
    return months


def _day_cell(day: dt.date, *, public: PublicDays, extra: dict[dt.date, CalendarDay]) -> DayCell:
    if day in extra:
        exception = extra[day]
        kind = DayKind.COMPANY_WORKING if exception.is_working else DayKind.SHUTDOWN
        return DayCell(date=day, kind=kind, label=exception.note)
    if day in public.names:
        return DayCell(date=day, kind=DayKind.HOLIDAY, label=public.names[day])
    if day in public.make_up:
        return DayCell(date=day, kind=DayKind.MAKE_UP)
    if day.weekday() in public.weekend:
        return DayCell(date=day, kind=DayKind.WEEKEND)
    return DayCell(date=day, kind=DayKind.WORKING)


def factory_calendar() -> WorkCalendar:
    """The company's factory calendar (an unsaved China calendar where none is stored)."""
    calendar = WorkCalendar.objects.filter(is_factory_default=True).first()
    if calendar is None:
        from ..defaults import FACTORY_CALENDAR

        calendar = WorkCalendar(is_factory_default=True, **FACTORY_CALENDAR)
    return calendar


def calendar_exceptions(calendar: WorkCalendar, year: int) -> QuerySet[CalendarDay]:
    return calendar.days.filter(date__year=year).order_by("date")


@dataclass
class ExceptionSpan:
    """Consecutive company days of one kind with one note, listed and removed together."""

    pk: int
    first: dt.date
    last: dt.date
    is_working: bool
    note: str
    days: int = 1


def exception_spans(days: list[CalendarDay]) -> list[ExceptionSpan]:
    spans: list[ExceptionSpan] = []
    for day in sorted(days, key=lambda d: d.date):
        last = spans[-1] if spans else None
        if (
            last is not None
            and day.date == last.last + dt.timedelta(days=1)
            and (day.is_working, day.note) == (last.is_working, last.note)
        ):
            last.last, last.days = day.date, last.days + 1
        else:
            spans.append(
                ExceptionSpan(
                    pk=day.pk,
                    first=day.date,
                    last=day.date,
                    is_working=day.is_working,
                    note=day.note,
                )
            )
    return spans


# --- Describing steps -----------------------------------------------------------------
def _names(steps: list[SopStep]) -> str:
    return ", ".join(step.display_name for step in steps)


def step_when(step: SopStep) -> str:
    """When a step is planned, in words: "5 working days after Deposit received"."""
    days = abs(step.offset_days)
    deps = list(step.depends_on.all())
    if step.anchor == Anchor.DEPENDENCIES:
        if not days:
            return ngettext(
                "When %(steps)s is done", "When %(steps)s are done", max(len(deps), 1)
            ) % {"steps": _names(deps)}
        return ngettext(
            "%(days)s working day after %(steps)s",
            "%(days)s working days after %(steps)s",
            days,
        ) % {"days": days, "steps": _names(deps)}
    if step.anchor == Anchor.SHIP_DATE:
        if not days:
            return _("On the promised ship date")
        if step.offset_days < 0:
            return ngettext(
                "%(days)s working day before the ship date",
                "%(days)s working days before the ship date",
                days,
            ) % {"days": days}
        return ngettext(
            "%(days)s working day after the ship date",
            "%(days)s working days after the ship date",
            days,
        ) % {"days": days}
    if not days:
        return _("When the order is confirmed")
    return ngettext(
        "%(days)s working day after the order is confirmed",
        "%(days)s working days after the order is confirmed",
        days,
    ) % {"days": days}


def step_needs(step: SopStep) -> str:
    """What a step counted from a date needs once its dependencies are done."""
    deps = list(step.depends_on.all())
    if step.anchor == Anchor.DEPENDENCIES or not deps:
        return ""
    return ngettext(
        "Needs %(days)s working day after %(steps)s",
        "Needs %(days)s working days after %(steps)s",
        step.lead_days,
    ) % {"days": step.lead_days, "steps": _names(deps)}


def describe_steps(steps: list[SopStep]) -> list[SopStep]:
    """Give each step its timing in words, for the template page and the editor's preview."""
    for step in steps:
        step.when = step_when(step)  # type: ignore[attr-defined]
        step.needs = step_needs(step)  # type: ignore[attr-defined]
        # The name in the page's language first, the other one under it.
        shown = step.display_name
        step.other_name = step.name if shown != step.name else step.name_zh  # type: ignore[attr-defined]
    return steps
