"""Keyset pagination for pages.

A page is read with one bounded query — ``WHERE (sort, id) > (last seen) ORDER BY sort, id
LIMIT size + 1`` — so page 1,000 costs what page 1 costs and no COUNT(*) is ever run.
The cursor is the sort value and id of the row at the page's edge.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _encode(value: Any, pk: int, direction: str) -> str:
    raw = json.dumps([None if value is None else str(value), pk, direction])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str | None, int, str] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk, direction = json.loads(base64.urlsafe_b64decode(padded))
        if direction not in ("n", "p") or not isinstance(pk, int):
            return None
        return value, pk, direction
    except (ValueError, TypeError, binascii.Error):
        return None  # a mangled cursor shows the first page rather than an error


def keyset_page(qs: QuerySet, *, sort: str, cursor: str | None, size: int = 50) -> KeysetPage:
    """One page of ``qs`` ordered by ``sort`` (a non-null column, "-" for descending) then id."""
    descending = sort.startswith("-")
    field_name = sort.lstrip("-")
    model_field = qs.model._meta.get_field(field_name)
    decoded = _decode(cursor) if cursor else None

    forward = True
    if decoded:
        raw_value, pk, direction = decoded
        forward = direction == "n"
        try:
            value = model_field.to_python(raw_value)
        except Exception:  # a cursor from another sort order: start over
            decoded, forward = None, True
    if decoded:
        after = forward != descending  # moving up the sort order?
        op = "gt" if after else "lt"
        qs = qs.filter(
            Q(**{f"{field_name}__{op}": value}) | Q(**{field_name: value, f"pk__{op}": pk})
        )

    ascending_order = forward != descending
    ordering = [field_name, "pk"] if ascending_order else [f"-{field_name}", "-pk"]
    rows = list(qs.order_by(*ordering)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()

    has_next = more if forward else bool(decoded)
    has_previous = bool(decoded) if forward else more
    next_cursor = previous_cursor = None
    if rows and has_next:
        last: Model = rows[-1]
        next_cursor = _encode(getattr(last, field_name), last.pk, "n")
    if rows and has_previous:
        first: Model = rows[0]
        previous_cursor = _encode(getattr(first, field_name), first.pk, "p")
    return KeysetPage(rows=rows, next_cursor=next_cursor, previous_cursor=previous_cursor)
