"""WhatsApp pages: importing chat exports, sending, and the Cloud API webhook."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gendan.accounts.access import require
from gendan.accounts.http import AuthedHttpRequest
from gendan.core.forms import add_service_errors
from gendan.customers.selectors import contacts_visible
from gendan.dataio.models import ImportBatch
from gendan.orders.selectors import orders_visible

from ..message_templates.rendering import (
    MissingPlaceholders,
    template_choose,
    template_render,
    template_values,
)
from ..params import int_param, next_url, pk_param
from ..whatsapp import cloud
from ..whatsapp.importer import ImportReport
from ..whatsapp.tasks import whatsapp_webhook_process
from ..whatsapp.webhook import SOURCE, signature_valid, subscription_challenge
from .chat_file import ExportError, order_label
from .chat_import import IMPORT_KIND, whatsapp_import_check, whatsapp_import_confirm
from .forms import WhatsAppImportForm, WhatsAppSendForm
from .inbound import webhook_event_mark, webhook_event_store
from .selectors import import_batch_get_for_user
from .sending import whatsapp_send_template, whatsapp_send_text

logger = logging.getLogger("gendan.comms.chat")
ERRORS_SHOWN = 500


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
        if contact_id := int_param(request.GET.get("contact")):
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

    Nothing is stored until the body is known to come from Meta: without an app secret
    (WhatsApp not set up) every notification is refused, a body over
    ``WHATSAPP_WEBHOOK_MAX_BYTES`` is refused unread, and one whose signature does not
    match is refused with 403 and only logged.  A signed notification is kept exactly as
    it came, then processed in the worker.
    """
    if request.method == "GET":
        challenge = subscription_challenge(request.GET)
        if challenge is None:
            return HttpResponseForbidden("verification failed", content_type="text/plain")
        return HttpResponse(challenge, content_type="text/plain")
    if not settings.WHATSAPP_APP_SECRET:
        logger.warning("WhatsApp webhook refused: no app secret is set")
        return HttpResponseForbidden("not configured", content_type="text/plain")
    limit = settings.WHATSAPP_WEBHOOK_MAX_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = limit + 1
    if declared > limit:
        logger.warning("WhatsApp webhook refused: body of %s bytes", declared)
        return HttpResponse("body too large", status=413, content_type="text/plain")
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse("body too large", status=413, content_type="text/plain")
    if not signature_valid(body, request.headers.get("X-Hub-Signature-256", "")):
        logger.warning("WhatsApp webhook refused: bad signature (%s bytes)", len(body))
        return HttpResponseForbidden("bad signature", content_type="text/plain")
    event = webhook_event_store(source=SOURCE, body=body, headers=dict(request.headers))
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
    contact = contacts.select_related("customer").filter(pk=pk_param(source.get("contact"))).first()
    order = orders.filter(pk=pk_param(source.get("order"))).first()
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
                return redirect(next_url(request, fallback))
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
        "next": next_url(request, ""),
    }
    return render(request, "comms/chat_send.html", context)
