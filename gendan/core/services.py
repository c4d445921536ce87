"""Helpers shared by the write services of every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def apply_fields(instance: models.Model, changes: dict[str, Any], *, allowed: set[str]) -> None:
    """Set the given fields, refusing any a caller may not set."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    for name, value in changes.items():
        setattr(instance, name, value)


def validate(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Model validation: field validators, choices, constraints; raises with each field named."""
    instance.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)
