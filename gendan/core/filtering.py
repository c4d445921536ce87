"""Narrowing a queryset by the filters a list or API request gave."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def filter_given(qs: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``qs`` narrowed by each lookup whose value is given: empty strings, ``None`` and 0 are not."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return qs.filter(**given) if given else qs
