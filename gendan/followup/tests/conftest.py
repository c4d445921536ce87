import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.defaults import defaults_install
from gendan.orders.services import LineInput, order_create, order_set_status


@pytest.fixture(autouse=True)
def _defaults(db):
    defaults_install()  # a transactional test empties the tables the migration filled


@pytest.fixture
def confirmed_order(team_a, make_user, django_capture_on_commit_callbacks):
    """An order confirmed on Monday 2 November 2026, promised to ship on 15 January 2027."""
    merch = make_user("merchandiser", [team_a], username="mia")
    make_user("qc", [team_a], username="quinn")
    make_user("finance", [team_a], username="fay")
    make_user("purchasing", [team_a], username="pat")
    make_user("manager", [team_a], username="boss")
    customer = CustomerFactory(team=team_a, country="DE", time_zone="Europe/Berlin")

    def make(ship=dt.date(2027, 1, 15), confirmed=dt.date(2026, 11, 2)):
        order = order_create(
            actor=merch, customer=customer, merchandiser=merch,
            lines=[LineInput(description="Kettle", quantity=Decimal("1000"), unit_price=Decimal("8"))],
            promised_ship_date=ship, incoterm_place="Ningbo", order_date=confirmed,
        )  # fmt: skip
        moment = dt.datetime.combine(confirmed, dt.time(10), tzinfo=dt.UTC)
        with time_machine.travel(moment), django_capture_on_commit_callbacks(execute=True):
            order_set_status(actor=merch, order=order, status="confirmed")
        order.refresh_from_db()
        return order

    return make


# Token clients for the API tests (defined with the helpers they share).
from .api_support import api_for, client_as  # noqa: E402, F401
