"""Pages whose htmx requests get only a part of them back."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_part(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, part: str
) -> HttpResponse:
    """The whole page, or for an htmx request only its partial ``part``.

    ``request.htmx`` is set by the django-htmx middleware (false for a plain request).
    """
    if getattr(request, "htmx", False):
        return render(request, f"{template_name}#{part}", context)
    return render(request, template_name, context)
