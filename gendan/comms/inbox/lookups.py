"""Lookups for the searchable selects (contacts, orders)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import (
    JsonResponse,
)

from gendan.accounts.http import AuthedHttpRequest
from gendan.customers.selectors import contacts_visible
from gendan.orders.selectors import orders_visible

from ..params import int_param

LOOKUP_LIMIT = 30


# --- lookups for the searchable selects -----------------------------------------------
@login_required
def contact_lookup_view(request: AuthedHttpRequest) -> JsonResponse:
    q = request.GET.get("q", "").strip()
    qs = contacts_visible(request.user).select_related("customer")
    if request.GET.get("whatsapp"):
        qs = qs.exclude(whatsapp="")
    if customer_id := int_param(request.GET.get("customer")):
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
    if customer_id := int_param(request.GET.get("customer")):
        qs = qs.filter(customer_id=customer_id)
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(customer_po__icontains=q) | Q(customer__name__icontains=q)
        )
    rows = qs.order_by("-created_at", "-id")[:LOOKUP_LIMIT]
    return JsonResponse(
        {"results": [{"id": o.pk, "text": f"{o.number} · {o.customer.name}"} for o in rows]}
    )
