"""The search finds Chinese words of two characters, English words and order numbers.

These tests run on whichever database DATABASE_URL names: FTS5 on SQLite, full-text
search and trigrams on PostgreSQL.  The same assertions hold on both.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gendan.catalog.tests.factories import ProductFactory
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.search.selectors import search

pytestmark = pytest.mark.django_db


def found(user, q, **kwargs):
    return [(hit.kind, hit.object_id) for hit in search(user, q, **kwargs)]


def test_it_finds_a_two_character_chinese_word_inside_longer_text(merchandiser, ours):
    assert ("message", ours.message.pk) in found(merchandiser, "延期")
    assert ("message", ours.message.pk) in found(merchandiser, "质量")


def test_it_finds_a_four_character_word_and_not_its_characters_in_another_order(merchandiser, ours):
    assert ("message", ours.message.pk) in found(merchandiser, "交货延期")
    assert found(merchandiser, "两周延期") == []


def test_it_finds_an_english_word_and_its_longer_forms(merchandiser, ours):
    thread = thread_start(customer=ours.customer, subject="Samples for the new kettle")
    message = message_add(thread, body_text="Please send two samples by DHL to Hamburg.")

    assert ("message", message.pk) in found(merchandiser, "hamburg")
    assert ("message", message.pk) in found(merchandiser, "sample")
    assert ("message", message.pk) in found(merchandiser, "DHL")


def test_it_finds_an_order_by_its_number_first(merchandiser, ours):
    hits = search(merchandiser, "PI-2026-0012")

    assert (hits[0].kind, hits[0].object_id) == ("order", ours.order.pk)
    # The message whose subject names the order is found too.
    assert ("message", ours.message.pk) in [(h.kind, h.object_id) for h in hits]


def test_an_order_is_found_by_part_of_its_number_or_the_customers_po(merchandiser, ours):
    assert ("order", ours.order.pk) in found(merchandiser, "0012")
    assert ("order", ours.order.pk) in found(merchandiser, "2026-001")
    assert ("order", ours.order.pk) in found(merchandiser, "Alpha-PO-77")


def test_two_words_must_both_match(merchandiser, ours):
    thread = thread_start(customer=ours.customer, subject="Carton marks")
    only_hamburg = message_add(thread, body_text="The carton marks for Hamburg are attached.")

    both = found(merchandiser, "延期 alpha")
    assert ("message", ours.message.pk) in both
    assert ("message", only_hamburg.pk) not in both
    assert ("message", only_hamburg.pk) in found(merchandiser, "carton hamburg")
    assert found(merchandiser, "延期 hamburg") == []


def test_the_better_match_comes_first(merchandiser, ours):
    thread = thread_start(customer=ours.customer, subject="Re: invoice")
    passing = message_add(
        thread,
        body_text="Invoice attached. " + "Payment terms as agreed. " * 30 + "质量 ok.",
    )
    strong_thread = thread_start(customer=ours.customer, subject="质量问题 quality complaint")
    strong = message_add(strong_thread, body_text="质量问题：包装破损，质量不合格。")

    hits = [h.object_id for h in search(merchandiser, "质量", kinds=["message"])]

    assert hits.index(strong.pk) < hits.index(passing.pk)


def test_it_finds_customers_contacts_and_products_by_name_and_address(merchandiser, ours):
    ProductFactory.create(sku="KT-1700", name="Electric kettle 1.7 l", name_zh="电热水壶")

    assert ("customer", ours.customer.pk) in found(merchandiser, "haushaltswaren")
    assert ("contact", ours.contact.pk) in found(merchandiser, "muller")
    assert ("contact", ours.contact.pk) in found(merchandiser, "alpha@hhw.test")
    assert [h.kind for h in search(merchandiser, "电热水壶")] == ["product"]
    assert [h.kind for h in search(merchandiser, "KT-1700")] == ["product"]


def test_a_one_character_chinese_word_falls_back_to_a_substring_scan(merchandiser, ours):
    assert ("message", ours.message.pk) in found(merchandiser, "延")
    assert ("message", ours.message.pk) in found(merchandiser, "延 alpha")
    assert found(merchandiser, "鑫") == []


def test_attachment_names_are_searched(merchandiser, ours):
    thread = thread_start(customer=ours.customer, subject="Documents")
    message = message_add(
        thread,
        body_text="See attached.",
        attachments=[("装箱单 packing list.xlsx", b"xlsx", "application/vnd.ms-excel")],
    )

    assert ("message", message.pk) in found(merchandiser, "装箱单")
    assert ("message", message.pk) in found(merchandiser, "packing")


def test_hits_carry_the_record_a_highlighted_title_and_snippet(merchandiser, ours):
    hit = next(h for h in search(merchandiser, "延期") if h.kind == "message")

    assert hit.obj == ours.message
    assert "<mark>延期</mark>" in hit.snippet_html
    assert hit.url.startswith(f"/inbox/threads/{ours.message.thread_id}/")


def test_text_from_the_message_is_escaped_in_snippets(merchandiser, ours):
    thread = thread_start(customer=ours.customer, subject="<b>bold</b> offer")
    message_add(thread, body_text='<script>alert("x")</script> 报价 offer')

    hit = next(h for h in search(merchandiser, "报价") if h.kind == "message")

    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "&lt;b&gt;" in hit.title_html


def test_per_kind_caps_each_kind(merchandiser, ours):
    for n in range(4):
        thread = thread_start(customer=ours.customer, subject=f"延期 notice {n}")
        message_add(thread, sent_at=timezone.now() - dt.timedelta(days=n))

    hits = search(merchandiser, "延期", per_kind=2)

    assert [h.kind for h in hits].count("message") == 2


def test_an_empty_or_punctuation_query_finds_nothing(merchandiser, ours):
    assert search(merchandiser, "") == []
    assert search(merchandiser, " -- ") == []
