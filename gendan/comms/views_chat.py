"""WhatsApp import and webhooks, sending WhatsApp, logged WeChat/Skype/phone/meeting
contacts, message templates, and the customer page's local-time panel."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gendan.accounts.access import can, require
from gendan.accounts.http import AuthedHttpRequest
from gendan.core.forms import add_service_errors
from gendan.core.models import ImportBatch
from gendan.customers.selectors import contacts_visible, customer_get_for_user, customers_visible
from gendan.orders.selectors import orders_visible

from .forms_chat import (
    LoggedContactForm,
    MessageTemplateForm,
    TemplatePreviewForm,
    WhatsAppImportForm,
    WhatsAppSendForm,
)
from .models import Channel, MessageTemplate
from .selectors_chat import (
    customer_local_times,
    import_batch_get_for_user,
    templates_by_code,
)
from .services_chat import (
    IMPORT_KIND,
    logged_contact_create,
    message_template_create,
    message_template_delete,
    message_template_update,
    webhook_event_mark,
    webhook_event_store,
    whatsapp_import_check,
    whatsapp_import_confirm,
    whatsapp_send_template,
    whatsapp_send_text,
)
from .templating import (
    MissingPlaceholders,
    known_placeholders,
    template_choose,
    template_render,
    template_values,
)
from .whatsapp import cloud
from .whatsapp.export import ExportError, order_label
from .whatsapp.importer import ImportReport
from .whatsapp.tasks import whatsapp_webhook_process
from .whatsapp.webhook import SOURCE, signature_valid, subscription_challenge

logger = logging.getLogger("gendan.comms.chat")
ERRORS_SHOWN = 500
LOOKUP_LIMIT = 30


def _digits(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _pk(value: Any) -> int:
    """An id from the query string; 0 (no row) for anything that is not one."""
    return _digits(value) or 0


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- WhatsApp chat import -------------------------------------------------------------
@login_required
def whatsapp_import_view(request: AuthedHttpRequest) -> HttpResponse:
    require(request.user, "customers.change")
    contacts = contacts_visible(request.user)
    if request.method == "POST":
        form = WhatsAppImportForm(request.POST, request.FILES, contacts=contacts)
        if form.is_valid():
            data = form.cleaned_data
            contact = data["contact"]
            require(request.user, "customers.change", team=contact.team_id)
            try:
                batch = whatsapp_import_check(
                    user=request.user, contact=contact, upload=data["file"], me=data["me"],
                    date_order=data["date_order"], time_zone=data["time_zone"],
                )  # fmt: skip
            except ExportError as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("comms:whatsapp_import_result", pk=batch.pk)
    else:
        initial: dict[str, Any] = {"time_zone": request.user.time_zone}
        if contact_id := _digits(request.GET.get("contact")):
            initial["contact"] = contact_id
        form = WhatsAppImportForm(initial=initial, contacts=contacts)
    recent = ImportBatch.objects.filter(user=request.user, kind=IMPORT_KIND).order_by(
        "-created_at"
    )[:5]
    return render(request, "comms/chat_import.html", {"form": form, "recent": recent})


def _report_context(batch: ImportBatch, user) -> dict[str, Any]:
    report = ImportReport.from_dict(batch.preview.get("report", {}))
    contact_id = batch.preview.get("options", {}).get("contact")
    contact = (
        contacts_visible(user).select_related("customer").filter(pk=contact_id).first()
        if contact_id
        else None
    )
    sample = [
        {**row, "sent_at": dt.datetime.fromisoformat(row["sent_at"])} for row in report.sample
    ]
    return {
        "batch": batch,
        "report": report,
        "contact": contact,
        "sample": sample,
        "first_at": dt.datetime.fromisoformat(report.first_at) if report.first_at else None,
        "last_at": dt.datetime.fromisoformat(report.last_at) if report.last_at else None,
        "date_order_label": order_label(report.date_order),
        "errors": batch.errors[:ERRORS_SHOWN],
        "more_errors": max(0, batch.error_count - ERRORS_SHOWN),
        "imported": batch.status == ImportBatch.Status.IMPORTED,
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED
        and bool(report.new or report.media_added)
        and contact is not None,
    }


@login_required
def whatsapp_import_result_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    return render(request, "comms/chat_import_result.html", _report_context(batch, request.user))


@login_required
@require_POST
def whatsapp_import_confirm_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    contact_id = batch.preview.get("options", {}).get("contact")
    contact = get_object_or_404(contacts_visible(request.user), pk=contact_id)
    require(request.user, "customers.change", team=contact.team_id)
    try:
        batch, report = whatsapp_import_confirm(user=request.user, batch=batch)
    except (ValidationError, ExportError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(
            request,
            _("Imported %(new)s new messages; %(existing)s were already there.")
            % {"new": report.new, "existing": report.existing},
        )
    return redirect("comms:whatsapp_import_result", pk=batch.pk)


# --- WhatsApp Cloud API webhook -------------------------------------------------------
@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook_view(request: HttpRequest) -> HttpResponse:
    """Meta's subscription handshake (GET) and its notifications (POST).

    A notification is stored before anything else; one whose signature does not match
    is kept (for the record) and refused with 403, and never processed.
    """
    if request.method == "GET":
        challenge = subscription_challenge(request.GET)
        if challenge is None:
            return HttpResponseForbidden("verification failed", content_type="text/plain")
        return HttpResponse(challenge, content_type="text/plain")
    body = request.body
    event = webhook_event_store(source=SOURCE, body=body, headers=dict(request.headers))
    if not signature_valid(body, request.headers.get("X-Hub-Signature-256", "")):
        webhook_event_mark(event=event, signature_valid=False, error="signature does not match")
        logger.warning("WhatsApp webhook %s refused: bad signature", event.pk)
        return HttpResponseForbidden("bad signature", content_type="text/plain")
    webhook_event_mark(event=event, signature_valid=True)
    # Answer at once; the processing runs in the worker (or inline in tests).
    whatsapp_webhook_process.enqueue(event.pk)
    return HttpResponse("OK", content_type="text/plain")


# --- sending WhatsApp -----------------------------------------------------------------
@login_required
def whatsapp_send_view(request: AuthedHttpRequest) -> HttpResponse:
    require(request.user, "customers.change")
    contacts = contacts_visible(request.user)
    orders = orders_visible(request.user)
    source = request.POST if request.method == "POST" else request.GET
    contact = contacts.select_related("customer").filter(pk=_pk(source.get("contact"))).first()
    order = orders.filter(pk=_pk(source.get("order"))).first()
    if contact is None and order is not None and order.contact_id:
        # Opened from an order: write to the order's contact.
        contact = contacts.select_related("customer").filter(pk=order.contact_id).first()
    if order is not None and (contact is None or order.customer_id != contact.customer_id):
        order = None
    code = source.get("template", "")
    kind = source.get("kind") or ("template" if code else "text")
    variant = None
    needed: list[str] = []
    preview: dict[str, Any] = {}
    if kind == "template" and code and contact is not None:
        try:
            variant = template_choose(code, customer=contact.customer, contact=contact)
            _computed, missing = template_values(
                variant,
                order=order,
                customer=contact.customer,
                contact=contact,
                sender=request.user,
            )
            needed = list(missing)
            given = {name: source.get(f"value_{name}", "") for name in needed}
            values, still_missing = template_values(
                variant, order=order, customer=contact.customer, contact=contact,
                sender=request.user, given=given,
            )  # fmt: skip
            preview = {"template": variant, "missing": still_missing, "values": values}
            if not still_missing:
                preview["rendered"] = template_render(
                    variant, order=order, customer=contact.customer, contact=contact,
                    sender=request.user, given=given,
                )  # fmt: skip
        except ValidationError as exc:
            preview = {"error": " ".join(exc.messages)}

    initial = {
        "contact": contact.pk if contact else None,
        "order": order.pk if order else None,
        "kind": kind,
        "template": code,
    }
    if request.method == "POST":
        form = WhatsAppSendForm(request.POST, contacts=contacts, orders=orders, placeholders=needed)
        if form.is_valid():
            data = form.cleaned_data
            chosen = data["contact"]
            require(request.user, "customers.change", team=chosen.team_id)
            try:
                if data["kind"] == "template":
                    template = variant or template_choose(
                        data["template"], customer=chosen.customer, contact=chosen
                    )
                    message = whatsapp_send_template(
                        actor=request.user, contact=chosen, template=template,
                        order=data.get("order"), given=form.given_values(),
                    )  # fmt: skip
                else:
                    message = whatsapp_send_text(
                        actor=request.user,
                        contact=chosen,
                        text=data["text"],
                        order=data.get("order"),
                    )
            except MissingPlaceholders as exc:
                for name, error in zip(exc.names, exc.messages, strict=False):
                    target = f"value_{name}" if f"value_{name}" in form.fields else None
                    form.add_error(target, error)
            except cloud.CloudApiError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Sent to %(name)s on WhatsApp.") % {"name": chosen.name},
                )
                fallback = (
                    message.order.get_absolute_url()
                    if message.order
                    else chosen.customer.get_absolute_url()
                )
                return redirect(_next_url(request, fallback))
    else:
        # A field changed (htmx) or the page opened: show the choices, not errors yet.
        values = {
            name: request.GET.get(name, "") for name in request.GET if name.startswith("value_")
        }
        form = WhatsAppSendForm(
            initial={**initial, "text": request.GET.get("text", ""), **values},
            contacts=contacts, orders=orders, placeholders=needed,
        )  # fmt: skip
    context = {
        "form": form,
        "contact": contact,
        "order": order,
        "kind": kind,
        "preview": preview,
        "configured": cloud.is_configured(),
        "next": _next_url(request, ""),
    }
    return render(request, "comms/chat_send.html", context)


# --- logged WeChat, Skype, calls and meetings -----------------------------------------
@login_required
def log_contact_view(request: AuthedHttpRequest) -> HttpResponse:
    require(request.user, "customers.change")
    customers = customers_visible(request.user)
    orders = orders_visible(request.user)
    if request.method == "POST":
        form = LoggedContactForm(request.POST, request.FILES, customers=customers, orders=orders)
        if form.is_valid():
            data = form.cleaned_data
            customer = data["customer"]
            require(request.user, "customers.change", team=customer.team_id)
            try:
                logged_contact_create(
                    actor=request.user, channel=data["channel"], direction=data["direction"],
                    occurred_at=data["occurred_at"], customer=customer, contact=data.get("contact"),
                    order=data.get("order"), summary=data["summary"], files=data["attachments"],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Logged the %(channel)s with %(name)s.")
                    % {
                        "channel": Channel(data["channel"]).label,
                        "name": data["contact"].name if data.get("contact") else customer.name,
                    },
                )
                return redirect(_next_url(request, customer.get_absolute_url()))
    else:
        initial: dict[str, Any] = {}
        contact = contacts_visible(request.user).filter(pk=_pk(request.GET.get("contact"))).first()
        order = orders.filter(pk=_pk(request.GET.get("order"))).first()
        customer_id = _digits(request.GET.get("customer"))
        if contact is not None:
            initial.update(customer=contact.customer_id, contact=contact.pk)
        elif order is not None:
            initial.update(customer=order.customer_id, contact=order.contact_id)
        elif customer_id:
            initial["customer"] = customer_id
        if order is not None:
            initial["order"] = order.pk
        if request.GET.get("channel") in {c.value for c in Channel}:
            initial["channel"] = request.GET["channel"]
        form = LoggedContactForm(initial=initial, customers=customers, orders=orders)
    return render(request, "comms/chat_log.html", {"form": form, "next": _next_url(request, "")})


@login_required
def log_contact_options_view(request: AuthedHttpRequest) -> HttpResponse:
    """The contact and order choices for the chosen customer (htmx)."""
    customer_id = _digits(request.GET.get("customer"))
    form = LoggedContactForm(
        initial={"customer": customer_id},
        customers=customers_visible(request.user),
        orders=orders_visible(request.user),
    )
    if customer_id:
        primary = form.fields["contact"].queryset.filter(is_primary=True).first()  # type: ignore[attr-defined]
        if primary is not None:
            form.initial["contact"] = primary.pk
    return render(request, "comms/chat_log.html#options", {"form": form})


# --- message templates ----------------------------------------------------------------
@login_required
def template_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "comms/chat_templates.html",
        {"codes": templates_by_code(), "can_edit": can(request.user, "customers.change")},
    )


def _template_initial(source: MessageTemplate) -> dict[str, Any]:
    return {
        "code": source.code, "name": source.name, "channel": source.channel,
        "subject": source.subject, "body": source.body, "language": source.language,
    }  # fmt: skip


@login_required
def template_edit_view(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(MessageTemplate, pk=pk) if pk else None
    can_edit = can(request.user, "customers.change")
    orders = orders_visible(request.user)
    preview: dict[str, Any] | None = None
    if request.method == "POST":
        form = MessageTemplateForm(request.POST)
        preview_form = TemplatePreviewForm(request.POST, orders=orders)
        wants_preview = "preview" in request.POST or request.htmx
        if wants_preview:
            preview = _preview(request, form, preview_form)
            if request.htmx:
                return render(
                    request, "comms/chat_template_form.html#preview", {"preview": preview}
                )
        elif not can_edit:
            raise PermissionDenied(_("You do not have permission to do this."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                if template is None:
                    template = message_template_create(actor=request.user, **data)
                else:
                    template = message_template_update(
                        actor=request.user, template=template, **data
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Template %(name)s saved.") % {"name": template.name})
                return redirect("comms:template_edit", pk=template.pk)
    else:
        initial: dict[str, Any] = {}
        if template is not None:
            initial = _template_initial(template)
        elif source := MessageTemplate.objects.filter(pk=_pk(request.GET.get("from"))).first():
            # "Add a language": the same code, name and channel; the text to translate.
            initial = {**_template_initial(source), "language": ""}
        else:
            initial = {"channel": Channel.EMAIL, "language": "en"}
        form = MessageTemplateForm(initial=initial)
        preview_form = TemplatePreviewForm(
            initial={"order": _digits(request.GET.get("order"))}, orders=orders
        )
    variants = (
        list(MessageTemplate.objects.filter(code=template.code).order_by("language"))
        if template
        else []
    )
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "form": form,
        "preview_form": preview_form,
        "template": template,
        "variants": variants,
        "preview": preview,
        "placeholders": list(known_placeholders().values()),
        "can_edit": can_edit,
    }
    return render(request, "comms/chat_template_form.html", context)


def _preview(
    request: AuthedHttpRequest, form: MessageTemplateForm, preview_form: TemplatePreviewForm
) -> dict[str, Any]:
    """The text being edited, rendered against the chosen order; or what stops it."""
    order = preview_form.cleaned_data.get("order") if preview_form.is_valid() else None
    draft = MessageTemplate(
        code=request.POST.get("code", ""),
        language=request.POST.get("language", "en"),
        channel=request.POST.get("channel", Channel.EMAIL),
        subject=request.POST.get("subject", ""),
        body=request.POST.get("body", ""),
    )
    if order is None:
        return {
            "order": None,
            "errors": [_("Choose an order to see the text as the customer would.")],
        }
    try:
        rendered = template_render(
            draft, order=order, customer=order.customer, contact=order.contact, sender=request.user
        )
    except MissingPlaceholders as exc:
        return {"order": order, "errors": exc.messages, "missing": exc.names}
    except ValidationError as exc:
        return {"order": order, "errors": exc.messages}
    return {"order": order, "rendered": rendered}


@login_required
@require_POST
def template_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, "customers.change")
    template = get_object_or_404(MessageTemplate, pk=pk)
    message_template_delete(actor=request.user, template=template)
    messages.success(request, _("Template %(name)s deleted.") % {"name": template.name})
    return redirect("comms:templates")


# --- the customer page's local-time panel ---------------------------------------------
@login_required
def customer_localtime_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    context = customer_local_times(
        customer=customer,
        now=timezone.now(),
        viewer_zone=timezone.get_current_timezone(),
        language=get_language() or "en",
    )
    context["customer"] = customer
    context["can_act"] = can(request.user, "customers.change", team=customer.team_id)
    return render(request, "comms/chat_localtime.html", context)


# --- lookups for the searchable selects -----------------------------------------------
@login_required
def contact_lookup_view(request: AuthedHttpRequest) -> JsonResponse:
    q = request.GET.get("q", "").strip()
    qs = contacts_visible(request.user).select_related("customer")
    if request.GET.get("whatsapp"):
        qs = qs.exclude(whatsapp="")
    if customer_id := _digits(request.GET.get("customer")):
        qs = qs.filter(customer_id=customer_id)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(customer__name__icontains=q) | Q(email__iexact=q)
            | Q(whatsapp__contains=q.replace(" ", ""))
        )  # fmt: skip
    rows = qs.order_by("name", "id")[:LOOKUP_LIMIT]
    return JsonResponse(
        {
            "results": [
                {
                    "id": c.pk,
                    "text": f"{c.name} · {c.customer.name}"
                    + (f" ({c.whatsapp})" if c.whatsapp else ""),
                }
                for c in rows
            ]
        }
    )


@login_required
def order_lookup_view(request: AuthedHttpRequest) -> JsonResponse:
    q = request.GET.get("q", "").strip()
    qs = orders_visible(request.user).select_related("customer")
    if customer_id := _digits(request.GET.get("customer")):
        qs = qs.filter(customer_id=customer_id)
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(customer_po__icontains=q) | Q(customer__name__icontains=q)
        )
    rows = qs.order_by("-created_at", "-id")[:LOOKUP_LIMIT]
    return JsonResponse(
        {"results": [{"id": o.pk, "text": f"{o.number} · {o.customer.name}"} for o in rows]}
    )


urlpatterns = [
    path("whatsapp/import/", whatsapp_import_view, name="whatsapp_import"),
    path("whatsapp/imports/<int:pk>/", whatsapp_import_result_view, name="whatsapp_import_result"),
    path(
        "whatsapp/imports/<int:pk>/confirm/",
        whatsapp_import_confirm_view,
        name="whatsapp_import_confirm",
    ),
    path("whatsapp/send/", whatsapp_send_view, name="whatsapp_send"),
    path("webhooks/whatsapp/", whatsapp_webhook_view, name="whatsapp_webhook"),
    path("log-contact/", log_contact_view, name="log_contact"),
    path("log-contact/options/", log_contact_options_view, name="log_contact_options"),
    path("message-templates/", template_list_view, name="templates"),
    path("message-templates/new/", template_edit_view, name="template_create"),
    path("message-templates/<int:pk>/", template_edit_view, name="template_edit"),
    path("message-templates/<int:pk>/delete/", template_delete_view, name="template_delete"),
    path("customers/<int:pk>/local-time/", customer_localtime_view, name="customer_localtime"),
    path("chat/contacts/lookup/", contact_lookup_view, name="contact_lookup"),
    path("chat/orders/lookup/", order_lookup_view, name="order_lookup"),
]
