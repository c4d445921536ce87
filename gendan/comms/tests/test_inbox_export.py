"""The inbox exports what it shows: the user's conversations, with the page's filters."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_holds_the_filtered_conversations_of_the_users_teams(
    client, merchandiser, team_a, team_b
):
    customer = CustomerFactory.create(team=team_a, name="Rheinland Import AG")
    order = OrderFactory.create(customer=customer, number="PI-2026-0042")
    now = timezone.now()
    mail = thread_start(customer=customer, order=order, subject='=HYPERLINK("x") PI-2026-0042')
    message_add(mail, sent_at=now - dt.timedelta(hours=1))
    message_add(mail, sent_at=now)
    chat = thread_start(customer=customer, subject="WhatsApp", channel="whatsapp")
    message_add(chat, sent_at=now - dt.timedelta(days=1))
    theirs = thread_start(customer=CustomerFactory.create(team=team_b), subject="Theirs")
    message_add(theirs, sent_at=now)
    client.force_login(merchandiser)

    every = sheet_rows(client.get(reverse("comms:inbox_export")))
    mail_only = sheet_rows(client.get(reverse("comms:inbox_export"), {"channel": "email"}))

    assert len(every) == 3  # header, the mail, the chat; never another team's
    assert every[0][:3] == ("Last message", "Channel", "Subject")
    assert [row[2] for row in mail_only[1:]] == ['\'=HYPERLINK("x") PI-2026-0042']
    assert mail_only[1][3:] == ("Rheinland Import AG", "PI-2026-0042", 2)


def test_the_inbox_page_links_to_its_export_with_its_filters(client, merchandiser):
    client.force_login(merchandiser)

    body = client.get(reverse("comms:inbox"), {"channel": "email"}).content.decode()

    assert f'href="{reverse("comms:inbox_export")}?channel=email"' in body
