"""The request type of Gendan's pages: signed in, with htmx details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from .models import User


class AuthedHttpRequest(HttpRequest):
    """What a view behind ``login_required`` receives (for type checking only)."""

    user: User
    htmx: HtmxDetails
