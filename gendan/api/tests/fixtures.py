"""API fixtures every app's tests may use: clients signed in with a token, records in two teams.

Loaded for the whole suite by the top-level conftest, so each app tests its own endpoints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gendan.accounts.models import Team, User
from gendan.catalog.models import Product
from gendan.catalog.tests.factories import ProductFactory
from gendan.customers.models import Contact, Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.models import Order
from gendan.orders.tests.factories import OrderFactory, OrderLineFactory

ROLES = ["admin", "manager", "sales", "merchandiser", "purchasing", "qc", "finance", "viewer"]


@pytest.fixture
def api_for(db) -> Callable[[User], APIClient]:
    """An API client that authenticates as ``user`` with their token."""

    def make(user: User) -> APIClient:
        token, _created = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@dataclass
class TeamRecords:
    team: Team
    customer: Customer
    contact: Contact
    order: Order


@pytest.fixture
def product(db) -> Product:
    return ProductFactory.create(sku="KT-100", name="Stainless kettle 1.7 l")


def _records(team: Team, product: Product) -> TeamRecords:
    customer = CustomerFactory.create(team=team, name=f"{team.name} Buyer GmbH")
    contact = ContactFactory.create(customer=customer, is_primary=True)
    order = OrderFactory.create(customer=customer, contact=contact)
    OrderLineFactory.create(order=order, product=product, position=1)
    return TeamRecords(team=team, customer=customer, contact=contact, order=order)


@pytest.fixture
def ours(team_a, product) -> TeamRecords:
    """A customer, its contact and a draft order in Team A."""
    return _records(team_a, product)


@pytest.fixture
def theirs(team_b, product) -> TeamRecords:
    """The same in Team B."""
    return _records(team_b, product)
