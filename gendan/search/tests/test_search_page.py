"""The search page and the header's search box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gendan.catalog.tests.factories import ProductFactory
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.core.testing import assert_queries, assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_every_page_has_the_search_box_in_its_header(client, merchandiser):
    client.force_login(merchandiser)

    html = client.get(reverse("comms:inbox")).content.decode()

    assert 'data-testid="header-search"' in html and 'action="/search/"' in html


def test_results_are_grouped_by_kind_with_highlights(client, merchandiser, ours):
    client.force_login(merchandiser)

    response = client.get(reverse("search:results"), {"q": "PI-2026-0012"})

    html = response.content.decode()
    assert html.index('data-testid="group-order"') < html.index('data-testid="group-message"')
    assert "<mark>PI-2026-0012</mark>" in html
    assert f'href="/orders/{ours.order.pk}/"' in html


def test_chinese_results_show_the_words_around_the_match(client, merchandiser, ours):
    client.force_login(merchandiser)

    html = client.get(reverse("search:results"), {"q": "延期"}).content.decode()

    assert "交货<mark>延期</mark>两周" in html


def test_nothing_found_says_so(client, merchandiser, ours, theirs):
    client.force_login(merchandiser)

    response = client.get(reverse("search:results"), {"q": "Bravo"})

    assert response.context["groups"] == []
    assert 'data-testid="no-results"' in response.content.decode()


def test_a_kind_shows_more_of_it_and_others_offer_show_all(client, merchandiser, ours, team_a):
    for n in range(8):
        CustomerFactory.create(team=team_a, name=f"Alpha Kitchen {n}")
    client.force_login(merchandiser)

    grouped = client.get(reverse("search:results"), {"q": "alpha"})
    customers = next(g for g in grouped.context["groups"] if g["kind"] == "customer")
    assert len(customers["hits"]) == 6 and customers["more"]

    one_kind = client.get(reverse("search:results"), {"q": "alpha", "kind": "customer"})
    assert [g["kind"] for g in one_kind.context["groups"]] == ["customer"]
    assert len(one_kind.context["groups"][0]["hits"]) == 9


def test_the_page_makes_the_same_queries_for_few_and_many_hits(client, merchandiser, ours):
    ProductFactory.create(name="Alpha kettle")  # a hit of every kind from the start
    client.force_login(merchandiser)
    _, first = get_with_queries(client, reverse("search:results"), data={"q": "alpha"})
    for n in range(10):
        thread = thread_start(customer=ours.customer, subject=f"Alpha news {n}")
        message_add(thread)
        CustomerFactory.create(team=ours.team, name=f"Alpha {n}")
        ProductFactory.create(name=f"Alpha kettle {n}")

    _, second = get_with_queries(client, reverse("search:results"), data={"q": "alpha"})

    assert_same_queries(first, second)
    # session, user, the user's teams, the search, the hits' records (one query for each
    # of the five kinds), the notification count
    assert_queries(second, 10)
