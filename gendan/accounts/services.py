from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.services import apply_fields, validate

from .models import Team, User

if TYPE_CHECKING:
    from typing_extensions import Unpack


@transaction.atomic
def api_token_regenerate(*, user: User) -> Token:
    """A new API token for ``user``; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def user_set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


TEAM_FIELDS = ["name", "description"]
USER_FIELDS = [
    "username", "email", "first_name", "last_name", "role", "teams", "time_zone", "language",
    "phone", "is_active",
]  # fmt: skip


class TeamChanges(TypedDict, total=False):
    """What ``team_update`` may change."""

    name: str
    description: str


class UserDetails(TypedDict, total=False):
    """A user's fields besides the username, password and teams."""

    email: str
    first_name: str
    last_name: str
    role: str
    time_zone: str
    language: str
    phone: str
    is_active: bool


class UserChanges(UserDetails, total=False):
    """What ``user_update`` may change besides the password and teams."""

    username: str


@transaction.atomic
def team_create(*, actor: User | None, name: str, description: str = "") -> Team:
    team = Team(name=(name or "").strip(), description=(description or "").strip())
    validate(team)
    team.save()
    history_record(actor=actor, record=team, action=Action.CREATE)
    return team


@transaction.atomic
def team_update(*, actor: User | None, team: Team, **fields: Unpack[TeamChanges]) -> Team:
    locked = Team.objects.select_for_update().get(pk=team.pk)
    before = snapshot(locked, TEAM_FIELDS)
    apply_fields(locked, dict[str, Any](fields), allowed=set(TEAM_FIELDS))
    locked.name = (locked.name or "").strip()
    locked.description = (locked.description or "").strip()
    validate(locked)
    changes = diff(before, snapshot(locked, TEAM_FIELDS))
    if changes:
        locked.save()
        history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


def _set_password(user: User, password: str | None) -> None:
    if password is None:
        return
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None = None,
    teams: list[Team] | None = None,
    **fields: Unpack[UserDetails],
) -> User:
    """A new user; without a password they can use an API token until an admin sets one."""
    user = User(username=(username or "").strip())
    apply_fields(user, dict[str, Any](fields), allowed=set(USER_FIELDS) - {"username", "teams"})
    if password is None:
        user.set_unusable_password()
    else:
        _set_password(user, password)
    validate(user)
    user.save()
    if teams:
        user.teams.set(teams)
    history_record(actor=actor, record=user, action=Action.CREATE)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    password: str | None = None,
    teams: list[Team] | None = None,
    **fields: Unpack[UserChanges],
) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(locked, USER_FIELDS)
    apply_fields(locked, dict[str, Any](fields), allowed=set(USER_FIELDS) - {"teams"})
    if actor is not None and actor.pk == locked.pk:
        # An administrator who demotes or deactivates themselves may leave nobody to undo it.
        if not locked.is_active:
            raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
        if not locked.is_admin:
            raise ValidationError({"role": _("You cannot remove your own administrator role.")})
    _set_password(locked, password)
    validate(locked)
    locked.save()
    if teams is not None:
        locked.teams.set(teams)
    changes = diff(before, snapshot(locked, USER_FIELDS))
    note = _("Password changed") if password is not None else ""
    history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes, note=note)
    return locked
