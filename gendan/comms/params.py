"""Query-string and form values the pages read."""

from __future__ import annotations

from typing import Any

from django.http import (
    HttpRequest,
)
from django.utils.http import url_has_allowed_host_and_scheme


def int_param(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def pk_param(value: Any) -> int:
    """An id from the query string; 0 (no row) for anything that is not one."""
    return int_param(value) or 0


def next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
