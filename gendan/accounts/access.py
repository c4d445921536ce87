"""Who may see and change what: the one row-level access mechanism.

Every page, API view, search and export scopes its queryset with ``scope_to_user`` and
checks writes with ``can``.  Records belong to a team; a user sees the records of the
teams they are a member of, managers and administrators see all, and what a role may
change is the table ``PERMISSIONS`` below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Role

if TYPE_CHECKING:
    from .models import Team, User

R = Role
# action -> roles that may perform it (within the teams they can see)
PERMISSIONS: dict[str, frozenset[str]] = {
    "customers.change": frozenset({R.ADMIN, R.MANAGER, R.SALES, R.MERCHANDISER}),
    "customers.merge": frozenset({R.ADMIN, R.MANAGER, R.SALES}),
    "customers.delete": frozenset({R.ADMIN, R.MANAGER}),
    "products.change": frozenset({R.ADMIN, R.MANAGER, R.SALES, R.MERCHANDISER, R.PURCHASING}),
    "products.delete": frozenset({R.ADMIN, R.MANAGER}),
    "orders.change": frozenset({R.ADMIN, R.MANAGER, R.SALES, R.MERCHANDISER}),
    "orders.delete": frozenset({R.ADMIN, R.MANAGER}),
    "data.import": frozenset({R.ADMIN, R.MANAGER, R.SALES, R.MERCHANDISER}),
    # The follow-up: everyone who works on orders completes their steps and tasks.
    "milestones.change": frozenset(
        {R.ADMIN, R.MANAGER, R.SALES, R.MERCHANDISER, R.PURCHASING, R.QC, R.FINANCE}
    ),
    "milestones.reschedule_any": frozenset({R.ADMIN, R.MANAGER}),
    "templates.manage": frozenset({R.ADMIN, R.MANAGER}),
    "teams.manage": frozenset({R.ADMIN}),
    "users.manage": frozenset({R.ADMIN}),
}


def can(user: User, action: str, *, team: Team | int | None = None) -> bool:
    """May ``user`` perform ``action``, on a record of ``team`` if one is given?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")
    if not (user.is_superuser or user.role in PERMISSIONS[action]):
        return False
    if team is None or user.sees_all_teams:
        return True
    team_id = team if isinstance(team, int) else team.pk
    return team_id in team_ids(user)


def require(user: User, action: str, *, team: Team | int | None = None) -> None:
    if not can(user, action, team=team):
        raise PermissionDenied(_("You do not have permission to do this."))


def team_ids(user: User) -> set[int]:
    """The ids of the user's teams, read once per request and kept on the user object."""
    cached = getattr(user, "_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("id", flat=True)) if user.is_authenticated else set()
        setattr(user, "_team_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def scope_to_user(qs: QuerySet, user: User, *, team_field: str = "team") -> QuerySet:
    """The part of ``qs`` that ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_all_teams:
        return qs
    return qs.filter(**{f"{team_field}_id__in": team_ids(user)})


def writable_teams(user: User, action: str) -> QuerySet:
    """Teams a user may put new records in for ``action``."""
    from .models import Team

    if not can(user, action):
        return Team.objects.none()
    if user.sees_all_teams:
        return Team.objects.all()
    return Team.objects.filter(id__in=team_ids(user))
