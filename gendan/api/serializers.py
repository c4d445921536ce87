"""Helpers the resources' serializers share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers


def limit_choices(serializer: serializers.Serializer, name: str, queryset: QuerySet[Any]) -> None:
    """Narrow a related field to the rows the requesting user may pick."""
    field = serializer.fields[name]
    assert isinstance(field, serializers.RelatedField)
    # The stubs type the attribute as QuerySet | Manager and mistake it for a descriptor.
    field.queryset = queryset  # type: ignore[arg-type]
