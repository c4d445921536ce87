"""Shared pieces of the follow-up API tests: token clients, roles, planned orders in a team."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.services import milestones_instantiate
from gendan.orders.models import Order
from gendan.orders.tests.factories import OrderFactory, OrderLineFactory

ROLES = ["admin", "manager", "sales", "merchandiser", "purchasing", "qc", "finance", "viewer"]
SEE_ALL_TEAMS = {"admin", "manager"}
TEAM_SCOPED_ROLES = [role for role in ROLES if role not in SEE_ALL_TEAMS]
# "milestones.change": everyone who works on orders
CHANGE_MILESTONES = {"admin", "manager", "sales", "merchandiser", "purchasing", "qc", "finance"}
MANAGE_TEMPLATES = {"admin", "manager"}

CONFIRMED = dt.date(2026, 11, 2)  # a Monday
SHIP = dt.date(2027, 1, 15)


def token_client(user) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_for(db):
    return token_client


@pytest.fixture
def client_as(make_user, team_a):
    """An API client for a new user with ``role`` in Team A."""

    def make(role: str):
        return token_client(make_user(role, [team_a]))

    return make


def planned_order(team, *, merchandiser=None, customer=None, **fields) -> Order:
    """An order confirmed on 2 November 2026 for 15 January 2027, planned from its template."""
    customer = customer or CustomerFactory.create(team=team, country="DE")
    order = OrderFactory.create(
        customer=customer,
        merchandiser=merchandiser,
        status="confirmed",
        confirmed_on=CONFIRMED,
        order_date=CONFIRMED,
        promised_ship_date=SHIP,
        **fields,
    )
    OrderLineFactory.create(order=order, position=1)
    milestones_instantiate(order=order, today=CONFIRMED)
    return order
