"""The inbox, conversations, linking messages, the customer timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import can
from gendan.accounts.http import AuthedHttpRequest, save_form
from gendan.accounts.models import User
from gendan.core.downloads import stored_file_response
from gendan.core.pagination import KeysetPage
from gendan.core.partials import render_page_or_part
from gendan.core.timeline import customer_timeline
from gendan.core.timeline import filters as timeline_filters
from gendan.customers.selectors import customer_get_for_user
from gendan.customers.services import domain_of
from gendan.orders.models import Order
from gendan.orders.selectors import order_get_for_user

from ..mail.sanitize import show_remote_images
from ..messages.linking import conversation_link, country_from_address, customer_create_from_message
from ..messages.selectors import (
    attachment_get_for_user,
    message_get_for_user,
    thread_get_for_user,
    thread_messages,
)
from ..models import Channel, Direction, Message, Thread
from .forms import ConversationLinkForm, CustomerFromSenderForm, InboxFilterForm
from .selectors import (
    ORDER_PANEL_THREADS,
    InboxFilters,
    customer_orders_for_linking,
    inbox_page,
    order_threads,
)

# Messages of a long conversation shown open; the earlier ones are folded.

# Messages of a long conversation shown open; the earlier ones are folded.
OPEN_MESSAGES = 3


def _compose_url(**params: Any) -> str | None:
    """The mail composer's URL with ``params``, or None while there is no composer."""
    try:
        url = reverse("comms:compose")
    except NoReverseMatch:
        return None
    query = "&".join(f"{key}={value}" for key, value in params.items() if value not in (None, ""))
    return f"{url}?{query}" if query else url


# --- The inbox ------------------------------------------------------------------------------
def inbox_filters_from(params: QueryDict, *, user: User) -> InboxQuery:
    """The inbox's filters from a query string; the page and its export read the same."""
    form = InboxFilterForm(params or None, user=user)
    if form.is_bound and not form.is_valid():
        # A customer, order or mailbox the user cannot see matches nothing, rather than
        # being dropped and showing everything as if it were filtered.
        filters = InboxFilters(q=params.get("q", ""), unassigned="unassigned" in params)
        return InboxQuery(form=form, filters=filters, valid=False)
    data = form.cleaned_data if form.is_bound else {}
    order_filter = data.get("order")
    filters = InboxFilters(
        channel=data.get("channel") or "",
        direction=data.get("direction") or "",
        customer=data["customer"].pk if data.get("customer") else None,
        order=order_filter.pk if order_filter else None,
        unassigned=bool(data.get("unassigned")),
        mailbox=data["mailbox"].pk if data.get("mailbox") else None,
        q=(data.get("q") or "").strip(),
    )
    return InboxQuery(form=form, filters=filters, valid=True, order=order_filter)


@dataclass
class InboxQuery:
    form: InboxFilterForm
    filters: InboxFilters
    valid: bool
    order: Order | None = None


@login_required
def inbox_view(request: AuthedHttpRequest) -> HttpResponse:
    query = inbox_filters_from(request.GET, user=request.user)
    form, filters, order_filter = query.form, query.filters, query.order
    if not query.valid:
        page = KeysetPage(rows=[], next_cursor=None, previous_cursor=None)
    else:
        page = inbox_page(user=request.user, filters=filters, cursor=request.GET.get("cursor"))
    context = {
        "page": page,
        "filter_form": form,
        "filters": filters,
        "order_filter": order_filter,
        "compose_url": _compose_url(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "comms/inbox_list.html#results", context)
    return render(request, "comms/inbox_list.html", context)


# --- A conversation -------------------------------------------------------------------------
def _email_document(message: Message, *, remote_images: bool, origin: str) -> str:
    """The HTML of an e-mail as a document for a sandboxed iframe (``srcdoc``).

    The iframe runs no scripts (its sandbox has no allow-scripts); its own Content
    Security Policy loads images only from this site (inline attachments) unless the
    user asked for the remote ones of this message.
    """
    body = show_remote_images(message.body_html) if remote_images else message.body_html
    images = f"'self' {origin} data:" + (" https: http:" if remote_images else "")
    policy = f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; font-src data:"
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
        '<base target="_blank"><style>'
        "html,body{margin:0;padding:0;background:transparent}body{display:flow-root}"
        "body{font:14px/1.55 -apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','PingFang SC',"
        "'Microsoft YaHei',sans-serif;color:#1d273b;overflow-wrap:anywhere}"
        "img{max-width:100%;height:auto}"
        "img[data-remote-src]{background:#f1f5f9;outline:1px dashed #c8d3e1}"
        "table{max-width:100%}pre{white-space:pre-wrap}"
        "blockquote{margin:.5rem 0 .5rem .25rem;padding-left:.75rem;border-left:3px solid #dce1e7;color:#667382}"
        "a{color:#206bc4}"
        f"</style></head><body>{body}</body></html>"
    )


def _decorate(request: AuthedHttpRequest, message: Message, *, remote_images: bool) -> None:
    """What the message card needs: its iframe document, reply links, remote-image state."""
    origin = f"{request.scheme}://{request.get_host()}"
    shown = remote_images and message.has_remote_images
    message.images_shown = shown  # type: ignore[attr-defined]
    message.document = (  # type: ignore[attr-defined]
        _email_document(message, remote_images=shown, origin=origin) if message.body_html else ""
    )
    if message.channel == Channel.EMAIL:
        message.reply_url = _compose_url(reply_to=message.pk)  # type: ignore[attr-defined]
        message.reply_all_url = _compose_url(reply_to=message.pk, reply_all=1)  # type: ignore[attr-defined]


def _sender_defaults(message: Message) -> dict[str, Any]:
    """A lead's name and country guessed from the sender's address."""
    address = message.from_address or ""
    domain = domain_of(email=address)
    company = domain.split(".")[0].replace("-", " ").title() if domain else ""
    return {
        "name": company or message.from_name,
        "country": country_from_address(address),
        "contact_name": message.from_name,
    }


def _thread_context(
    request: AuthedHttpRequest,
    thread: Thread,
    *,
    link_form: ConversationLinkForm | None = None,
    lead_form: CustomerFromSenderForm | None = None,
) -> dict[str, Any]:
    rows = thread_messages(thread=thread)
    images_for = request.GET.get("images", "")
    for message in rows:
        _decorate(request, message, remote_images=images_for == str(message.pk))
    for message in rows[: max(0, len(rows) - OPEN_MESSAGES)]:
        message.folded = str(message.pk) != images_for  # type: ignore[attr-defined]
    # The reply goes to the newest message from the customer, else the newest of all.
    inbound = [m for m in rows if m.direction == Direction.INBOUND]
    reply_to = (inbound or rows)[-1] if rows else None
    orders = (
        customer_orders_for_linking(user=request.user, customer_id=thread.customer_id)
        if thread.customer_id
        else []
    )
    can_link = can(request.user, "customers.change")
    sender = next((m for m in rows if m.direction == Direction.INBOUND and m.from_address), None)
    if lead_form is None and sender is not None and not thread.customer_id:
        lead_form = CustomerFromSenderForm(user=request.user, initial=_sender_defaults(sender))
    return {
        "thread": thread,
        "rows": rows,
        "reply_to": reply_to,
        "link_form": link_form
        or ConversationLinkForm(
            user=request.user,
            orders=orders,
            initial={"customer": thread.customer_id, "order": thread.order_id},
        ),
        "lead_form": lead_form if not thread.customer_id else None,
        "sender": sender,
        "can_link": can_link,
        "customer": thread.customer,
    }


@login_required
def thread_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    thread = thread_get_for_user(user=request.user, pk=pk)
    return render(request, "comms/inbox_thread.html", _thread_context(request, thread))


@login_required
def message_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One message: its conversation when it has one, else the message on its own."""
    message = message_get_for_user(user=request.user, pk=pk)
    if message.thread_id:
        query = f"?images={pk}" if request.GET.get("images") else ""
        return redirect(reverse("comms:thread", args=[message.thread_id]) + f"{query}#message-{pk}")
    rows = list(
        Message.objects.filter(pk=message.pk)
        .select_related("mailbox", "contact", "created_by")
        .prefetch_related("attachments")
    )
    for row in rows:
        _decorate(request, row, remote_images=bool(request.GET.get("images")))
    context = {"message": rows[0], "rows": rows, "customer": message.customer}
    return render(request, "comms/inbox_message_page.html", context)


@login_required
def message_body_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A message's body again, with its remote images loading if ``?images=1``."""
    message = message_get_for_user(user=request.user, pk=pk)
    _decorate(request, message, remote_images=request.GET.get("images") == "1")
    return render(request, "comms/inbox_message.html#body", {"message": message})


@login_required
def attachment_view(request: AuthedHttpRequest, pk: int) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, pk=pk)
    if attachment.is_skipped or not attachment.file:
        raise Http404(_("This attachment was too large to keep; only its name was stored."))
    return stored_file_response(
        attachment.file,
        name=Path(attachment.original_name).name or "attachment",
        content_type=attachment.content_type.split(";")[0].strip().lower(),
        allow_inline=not request.GET.get("download"),
    )


# --- Linking -----------------------------------------------------------------------------
@login_required
@require_POST
def thread_link_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    thread = thread_get_for_user(user=request.user, pk=pk)
    form = ConversationLinkForm(request.POST, user=request.user)
    if form.is_valid():
        customer, order = form.cleaned_data["customer"], form.cleaned_data["order"]
        linked, _conflict = save_form(
            form,
            lambda: conversation_link(
                actor=request.user, thread=thread, customer=customer, order=order
            ),
        )
        if linked is not None:
            messages.success(
                request,
                _("The conversation is now linked to %(customer)s.") % {"customer": customer.name}
                if order is None
                else _("The conversation is now linked to %(customer)s, order %(order)s.")
                % {"customer": customer.name, "order": order.number},
            )
            return redirect("comms:thread", pk=thread.pk)
    context = _thread_context(request, thread, link_form=form)
    return render(request, "comms/inbox_thread.html", context, status=400)


@login_required
def link_orders_view(request: AuthedHttpRequest) -> HttpResponse:
    """The order choices for the customer picked in the link form (htmx)."""
    raw = request.GET.get("customer", "")
    orders = []
    if raw.isdigit():
        customer = customer_get_for_user(user=request.user, pk=int(raw))
        orders = customer_orders_for_linking(user=request.user, customer_id=customer.pk)
    return render(request, "comms/inbox_order_options.html", {"orders": orders})


@login_required
@require_POST
def customer_from_sender_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One step: a lead from the sender, the sender as its contact, the conversation linked."""
    message = message_get_for_user(user=request.user, pk=pk)
    form = CustomerFromSenderForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        customer, _conflict = save_form(
            form,
            lambda: customer_create_from_message(
                actor=request.user,
                message=message,
                team=data["team"],
                name=data["name"],
                country=data["country"],
                contact_name=data["contact_name"],
            ),
        )
        if customer is not None:
            messages.success(
                request,
                _("Lead %(name)s created with %(address)s as its contact.")
                % {"name": customer.name, "address": message.from_address},
            )
            return redirect(message.get_absolute_url())
    if message.thread_id is None:
        raise Http404  # a message without a conversation has no page with this form
    thread = thread_get_for_user(user=request.user, pk=message.thread_id)
    context = _thread_context(request, thread, lead_form=form)
    return render(request, "comms/inbox_thread.html", context, status=400)


# --- Panels on the order and customer pages ------------------------------------------------
@login_required
def order_messages_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    threads = order_threads(user=request.user, order=order)
    shown = threads[:ORDER_PANEL_THREADS]
    for thread in shown:
        newest = getattr(thread, "newest", None)
        if newest is not None and newest.channel == Channel.EMAIL:
            thread.reply_url = _compose_url(reply_to=newest.pk)  # type: ignore[attr-defined]
    context = {
        "order": order,
        "threads": shown,
        "more": len(threads) > ORDER_PANEL_THREADS,
        "new_email_url": _compose_url(order=order.pk),
    }
    return render_page_or_part(request, "comms/inbox_order_panel.html", context, part="panel")


@login_required
def customer_timeline_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    channel = request.GET.get("channel", "")
    page = customer_timeline(customer=customer, filter=channel, cursor=request.GET.get("cursor"))
    context = {
        "customer": customer,
        "page": page,
        "channel": channel,
        "filters": timeline_filters(),
        "timeline_url": reverse("comms:customer_timeline", args=[customer.pk]),
    }
    if request.htmx and request.GET.get("cursor"):
        return render(request, "comms/inbox_timeline.html#events", context)
    return render_page_or_part(request, "comms/inbox_timeline.html", context, part="panel")
