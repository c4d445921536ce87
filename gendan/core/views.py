from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from gendan.accounts.http import AuthedHttpRequest
from gendan.audit.services import security_event_record


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    """The first page after log-in: the follow-up day where it exists, else the orders."""
    for name in ("followup:my_day", "orders:list"):
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            continue
    return redirect("customers:list")


def health(request: AuthedHttpRequest) -> JsonResponse:
    """For load balancers and process supervisors: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: AuthedHttpRequest, exception=None) -> HttpResponse:
    security_event_record(
        kind="permission_denied",
        request=request,
        user=getattr(request, "user", None),
        detail=str(exception or "")[:500],
    )
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
