"""Plan and forecast an order's steps along their dependency graph.

Pure functions over ``Node`` objects, so they are cheap to test and to run in bulk:
the services load milestones into nodes, call these, and save what changed. Each
function visits every step and every dependency once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gendan.core.calendars import WorkingDays

CONFIRMED, SHIP_DATE, DEPENDENCIES = "confirmed", "ship_date", "dependencies"
DONE, SKIPPED = "done", "skipped"


class CycleError(ValueError):
    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _(
                "These steps depend on each other in a circle: %(steps)s. Remove one of the dependencies."
            )
            % {"steps": " → ".join(names)}
        )


@dataclass(eq=False)
class Node:
    key: Any
    name: str
    anchor: str
    offset: int
    calendar: WorkingDays
    deps: list[Any] = field(default_factory=list)
    is_ship: bool = False
    lead: int = 0  # working days needed after the dependencies are done
    # date.min until plan() and forecast() have run
    planned: dt.date = dt.date.min
    forecast: dt.date = dt.date.min
    manual: dt.date | None = None
    actual: dt.date | None = None
    status: str = "pending"
    # results of forecast():
    on_critical_chain: bool = False
    own_slip: int = 0  # working days this step itself added beyond what its inputs imply

    @property
    def effective(self) -> dt.date:
        """When the step finished, or is expected to."""
        if self.status == DONE and self.actual is not None:
            return self.actual
        return self.forecast


def topological_order(nodes: dict[Any, Node]) -> list[Any]:
    """Steps with every dependency before its dependants; a cycle raises CycleError naming it."""
    indegree = {key: 0 for key in nodes}
    dependants: dict[Any, list[Any]] = {key: [] for key in nodes}
    for key, node in nodes.items():
        for dep in node.deps:
            if dep not in nodes:
                raise ValueError(f"{node.name} depends on an unknown step {dep!r}")
            indegree[key] += 1
            dependants[dep].append(key)
    ready = [key for key in nodes if indegree[key] == 0]
    order: list[Any] = []
    while ready:
        key = ready.pop(0)
        order.append(key)
        for child in dependants[key]:
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    if len(order) < len(nodes):
        raise CycleError(_find_cycle(nodes, {key for key in nodes if key not in order}))
    return order


def _find_cycle(nodes: dict[Any, Node], remaining: set[Any]) -> list[str]:
    """The names along one cycle among the steps Kahn's algorithm could not order."""
    start = next(iter(remaining))
    path: list[Any] = []
    seen: dict[Any, int] = {}
    key = start
    while key not in seen:
        seen[key] = len(path)
        path.append(key)
        key = next(dep for dep in nodes[key].deps if dep in remaining)
    cycle = path[seen[key] :] + [key]
    return [nodes[k].name for k in reversed(cycle)]


def plan(nodes: dict[Any, Node], *, confirmed: dt.date, ship_date: dt.date) -> None:
    """Planned dates from the anchors: order confirmation, promised ship date, dependencies."""
    for key in topological_order(nodes):
        node = nodes[key]
        if node.anchor == SHIP_DATE:
            # Counted back from the promise: a promise on a day off means shipping on the
            # last working day before it, never after, and earlier steps count from there.
            last_working = node.calendar.add(ship_date + dt.timedelta(days=1), -1)
            node.planned = (
                node.calendar.add(last_working, node.offset) if node.offset else last_working
            )
        elif node.anchor == DEPENDENCIES and node.deps:
            latest = max(nodes[dep].planned for dep in node.deps)
            node.planned = node.calendar.add(latest, max(node.offset, 0))
        else:
            node.planned = node.calendar.add(confirmed, max(node.offset, 0))


@dataclass
class Forecast:
    changed: list[Any]
    ship: Node | None
    cause: Node | None
    critical: list[Any]


def forecast(nodes: dict[Any, Node], *, today: dt.date) -> Forecast:
    """Move forecasts along the graph.

    A step's forecast is the latest of: its plan; each dependency's finish plus the
    working days the step needs after it (its lead); a forecast someone set by hand;
    and, for a step still open, today (it cannot finish in the past). An early finish
    therefore never pulls a step before its plan; a late one moves each step after it
    by working days, once the step's slack (if it has any) is used up.
    """
    order = topological_order(nodes)
    changed: list[Any] = []
    binding: dict[Any, Any | None] = {}  # the dependency that pushed the step past plan
    tightest: dict[Any, Any | None] = {}  # the dependency that leaves it the least slack
    for key in order:
        node = nodes[key]
        from_deps = node.planned
        binding[key] = tightest[key] = None
        latest: dt.date | None = None
        for dep_key in node.deps:
            dep = nodes[dep_key]
            candidate = node.calendar.add(dep.effective, node.lead)
            if candidate > from_deps:
                from_deps, binding[key] = candidate, dep_key
            if latest is None or candidate > latest:
                latest, tightest[key] = candidate, dep_key
        expected = from_deps
        new = expected
        if node.manual and node.manual > new:
            new = node.manual
        if node.status != DONE and today > new:
            new = node.calendar.add(today, 0)
        if new != node.forecast:
            node.forecast = new
            changed.append(key)
        node.own_slip = max(0, node.calendar.between(expected, node.effective))

    ship = next((nodes[key] for key in order if nodes[key].is_ship), None)
    critical: list[Any] = []
    cause = None
    if ship is not None:
        # The chain that decides the ship date: back from the ship step, through the
        # dependency that pushed each step or, where none did, the one with least slack.
        chain_key: Any | None = ship.key
        pushing: list[Any] = []
        still_pushed = True
        while chain_key is not None:
            critical.append(chain_key)
            if still_pushed:
                pushing.append(chain_key)
            still_pushed = still_pushed and binding[chain_key] is not None
            chain_key = binding[chain_key] or tightest[chain_key]
        # Delay absorbed by slack further up did not reach the ship date: the cause is
        # looked for only where the chain actually pushed.
        upstream_first = [nodes[k] for k in reversed(pushing)]
        # The cause: the most upstream step on the chain that added delay of its own
        # (finished late, is overdue, or was moved by hand); failing that, the first
        # step whose plan did not fit in the time its inputs left it.
        cause = next((n for n in upstream_first if n.own_slip > 0), None) or next(
            (n for n in upstream_first if n.effective > n.planned),
            ship,
        )
    for node in nodes.values():
        node.on_critical_chain = node.key in critical
    return Forecast(changed=changed, ship=ship, cause=cause, critical=critical)
