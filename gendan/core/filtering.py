"""Narrowing a queryset by the filters a list or API request gave."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)


def filter_given(qs: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``qs`` narrowed by each lookup whose value is given: empty strings, ``None`` and 0 are not."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return qs.filter(**given) if given else qs


def any_matches(text: str, *lookups: str) -> Q:
    """The condition that ``text`` matches at least one of ``lookups`` (a search box's query)."""
    return reduce(operator.or_, (Q(**{lookup: text}) for lookup in lookups))
