"""Excel export of the inbox: one row per conversation, with the inbox's filters."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.core.xlsx import Column
from gendan.dataio.exporting import ExportSpec, bounded_count
from gendan.dataio.views import export_view

from ..models import Thread
from .selectors import inbox_threads


def thread_columns() -> list[Column]:
    return [
        Column(
            _("Last message"),
            lambda t: timezone.localtime(t.last_message_at).replace(tzinfo=None),
            18,
            "yyyy-mm-dd hh:mm",
        ),
        Column(_("Channel"), lambda t: t.get_channel_display(), 10),
        Column(_("Subject"), lambda t: t.subject, 48),
        Column(_("Customer"), lambda t: t.customer.name if t.customer else _("Unassigned"), 30),
        Column(_("Order"), lambda t: t.order.number if t.order else "", 16),
        Column(_("Messages"), lambda t: t.message_count, 10),
    ]


def thread_export(*, user: User, params: QueryDict) -> ExportSpec:
    from .views import inbox_filters_from

    query = inbox_filters_from(params, user=user)
    threads = (
        inbox_threads(user=user, filters=query.filters).order_by("-last_message_at", "-pk")
        if query.valid
        else Thread.objects.none()
    )[: settings.EXPORT_MAX_ROWS]
    return ExportSpec(
        filename="inbox",
        sheet_title=_("Inbox"),
        columns=thread_columns(),
        rows=threads.iterator(chunk_size=1000),
        count=lambda limit: bounded_count(threads, limit),
    )


inbox_export_view = export_view("inbox")
