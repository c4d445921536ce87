"""Filters for showing a customer's own values: languages and preferred channels."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from gendan.customers.choices import PreferredChannel
from gendan.customers.geo import language_name

register = template.Library()


@register.filter
def language_names(codes: Iterable[str] | None) -> str:
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def channel_labels(values: Iterable[str] | None) -> str:
    labels = dict(PreferredChannel.choices)
    return ", ".join(str(labels.get(v, v)) for v in values or [])
