"""Order list, page and form: access, query counts, the edit conflict."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.catalog.tests.factories import ProductFactory
from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.models import Order
from gendan.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def test_the_order_list_query_count_is_the_same_for_10_and_200_orders(client, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    OrderFactory.create_batch(10, customer=customer, merchandiser=merchandiser)
    client.force_login(merchandiser)
    _, first = get_with_queries(client, reverse("orders:list"))
    OrderFactory.create_batch(190, customer=CustomerFactory(team=team_a), merchandiser=merchandiser)
    response, second = get_with_queries(client, reverse("orders:list"))
    assert response.status_code == 200
    assert_same_queries(first, second)
    # session, user, teams, one page of orders with customer and merchandiser joined, the
    # unread notifications' count, the merchandiser filter's users
    assert len(second) == 6


def test_the_filtered_list_query_count_does_not_grow_either(client, manager, team_a):
    OrderFactory.create_batch(10, customer=CustomerFactory(team=team_a), status="confirmed")
    client.force_login(manager)
    url = reverse("orders:list") + "?status=confirmed&sort=ship_date"
    _, first = get_with_queries(client, url)
    OrderFactory.create_batch(190, customer=CustomerFactory(team=team_a), status="confirmed")
    _, second = get_with_queries(client, url)
    assert_same_queries(first, second)
    # a manager: session, user, one page of orders, unread count, the merchandiser filter
    assert len(second) == 5


def test_the_order_page_query_count_is_the_same_for_10_and_200_lines(client, merchandiser, team_a):
    order = OrderFactory(customer=CustomerFactory(team=team_a))
    OrderLineFactory.create_batch(10, order=order)
    client.force_login(merchandiser)
    url = reverse("orders:detail", args=[order.pk])
    _, first = get_with_queries(client, url)
    OrderLineFactory.create_batch(190, order=order)
    response, second = get_with_queries(client, url)
    assert response.status_code == 200
    assert_same_queries(first, second)
    # session, user, teams, the order with customer, contact and people, its lines, one
    # page of history (the panels load on their own), the unread notifications' count
    assert len(second) == 7


def test_another_teams_order_is_not_found(client, merchandiser, team_b):
    order = OrderFactory(customer=CustomerFactory(team=team_b))
    client.force_login(merchandiser)
    for name in ("orders:detail", "orders:edit"):
        assert client.get(reverse(name, args=[order.pk])).status_code == 404
    assert (
        client.post(reverse("orders:status", args=[order.pk]), {"status": "confirmed"}).status_code
        == 404
    )


def test_the_list_filters_by_status_and_search(client, merchandiser, team_a):
    customer = CustomerFactory(team=team_a, name="Hamburg Haus")
    OrderFactory(customer=customer, number="PI-2026-0101", status="confirmed")
    OrderFactory(customer=customer, number="PI-2026-0102", status="draft")
    client.force_login(merchandiser)
    body = client.get(reverse("orders:list"), {"status": "confirmed"}).content.decode()
    assert "PI-2026-0101" in body and "PI-2026-0102" not in body
    body = client.get(reverse("orders:list"), {"q": "0102"}).content.decode()
    assert "PI-2026-0102" in body and "PI-2026-0101" not in body


def _form(customer, **overrides):
    data = {
        "customer": customer.pk,
        "order_date": "2026-11-20",
        "promised_ship_date": "2027-01-20",
        "currency": "EUR",
        "incoterm": "CIF",
        "incoterm_place": "Hamburg",
        "payment_term": "tt",
        "deposit_percent": "30",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "500",
        "lines-0-description": "Kettle 1.7 L",
        "lines-0-quantity": "1000",
        "lines-0-unit": "pcs",
        "lines-0-unit_price": "8.35",
        "lines-1-description": "Toaster",
        "lines-1-quantity": "500",
        "lines-1-unit": "pcs",
        "lines-1-unit_price": "11.20",
    }
    data.update(overrides)
    return data


def test_creating_an_order_with_two_lines(client, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    product = ProductFactory()
    client.force_login(merchandiser)
    response = client.post(
        reverse("orders:create"), _form(customer, **{"lines-0-product": product.pk})
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.total_amount == Decimal("13950.00")
    assert order.lines.first().product == product
    assert order.created_by == merchandiser


def test_a_form_with_no_lines_says_so(client, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    client.force_login(merchandiser)
    data = _form(customer, **{"lines-0-DELETE": "on", "lines-1-DELETE": "on"})
    response = client.post(reverse("orders:create"), data)
    assert response.status_code == 200
    assert "An order needs at least one line." in response.content.decode()
    assert not Order.objects.exists()


def test_a_bad_line_is_shown_on_that_line(client, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    client.force_login(merchandiser)
    response = client.post(reverse("orders:create"), _form(customer, **{"lines-1-quantity": "-5"}))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert "quantity" in formset.forms[1].errors
    assert not Order.objects.exists()


def test_an_order_cannot_be_made_for_another_teams_customer(client, merchandiser, team_b):
    customer = CustomerFactory(team=team_b)
    client.force_login(merchandiser)
    response = client.post(reverse("orders:create"), _form(customer))
    assert "customer" in response.context["form"].errors
    assert not Order.objects.exists()


def test_the_contact_select_follows_the_customer(client, merchandiser, team_a, team_b):
    customer = CustomerFactory(team=team_a)
    ContactFactory(customer=customer, name="Anna Schmidt")
    hidden = CustomerFactory(team=team_b)
    ContactFactory(customer=hidden, name="Secret Person")
    client.force_login(merchandiser)
    assert (
        "Anna Schmidt"
        in client.get(reverse("orders:contact_options"), {"customer": customer.pk}).content.decode()
    )
    assert (
        "Secret Person"
        not in client.get(
            reverse("orders:contact_options"), {"customer": hidden.pk}
        ).content.decode()
    )


def test_a_second_editor_of_an_order_is_refused(client, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    client.force_login(merchandiser)
    client.post(reverse("orders:create"), _form(customer))
    order = Order.objects.get()
    lines = list(order.lines.all())
    edit = _form(
        customer,
        **{
            "version": "1",
            "lines-INITIAL_FORMS": "2",
            "lines-0-id": str(lines[0].pk),
            "lines-1-id": str(lines[1].pk),
        },
    )
    url = reverse("orders:edit", args=[order.pk])
    assert client.post(url, {**edit, "customer_po": "FIRST"}).status_code == 302
    response = client.post(url, {**edit, "customer_po": "SECOND"})
    assert response.status_code == 409
    assert "Reload the latest version" in response.content.decode()
    order.refresh_from_db()
    assert order.customer_po == "FIRST"


def test_changing_status_from_the_page(client, merchandiser, team_a):
    order = OrderFactory(customer=CustomerFactory(team=team_a))
    OrderLineFactory(order=order)
    client.force_login(merchandiser)
    client.post(
        reverse("orders:status", args=[order.pk]), {"status": "confirmed", "version": order.version}
    )
    order.refresh_from_db()
    assert order.status == "confirmed"


def test_a_finance_user_reads_orders_but_cannot_change_them(client, make_user, team_a):
    order = OrderFactory(customer=CustomerFactory(team=team_a))
    finance = make_user("finance", [team_a])
    client.force_login(finance)
    assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 200
    assert client.get(reverse("orders:edit", args=[order.pk])).status_code == 403
    assert (
        client.post(reverse("orders:status", args=[order.pk]), {"status": "confirmed"}).status_code
        == 403
    )


def test_the_order_export_has_one_row_per_line(client, merchandiser, team_a):
    import io

    from openpyxl import load_workbook

    order = OrderFactory(customer=CustomerFactory(team=team_a), order_date=dt.date(2026, 11, 2))
    OrderLineFactory.create_batch(3, order=order)
    client.force_login(merchandiser)
    response = client.get(reverse("orders:export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[1][0] == order.number


def test_the_order_form_does_not_load_every_customer(client, merchandiser, team_a):
    CustomerFactory.create_batch(5, team=team_a)
    client.force_login(merchandiser)
    _, first = get_with_queries(client, reverse("orders:create"))
    CustomerFactory.create_batch(200, team=team_a)
    response, second = get_with_queries(client, reverse("orders:create"))
    assert_same_queries(first, second)
    # The customer select is filled as the user types: no query reads all customers.
    assert "GmbH" not in response.content.decode()
    customer_reads = [sql for sql in second if 'FROM "customers_customer"' in sql]
    assert all('"customers_customer"."id" IN' in sql for sql in customer_reads), customer_reads
