"""Replying to a customer's e-mail from the order page, over a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from django.utils import timezone
from playwright.sync_api import Page, expect

from gendan.comms.models import Direction, Mailbox, Message
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Collector:
    """An SMTP server's mail drop: (sender, recipients, raw bytes) of each message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _accept_login(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"sales@exporter.test"
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Collector]]:
    collector = Collector()
    controller = Controller(
        collector,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_accept_login,
        auth_require_tls=False,
    )
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture
def customer_mail(make_user, team_a, smtp):
    """Mia's order PI-2026-0012 and the customer's question about it in the shared mailbox."""
    controller, _collector = smtp
    mia = make_user("merchandiser", [team_a], username="mia", first_name="Mia", last_name="Wang")
    mailbox = Mailbox(
        name="Sales", address="sales@exporter.test", team=team_a, imap_host="127.0.0.1",
        imap_username="sales@exporter.test", smtp_host=controller.hostname,
        smtp_port=controller.port, smtp_security="none",
    )  # fmt: skip
    mailbox.imap_password = "secret"
    mailbox.save()
    customer = CustomerFactory.create(team=team_a, name="Rheinland Import AG")
    contact = ContactFactory.create(
        customer=customer, name="Christian Hoffmann", email="christian@rheinland.test"
    )
    order = OrderFactory.create(customer=customer, contact=contact, number="PI-2026-0012")
    thread = thread_start(customer=customer, order=order, subject="PI-2026-0012 shipment date")
    question = message_add(
        thread,
        mailbox=mailbox,
        direction=Direction.INBOUND,
        from_address=contact.email,
        from_name=contact.name,
        to=[{"name": "Sales", "address": mailbox.address}],
        body_text="Could you confirm the shipment date of PI-2026-0012? 交货期能确认吗？",
        sent_at=timezone.now() - dt.timedelta(hours=3),
    )
    return mia, order, question


def test_replies_to_a_customer_email_from_the_order_page_and_finds_the_reply_in_the_thread(
    page: Page, live_server, login, shot, smtp, customer_mail
):
    _controller, collector = smtp
    mia, order, question = customer_mail
    login("mia")

    page.goto(f"{live_server.url}/orders/{order.pk}/")
    panel = page.get_by_test_id("order-messages")
    expect(panel).to_contain_text("PI-2026-0012 shipment date")
    shot("reply-1-order-messages")
    panel.get_by_test_id("order-reply").first.click()

    page.wait_for_url(f"**/mail/compose/?reply_to={question.pk}*")
    form = page.get_by_test_id("compose-form")
    expect(form.locator("input[name=to]")).to_have_value("christian@rheinland.test")
    expect(form.locator("input[name=subject]")).to_have_value("Re: PI-2026-0012 shipment date")
    form.locator("textarea[name=body]").fill(
        "Dear Christian,\n\nPI-2026-0012 leaves Ningbo on 18 December. 船期已确认。\n\nMia"
    )
    shot("reply-2-compose")
    form.get_by_test_id("send").click()

    # The composer opens the conversation at the reply.
    page.wait_for_url(f"**/inbox/threads/{question.thread_id}/**")
    reply = page.get_by_test_id("message").last
    expect(reply).to_contain_text("leaves Ningbo on 18 December")
    expect(reply).to_contain_text("船期已确认")
    expect(page.get_by_test_id("message")).to_have_count(2)
    shot("reply-3-thread")

    [(sender, recipients, raw)] = collector.messages
    sent = email.message_from_bytes(raw, policy=policy.default)
    assert sender == "sales@exporter.test" and recipients == ["christian@rheinland.test"]
    assert sent["In-Reply-To"] == f"<{question.message_id}>"
    assert "船期已确认" in sent.get_body(preferencelist=("plain",)).get_content()
    stored = Message.objects.get(direction=Direction.OUTBOUND)
    assert (stored.thread_id, stored.order_id) == (question.thread_id, order.pk)
