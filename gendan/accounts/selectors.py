"""Reads of teams and users."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .access import team_ids
from .models import Team, User


def teams_visible(user: User) -> QuerySet[Team]:
    """The teams a user belongs to; managers and administrators see every team."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.sees_all_teams:
        return Team.objects.all()
    return Team.objects.filter(id__in=team_ids(user))


def team_get_for_user(*, user: User, pk: int) -> Team:
    """The team, or 404 when the user is not a member (and not a manager)."""
    return get_object_or_404(teams_visible(user), pk=pk)
