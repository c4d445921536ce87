"""Pages for logging a WeChat chat, Skype call, phone call or meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gendan.accounts.access import require
from gendan.accounts.http import AuthedHttpRequest
from gendan.core.forms import add_service_errors
from gendan.customers.selectors import contacts_visible, customers_visible
from gendan.orders.selectors import orders_visible

from ..models import Channel
from ..params import int_param, next_url, pk_param
from .forms import LoggedContactForm
from .services import logged_contact_create


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
                return redirect(next_url(request, customer.get_absolute_url()))
    else:
        initial: dict[str, Any] = {}
        contact = (
            contacts_visible(request.user).filter(pk=pk_param(request.GET.get("contact"))).first()
        )
        order = orders.filter(pk=pk_param(request.GET.get("order"))).first()
        customer_id = int_param(request.GET.get("customer"))
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
    return render(request, "comms/chat_log.html", {"form": form, "next": next_url(request, "")})


@login_required
def log_contact_options_view(request: AuthedHttpRequest) -> HttpResponse:
    """The contact and order choices for the chosen customer (htmx)."""
    customer_id = int_param(request.GET.get("customer"))
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
