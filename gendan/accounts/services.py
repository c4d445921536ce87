from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.services import apply_fields, validate

from .models import Team, User


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


@transaction.atomic
def team_create(*, actor: User | None, name: str, description: str = "") -> Team:
    team = Team(name=(name or "").strip(), description=(description or "").strip())
    validate(team)
    team.save()
    history_record(actor=actor, record=team, action=Action.CREATE)
    return team


@transaction.atomic
def team_update(*, actor: User | None, team: Team, **fields: Any) -> Team:
    locked = Team.objects.select_for_update().get(pk=team.pk)
    before = snapshot(locked, TEAM_FIELDS)
    apply_fields(locked, fields, allowed=set(TEAM_FIELDS))
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
    **fields: Any,
) -> User:
    """A new user; without a password they can use an API token until an admin sets one."""
    user = User(username=(username or "").strip())
    apply_fields(user, fields, allowed=set(USER_FIELDS) - {"username", "teams"})
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
    **fields: Any,
) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(locked, USER_FIELDS)
    apply_fields(locked, fields, allowed=set(USER_FIELDS) - {"teams"})
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
