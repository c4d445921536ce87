"""A record's form page: show the form, save it, then say so and go on, or show why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

F = TypeVar("F", bound=forms.BaseForm)
T = TypeVar("T", bound=Model)


def record_form_page(
    request: HttpRequest,
    *,
    make_form: Callable[..., F],
    save: Callable[[F], tuple[T | None, Any]],
    done: Callable[[T], str],
    template: str,
    context: dict[str, Any],
    next_page: Callable[[T], Any] = lambda saved: saved,
) -> HttpResponse:
    """The GET/POST cycle of a page that creates or edits one record.

    ``make_form(*data)`` builds the form, bound to the POST data when there is some;
    ``save(form)`` runs the service on a valid form and gives the record saved, or None and
    the conflict with a newer version (409); ``done(saved)`` is the message shown once saved,
    before going on to ``next_page(saved)`` (the record's own page unless told).
    """
    conflict = None
    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            saved, conflict = save(form)
            if saved is not None:
                messages.success(request, done(saved))
                return redirect(next_page(saved))
    else:
        form = make_form()
    return render(
        request,
        template,
        {"form": form, **context, "conflict": conflict},
        status=409 if conflict else 200,
    )
