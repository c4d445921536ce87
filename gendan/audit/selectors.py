from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from .models import HistoryEntry
from .services import model_key


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def _label_and_values(
    model: type[models.Model] | None, name: str, old: str, new: str
) -> FieldChange:
    if model is None:
        return FieldChange(name, old, new)
    try:
        field = model._meta.get_field(name)
    except Exception:  # a field that has since been removed
        return FieldChange(name, old, new)
    label = str(getattr(field, "verbose_name", name))

    def show(value: str) -> str:
        choices = getattr(field, "choices", None)
        if choices:
            return str(dict(choices).get(value, value))
        if isinstance(field, models.BooleanField):
            return {"true": _("yes"), "false": _("no")}.get(value, value)
        return value

    return FieldChange(label, show(old), show(new))


def entry_changes(entry: HistoryEntry) -> list[FieldChange]:
    try:
        model = apps.get_model(entry.record_type)
    except (LookupError, ValueError):
        model = None
    return [_label_and_values(model, name, old, new) for name, (old, new) in entry.changes.items()]


def history_for_subject(subject: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The newest history of a record page, with the actors, in one query."""
    entries = list(
        HistoryEntry.objects.filter(subject_type=model_key(subject), subject_id=subject.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    for entry in entries:
        entry.field_changes = entry_changes(entry)  # type: ignore[attr-defined]
    return entries
