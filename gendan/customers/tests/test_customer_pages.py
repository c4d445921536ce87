"""The customer list and page: access, filters, and a query count that does not grow."""

import pytest
from django.urls import reverse

from gendan.audit.models import Action, HistoryEntry
from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.customers.models import Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _customers(n, team, **kwargs):
    customers = CustomerFactory.create_batch(n, team=team, **kwargs)
    for customer in customers:
        customer.tags.create(name=f"tag-{customer.pk}")
    return customers


def test_the_list_query_count_is_the_same_for_10_and_200_customers(client, merchandiser, team_a):
    client.force_login(merchandiser)
    _customers(10, team_a, owner=merchandiser)
    first_response, first = get_with_queries(client, reverse("customers:list"))
    assert first_response.status_code == 200
    _customers(190, team_a, owner=merchandiser)
    response, second = get_with_queries(client, reverse("customers:list"))
    assert response.status_code == 200
    assert_same_queries(first, second)
    # session, user, the user's teams, one page of customers, their tags, the unread
    # notifications' count, the owner filter's users
    assert len(second) == 7


def test_the_list_shows_only_the_users_teams(client, merchandiser, team_a, team_b):
    CustomerFactory(team=team_a, name="Mine GmbH")
    CustomerFactory(team=team_b, name="Theirs GmbH")
    client.force_login(merchandiser)
    body = client.get(reverse("customers:list")).content.decode()
    assert "Mine GmbH" in body
    assert "Theirs GmbH" not in body


def test_the_list_filters_by_country_owner_and_tag(client, merchandiser, team_a):
    de = CustomerFactory(team=team_a, name="German One", country="DE", owner=merchandiser)
    CustomerFactory(team=team_a, name="French One", country="FR")
    de.tags.create(name="VIP")
    client.force_login(merchandiser)
    assert (
        "French One"
        not in client.get(reverse("customers:list"), {"country": "DE"}).content.decode()
    )
    assert (
        "German One"
        in client.get(reverse("customers:list"), {"owner": merchandiser.pk}).content.decode()
    )
    body = client.get(reverse("customers:list"), {"tag": "VIP"}).content.decode()
    assert "German One" in body and "French One" not in body


def test_the_list_pages_through_every_customer_once(client, merchandiser, team_a):
    CustomerFactory.create_batch(120, team=team_a)
    client.force_login(merchandiser)
    from gendan.core.pagination import keyset_page
    from gendan.customers.selectors import CustomerFilters, customer_list

    seen, cursor = [], None
    while True:
        page = keyset_page(
            customer_list(user=merchandiser, filters=CustomerFilters()),
            sort="name",
            cursor=cursor,
            size=50,
        )
        seen += [c.pk for c in page]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(Customer.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen))


def test_an_empty_list_tells_the_user_what_to_do(client, merchandiser):
    client.force_login(merchandiser)
    body = client.get(reverse("customers:list")).content.decode()
    assert "No customers yet" in body


def test_the_customer_page_query_count_is_the_same_for_10_and_200_contacts_and_orders(
    client, merchandiser, team_a
):
    customer = CustomerFactory(team=team_a, owner=merchandiser)
    ContactFactory.create_batch(10, customer=customer)
    OrderFactory.create_batch(10, customer=customer, merchandiser=merchandiser)
    client.force_login(merchandiser)
    url = reverse("customers:detail", args=[customer.pk])
    _, first = get_with_queries(client, url)
    ContactFactory.create_batch(190, customer=customer)
    OrderFactory.create_batch(190, customer=customer, merchandiser=merchandiser)
    _history(customer, merchandiser, 200)
    response, second = get_with_queries(client, url)
    assert response.status_code == 200
    assert_same_queries(first, second)
    # session, user, teams, the customer, its contacts, its tags, one page each of orders
    # and history (the panels load on their own), the unread notifications' count
    assert len(second) == 9


def _history(customer, actor, n):
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            actor=actor, action=Action.UPDATE, record_type="customers.customer",
            record_id=customer.pk, record_label=customer.name,
            subject_type="customers.customer", subject_id=customer.pk,
            changes={"notes": [f"v{i}", f"v{i + 1}"]},
        )
        for i in range(n)
    )  # fmt: skip


def test_another_teams_customer_is_not_found(client, merchandiser, team_b):
    other = CustomerFactory(team=team_b)
    client.force_login(merchandiser)
    assert client.get(reverse("customers:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("customers:edit", args=[other.pk])).status_code == 404


def test_a_viewer_sees_the_page_but_no_edit_button(client, make_user, team_a):
    customer = CustomerFactory(team=team_a)
    viewer = make_user("viewer", [team_a])
    client.force_login(viewer)
    body = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert customer.name in body
    assert reverse("customers:edit", args=[customer.pk]) not in body
    assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 403


def test_creating_a_customer_through_the_form(client, merchandiser, team_a):
    client.force_login(merchandiser)
    response = client.post(
        reverse("customers:create"),
        {
            "name": "Sydney Homewares Pty Ltd",
            "country": "AU",
            "source": "trade_show",
            "stage": "prospect",
            "team": team_a.pk,
            "languages": ["en"],
            "preferred_channels": ["email", "whatsapp"],
            "tags": "Canton Fair, AU",
            "owner": merchandiser.pk,
        },
    )
    customer = Customer.objects.get()
    assert response.status_code == 302
    assert customer.time_zone == "Australia/Sydney"
    assert customer.preferred_channels == ["email", "whatsapp"]
    assert sorted(t.name for t in customer.tags.all()) == ["AU", "Canton Fair"]
    assert customer.owner == merchandiser


def test_the_form_names_the_bad_field(client, merchandiser, team_a):
    client.force_login(merchandiser)
    response = client.post(
        reverse("customers:create"),
        {"name": "", "country": "ZZ", "team": team_a.pk, "source": "other", "stage": "lead"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "country" in form.errors
    assert Customer.objects.count() == 0


def test_a_user_cannot_put_a_customer_in_another_team(client, merchandiser, team_b):
    client.force_login(merchandiser)
    response = client.post(
        reverse("customers:create"),
        {"name": "Sneaky", "country": "GB", "team": team_b.pk, "source": "other", "stage": "lead"},
    )
    assert "team" in response.context["form"].errors
    assert Customer.objects.count() == 0


def test_a_second_editor_is_refused_with_a_way_to_reload(client, merchandiser, team_a):
    customer = CustomerFactory(
        team=team_a, name="Shared Ltd", country="GB", time_zone="Europe/London"
    )
    client.force_login(merchandiser)
    form = {
        "name": "Shared Ltd",
        "country": "GB",
        "team": team_a.pk,
        "source": "other",
        "stage": "lead",
        "version": 1,
    }
    first = client.post(reverse("customers:edit", args=[customer.pk]), {**form, "city": "London"})
    assert first.status_code == 302
    second = client.post(reverse("customers:edit", args=[customer.pk]), {**form, "city": "Leeds"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "someone else changed this record" in body.lower()
    assert "Reload the latest version" in body
    customer.refresh_from_db()
    assert customer.city == "London"


def test_the_export_holds_the_filtered_rows_and_defuses_formulas(client, merchandiser, team_a):
    import io

    from openpyxl import load_workbook

    CustomerFactory(team=team_a, name='=HYPERLINK("http://evil")', country="DE")
    CustomerFactory(team=team_a, name="Plain GmbH", country="FR")
    client.force_login(merchandiser)
    response = client.get(reverse("customers:export"), {"country": "DE"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # header + the German customer only
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_the_new_customer_forms_channels_are_chips_without_visible_boxes(client, merchandiser):
    import re

    client.force_login(merchandiser)

    html = client.get(reverse("customers:create")).content.decode()

    boxes = re.findall(r'<label class="form-selectgroup-item">(<input[^>]*>)', html)
    channels = [box for box in boxes if 'name="preferred_channels"' in box]
    assert len(channels) >= 2
    for box in channels:
        # Tabler hides a select-group input (still focusable and submitted); the chip after
        # it shows whether it is checked.
        assert 'type="checkbox"' in box and 'class="form-selectgroup-input"' in box
    assert html.count('<span class="form-selectgroup-label">') >= len(channels)
