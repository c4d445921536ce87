"""The export button of a list exports what the list shows, after filters change in place."""

import re

import pytest
from playwright.sync_api import Page, expect

from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_export_link_follows_the_filters(page: Page, live_server, login, make_user, team_a):
    make_user("merchandiser", [team_a], username="mia")
    OrderFactory(customer=CustomerFactory(team=team_a), status="confirmed")
    login("mia")
    page.goto(f"{live_server.url}/orders/")

    page.select_option("select[name=status]", "confirmed")

    expect(page).to_have_url(re.compile(r"status=confirmed"))
    expect(page.locator("[data-testid=export]")).to_have_attribute(
        "href", re.compile(r"/orders/export\.xlsx\?.*status=confirmed")
    )
