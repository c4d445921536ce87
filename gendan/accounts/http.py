"""The request type of Gendan's pages (signed in, with htmx details) and page helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gendan.core.concurrency import ConcurrentEditError
from gendan.core.forms import add_service_errors

if TYPE_CHECKING:
    from django.shortcuts import SupportsGetAbsoluteUrl
    from django_htmx.middleware import HtmxDetails

    from .models import User

T = TypeVar("T")


class AuthedHttpRequest(HttpRequest):
    """What a view behind ``login_required`` receives (for type checking only)."""

    user: User
    htmx: HtmxDetails


def delete_and_redirect(
    request: AuthedHttpRequest,
    *,
    record: SupportsGetAbsoluteUrl,
    delete: Callable[[], object],
    deleted: str,
    list_url: str,
) -> HttpResponse:
    """A record page's delete: back to the record with the service's refusal, or on to the list.

    ``delete`` calls the service; ``deleted`` is the message shown once it has.
    """
    try:
        delete()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(record)
    messages.success(request, deleted)
    return redirect(list_url)


def save_form(
    form: forms.BaseForm, save: Callable[[], T]
) -> tuple[T | None, ConcurrentEditError | None]:
    """Run a record page's save: the record saved, or the conflict with a newer version.

    A service's ValidationError goes onto the form; then neither is returned.
    """
    try:
        return save(), None
    except ConcurrentEditError as exc:
        return None, exc
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, None
