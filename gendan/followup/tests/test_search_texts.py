"""Search finds an order by why it is late and by what was said about it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gendan.followup.models import Comment, Milestone
from gendan.followup.services import comment_add, milestone_reschedule
from gendan.search.models import SearchEntry
from gendan.search.selectors import search
from gendan.search.services import search_reindex

pytestmark = pytest.mark.django_db

REASON = "工厂停电，交货延期两周"


def step(order, key):
    return Milestone.objects.select_related("step", "owner", "order").get(
        order=order, step__key=key
    )


def reschedule(order, reason, *, days=7, key="materials_ready"):
    m = step(order, key)
    return milestone_reschedule(
        actor=m.owner,
        milestone=m,
        forecast_date=m.planned_date + dt.timedelta(days=days),
        reason=reason,
        today=dt.date(2026, 11, 3),
    )


def orders_found(user, q):
    return {hit.object_id for hit in search(user, q) if hit.kind == "order"}


def test_an_order_is_found_by_the_reason_its_step_was_moved(confirmed_order, make_user, team_b):
    order = confirmed_order()
    reschedule(order, REASON)

    assert order.pk in orders_found(order.merchandiser, "延期")
    assert order.pk in orders_found(order.merchandiser, "停电")
    other_team = make_user("merchandiser", [team_b])
    assert orders_found(other_team, "延期") == set()
    assert orders_found(other_team, "停电") == set()


def test_a_reason_given_later_is_found_too(confirmed_order):
    order = confirmed_order()
    reschedule(order, REASON)
    assert orders_found(order.merchandiser, "fabric") == set()

    reschedule(order, "Fabric mill late again", days=12)

    assert order.pk in orders_found(order.merchandiser, "fabric")
    assert order.pk in orders_found(order.merchandiser, "停电")


def test_other_history_notes_are_not_delay_reasons(confirmed_order):
    order = confirmed_order()  # planning the follow-up records "Follow-up planned from …"

    assert orders_found(order.merchandiser, "planned") == set()


def test_an_order_is_found_by_its_comments(confirmed_order, make_user, team_b):
    order = confirmed_order()
    comment_add(actor=order.merchandiser, order=order, body="customer asked to hold shipment")

    assert order.pk in orders_found(order.merchandiser, "hold shipment")
    assert orders_found(make_user("merchandiser", [team_b]), "hold shipment") == set()


def test_an_edited_or_deleted_comment_is_indexed_again(confirmed_order):
    order = confirmed_order()
    comment = comment_add(actor=order.merchandiser, order=order, body="customer asked to hold")

    comment.body = "customer wants a new carton print"
    comment.save()
    assert order.pk in orders_found(order.merchandiser, "carton")
    assert orders_found(order.merchandiser, "hold") == set()

    Comment.objects.get(pk=comment.pk).delete()
    assert orders_found(order.merchandiser, "carton") == set()


def test_the_reindex_command_includes_reasons_and_comments(confirmed_order):
    order = confirmed_order()
    reschedule(order, REASON)
    comment_add(actor=order.merchandiser, order=order, body="customer asked to hold shipment")
    SearchEntry.objects.filter(kind="order").delete()
    assert orders_found(order.merchandiser, "延期") == set()

    call_command("search_reindex", verbosity=0)

    assert order.pk in orders_found(order.merchandiser, "延期")
    assert order.pk in orders_found(order.merchandiser, "hold shipment")
    entry = SearchEntry.objects.get(kind="order", object_id=order.pk)
    assert REASON in entry.text and "customer asked to hold shipment" in entry.text


def test_reindexing_reads_the_follow_up_once_per_batch_not_once_per_order(confirmed_order):
    first = confirmed_order()
    reschedule(first, REASON)
    comment_add(actor=first.merchandiser, order=first, body="customer asked to hold shipment")
    with CaptureQueriesContext(connection) as one:
        search_reindex(kind="order")

    for _ in range(3):
        order = confirmed_order()
        reschedule(order, REASON)
        comment_add(actor=order.merchandiser, order=order, body="hold the second lot")
    with CaptureQueriesContext(connection) as four:
        written = search_reindex(kind="order")

    assert written == 4
    assert len(four.captured_queries) == len(one.captured_queries)
