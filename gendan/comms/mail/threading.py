"""Which conversation a message belongs to.

By Message-ID first, across every mailbox: a customer's reply may reach a colleague's
mailbox, and the same message may sit in two mailboxes.  The parent is the message named
by In-Reply-To, else the nearest one named in References (last to first).  Without
either, a message joins a conversation with the same subject (without Re:, AW:, 回复: …)
with the same customer in the 30 days around it.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import Channel, Message, Thread

SUBJECT_WINDOW = dt.timedelta(days=30)
# Reply and forward prefixes in the languages our customers write in, with the
# "Re[2]:" counters some clients add and full-width colons.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|rif|r|odp|ynt|fw|fwd|wg|tr|rv|enc|doorst|"
    r"回复|回覆|答复|答覆|转发|轉發|转寄|轉寄)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_TAG = re.compile(r"^\s*\[(?:external|ext|外部邮件|spam)\]\s*", re.IGNORECASE)


def subject_key(subject: str) -> str:
    """'RE: 回复: Fwd: PI-2026-0012 延期' -> 'pi-2026-0012 延期'."""
    text = subject or ""
    while True:
        stripped = _TAG.sub("", _PREFIX.sub("", text))
        if stripped == text:
            break
        text = stripped
    return re.sub(r"\s+", " ", text).strip().lower()[:500]


def thread_find(
    *,
    message_id: str,
    in_reply_to: str,
    references: list[str],
    subject_key: str,
    customer_id: int | None,
    sent_at: dt.datetime,
) -> Thread | None:
    """The conversation the message continues, or None for a new one."""
    wanted = [i for i in [message_id, in_reply_to, *reversed(references)] if i]
    if wanted:
        found = dict(
            Message.objects.filter(
                channel=Channel.EMAIL, message_id__in=wanted, thread__isnull=False
            ).values_list("message_id", "thread_id")
        )
        for candidate in wanted:
            if candidate in found:
                return Thread.objects.get(pk=found[candidate])
    if subject_key and customer_id:
        return (
            Thread.objects.filter(
                channel=Channel.EMAIL,
                customer_id=customer_id,
                subject_key=subject_key,
                last_message_at__gte=sent_at - SUBJECT_WINDOW,
                last_message_at__lte=sent_at + SUBJECT_WINDOW,
            )
            .order_by("-last_message_at")
            .first()
        )
    return None


def thread_adopt_links(*, thread: Thread, message: Message) -> dict[str, object]:
    """What a mail conversation takes over from a message added to it: the customer (and
    team) and order it was not linked to yet.  Returns the fields to update, and sets them
    on ``thread``."""
    updates: dict[str, object] = {}
    if thread.customer_id is None and message.customer_id is not None:
        updates["customer_id"] = thread.customer_id = message.customer_id
        updates["team_id"] = thread.team_id = message.team_id
    if thread.order_id is None and message.order_id is not None:
        updates["order_id"] = thread.order_id = message.order_id
    if thread.team_id is None and message.team_id is not None:
        updates["team_id"] = thread.team_id = message.team_id
    return updates


def thread_start(*, message: Message) -> Thread:
    return Thread.objects.create(
        team_id=message.team_id,
        channel=message.channel,
        subject=message.subject[:500],
        subject_key=subject_key(message.subject),
        customer_id=message.customer_id,
        order_id=message.order_id,
        last_message_at=message.sent_at,
        message_count=0,
    )
