from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The first page after log-in: the follow-up day where it exists, else the orders."""
    for name in ("followup:my_day", "orders:list"):
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            continue
    return redirect("customers:list")


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and process supervisors: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
