"""Linking mail to the contact by address, else the customer by domain, and to orders."""

from __future__ import annotations

import pytest

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.mail.ingest import message_ingest
from gendan.comms.mail.linking import order_numbers_in
from gendan.comms.models import Message
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]


@pytest.fixture
def schmidt(team_b):
    # Another team's customer: a message about it belongs to that team, not the mailbox's.
    return CustomerFactory(name="Schmidt Handel GmbH", domain="schmidt-handel.de", team=team_b)


def test_mail_from_a_contact_links_to_the_contact_whatever_the_case(mailbox, deliver, schmidt):
    anna = ContactFactory(customer=schmidt, email="anna.schmidt@schmidt-handel.de")
    deliver(make_mail(sender="Anna <Anna.Schmidt@SCHMIDT-Handel.DE>"))
    mailbox_fetch(mailbox=mailbox)

    message = Message.objects.get()
    assert (message.contact, message.customer, message.team) == (anna, schmidt, schmidt.team)
    assert message.thread.customer == schmidt and message.thread.team == schmidt.team


def test_mail_from_an_unknown_colleague_links_to_the_customer_by_domain(mailbox, schmidt):
    ContactFactory(customer=schmidt, email="anna@schmidt-handel.de")
    message = message_ingest(
        mailbox=mailbox, raw=make_mail(sender="Jonas <jonas@schmidt-handel.de>")
    ).message
    assert message.customer == schmidt and message.contact is None


@pytest.mark.parametrize("domain", ["gmail.com", "qq.com", "163.com"])
def test_public_webmail_domains_never_link_to_a_customer(mailbox, mail_team, domain):
    buyer = CustomerFactory(name="Private buyer", domain="", team=mail_team)
    ContactFactory(customer=buyer, email=f"buyer@{domain}")
    # A customer saved with a webmail domain (an old import) is not matched either.
    CustomerFactory(name="Legacy", domain=domain, team=mail_team)
    message = message_ingest(
        mailbox=mailbox, raw=make_mail(sender=f"someone.else@{domain}")
    ).message

    assert message.customer is None and message.contact is None
    assert message.team == mailbox.team  # the unassigned inbox of the mailbox's team
    assert message.thread.customer is None


def test_the_contact_address_wins_over_the_domain_of_another_customer(mailbox, mail_team, schmidt):
    agent = CustomerFactory(name="Sourcing agent", domain="agent.hk", team=mail_team)
    anna = ContactFactory(customer=agent, email="anna@schmidt-handel.de")
    message = message_ingest(
        mailbox=mailbox, raw=make_mail(sender="anna@schmidt-handel.de")
    ).message
    assert (message.customer, message.contact) == (agent, anna)


def test_an_order_number_in_the_subject_or_the_body_links_the_order(mailbox, schmidt):
    order = OrderFactory(number="PI-2026-0042", customer=schmidt)
    other = OrderFactory(number="PI-2026-0043", customer=schmidt)
    by_subject = message_ingest(
        mailbox=mailbox, raw=make_mail(subject="Re: pi-2026-0042 shipping marks")
    ).message
    by_body = message_ingest(
        mailbox=mailbox,
        raw=make_mail(subject="Shipping marks", body="Please use these marks for PI-2026-0043."),
    ).message

    assert by_subject.order == order and by_subject.customer == schmidt
    assert by_body.order == other


def test_an_order_number_from_an_unknown_address_links_order_and_customer(mailbox, schmidt):
    order = OrderFactory(number="PI-2026-0077", customer=schmidt)
    message = message_ingest(
        mailbox=mailbox, raw=make_mail(sender="forwarder@gmail.com", subject="Booking PI-2026-0077")
    ).message
    assert (message.order, message.customer, message.team) == (order, schmidt, schmidt.team)


def test_order_numbers_follow_the_configured_pattern(settings):
    settings.ORDER_NUMBER_PATTERN = "SO{year}{seq:05d}"
    assert order_numbers_in("Ref SO202600012 and SO2026000123, not SO2026001 nor XSO202600099") == [
        "SO202600012",
        "SO2026000123",
    ]


def test_sent_mail_links_by_its_recipients_not_by_our_own_address(mailbox, schmidt):
    anna = ContactFactory(customer=schmidt, email="anna@schmidt-handel.de")
    message = message_ingest(
        mailbox=mailbox,
        raw=make_mail(sender=mailbox.address, to="Anna <anna@schmidt-handel.de>"),
    ).message
    assert message.direction == "out" and (message.contact, message.customer) == (anna, schmidt)


def test_our_own_domain_is_never_a_customer_domain(mailbox, mail_team):
    # Someone typed our own domain into a customer: internal mail must not go there.
    CustomerFactory(name="Wrong", domain=mailbox.address.split("@")[1], team=mail_team)
    message = message_ingest(
        mailbox=mailbox, raw=make_mail(sender=f"colleague@{mailbox.address.split('@')[1]}")
    ).message
    assert message.customer is None


def test_another_customers_order_number_does_not_link_that_order(mailbox, schmidt, mail_team):
    other_customer = CustomerFactory(name="Dupont SAS", domain="dupont.fr", team=mail_team)
    OrderFactory(number="PI-2026-0500", customer=other_customer)
    message = message_ingest(
        mailbox=mailbox, raw=make_mail(subject="Like PI-2026-0500 of our sister company")
    ).message
    assert message.customer == schmidt and message.order is None
