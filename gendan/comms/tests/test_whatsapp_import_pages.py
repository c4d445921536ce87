"""Importing a WhatsApp chat in the browser: upload, check what the file holds (counts,
senders, lines that cannot be read), confirm; and who may do it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gendan.comms.models import Message
from gendan.dataio.models import ImportBatch

from .chat_data import Buyer

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]

CHAT = (
    "12/31/24, 9:41\u202fPM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
    "12/31/24, 9:41\u202fPM - Hans Weber: Hello Amy, is the PI ready?\n"
    "1/1/25, 9:05\u202fAM - Amy Li: Yes, attached.\nTotal USD 12,345.50\n"
    "2/30/25, 9:05\u202fAM - Amy Li: a day that does not exist\n"
    "1/13/25, 5:30\u202fPM - Hans Weber: Thanks!\n"
)


def upload(
    content: str = CHAT, name: str = "WhatsApp Chat with Hans Weber.txt"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


def check(client, buyer: Buyer, **fields):
    data = {"contact": buyer.contact.pk, "file": upload(), "time_zone": "Asia/Shanghai", **fields}
    return client.post(reverse("comms:whatsapp_import"), data)


def test_the_page_opens_with_the_contact_and_the_users_time_zone(
    client, merchandiser, buyer: Buyer
):
    client.force_login(merchandiser)

    response = client.get(reverse("comms:whatsapp_import"), {"contact": buyer.contact.pk})

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "time_zone": "Asia/Shanghai",
        "contact": buyer.contact.pk,
    }


def test_checking_shows_counts_senders_and_line_errors_without_storing(
    client, merchandiser, buyer: Buyer
):
    client.force_login(merchandiser)

    response = check(client, buyer)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("comms:whatsapp_import_result", args=[batch.pk])
    assert not Message.objects.exists()

    page = client.get(response["Location"])
    text = page.content.decode()
    report = page.context["report"]
    assert (report.new, report.existing, report.layout, report.date_order) == (
        3,
        0,
        "android",
        "mdy",
    )
    assert [(a.name, a.direction) for a in report.authors] == [
        ("Hans Weber", "in"),
        ("Amy Li", "out"),
    ]
    assert page.context["errors"][0]["row"] == 5
    assert "2/30/25" in text and "is not a valid date" in text
    assert 'data-testid="wa-confirm"' in text


def test_confirming_imports_and_a_second_upload_finds_them_there(
    client, merchandiser, buyer: Buyer
):
    client.force_login(merchandiser)
    batch_url = check(client, buyer)["Location"]
    batch = ImportBatch.objects.get()

    confirmed = client.post(reverse("comms:whatsapp_import_confirm", args=[batch.pk]), follow=True)

    assert "Imported 3 new messages; 0 were already there." in confirmed.content.decode()
    assert Message.objects.filter(contact=buyer.contact).count() == 3
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.created_count == 3
    assert 'data-testid="wa-confirm"' not in client.get(batch_url).content.decode()

    again = client.get(check(client, buyer)["Location"])
    assert (again.context["report"].new, again.context["report"].existing) == (0, 3)
    assert not again.context["can_confirm"]


def test_confirming_twice_imports_once(client, merchandiser, buyer: Buyer):
    client.force_login(merchandiser)
    check(client, buyer)
    batch = ImportBatch.objects.get()
    url = reverse("comms:whatsapp_import_confirm", args=[batch.pk])

    client.post(url)
    second = client.post(url, follow=True)

    assert "already been imported" in second.content.decode()
    assert Message.objects.count() == 3


def test_a_file_that_is_no_chat_is_refused_on_the_form(client, merchandiser, buyer: Buyer):
    client.force_login(merchandiser)

    response = check(client, buyer, file=upload("shopping list\nmilk\n", "notes.txt"))

    assert response.status_code == 200
    assert "No WhatsApp messages were found" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_an_ambiguous_group_chat_asks_which_sender_you_are(client, merchandiser, buyer: Buyer):
    group = (
        "31/12/2024, 21:41 - Petra Schulz: Hello\n"
        "31/12/2024, 21:42 - Amy Li: Hi Petra\n"
        "31/12/2024, 21:43 - Hans Weber: Welcome\n"
    )
    client.force_login(merchandiser)

    refused = check(client, buyer, file=upload(group, "WhatsApp Chat with Order 42.txt"))
    accepted = check(
        client, buyer, file=upload(group, "WhatsApp Chat with Order 42.txt"), me="Amy Li"
    )

    assert "Which sender are you?" in refused.context["form"].errors["me"][0]
    assert accepted.status_code == 302


def test_someone_elses_import_is_not_found(client, merchandiser, make_user, team_a, buyer: Buyer):
    client.force_login(merchandiser)
    check(client, buyer)
    batch = ImportBatch.objects.get()

    client.force_login(make_user("merchandiser", [team_a]))

    assert client.get(reverse("comms:whatsapp_import_result", args=[batch.pk])).status_code == 404
    assert client.post(reverse("comms:whatsapp_import_confirm", args=[batch.pk])).status_code == 404


def test_another_teams_contact_cannot_be_chosen(client, make_user, team_b, buyer: Buyer):
    client.force_login(make_user("merchandiser", [team_b]))

    response = check(client, buyer)

    assert "contact" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_a_viewer_cannot_import(client, make_user, team_a, buyer: Buyer):
    client.force_login(make_user("viewer", [team_a]))

    assert client.get(reverse("comms:whatsapp_import")).status_code == 403
    assert check(client, buyer).status_code == 403


def test_the_contact_lookup_finds_visible_contacts_with_whatsapp(
    client, merchandiser, make_user, team_b, buyer: Buyer
):
    from gendan.customers.tests.factories import ContactFactory, CustomerFactory

    ContactFactory.create(customer=CustomerFactory.create(team=team_b), name="Hans Other")
    ContactFactory.create(customer=buyer.customer, name="Hans Nophone")
    client.force_login(merchandiser)

    results = client.get(reverse("comms:contact_lookup"), {"q": "hans", "whatsapp": "1"}).json()[
        "results"
    ]

    assert [r["id"] for r in results] == [buyer.contact.pk]
    assert results[0]["text"] == "Hans Weber · Müller Haushaltswaren GmbH (+4917012345678)"
