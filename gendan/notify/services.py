"""Sending in-app notifications."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone, translation

from gendan.accounts.models import User

from .models import Notification

# A text, or a function that writes it in the active language (see notification_send).
Text = str | Callable[[], str]


def notification_send(
    *, users: Iterable[User | None], kind: str, title: Text, body: Text = "", url: str = ""
) -> int:
    """One notification per distinct active user; returns how many were made.

    Give ``title`` and ``body`` as functions (``lambda: _("...") % {...}``) and each
    recipient reads them in their own language, not in the language of whoever acted.
    """
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for user in recipients.values():
        language = user.language or translation.get_language() or "en"
        if language not in texts:
            with translation.override(language):
                texts[language] = (
                    title() if callable(title) else title,
                    body() if callable(body) else body,
                )
        title_text, body_text = texts[language]
        rows.append(
            Notification(
                user=user, kind=kind, title=title_text[:255], body=body_text, url=url[:500]
            )
        )
    Notification.objects.bulk_create(rows)
    return len(recipients)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
