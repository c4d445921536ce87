"""The inbox: conversations listed and filtered, the order page's conversations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User
from gendan.core.pagination import KeysetPage, keyset_page
from gendan.orders.models import Order

from ..messages.selectors import MESSAGE_ROW_FIELDS, threads_visible
from ..models import Attachment, Message, Thread
from ..registry import message_search_ids

INBOX_PAGE_SIZE = 30
# Characters of the newest message shown under a conversation's subject.
SNIPPET_CHARS = 160
# Matches of the inbox's search box considered; the inbox lists their conversations.
INBOX_SEARCH_LIMIT = 500


# --- The inbox ------------------------------------------------------------------------------
@dataclass
class InboxFilters:
    channel: str = ""
    direction: str = ""
    customer: int | None = None
    order: int | None = None
    unassigned: bool = False
    mailbox: int | None = None
    q: str = ""

    @property
    def any_but_unassigned(self) -> bool:
        return bool(
            self.channel or self.direction or self.customer or self.order or self.mailbox or self.q
        )

    @property
    def any(self) -> bool:
        return self.unassigned or self.any_but_unassigned


def inbox_threads(*, user: User, filters: InboxFilters) -> QuerySet[Thread]:
    """The user's conversations that match ``filters``, each with its newest message's id."""
    newest = Message.objects.filter(thread=OuterRef("pk")).order_by("-sent_at", "-id")
    qs = (
        threads_visible(user)
        .filter(last_message_at__isnull=False)
        .select_related("customer", "order")
        .annotate(
            newest_message_id=Subquery(newest.values("pk")[:1]),
            has_attachments=Exists(
                Attachment.objects.filter(message__thread=OuterRef("pk"), is_inline=False)
            ),
        )
    )
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.unassigned:
        qs = qs.filter(customer__isnull=True)
    if filters.customer:
        qs = qs.filter(customer_id=filters.customer)
    if filters.order:
        qs = qs.filter(
            Q(order_id=filters.order)
            | Exists(Message.objects.filter(thread=OuterRef("pk"), order_id=filters.order))
        )
    if filters.direction:
        qs = qs.filter(
            Exists(Message.objects.filter(thread=OuterRef("pk"), direction=filters.direction))
        )
    if filters.mailbox:
        qs = qs.filter(
            Exists(Message.objects.filter(thread=OuterRef("pk"), mailbox_id=filters.mailbox))
        )
    if filters.q:
        ids = message_search_ids(user, filters.q, limit=INBOX_SEARCH_LIMIT)
        qs = qs.filter(pk__in=Subquery(Message.objects.filter(pk__in=ids).values("thread_id")))
    return qs


def _newest_messages(ids: list[int]) -> dict[int, Message]:
    """The newest message of each listed conversation, with a snippet instead of the body."""
    if not ids:
        return {}
    rows = (
        Message.objects.filter(pk__in=ids)
        .only(*MESSAGE_ROW_FIELDS, "cc", "delivery_status")
        .annotate(snippet=Substr("body_text", 1, SNIPPET_CHARS))
    )
    return {message.pk: message for message in rows}


def inbox_page(*, user: User, filters: InboxFilters, cursor: str | None) -> KeysetPage:
    """One page of the inbox, newest conversation first; each row's ``newest`` message set.

    Three queries whatever the page holds: the user's teams, the conversations, and their
    newest messages.
    """
    page = keyset_page(
        inbox_threads(user=user, filters=filters),
        sort="-last_message_at",
        cursor=cursor,
        size=INBOX_PAGE_SIZE,
    )
    newest = _newest_messages([t.newest_message_id for t in page.rows if t.newest_message_id])
    for thread in page.rows:
        thread.newest = newest.get(thread.newest_message_id)
    return page


# --- Panels ------------------------------------------------------------------------------
ORDER_PANEL_THREADS = 10


def order_threads(*, user: User, order: Order, limit: int = ORDER_PANEL_THREADS) -> list[Thread]:
    """The conversations about an order, newest first: linked to it, or holding a message
    that is."""
    qs = (
        threads_visible(user)
        .filter(
            Q(order=order)
            | Q(pk__in=Subquery(Message.objects.filter(order=order).values("thread_id")))
        )
        .filter(last_message_at__isnull=False)
        .annotate(
            newest_message_id=Subquery(
                Message.objects.filter(thread=OuterRef("pk"))
                .order_by("-sent_at", "-id")
                .values("pk")[:1]
            ),
            has_attachments=Exists(
                Attachment.objects.filter(message__thread=OuterRef("pk"), is_inline=False)
            ),
        )
        .order_by("-last_message_at", "-id")
    )
    threads: list[Thread] = list(qs[: limit + 1])
    newest = _newest_messages(
        [t.newest_message_id for t in threads if t.newest_message_id]  # type: ignore[attr-defined]
    )
    for thread in threads:
        thread.newest = newest.get(thread.newest_message_id)  # type: ignore[attr-defined]
    return threads


def customer_orders_for_linking(*, user: User, customer_id: int, limit: int = 100) -> list[Order]:
    """The orders a conversation of this customer can be linked to, newest first."""
    return list(
        scope_to_user(Order.objects.filter(customer_id=customer_id), user)
        .only("id", "number", "status", "customer_id", "created_at")
        .order_by("-created_at", "-id")[:limit]
    )
