"""Duplicate warning on create, and merging a duplicate into the customer that stays."""

import pytest
from django.urls import reverse

from gendan.audit.models import HistoryEntry
from gendan.customers.models import Contact, Customer
from gendan.customers.services import (
    contact_create,
    customer_create,
    customer_find_duplicates,
    customer_merge,
    customer_update,
)
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser,
        team=team_a,
        name="ACME Trading Co., Ltd.",
        country="US",
        website="https://acme-trading.com",
    )
    contact_create(
        actor=merchandiser, customer=customer, name="John", email="john@acme-trading.com"
    )
    return customer


def test_the_same_mail_domain_is_a_duplicate(acme):
    matches = customer_find_duplicates(name="Totally Different", emails=["buyer@acme-trading.com"])
    assert [m.customer for m in matches] == [acme]


def test_a_public_webmail_domain_is_never_a_duplicate(team_a, merchandiser):
    customer = customer_create(actor=merchandiser, team=team_a, name="Solo Buyer", country="IN")
    contact_create(actor=merchandiser, customer=customer, name="Raj", email="raj@gmail.com")
    assert customer_find_duplicates(name="Another Buyer", emails=["someone@gmail.com"]) == []


@pytest.mark.parametrize("name", ["Acme Trading Company Limited", "ACME TRADING", "Acme Tradng Co"])
def test_a_similar_name_is_a_duplicate(acme, name):
    assert [m.customer for m in customer_find_duplicates(name=name)] == [acme]


def test_an_unrelated_name_is_not_a_duplicate(acme):
    assert customer_find_duplicates(name="Blue Ocean Imports") == []


def test_duplicates_are_found_across_teams(acme, team_b, make_user):
    # Two teams must not court the same buyer without knowing it.
    other = make_user("sales", [team_b])
    assert customer_find_duplicates(name="Acme Trading") != []
    assert other  # the lookup itself is not scoped; the page hides the link


def test_the_create_page_warns_and_asks_before_creating_a_duplicate(
    client, acme, merchandiser, team_a
):
    client.force_login(merchandiser)
    data = {
        "name": "Acme Trading Ltd",
        "country": "US",
        "source": "other",
        "stage": "lead",
        "team": team_a.pk,
    }
    response = client.post(reverse("customers:create"), data)
    assert response.status_code == 200
    assert "Possible duplicates" in response.content.decode()
    assert Customer.objects.count() == 1
    response = client.post(reverse("customers:create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Customer.objects.count() == 2


def test_the_as_you_type_check_shows_the_match(client, acme, merchandiser):
    client.force_login(merchandiser)
    response = client.get(reverse("customers:duplicates"), {"name": "acme trading"})
    assert "ACME Trading Co., Ltd." in response.content.decode()


def test_merge_moves_contacts_orders_tags_and_history(acme, team_a, merchandiser, manager):
    duplicate = customer_create(
        actor=merchandiser,
        team=team_a,
        name="Acme Trading",
        country="US",
        city="Chicago",
        tags=["VIP"],
    )
    contact_create(
        actor=merchandiser, customer=duplicate, name="Mary", email="mary@acme-trading.com"
    )
    order = OrderFactory(customer=duplicate)
    customer_update(actor=merchandiser, customer=duplicate, expected_version=1, stage="active")

    survivor = customer_merge(actor=manager, survivor=acme, duplicate=duplicate)

    assert not Customer.objects.filter(pk=duplicate.pk).exists()
    assert sorted(Contact.objects.filter(customer=survivor).values_list("name", flat=True)) == [
        "John",
        "Mary",
    ]
    order.refresh_from_db()
    assert order.customer == survivor
    assert [t.name for t in survivor.tags.all()] == ["VIP"]
    assert survivor.city == "Chicago"  # filled from the duplicate because the survivor had none
    history = HistoryEntry.objects.filter(subject_type="customers.customer", subject_id=survivor.pk)
    assert history.filter(action="update", record_id=duplicate.pk).exists()  # moved over
    merge = history.get(action="merge")
    assert "Acme Trading" in merge.note
    assert merge.actor == manager


def test_merge_into_itself_is_refused(acme, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        customer_merge(actor=manager, survivor=acme, duplicate=acme)


def test_the_merge_page_reviews_then_merges(client, acme, team_a, merchandiser, make_user):
    duplicate = customer_create(actor=merchandiser, team=team_a, name="Acme Trading", country="US")
    sales = make_user("sales", [team_a])
    client.force_login(sales)
    url = reverse("customers:merge", args=[acme.pk])
    review = client.get(url, {"duplicate": duplicate.pk})
    assert "will be merged into" in review.content.decode()
    response = client.post(url, {"duplicate": duplicate.pk})
    assert response.status_code == 302
    assert not Customer.objects.filter(pk=duplicate.pk).exists()


def test_a_merchandiser_may_not_merge(client, acme, merchandiser):
    client.force_login(merchandiser)
    assert client.get(reverse("customers:merge", args=[acme.pk])).status_code == 403


def test_a_customer_of_another_team_cannot_be_merged_in(client, acme, team_b, make_user, team_a):
    other = customer_create(actor=None, team=team_b, name="Acme Trading", country="US")
    sales = make_user("sales", [team_a])
    client.force_login(sales)
    response = client.post(reverse("customers:merge", args=[acme.pk]), {"duplicate": other.pk})
    assert response.status_code == 404
    assert Customer.objects.filter(pk=other.pk).exists()
