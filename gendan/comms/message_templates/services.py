"""Writes of message templates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.services import validate
from gendan.customers.geo import LANGUAGE_CODES

from ..models import Channel, MessageTemplate
from .rendering import template_check

if TYPE_CHECKING:
    from gendan.accounts.models import User


# --- message templates ----------------------------------------------------------------
TEMPLATE_FIELDS = ["code", "language", "name", "channel", "subject", "body"]


def _check_template(template: MessageTemplate) -> None:
    errors: dict[str, list[Any]] = {}
    if template.language not in LANGUAGE_CODES:
        errors["language"] = [_("Unknown language code: %(code)s.") % {"code": template.language}]
    try:
        template_check(subject=template.subject, body=template.body)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    validate(template)


def _fill(template: MessageTemplate, fields: Mapping[str, str | None]) -> None:
    """Set fields as they are stored: the code lower-case, the body as typed, the rest trimmed."""
    for field, value in fields.items():
        text = value if isinstance(value, str) else ""
        if field == "code":
            text = text.strip().lower()
        elif field != "body":
            text = text.strip()
        setattr(template, field, text)


@transaction.atomic
def message_template_create(
    *,
    actor: User | None,
    code: str,
    language: str,
    name: str,
    body: str,
    channel: str = Channel.EMAIL,
    subject: str = "",
) -> MessageTemplate:
    template = MessageTemplate(channel=channel)
    _fill(
        template,
        {"code": code, "language": language, "name": name, "subject": subject, "body": body},
    )
    _check_template(template)
    template.save()
    history_record(actor=actor, record=template, action=Action.CREATE)
    return template


@transaction.atomic
def message_template_update(
    *,
    actor: User | None,
    template: MessageTemplate,
    code: str | None = None,
    language: str | None = None,
    name: str | None = None,
    channel: str | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> MessageTemplate:
    """Change a template; a field left None stays as it is."""
    given = {
        "code": code, "language": language, "name": name,
        "channel": channel, "subject": subject, "body": body,
    }  # fmt: skip
    fields = {field: value for field, value in given.items() if value is not None}
    locked = MessageTemplate.objects.select_for_update().get(pk=template.pk)
    before = snapshot(locked, TEMPLATE_FIELDS)
    _fill(locked, fields)
    _check_template(locked)
    changes = diff(before, snapshot(locked, TEMPLATE_FIELDS))
    if changes:
        locked.save()
        history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


@transaction.atomic
def message_template_delete(*, actor: User | None, template: MessageTemplate) -> None:
    history_record(actor=actor, record=template, action=Action.DELETE)
    template.delete()
