"""The customer page's local-time panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import (
    HttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from gendan.accounts.access import can
from gendan.accounts.http import AuthedHttpRequest
from gendan.customers.selectors import customer_get_for_user

from .selectors import customer_local_times


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
