"""Reads of message templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import MessageTemplate


@dataclass
class TemplateCode:
    code: str
    name: str
    channel: str
    variants: list[MessageTemplate]
    updated_at: dt.datetime


def templates_by_code() -> list[TemplateCode]:
    """Every template, one row per code with its languages (a short list: one query)."""
    codes: dict[str, TemplateCode] = {}
    for template in MessageTemplate.objects.order_by("code", "language"):
        row = codes.get(template.code)
        if row is None:
            row = codes[template.code] = TemplateCode(
                code=template.code,
                name=template.name,
                channel=template.channel,
                variants=[],
                updated_at=template.updated_at,
            )
        if template.language == "en":
            row.name = template.name
        row.variants.append(template)
        row.updated_at = max(row.updated_at, template.updated_at)
    return list(codes.values())
