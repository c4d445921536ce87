"""A merchandiser logs in, records a customer and an order, finds it, and switches to Chinese."""

import re

import pytest
from playwright.sync_api import Page, expect

from gendan.catalog.tests.factories import ProductFactory
from gendan.orders.models import Order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_merchandiser_records_a_customer_and_an_order(
    page: Page, live_server, login, shot, make_user, team_a
):
    make_user("merchandiser", [team_a], username="mia", first_name="Mia")
    ProductFactory(sku="KT-1700", name="Electric kettle 1.7 L", name_zh="电水壶")
    login("mia")

    # A customer.
    page.goto(f"{live_server.url}/customers/")
    expect(page.get_by_text("No customers yet")).to_be_visible()
    page.click("[data-testid=new-customer]")
    page.fill("#id_name", "Hamburg Haushaltswaren GmbH")
    page.locator("#id_country").locator("..").locator(".ts-control").click()
    page.keyboard.type("Germany")
    page.locator(".ts-dropdown .option", has_text="Germany").first.click()
    page.fill("#id_website", "https://www.hh-waren.de")
    # The channels are chips: the person clicks the chip, whose checkbox is hidden.
    page.locator("label:has(input[name=preferred_channels][value=email])").click()
    expect(page.locator("input[name=preferred_channels][value=email]")).to_be_checked()
    page.fill("#id_tags", "Europe, Kitchen")
    page.click("[data-testid=save]")
    expect(page.locator(".page-title")).to_contain_text("Hamburg Haushaltswaren GmbH")
    expect(page.get_by_text("(Europe/Berlin)")).to_be_visible()
    shot("customer-detail-en")

    # An order with two lines: one from the catalogue, one written out.
    page.get_by_role("link", name="New order").first.click()
    page.fill("#id_incoterm_place", "Ningbo")
    page.fill("#id_promised_ship_date", "2027-02-26")
    page.select_option("#id_currency", "EUR")
    rows = page.locator("#lines-rows .line-row")
    first = rows.nth(0)
    first.locator(".ts-control").click()
    page.keyboard.type("kettle")
    page.locator(".ts-dropdown .option", has_text="KT-1700").first.click()
    first.locator("input[name$=quantity]").fill("1200")
    first.locator("input[name$=unit_price]").fill("8.35")
    second = rows.nth(1)
    second.locator("input[name$=description]").fill("Gift box printing, 4 colours")
    second.locator("input[name$=quantity]").fill("1200")
    second.locator("input[name$=unit_price]").fill("0.42")
    expect(page.locator("[data-order-total]")).to_have_text(re.compile(r"10,524\.00"))
    shot("order-form-en")
    page.click("[data-testid=save]")

    expect(page.locator("[data-testid=order-total]")).to_contain_text("10,524.00")
    order = Order.objects.get()
    assert order.lines.count() == 2
    assert order.customer.name == "Hamburg Haushaltswaren GmbH"
    shot("order-detail-en")

    # Found in the list by its number.
    page.goto(f"{live_server.url}/orders/")
    page.fill("[data-testid=order-search]", order.number)
    expect(page.locator("[data-testid=order-table] tbody tr")).to_have_count(1)
    expect(page.locator("[data-testid=order-table]")).to_contain_text("Hamburg Haushaltswaren GmbH")
    shot("orders-en")

    # The interface in Chinese.
    page.click("[data-testid=user-menu] >> nth=-1")
    page.click("[data-testid=lang-zh] >> nth=-1")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".page-title")).to_have_text("订单")
    shot("orders-zh")
    page.goto(f"{live_server.url}{order.get_absolute_url()}")
    expect(page.get_by_text("承诺出货日期")).to_be_visible()
    shot("order-detail-zh")
