"""Records in two teams for the search tests, indexed as they are saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gendan.accounts.models import Team
from gendan.comms.models import Message
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.models import Contact, Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.models import Order
from gendan.orders.tests.factories import OrderFactory


@dataclass
class TeamRecords:
    team: Team
    customer: Customer
    contact: Contact
    order: Order
    message: Message


def records(team: Team, *, prefix: str, number: str) -> TeamRecords:
    customer = CustomerFactory.create(team=team, name=f"{prefix} Haushaltswaren GmbH")
    contact = ContactFactory.create(
        customer=customer, name=f"{prefix} Müller", email=f"{prefix.lower()}@hhw.test"
    )
    order = OrderFactory.create(customer=customer, number=number, customer_po=f"{prefix}-PO-77")
    thread = thread_start(customer=customer, order=order, subject=f"{number} 交货期")
    message = message_add(
        thread,
        sent_at=timezone.now() - dt.timedelta(hours=1),
        body_text=f"您好，{prefix} 的订单因为原材料短缺，交货延期两周。质量检验安排在下周。",
        from_address=contact.email,
    )
    return TeamRecords(team, customer, contact, order, message)


@pytest.fixture
def ours(team_a) -> TeamRecords:
    return records(team_a, prefix="Alpha", number="PI-2026-0012")


@pytest.fixture
def theirs(team_b) -> TeamRecords:
    return records(team_b, prefix="Bravo", number="PI-2026-0099")
