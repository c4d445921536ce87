"""Log-in lock-out that an anonymous client cannot turn against the company.

Failures are counted per account *and* address: ten wrong passwords for "mia" from one
address lock "mia" from that address only, so nobody can lock a colleague out from
elsewhere, and made-up names tried from the office's shared proxy lock nobody real.
An address as a whole is only stopped past a much higher ceiling
(``LOGIN_IP_FAILURE_LIMIT`` failures within the lock-out time, whatever the names).
A locked-out person is told when to try again; an administrator can unlock them.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def _window_start(request: HttpRequest) -> dt.datetime:
    return timezone.now() - (get_cool_off(request) or dt.timedelta(0))


def address_failures(request: HttpRequest) -> int:
    """Failed log-ins from the request's address within the lock-out time, any name."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=_window_start(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the per-address ceiling on top of the per-pair limit."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.LOGIN_IP_FAILURE_LIMIT


def retry_at(request: HttpRequest, credentials: dict | None = None) -> dt.datetime | None:
    """When the lock that stops this request ends: the last failure plus the lock-out time."""
    cool_off = get_cool_off(request)
    address = getattr(request, "axes_ip_address", None)
    if not cool_off or not address:
        return None
    attempts = AccessAttempt.objects.filter(ip_address=address)
    username = get_client_username(request, credentials)
    pair = attempts.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    if pair is None or address_failures(request) >= settings.LOGIN_IP_FAILURE_LIMIT:
        pair = attempts.aggregate(last=Max("attempt_time"))["last"]
    return pair + cool_off if pair else None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    context = {"retry_at": retry_at(request, credentials)}
    return render(request, "accounts/locked_out.html", context, status=429)


def user_unlock(*, username: str) -> int:
    """Lift every lock-out of ``username`` (an administrator's action); returns how many."""
    return reset(username=username)
