"""Filter fields that refuse what they do not understand instead of ignoring it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0, yes/no); anything else is an error, not "no filter"."""

    # A text input hands over the raw value; the select widget would turn "perhaps" into None.
    widget = forms.TextInput

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value: bool | None) -> None:
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time with any offset, handed on in UTC.

    Python accepts offsets up to ±24 h but PostgreSQL refuses anything past ±15:59, so a
    time such as ``2026-01-01T00:00-20:39`` would otherwise fail in the database instead
    of meaning the moment it names.
    """

    def to_python(self, value: Any) -> dt.datetime | None:
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(dt.UTC)
        except OverflowError as exc:
            raise ValidationError(_("Enter a valid date/time."), code="invalid") from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def updated_after_filter(help_text: str | Promise) -> UtcIsoDateTimeFilter:
    """The ``updated_after`` filter of a list: only rows changed after a moment."""
    return UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt", help_text=help_text)
