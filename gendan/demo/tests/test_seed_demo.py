"""seed_demo: demo data that looks like an exporter's, numbered the way the app continues."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import phonenumbers
import pytest
from django.conf import settings
from django.core.management import CommandError
from django.db.models import Sum
from django.utils import timezone

from gendan.accounts.models import Role, Team, User
from gendan.audit.models import HistoryEntry
from gendan.catalog.models import Product
from gendan.comms.models import Attachment, Mailbox, Message, MessageTemplate, Thread
from gendan.core.models import NumberSequence
from gendan.core.money import quantize
from gendan.customers.geo import default_languages, default_time_zone
from gendan.customers.models import Contact, Customer
from gendan.customers.services import customer_code_next
from gendan.demo.customers import CITY_ZONES
from gendan.demo.seeding import demo_seed
from gendan.orders.models import Order, OrderLine, OrderStatus
from gendan.orders.selectors import orders_visible
from gendan.orders.services import LineInput, order_create

from .support import seed

pytestmark = pytest.mark.django_db


def number_regex() -> re.Pattern[str]:
    """ORDER_NUMBER_PATTERN as a regular expression with the year and number captured."""
    pattern = re.escape(settings.ORDER_NUMBER_PATTERN)
    pattern = pattern.replace(re.escape("{year}"), r"(?P<year>\d{4})")
    pattern = re.sub(r"\\\{seq[^}]*\\\}", r"(?P<seq>\\d+)", pattern)
    return re.compile(f"^{pattern}$")


def test_it_creates_two_teams_and_a_user_of_every_role(seeded):
    assert Team.objects.count() >= 2
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in (
        "admin",
        "manager",
        "sales_eu",
        "merch_eu",
        "merch_me",
        "purchasing",
        "qc",
        "finance",
        "viewer",
    ):
        assert User.objects.get(username=username).check_password("gendan-demo")


def test_it_prints_the_login_url_password_and_accounts(seeded):
    assert "/login/" in seeded
    assert "gendan-demo" in seeded
    for username in ("admin", "merch_me", "viewer"):
        assert re.search(rf"^\s+{username}\s", seeded, re.MULTILINE)


def test_sales_and_merchandisers_belong_to_one_team_and_see_only_its_orders(seeded):
    for user in User.objects.filter(role__in=[Role.SALES, Role.MERCHANDISER]):
        teams = list(user.teams.all())
        assert len(teams) == 1
        visible = orders_visible(user)
        assert visible.exists()
        assert set(visible.values_list("team_id", flat=True)) == {teams[0].pk}
        assert visible.count() < Order.objects.count()


def test_customers_span_thirty_countries_with_their_time_zones_and_languages(seeded):
    customers = list(Customer.objects.all())
    assert len(customers) == 40
    assert len({str(c.country) for c in customers}) >= 30
    for customer in customers:
        zone = CITY_ZONES.get(customer.city) or default_time_zone(str(customer.country))
        assert customer.time_zone == zone
        assert customer.languages == default_languages(str(customer.country))
        assert re.fullmatch(r"C\d{5}", customer.code)
        assert customer.preferred_channels
        customer.full_clean()


def test_contacts_have_valid_numbers_of_their_country_and_mostly_company_mail(seeded):
    contacts = list(Contact.objects.select_related("customer"))
    assert all(
        contact.customer.contacts.filter(is_primary=True).count() == 1 for contact in contacts
    )
    for contact in contacts:
        for number in (contact.phone, contact.whatsapp):
            if number:
                parsed = phonenumbers.parse(number)
                assert phonenumbers.is_valid_number(parsed), number
                assert phonenumbers.region_code_for_number(parsed) == str(contact.customer.country)
                assert number == phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.E164
                )
        contact.full_clean()
    on_domain = sum(contact.email.endswith("@" + contact.customer.domain) for contact in contacts)
    assert on_domain >= len(contacts) * 0.8
    assert any(contact.whatsapp for contact in contacts)


def test_products_have_skus_chinese_names_hs_codes_and_cartons(seeded):
    for product in Product.objects.all():
        assert product.name_zh and product.hs_code and product.units_per_carton
        assert product.carton_cbm and product.gross_weight_kg and product.net_weight_kg
        assert product.gross_weight_kg >= product.net_weight_kg
        product.full_clean()


def test_order_totals_are_the_sum_of_their_lines(seeded):
    orders = Order.objects.annotate(line_sum=Sum("lines__amount"))
    assert orders.count() == 150
    for order in orders:
        assert order.total_amount == order.line_sum
        assert order.total_amount == quantize(order.total_amount, order.currency)
    for line in OrderLine.objects.select_related("order"):
        assert line.amount == quantize(line.quantity * line.unit_price, line.order.currency)
    counts = Counter(OrderLine.objects.values_list("order_id", flat=True))
    assert min(counts.values()) >= 1 and max(counts.values()) <= 6


def test_orders_are_valid_and_cover_every_status_and_several_currencies(seeded):
    today = timezone.localdate()
    for order in Order.objects.select_related("customer", "contact"):
        order.full_clean()
        assert order.team_id == order.customer.team_id
        assert order.contact is not None and order.contact.customer_id == order.customer_id
        assert order.order_date <= today and order.promised_ship_date >= order.order_date
        assert order.created_at <= timezone.now() and order.updated_at >= order.created_at
        if order.status in (OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION):
            assert order.promised_ship_date > today
        if order.status in (OrderStatus.SHIPPED, OrderStatus.COMPLETED):
            assert order.promised_ship_date <= today
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    currencies = set(Order.objects.values_list("currency", flat=True))
    assert {"USD", "EUR", "GBP", "JPY", "CNY", "AED", "AUD"} <= currencies
    assert Order.objects.filter(incoterm="FOB", incoterm_place__startswith="Ningbo").exists()


def test_order_numbers_follow_the_pattern_and_each_years_sequence(seeded):
    regex = number_regex()
    by_year: dict[int, list[int]] = {}
    for number, order_date in Order.objects.values_list("number", "order_date"):
        match = regex.match(number)
        assert match, number
        assert int(match["year"]) == order_date.year
        by_year.setdefault(order_date.year, []).append(int(match["seq"]))
    for year, sequence in by_year.items():
        assert sorted(sequence) == list(range(1, len(sequence) + 1))
        assert NumberSequence.objects.get(key=f"order:{year}").last_value == len(sequence)


def test_an_order_created_in_the_app_gets_the_next_number(seeded):
    today = timezone.localdate()
    last = NumberSequence.objects.get(key=f"order:{today.year}").last_value
    customer = Customer.objects.filter(stage="active").earliest("id")
    order = order_create(
        actor=User.objects.get(username="sales_eu"),
        customer=customer,
        lines=[
            LineInput(
                product=Product.objects.first(), quantity=Decimal(100), unit_price=Decimal("2.50")
            )
        ],
        promised_ship_date=today + dt.timedelta(days=40),
        incoterm_place="Ningbo",
    )
    assert order.number == settings.ORDER_NUMBER_PATTERN.format(year=today.year, seq=last + 1)


def test_a_customer_created_in_the_app_gets_the_next_code(seeded):
    highest = max(Customer.objects.values_list("code", flat=True))
    assert customer_code_next() == f"C{int(highest[1:]) + 1:05d}"


def test_bulk_rows_have_no_history_but_a_few_records_made_by_users_do(seeded):
    subjects = set(HistoryEntry.objects.values_list("subject_type", flat=True))
    assert {"orders.order", "customers.customer"} <= subjects
    orders_with_history = (
        HistoryEntry.objects.filter(subject_type="orders.order").values("subject_id").distinct()
    )
    # Three orders edited by users, and those whose factory wrote of a delay (their step's
    # forecast was moved): never the bulk rows.
    moved = HistoryEntry.objects.filter(
        record_type="followup.milestone", note__startswith="Factory:"
    )
    assert orders_with_history.count() == 3 + moved.values("subject_id").distinct().count()
    assert orders_with_history.count() < 10
    assert (
        HistoryEntry.objects.filter(actor__username="merch_eu").exists()
        or HistoryEntry.objects.filter(actor__username="merch_me").exists()
    )


def test_a_second_run_is_refused_and_changes_nothing(seeded):
    before = (Customer.objects.count(), Order.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match="already holds 40 customers and 150 orders.*--append"):
        seed("--customers", "5", "--orders", "10")
    assert (Customer.objects.count(), Order.objects.count(), User.objects.count()) == before


def test_if_empty_leaves_a_database_with_data_alone(seeded):
    output = seed("--if-empty", "--customers", "5")
    assert "not added" in output
    assert Customer.objects.count() == 40


def test_append_adds_customers_and_orders_but_no_users_teams_or_products(seeded):
    users, teams, products = User.objects.count(), Team.objects.count(), Product.objects.count()
    seed("--append", "--customers", "10", "--orders", "50")
    assert Customer.objects.count() == 50
    assert Order.objects.count() == 200
    assert (User.objects.count(), Team.objects.count(), Product.objects.count()) == (
        users,
        teams,
        products,
    )
    assert Customer.objects.values("code").distinct().count() == 50
    assert Customer.objects.values("name_key").distinct().count() == 50
    regex = number_regex()
    assert all(regex.match(number) for number in Order.objects.values_list("number", flat=True))


def test_the_same_seed_and_day_give_the_same_data():
    day = dt.date(2026, 6, 30)

    def snapshot() -> list[tuple[str, str, Decimal, str]]:
        return list(
            Order.objects.order_by("number").values_list(
                "number", "customer__name", "total_amount", "currency"
            )
        )

    demo_seed(customers=12, orders=40, seed=3, today=day)
    first = snapshot()
    for model in (
        Attachment,
        Message,
        Thread,
        Mailbox,
        MessageTemplate,
        OrderLine,
        Order,
        Contact,
        Customer,
        Product,
        NumberSequence,
        HistoryEntry,
        User,
        Team,
    ):
        model.objects.all().delete()
    demo_seed(customers=12, orders=40, seed=3, today=day)
    assert snapshot() == first
    assert len(first) == 40


def test_a_different_seed_gives_different_companies():
    demo_seed(customers=12, orders=0, seed=3)
    first = set(Customer.objects.values_list("name", flat=True))
    Contact.objects.all().delete()
    Customer.objects.all().delete()
    demo_seed(customers=12, orders=0, seed=4)
    assert set(Customer.objects.values_list("name", flat=True)) != first


def test_negative_numbers_are_refused():
    with pytest.raises(CommandError, match="must be 0 or more"):
        seed("--orders", "-5")
    assert not Order.objects.exists()
