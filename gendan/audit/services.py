"""Writing history entries and security events.

Services call ``history_record`` with the field values before and after their change;
the entry stores display text for each changed field.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import models

from .models import Action, HistoryEntry, SecurityEvent

logger = logging.getLogger("gendan.security")


def model_key(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return ", ".join(_display(item) for item in value)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, str]:
    """Display text of ``fields`` of ``instance``; a foreign key shows the related row's name."""
    values: dict[str, str] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = (
                _display(getattr(instance, name)) if getattr(instance, field.attname) else ""
            )
        elif isinstance(field, models.ManyToManyField):
            values[name] = ", ".join(sorted(str(obj) for obj in getattr(instance, name).all()))
        else:
            values[name] = _display(getattr(instance, name))
    return values


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {
        name: [before.get(name, ""), after.get(name, "")]
        for name in after
        if before.get(name, "") != after.get(name, "")
    }


def history_record(
    *,
    actor,
    record: models.Model,
    action: str,
    subject: models.Model | None = None,
    changes: dict[str, list[str]] | None = None,
    note: str = "",
) -> HistoryEntry | None:
    """Record one change.  An update that changed nothing records nothing."""
    if action == Action.UPDATE and not changes and not note:
        return None
    subject = subject or record
    return HistoryEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        record_type=model_key(record),
        record_id=record.pk,
        record_label=str(record)[:255],
        subject_type=model_key(subject),
        subject_id=subject.pk,
        changes=changes or {},
        note=note[:255],
    )


def history_move(*, from_subject: models.Model, to_subject: models.Model) -> int:
    """Carry a merged record's history over to the record that survives."""
    return HistoryEntry.objects.filter(
        subject_type=model_key(from_subject), subject_id=from_subject.pk
    ).update(subject_type=model_key(to_subject), subject_id=to_subject.pk)


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def security_event_record(
    *, kind: str, request=None, user=None, username: str = "", detail: str = ""
) -> SecurityEvent:
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        username=(
            username or (user.get_username() if user is not None and user.is_authenticated else "")
        )[:150],
        ip_address=_client_ip(request),
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=detail[:500],
    )
    logger.info(
        "%s user=%s ip=%s path=%s %s", kind, event.username, event.ip_address, event.path, detail
    )
    return event
