"""Importing contacts: matched by email, else by name, within their customer."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from gendan.customers.models import Contact
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.dataio.importing import run_import
from gendan.dataio.tests.import_support import (
    csv_bytes,
    database_state,
    download,
    sheet_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADERS = [
    "Customer code",
    "Company name",
    "Name",
    "Job title",
    "Email",
    "Phone",
    "Languages",
    "Main contact",
]


def _import(user, data: bytes, filename: str = "contacts.xlsx", **kwargs):
    return run_import(kind="contacts", data=data, filename=filename, user=user, **kwargs)


@pytest.fixture
def customer(team_a):
    return CustomerFactory(team=team_a, code="C-100", name="Berlin Küchen GmbH", country="DE")


def test_a_good_file_creates_contacts_of_customers_named_by_code_or_name(merchandiser, customer):
    data = xlsx_bytes(
        HEADERS,
        [
            [
                "C-100",
                "",
                "Anna Schmidt",
                "Buyer",
                "Anna@Berlin-Kuechen.de",
                "030 1234567",
                "de, en",
                "yes",
            ],
            ["", "berlin küchen gmbh", "Jonas Weber", "", "", "+49 30 90182000", "", ""],
        ],
    )
    result = _import(merchandiser, data)
    assert result.errors == []
    assert result.created == 2
    anna = Contact.objects.get(name="Anna Schmidt")
    assert (anna.customer, anna.email, anna.phone, anna.is_primary) == (
        customer,
        "anna@berlin-kuechen.de",
        "+49301234567",
        True,
    )
    assert anna.team_id == customer.team_id
    assert Contact.objects.get(name="Jonas Weber").customer == customer


def test_one_bad_row_writes_nothing_and_names_the_row_and_column(merchandiser, customer):
    before = database_state()
    data = xlsx_bytes(
        HEADERS,
        [
            ["C-100", "", "Good Person", "", "good@berlin-kuechen.de", "", "", ""],
            ["C-100", "", "Bad Phone", "", "", "12", "", ""],
            ["C-999", "", "Nobody's", "", "", "", "", ""],
            ["C-100", "", "Bad Language", "", "", "", "klingon", "maybe"],
        ],
    )
    result = _import(merchandiser, data)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "Phone"), (4, "Customer code"), (5, "Languages"), (5, "Main contact")}
    assert database_state() == before
    # The first company address would have taught the customer its mail domain: not either.
    customer.refresh_from_db()
    assert customer.domain == ""


def test_importing_the_same_file_twice_creates_nothing_twice(merchandiser, customer):
    data = xlsx_bytes(
        HEADERS,
        [
            ["C-100", "", "Anna Schmidt", "Buyer", "anna@berlin-kuechen.de", "", "", ""],
            ["C-100", "", "No Mail Person", "Driver", "", "", "", ""],
        ],
    )
    assert _import(merchandiser, data).created == 2
    state = database_state()
    second = _import(merchandiser, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert database_state() == state


def test_a_contact_is_found_by_email_else_by_name(merchandiser, customer):
    by_mail = ContactFactory.create(
        customer=customer, name="Old Name", email="buyer@berlin-kuechen.de"
    )
    by_name = ContactFactory.create(customer=customer, name="Karl Braun", email="")
    data = xlsx_bytes(
        ["Customer code", "Name", "Email", "Job title"],
        [
            ["C-100", "New Name", "BUYER@berlin-kuechen.de", ""],
            ["C-100", "karl braun", "karl@berlin-kuechen.de", "CEO"],
        ],
    )
    result = _import(merchandiser, data)
    assert (result.created, result.updated) == (0, 2)
    by_mail, by_name = Contact.objects.get(pk=by_mail.pk), Contact.objects.get(pk=by_name.pk)
    assert by_mail.name == "New Name"
    assert (by_name.email, by_name.title) == ("karl@berlin-kuechen.de", "CEO")


def test_a_customer_of_another_team_is_an_error_for_that_row(merchandiser, customer, team_b):
    CustomerFactory(team=team_b, code="B-1", name="Other Team Ltd")
    data = xlsx_bytes(
        ["Customer code", "Company name", "Name"],
        [["B-1", "", "Spy"], ["", "Other Team Ltd", "Spy"]],
    )
    result = _import(merchandiser, data)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Customer code"), (3, "Company name")]
    assert all("in your teams" in e.message for e in result.errors)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_export_imports_back_unchanged(client, settings, merchandiser, customer, language):
    settings.LANGUAGE_CODE = language
    ContactFactory(customer=customer, name="Anna Schmidt", email="anna@berlin-kuechen.de", phone="+493012345678",
                   whatsapp="+4915123456789", title="=Buyer", is_primary=True, languages=["de"])  # fmt: skip
    ContactFactory(customer=customer, name="王小明", email="", wechat="wxm-88", notes="-note")
    client.force_login(merchandiser)
    client.cookies["django_language"] = language  # the language switch's cookie
    data = download(client.get(reverse("customers:contact_export")))
    with translation.override(language):
        assert sheet_rows(data)[0][2] == translation.gettext("Name")
    state = database_state()
    result = _import(merchandiser, data)
    assert result.errors == [] and result.warnings == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert database_state() == state


def test_an_export_imports_into_a_customer_without_contacts(client, merchandiser, customer):
    ContactFactory(
        customer=customer,
        name="Anna Schmidt",
        email="anna@berlin-kuechen.de",
        title="=Buyer",
        is_primary=True,
    )
    client.force_login(merchandiser)
    data = download(client.get(reverse("customers:contact_export")))
    Contact.objects.all().delete()
    assert _import(merchandiser, data).created == 1
    anna = Contact.objects.get()
    assert (anna.title, anna.is_primary) == ("=Buyer", True)


def test_a_gb18030_csv_imports_chinese_contact_names(merchandiser, team_a):
    CustomerFactory(team=team_a, code="CN-1", name="宁波家电有限公司", country="CN")
    data = csv_bytes(
        ["Customer code", "Company name", "Name", "Job title"],
        [["", "宁波家电有限公司", "李华", "采购经理"]],
        encoding="gb18030",
    )
    result = _import(merchandiser, data, filename="contacts.csv")
    assert result.errors == []
    assert Contact.objects.get().title == "采购经理"
