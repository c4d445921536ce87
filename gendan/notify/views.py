"""The bell: the unread count, the latest notifications, the full list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gendan.accounts.http import AuthedHttpRequest
from gendan.core.pagination import keyset_page

from .selectors import notification_get_for_user, notifications_for, unread_count
from .services import notifications_mark_read

PAGE_SIZE = 30
MENU_SIZE = 8


@login_required
def notification_list_view(request: AuthedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = keyset_page(
        notifications_for(user=request.user, unread_only=unread_only),
        sort="-created_at",
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    return render(request, "notify/list.html", {"page": page, "unread_only": unread_only})


@login_required
def notification_menu_view(request: AuthedHttpRequest) -> HttpResponse:
    """The bell's dropdown, loaded when it opens."""
    latest = list(notifications_for(user=request.user).order_by("-created_at", "-id")[:MENU_SIZE])
    return render(
        request,
        "notify/menu.html",
        {"latest": latest, "unread": unread_count(user=request.user)},
    )


@login_required
def notification_open_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points (only ever inside Gendan)."""
    notification = notification_get_for_user(user=request.user, pk=pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notify:list")


@login_required
@require_POST
def notifications_read_all_view(request: AuthedHttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    if request.htmx:
        return notification_menu_view(request)
    return redirect("notify:list")
