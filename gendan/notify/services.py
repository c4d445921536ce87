"""Sending in-app notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gendan.accounts.models import User

from .models import Notification


def notification_send(
    *, users: Iterable[User | None], kind: str, title: str, body: str = "", url: str = ""
) -> int:
    """One notification per distinct active user; returns how many were made."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    Notification.objects.bulk_create(
        [
            Notification(user=user, kind=kind, title=title[:255], body=body, url=url[:500])
            for user in recipients.values()
        ]
    )
    return len(recipients)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
