"""The index follows the records: saves, deletes, team moves, and the reindex command."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gendan.catalog.models import Product
from gendan.comms.models import Attachment, Message
from gendan.customers.models import Customer
from gendan.customers.services import customer_update
from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.tests.factories import OrderFactory
from gendan.search.models import SearchEntry
from gendan.search.selectors import search

pytestmark = pytest.mark.django_db


def kinds_found(user, q):
    return {(hit.kind, hit.object_id) for hit in search(user, q)}


def test_a_renamed_customer_is_found_by_its_new_name_only(merchandiser, ours):
    ours.customer.name = "Zebra Trading"
    ours.customer.save()

    assert ("customer", ours.customer.pk) in kinds_found(merchandiser, "zebra")
    assert ("customer", ours.customer.pk) not in kinds_found(merchandiser, "haushaltswaren")


def test_a_deleted_record_leaves_the_index(merchandiser, ours):
    message_id = ours.message.pk
    ours.message.delete()

    assert not SearchEntry.objects.filter(kind="message", object_id=message_id).exists()
    assert ("message", message_id) not in kinds_found(merchandiser, "延期")


def test_an_attachment_added_later_makes_its_message_findable(merchandiser, ours):
    Attachment.objects.create(
        message=ours.message, original_name="Inspection report 验货报告.pdf", size=10
    )

    assert ("message", ours.message.pk) in kinds_found(merchandiser, "验货报告")


def test_moving_a_customer_to_another_team_moves_its_records_in_the_index(
    merchandiser, make_user, ours, team_b
):
    customer_update(
        actor=None, customer=ours.customer, expected_version=ours.customer.version, team=team_b
    )
    other = make_user("sales", [team_b])

    assert kinds_found(merchandiser, "alpha") == set()
    assert {
        ("customer", ours.customer.pk),
        ("contact", ours.contact.pk),
        ("order", ours.order.pk),
        ("message", ours.message.pk),
    } <= kinds_found(other, "alpha")


def test_the_reindex_command_indexes_rows_written_in_bulk(merchandiser, team_a):
    customer = CustomerFactory.create(team=team_a, name="Existing Buyer")
    Customer.objects.bulk_create(
        [Customer(code="B1", name="Bulk Kitchenware Ltd", name_key="bulk", country="GB",
                  time_zone="Europe/London", team=team_a)]
    )  # fmt: skip
    Product.objects.bulk_create([Product(sku="BK-1", name="Bulk kettle")])
    OrderFactory.create(customer=customer, number="PI-2026-4242")
    Message.objects.bulk_create(
        [Message(channel="email", direction="in", team=team_a, customer=customer,
                 subject="Bulk 延期 notice", sent_at="2026-11-01T08:00:00Z")]
    )  # fmt: skip
    SearchEntry.objects.filter(kind="order").delete()
    assert kinds_found(merchandiser, "bulk") == set()

    call_command("search_reindex", verbosity=0)

    assert {kind for kind, _ in kinds_found(merchandiser, "bulk")} == {
        "customer", "product", "message",
    }  # fmt: skip
    assert {kind for kind, _ in kinds_found(merchandiser, "PI-2026-4242")} == {"order"}


def test_reindexing_one_kind_removes_entries_of_deleted_rows(ours):
    SearchEntry.objects.create(kind="order", object_id=999_999, title="gone", team=ours.team)

    call_command("search_reindex", kind=["order"], verbosity=0)

    assert not SearchEntry.objects.filter(kind="order", object_id=999_999).exists()
    assert SearchEntry.objects.filter(kind="order", object_id=ours.order.pk).exists()
    assert SearchEntry.objects.filter(kind="message").exists()


def test_if_empty_leaves_a_built_index_alone(ours):
    SearchEntry.objects.filter(kind="order").delete()

    call_command("search_reindex", if_empty=True, verbosity=0)
    assert not SearchEntry.objects.filter(kind="order").exists()

    SearchEntry.objects.all().delete()
    call_command("search_reindex", if_empty=True, verbosity=0)
    assert SearchEntry.objects.filter(kind="order", object_id=ours.order.pk).exists()


def test_a_message_stored_with_its_attachments_is_indexed_once(merchandiser, ours):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gendan.comms.logged.services import logged_contact_create

    files = [SimpleUploadedFile(f"Photo {n}.jpg", b"\xff\xd8\xff", "image/jpeg") for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        message = logged_contact_create(
            actor=merchandiser, channel="wechat", direction="in", occurred_at=timezone.now(),
            customer=ours.customer, summary="Sent photos of the cartons", files=files,
        )  # fmt: skip

    writes = [q for q in queries if 'INSERT INTO "search_searchentry"' in q["sql"]]
    assert len(writes) == 1
    assert ("message", message.pk) in kinds_found(merchandiser, "Photo")
