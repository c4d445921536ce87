"""SOP template editor and the working-day calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from gendan.accounts.access import can, require
from gendan.accounts.http import AuthedHttpRequest
from gendan.core.concurrency import ConcurrentEditError
from gendan.core.forms import add_service_errors
from gendan.customers.selectors import customers_visible

from ..models import CalendarDay, SopTemplate
from .forms import (
    CalendarDayForm,
    CountryPreviewForm,
    PreviewForm,
    SopTemplateForm,
    step_formset,
    step_initial,
)
from .selectors import (
    calendar_exceptions,
    calendar_year,
    dependency_levels,
    describe_steps,
    exception_spans,
    factory_calendar,
    plan_preview,
    template_get,
    templates_overview,
    version_steps,
    versions_with_usage,
)
from .services import (
    calendar_day_delete,
    calendar_day_set,
    sop_template_create,
    sop_template_save,
)

MIN_YEAR, MAX_YEAR = 2000, 2099


def _date_or_none(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD date, or None for anything else (parse_date raises on 2026-02-30)."""
    try:
        return parse_date(text or "")
    except ValueError:
        return None


# --- SOP templates --------------------------------------------------------------------
@login_required
def template_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "followup/setup_template_list.html",
        {
            "templates": templates_overview(),
            "can_manage": can(request.user, "templates.manage"),
        },
    )


@login_required
def template_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    template = template_get(pk)
    versions = versions_with_usage(template)
    shown = template.current_version
    asked = request.GET.get("version", "")
    if asked.isdigit():
        shown = next((v for v in versions if v.number == int(asked)), shown)
    steps = describe_steps(version_steps(shown))

    confirmed, days, country = timezone.localdate(), 60, ""
    asked_preview = request.GET.copy()
    for name, default in (("confirmed", confirmed.isoformat()), ("days", str(days))):
        if not asked_preview.get(name):
            asked_preview[name] = default
    preview_form = PreviewForm(asked_preview)
    if preview_form.is_valid():
        data = preview_form.cleaned_data
        confirmed = data.get("confirmed") or confirmed
        days = data.get("days") or days
        country = data.get("country") or ""
    preview = (
        plan_preview(
            steps,
            confirmed=confirmed,
            ship_date=confirmed + dt.timedelta(days=days),
            country=country,
        )
        if steps
        else None
    )
    context = {
        "template": template,
        "shown": shown,
        "is_current": shown is not None and shown.pk == template.current_version_id,
        "steps": steps,
        "columns": dependency_levels(steps),
        "versions": versions,
        "preview": preview,
        "preview_form": preview_form,
        "preview_country": dict(countries).get(country, "") if country else "",
        "can_manage": can(request.user, "templates.manage"),
    }
    if request.htmx and request.htmx.target == "preview":
        return render(request, "followup/setup_template_detail.html#preview", context)
    return render(request, "followup/setup_template_detail.html", context)


def _render_editor(
    request: AuthedHttpRequest,
    *,
    form: SopTemplateForm,
    formset: Any,
    template: SopTemplate | None = None,
    step_errors: list[str] | None = None,
    copied_from: SopTemplate | None = None,
    conflict: ConcurrentEditError | None = None,
    status: int = 200,
) -> HttpResponse:
    step_errors = step_errors or []
    keys = []
    for step_form in formset.forms:
        key = step_form["key"].value() or ""
        if key:
            keys.append(key)
        name = (step_form["name"].value() or "").strip()
        # Rows a step message names (a cycle names every step in it) are marked in red.
        step_form.flagged = bool(name) and any(name in message for message in step_errors)
    return render(
        request,
        "followup/setup_template_form.html",
        {
            "form": form,
            "formset": formset,
            "template": template,
            "step_errors": step_errors,
            "keys": keys,
            "copied_from": copied_from,
            "conflict": conflict,
        },
        status=status,
    )


def _with_another_row(request: AuthedHttpRequest) -> Any:
    """The posted steps plus an empty row: "Add step" when the browser runs no script."""
    data = request.POST.copy()
    total = data.get("steps-TOTAL_FORMS", "0")
    data["steps-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    return step_formset()(data, prefix="steps")


def _split_errors(form: SopTemplateForm, error: ValidationError) -> list[str]:
    """The service's per-step problems for the top of the form; the rest go on the fields."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    by_field = dict(error.message_dict)
    step_errors = list(by_field.pop("steps", []))
    if by_field:
        add_service_errors(form, ValidationError(by_field))
    return step_errors


def _header(form: SopTemplateForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data.get("description", ""),
        "is_default": bool(data.get("is_default")),
        "customers": list(data.get("customers") or []),
        "categories": list(data.get("categories") or []),
    }


@login_required
def template_create_view(request: AuthedHttpRequest) -> HttpResponse:
    require(request.user, "templates.manage")
    customers = customers_visible(request.user)
    copied_from = None
    if request.method == "POST":
        form = SopTemplateForm(request.POST, customers=customers)
        if "add_step" in request.POST:
            return _render_editor(request, form=form, formset=_with_another_row(request))
        formset = step_formset()(request.POST, prefix="steps")
        if form.is_valid() and formset.is_valid():
            try:
                template = sop_template_create(
                    actor=request.user, steps=formset.step_inputs(), **_header(form)
                )
            except ValidationError as exc:
                step_errors = _split_errors(form, exc)
                return _render_editor(request, form=form, formset=formset, step_errors=step_errors)
            messages.success(request, _("Template %(name)s created.") % {"name": template.name})
            return redirect(template)
        return _render_editor(request, form=form, formset=formset)

    copy = request.GET.get("copy", "")
    if copy.isdigit():
        copied_from = get_object_or_404(SopTemplate, pk=int(copy))
        steps = version_steps(copied_from.current_version)
        form = SopTemplateForm(
            initial={
                "name": _("Copy of %(name)s") % {"name": copied_from.name},
                "description": copied_from.description,
            },
            customers=customers,
        )
        formset = step_formset()(prefix="steps", initial=[step_initial(s) for s in steps])
    else:
        form = SopTemplateForm(customers=customers)
        formset = step_formset(extra=3)(prefix="steps")
    return _render_editor(request, form=form, formset=formset, copied_from=copied_from)


@login_required
def template_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, "templates.manage")
    template = template_get(pk)
    customers = customers_visible(request.user)
    if request.method == "POST":
        form = SopTemplateForm(request.POST, customers=customers)
        if "add_step" in request.POST:
            formset = _with_another_row(request)
            return _render_editor(request, form=form, formset=formset, template=template)
        formset = step_formset()(request.POST, prefix="steps")
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    version = sop_template_save(
                        actor=request.user,
                        template=template,
                        steps=formset.step_inputs(),
                        note=form.cleaned_data.get("note", ""),
                        expected_version=form.cleaned_data.get("version"),
                        **_header(form),
                    )
            except ConcurrentEditError as exc:
                return _render_editor(
                    request, form=form, formset=formset, template=template, conflict=exc, status=409
                )
            except ValidationError as exc:
                step_errors = _split_errors(form, exc)
                return _render_editor(
                    request, form=form, formset=formset, template=template, step_errors=step_errors
                )
            if version is not None:
                messages.success(
                    request,
                    _(
                        "Saved as version %(number)s. New orders use it; orders already planned keep their version."
                    )
                    % {"number": version.number},
                )
            else:
                messages.success(request, _("Template saved; the steps did not change."))
            return redirect(template)
        return _render_editor(request, form=form, formset=formset, template=template)

    form = SopTemplateForm(
        initial={
            "name": template.name,
            "description": template.description,
            "is_default": template.is_default,
            "customers": list(template.customers.all()),
            "categories": list(template.categories.all()),
            "version": template.current_version.number if template.current_version else None,
        },
        customers=customers,
    )
    steps = version_steps(template.current_version)
    formset = step_formset()(prefix="steps", initial=[step_initial(s) for s in steps])
    return _render_editor(request, form=form, formset=formset, template=template)


# --- Working-day calendar -------------------------------------------------------------
def _year(request: AuthedHttpRequest) -> int:
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() else timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _calendar_redirect(year: int) -> HttpResponse:
    """Back to the calendar, showing ``year``."""
    return redirect(reverse("followup:calendar") + f"?year={year}")


def _weekday_labels() -> list[str]:
    """Monday first; in Chinese the one character a calendar shows (一 … 日), not 星期一."""
    labels = [str(WEEKDAYS_ABBR[day]) for day in range(7)]
    if (get_language() or "").startswith("zh"):
        labels = [label[-1] for label in labels]
    return labels


@login_required
def calendar_view(request: AuthedHttpRequest) -> HttpResponse:
    calendar = factory_calendar()
    year = _year(request)
    form = CalendarDayForm()
    if request.method == "POST":
        require(request.user, "templates.manage")
        form = CalendarDayForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if calendar.pk is None:
                calendar.save()
            try:
                saved = calendar_day_set(
                    actor=request.user,
                    calendar=calendar,
                    date_from=data["date_from"],
                    date_to=data.get("date_to"),
                    is_working=data["is_working"],
                    note=data.get("note", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(count)s day(s) marked from %(date)s.")
                    % {"count": len(saved), "date": data["date_from"].isoformat()},
                )
                return _calendar_redirect(data["date_from"].year)
        year = form.cleaned_data["date_from"].year if form.cleaned_data.get("date_from") else year

    exceptions = list(calendar_exceptions(calendar, year)) if calendar.pk else []
    spans = exception_spans(exceptions)
    country_form = CountryPreviewForm(request.GET or None)
    country = ""
    if country_form.is_valid():
        country = country_form.cleaned_data.get("country") or ""
    context = {
        "calendar": calendar,
        "year": year,
        "years": (year - 1, year + 1),
        "months": calendar_year(country=calendar.country, year=year, exceptions=exceptions),
        "exceptions": exceptions,
        "exception_spans": spans,
        "calendar_country_name": dict(countries).get(calendar.country, calendar.country),
        "form": form,
        "country_form": country_form,
        "country": country,
        "country_name": dict(countries).get(country, ""),
        "country_months": calendar_year(country=country, year=year) if country else None,
        "can_manage": can(request.user, "templates.manage"),
        "today": timezone.localdate(),
        "weekdays": _weekday_labels(),
    }
    return render(request, "followup/setup_calendar.html", context)


@login_required
@require_POST
def calendar_day_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, "templates.manage")
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    until = _date_or_none(request.POST.get("until"))
    try:
        removed = calendar_day_delete(actor=request.user, day=day, until=until)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s company day removed; the public calendar applies again.",
                "%(count)s company days removed; the public calendar applies again.",
                removed,
            )
            % {"count": removed},
        )
    return _calendar_redirect(year)


urlpatterns = [
    path("settings/sop-templates/", template_list_view, name="templates"),
    path("settings/sop-templates/new/", template_create_view, name="template_create"),
    path("settings/sop-templates/<int:pk>/", template_detail_view, name="template_detail"),
    path("settings/sop-templates/<int:pk>/edit/", template_edit_view, name="template_edit"),
    path("settings/calendar/", calendar_view, name="calendar"),
    path(
        "settings/calendar/days/<int:pk>/delete/",
        calendar_day_delete_view,
        name="calendar_day_delete",
    ),
]
