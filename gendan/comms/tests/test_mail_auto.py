"""Automatic replies and bulk mail are recognised, and never make a customer."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.messages.linking import customer_create_from_message
from gendan.comms.models import Message
from gendan.customers.models import Contact, Customer

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]

AUTOMATIC = {
    "out of office (Auto-Submitted)": make_mail(
        subject="Out of Office: Quotation",
        sender="buyer@new-prospect.de",
        headers={"Auto-Submitted": "auto-replied"},
    ),
    "newsletter (Precedence: bulk)": make_mail(
        subject="Canton Fair news", sender="news@fair.example", headers={"Precedence": "bulk"}
    ),
    "X-Autoreply": make_mail(
        subject="Thanks for your mail", sender="info@lamps.example", headers={"X-Autoreply": "yes"}
    ),
    "mailing list": make_mail(
        subject="Weekly digest",
        sender="digest@list.example",
        headers={"List-Unsubscribe": "<mailto:leave@list.example>", "Precedence": "list"},
    ),
    "Chinese auto reply subject": make_mail(
        subject="自动回复: 询价", sender="sales@factory.example"
    ),
    "bounce": make_mail(
        subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@mx.example"
    ),
}


def test_automatic_replies_and_bulk_mail_are_marked(mailbox, deliver):
    deliver(*AUTOMATIC.values(), make_mail(subject="Inquiry: 5000 pcs", sender="tom@new-buyer.us"))
    customers_before = Customer.objects.count()
    mailbox_fetch(mailbox=mailbox)

    marked = dict(Message.objects.values_list("subject", "is_auto"))
    assert marked.pop("Inquiry: 5000 pcs") is False
    assert len(marked) == len(AUTOMATIC) and all(marked.values()), marked
    assert Customer.objects.count() == customers_before and Contact.objects.count() == 0


def test_an_automatic_reply_cannot_become_a_customer(mailbox, deliver, merchandiser, mail_team):
    deliver(AUTOMATIC["out of office (Auto-Submitted)"])
    mailbox_fetch(mailbox=mailbox)
    message = Message.objects.get()

    with pytest.raises(ValidationError, match="automatic reply"):
        customer_create_from_message(
            actor=merchandiser, message=message, team=mail_team, name="New Prospect", country="DE"
        )
    assert not Customer.objects.exists()


def test_a_person_s_mail_becomes_a_lead_with_its_sender_as_contact(
    mailbox, merchandiser, mail_team
):
    from gendan.comms.mail.ingest import message_ingest

    first = message_ingest(
        mailbox=mailbox,
        raw=make_mail(subject="Inquiry", sender="Tom Baker <tom@new-buyer.us>"),
    ).message
    second = message_ingest(
        mailbox=mailbox, raw=make_mail(subject="Another question", sender="tom@new-buyer.us")
    ).message
    assert first.customer is None

    customer = customer_create_from_message(
        actor=merchandiser, message=first, team=mail_team, name="New Buyer Inc.", country="US"
    )
    assert (customer.stage, customer.domain, customer.team) == ("lead", "new-buyer.us", mail_team)
    contact = customer.contacts.get()
    assert (contact.name, contact.email) == ("Tom Baker", "tom@new-buyer.us")
    for message in (first, second):
        message.refresh_from_db()
        assert (message.customer, message.contact) == (customer, contact)
        assert message.thread.customer == customer
