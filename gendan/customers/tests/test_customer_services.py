"""Creating and changing customers and contacts: defaults, validation, history."""

import pytest
from django.core.exceptions import ValidationError

from gendan.audit.models import HistoryEntry
from gendan.core.concurrency import ConcurrentEditError
from gendan.customers.services import (
    contact_create,
    contact_delete,
    contact_update,
    customer_create,
    customer_delete,
    customer_update,
    domain_of,
    normalize_name,
)

pytestmark = pytest.mark.django_db


def test_a_new_customer_takes_time_zone_and_languages_from_its_country(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser, team=team_a, name="Hamburg Haus GmbH", country="DE"
    )
    assert customer.time_zone == "Europe/Berlin"
    assert customer.languages == ["de", "en"]
    assert customer.code == "C00001"


def test_a_us_customer_gets_the_east_coast_by_default(team_a, merchandiser):
    customer = customer_create(actor=merchandiser, team=team_a, name="Acme Inc.", country="US")
    assert customer.time_zone == "America/New_York"


def test_the_domain_comes_from_the_website(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser, team=team_a, name="Lidl", country="DE", website="https://www.lidl.de/"
    )
    assert customer.domain == "lidl.de"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Base", "not a time zone"),
        ("languages", ["xx"], "Unknown language code"),
        ("preferred_channels", ["fax"], "Unknown channel"),
        ("source", "magic", "not a valid choice"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(team_a, merchandiser, field, value, message):
    with pytest.raises(ValidationError) as caught:
        customer_create(
            actor=merchandiser, team=team_a, name="X Ltd", country="GB", **{field: value}
        )
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])


def test_an_unknown_country_is_refused(team_a, merchandiser):
    with pytest.raises(ValidationError) as caught:
        customer_create(actor=merchandiser, team=team_a, name="X Ltd", country="XX")
    assert "country" in caught.value.message_dict


def test_creating_a_customer_is_recorded(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser, team=team_a, name="Dubai Trading LLC", country="AE"
    )
    entry = HistoryEntry.objects.get(record_id=customer.pk, record_type="customers.customer")
    assert entry.action == "create"
    assert entry.actor == merchandiser


def test_each_change_records_field_old_and_new(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser, team=team_a, name="Dubai Trading LLC", country="AE"
    )
    customer_update(
        actor=merchandiser,
        customer=customer,
        expected_version=1,
        stage="active",
        city="Dubai",
        tags=["VIP"],
    )
    entry = HistoryEntry.objects.filter(action="update").get()
    assert entry.changes == {
        "city": ["", "Dubai"],
        "stage": ["lead", "active"],
        "tags": ["", "VIP"],
    }


def test_saving_without_changes_records_nothing_and_keeps_the_version(team_a, merchandiser):
    customer = customer_create(actor=merchandiser, team=team_a, name="Same Co", country="FR")
    customer = customer_update(
        actor=merchandiser, customer=customer, expected_version=1, name="Same Co"
    )
    assert customer.version == 1
    assert not HistoryEntry.objects.filter(action="update").exists()


def test_a_stale_version_is_refused_and_nothing_changes(team_a, merchandiser, manager):
    customer = customer_create(actor=merchandiser, team=team_a, name="Oslo AS", country="NO")
    customer_update(actor=manager, customer=customer, expected_version=1, city="Oslo")
    with pytest.raises(ConcurrentEditError) as caught:
        customer_update(actor=merchandiser, customer=customer, expected_version=1, city="Bergen")
    assert caught.value.current_version == 2
    customer.refresh_from_db()
    assert customer.city == "Oslo"


def test_moving_a_customer_to_another_team_moves_its_contacts(team_a, team_b, manager):
    customer = customer_create(actor=manager, team=team_a, name="Move Me Ltd", country="GB")
    contact = contact_create(actor=manager, customer=customer, name="Ann", email="ann@moveme.co.uk")
    customer_update(actor=manager, customer=customer, expected_version=1, team=team_b)
    contact.refresh_from_db()
    assert contact.team == team_b


def test_contact_phones_are_stored_in_e164(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser, team=team_a, name="Berlin Küchen GmbH", country="DE"
    )
    contact = contact_create(
        actor=merchandiser,
        customer=customer,
        name="Jonas",
        phone="030 12345678",
        whatsapp="+49 151 23456789",
    )
    assert contact.phone == "+493012345678"
    assert contact.whatsapp == "+4915123456789"


def test_a_bad_phone_number_names_the_field(team_a, merchandiser):
    customer = customer_create(
        actor=merchandiser, team=team_a, name="Berlin Küchen GmbH", country="DE"
    )
    with pytest.raises(ValidationError) as caught:
        contact_create(actor=merchandiser, customer=customer, name="Jonas", whatsapp="12")
    assert "whatsapp" in caught.value.message_dict


def test_the_first_contact_is_the_main_one_and_there_is_only_one(team_a, merchandiser):
    customer = customer_create(actor=merchandiser, team=team_a, name="Lyon SA", country="FR")
    first = contact_create(actor=merchandiser, customer=customer, name="Alice")
    second = contact_create(actor=merchandiser, customer=customer, name="Bob", is_primary=True)
    first.refresh_from_db()
    assert second.is_primary and not first.is_primary


def test_a_company_address_teaches_the_customer_its_domain_but_webmail_does_not(
    team_a, merchandiser
):
    customer = customer_create(actor=merchandiser, team=team_a, name="Lyon SA", country="FR")
    contact_create(actor=merchandiser, customer=customer, name="Alice", email="alice@gmail.com")
    customer.refresh_from_db()
    assert customer.domain == ""
    contact_create(actor=merchandiser, customer=customer, name="Bob", email="Bob@Lyon-SA.fr")
    customer.refresh_from_db()
    assert customer.domain == "lyon-sa.fr"


def test_contact_changes_and_deletion_show_in_the_customers_history(team_a, merchandiser):
    customer = customer_create(actor=merchandiser, team=team_a, name="Lyon SA", country="FR")
    contact = contact_create(actor=merchandiser, customer=customer, name="Alice")
    contact_update(actor=merchandiser, contact=contact, expected_version=1, title="Buyer")
    contact_delete(actor=merchandiser, contact=contact)
    actions = list(
        HistoryEntry.objects.filter(subject_type="customers.customer", subject_id=customer.pk)
        .order_by("id")
        .values_list("record_type", "action")
    )
    assert actions == [
        ("customers.customer", "create"),
        ("customers.contact", "create"),
        ("customers.contact", "update"),
        ("customers.contact", "delete"),
    ]


def test_a_customer_with_orders_cannot_be_deleted(team_a, manager):
    from gendan.orders.tests.factories import OrderFactory

    customer = customer_create(actor=manager, team=team_a, name="Keep Ltd", country="GB")
    OrderFactory(customer=customer)
    with pytest.raises(ValidationError, match="has orders"):
        customer_delete(actor=manager, customer=customer)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ACME Trading Co., Ltd.", "acme trading"),
        ("Acme Trading Company Limited", "acme trading"),
        ("宁波海天贸易有限公司", "宁波海天贸易"),
        ("Müller & Söhne GmbH", "müller söhne"),
    ],
)
def test_names_are_compared_without_legal_form(name, key):
    assert normalize_name(name) == key


@pytest.mark.parametrize(
    ("website", "email", "domain"),
    [
        ("https://www.example.de/shop", "", "example.de"),
        ("example.com", "", "example.com"),
        ("", "buyer@Example.CO.UK", "example.co.uk"),
        ("", "someone@qq.com", ""),
        ("", "someone@gmail.com", ""),
    ],
)
def test_domains_ignore_public_webmail(website, email, domain):
    assert domain_of(website=website, email=email) == domain


def test_a_new_code_skips_codes_already_taken_by_imports(team_a, merchandiser):
    from gendan.customers.tests.factories import CustomerFactory

    CustomerFactory(code="C00001")
    CustomerFactory(code="C00002")
    customer = customer_create(actor=merchandiser, team=team_a, name="Fresh Ltd", country="GB")
    assert customer.code == "C00003"


@pytest.mark.parametrize(
    ("country", "languages"), [("MX", ["es", "en"]), ("CH", ["de", "fr", "en"]), ("US", ["en"])]
)
def test_business_languages_by_country(country, languages):
    from gendan.customers.geo import default_languages

    assert default_languages(country) == languages
