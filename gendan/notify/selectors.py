"""Reads of a user's notifications."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gendan.accounts.models import User

from .models import Notification

# The bell shows "99+" beyond this; counting further would only cost time.
UNREAD_CAP = 100


def unread_count(*, user: User) -> int:
    """Unread notifications, counted up to UNREAD_CAP (the count stops at the cap)."""
    return (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .order_by()
        .values("pk")[:UNREAD_CAP]
        .count()
    )


def notifications_for(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_get_for_user(*, user: User, pk: int) -> Notification:
    """The user's own notification, or 404: nobody opens someone else's."""
    return get_object_or_404(Notification, pk=pk, user=user)
