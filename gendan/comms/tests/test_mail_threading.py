"""Conversations: replies by Message-ID, In-Reply-To and References, else by subject."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.mail.ingest import message_ingest
from gendan.comms.mail.threading import subject_key
from gendan.comms.models import Mailbox, Message, Thread
from gendan.customers.tests.factories import CustomerFactory

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]


def _date(days_ago: int) -> str:
    from email.utils import format_datetime

    return format_datetime(timezone.now() - dt.timedelta(days=days_ago))


@pytest.fixture
def schmidt(mail_team):
    return CustomerFactory(name="Schmidt Handel GmbH", domain="schmidt-handel.de", team=mail_team)


def test_a_reply_chain_and_a_subject_only_reply_form_one_conversation(mailbox, deliver, schmidt):
    first = make_mail(
        subject="Quotation LED panels", message_id="<q1@schmidt-handel.de>", date=_date(5)
    )
    second = make_mail(
        subject="RE: Quotation LED panels",
        sender=f"Mia <{mailbox.address}>",
        to="anna@schmidt-handel.de",
        message_id="<r1@gendan.test>",
        in_reply_to="<q1@schmidt-handel.de>",
        references="<q1@schmidt-handel.de>",
        date=_date(4),
    )
    third = make_mail(
        subject="AW: RE: Quotation LED panels",
        message_id="<q2@schmidt-handel.de>",
        in_reply_to="<r1@gendan.test>",
        references="<q1@schmidt-handel.de> <r1@gendan.test>",
        date=_date(3),
    )
    # Sent from a phone that keeps no headers: only the subject says what it answers.
    fourth = make_mail(
        subject="回复: Quotation LED panels",
        sender="Jonas <jonas@schmidt-handel.de>",
        message_id="<phone@schmidt-handel.de>",
        date=_date(1),
    )
    deliver(first, third, fourth)
    deliver(second, folder="Sent")
    mailbox_fetch(mailbox=mailbox)

    thread = Thread.objects.get()
    assert thread.message_count == 4
    assert thread.customer == schmidt and thread.subject == "Quotation LED panels"
    assert thread.subject_key == "quotation led panels"
    assert list(thread.messages.order_by("sent_at").values_list("message_id", flat=True)) == [
        "q1@schmidt-handel.de",
        "r1@gendan.test",
        "q2@schmidt-handel.de",
        "phone@schmidt-handel.de",
    ]
    assert (
        thread.last_message_at == Message.objects.get(message_id="phone@schmidt-handel.de").sent_at
    )


def test_references_find_the_parent_when_in_reply_to_is_missing(mailbox, schmidt):
    root = message_ingest(mailbox=mailbox, raw=make_mail(message_id="<root@x.de>")).message
    reply = message_ingest(
        mailbox=mailbox,
        raw=make_mail(
            subject="Something else entirely",
            message_id="<reply@x.de>",
            references="<unknown@elsewhere> <root@x.de> <also-unknown@x.de>",
        ),
    ).message
    assert reply.thread_id == root.thread_id


def test_a_reply_that_reached_a_colleagues_mailbox_joins_the_conversation(
    mailbox, merchandiser, mail_team, make_user, schmidt
):
    colleague = make_user("sales", [mail_team], username="sam")
    other_box = Mailbox.objects.create(
        name="Sam", address="sam@gendan.test", owner=colleague, team=mail_team,
        imap_host="127.0.0.1", imap_username="sam",
    )  # fmt: skip
    root = message_ingest(mailbox=mailbox, raw=make_mail(message_id="<root@y.de>")).message
    reply = message_ingest(
        mailbox=other_box,
        raw=make_mail(subject="Re: Hello", message_id="<r@y.de>", in_reply_to="<root@y.de>"),
    ).message
    # The same message in both mailboxes: stored once in each, one conversation.
    copy = message_ingest(mailbox=other_box, raw=make_mail(message_id="<root@y.de>")).message

    assert reply.thread_id == root.thread_id == copy.thread_id
    assert Message.objects.filter(message_id="root@y.de").count() == 2


def test_the_subject_fallback_needs_the_same_customer_and_a_recent_conversation(
    mailbox, schmidt, mail_team
):
    other = CustomerFactory(name="Other GmbH", domain="other-firm.de", team=mail_team)
    old = message_ingest(
        mailbox=mailbox, raw=make_mail(subject="Price list", date=_date(60))
    ).message
    recent = message_ingest(
        mailbox=mailbox, raw=make_mail(subject="Price list", date=_date(10))
    ).message
    reply = message_ingest(
        mailbox=mailbox, raw=make_mail(subject="Re: Price list", date=_date(2))
    ).message
    stranger = message_ingest(
        mailbox=mailbox,
        raw=make_mail(subject="Re: Price list", sender="x@other-firm.de", date=_date(1)),
    ).message

    assert old.thread_id != recent.thread_id  # 50 days apart
    assert reply.thread_id == recent.thread_id
    assert stranger.customer == other and stranger.thread_id not in (
        old.thread_id,
        recent.thread_id,
    )


def test_an_unlinked_reply_in_a_known_conversation_takes_its_customer(mailbox, schmidt):
    root = message_ingest(mailbox=mailbox, raw=make_mail(message_id="<root@z.de>")).message
    reply = message_ingest(
        mailbox=mailbox,
        raw=make_mail(
            sender="anna.private@gmail.com", message_id="<p@gmail.com>", in_reply_to="<root@z.de>"
        ),
    ).message
    assert root.customer == schmidt and reply.customer == schmidt


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("Re: RE: Fwd: PI-2026-0012 延期", "pi-2026-0012 延期"),
        ("回复：答复: 转发: 出货通知", "出货通知"),
        ("AW: WG: SV: VS: Angebot", "angebot"),
        ("Re[2]: FW:  Samples   ready", "samples ready"),
        ("[External] RE: Booking", "booking"),
        ("Return of goods", "return of goods"),
    ],
)
def test_reply_and_forward_prefixes_are_removed_from_the_subject_key(subject, key):
    assert subject_key(subject) == key
