"""The board: one column per step, cards coloured by lateness, filters, and a fixed cost."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.models import DelayWarning, OrderProgress
from gendan.followup.selectors import BOARD_CARDS_PER_COLUMN

from .pages import active_orders_bulk, default_steps, on, order_on_board

pytestmark = pytest.mark.django_db

# Wednesday 18 November 2026: two working days ahead is Friday the 20th.
TODAY = dt.date(2026, 11, 18)


def board(client, **params):
    with on(TODAY):
        return client.get(reverse("followup:board"), params)


def card_of(body: str, number: str) -> str:
    start = body.index(f'data-order="{number}"')
    start = body.rindex("<a ", 0, start)
    return body[start : body.index("</a>", start)]


def numbers(body: str) -> set[str]:
    return set(re.findall(r'data-order="([^"]+)"', body))


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        with on(TODAY):
            client.force_login(user)
        return client

    return sign_in


def test_a_merchandiser_sees_only_the_orders_of_their_team(
    signed_in, merchandiser, manager, team_a, team_b
):
    mine = order_on_board(customer=CustomerFactory(team=team_a), due=TODAY, number="PI-A-1")
    theirs = order_on_board(customer=CustomerFactory(team=team_b), due=TODAY, number="PI-B-1")
    body = board(signed_in(merchandiser)).content.decode()
    assert numbers(body) == {mine.number}
    body = board(signed_in(manager)).content.decode()
    assert numbers(body) == {mine.number, theirs.number}


def test_columns_follow_the_default_template_and_count_their_orders(
    signed_in, merchandiser, team_a
):
    customer = CustomerFactory(team=team_a)
    for _ in range(3):
        order_on_board(customer=customer, due=TODAY, key="booking")
    order_on_board(customer=customer, due=TODAY, key="deposit_received")
    response = board(signed_in(merchandiser))
    stages = response.context["stages"]
    assert [stage.key for stage in stages] == [step.key for step in default_steps()]
    counts = {stage.key: stage.count for stage in stages}
    assert counts["booking"] == 3 and counts["deposit_received"] == 1 and counts["pi_sent"] == 0


def test_finished_cancelled_and_draft_orders_are_not_on_the_board(signed_in, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    finished = order_on_board(customer=customer, due=TODAY)
    OrderProgress.objects.filter(order=finished).update(stage_key="", current=None, due_date=None)
    cancelled = order_on_board(customer=customer, due=TODAY)
    cancelled.status = "cancelled"
    cancelled.save(update_fields=["status"])
    assert numbers(board(signed_in(merchandiser)).content.decode()) == set()


def test_cards_are_red_when_late_amber_when_due_within_two_working_days(
    signed_in, merchandiser, team_a
):
    customer = CustomerFactory(team=team_a)
    overdue = order_on_board(customer=customer, due=TODAY - dt.timedelta(days=3), number="PI-LATE")
    # Left open past its plan: the forecast service keeps its forecast at today.
    past_plan = order_on_board(
        customer=customer, due=TODAY, planned=TODAY - dt.timedelta(days=2), number="PI-PLAN"
    )
    friday = order_on_board(customer=customer, due=dt.date(2026, 11, 20), number="PI-FRI")
    monday = order_on_board(customer=customer, due=dt.date(2026, 11, 23), number="PI-MON")
    warned = order_on_board(customer=customer, due=dt.date(2026, 12, 10), number="PI-WARN")
    cause = warned.milestones.get()
    DelayWarning.objects.create(
        order=warned, team=team_a, cause=cause, cause_slip_days=4, days_late=6,
        promised_date=warned.promised_ship_date,
        forecast_date=warned.promised_ship_date + dt.timedelta(days=6),
    )  # fmt: skip
    body = board(signed_in(merchandiser)).content.decode()

    assert "tone-late" in card_of(body, overdue.number)
    assert "3 d late" in card_of(body, overdue.number)
    assert "tone-late" in card_of(body, past_plan.number)
    assert "2 d late" in card_of(body, past_plan.number)
    assert "tone-soon" in card_of(body, friday.number)
    assert "tone-ok" in card_of(body, monday.number)  # three working days away
    warned_card = card_of(body, warned.number)
    assert "tone-late" in warned_card and "+6 d" in warned_card
    assert f"Cause: {cause.step.name}" in warned_card


def test_the_board_filters_by_merchandiser_customer_and_lateness(
    signed_in, merchandiser, make_user, team_a
):
    leo = make_user("merchandiser", [team_a], username="leo")
    hamburg, lyon = CustomerFactory(team=team_a), CustomerFactory(team=team_a)
    mias = order_on_board(
        customer=hamburg, due=TODAY + dt.timedelta(days=9), merchandiser=merchandiser
    )
    leos_late = order_on_board(customer=lyon, due=TODAY - dt.timedelta(days=1), merchandiser=leo)
    leos = order_on_board(customer=hamburg, due=TODAY + dt.timedelta(days=9), merchandiser=leo)
    client = signed_in(merchandiser)

    assert numbers(board(client, merchandiser=leo.pk).content.decode()) == {
        leos_late.number,
        leos.number,
    }
    assert numbers(board(client, customer=hamburg.pk).content.decode()) == {
        mias.number,
        leos.number,
    }
    assert numbers(board(client, late="on").content.decode()) == {leos_late.number}
    response = board(client, merchandiser=leo.pk, late="on", customer=lyon.pk)
    assert numbers(response.content.decode()) == {leos_late.number}


def test_a_customer_of_another_team_cannot_be_used_as_a_filter(
    signed_in, merchandiser, team_a, team_b
):
    order_on_board(customer=CustomerFactory(team=team_a), due=TODAY, number="PI-A-1")
    order_on_board(
        customer=CustomerFactory(team=team_a), due=TODAY - dt.timedelta(days=2), number="PI-A-2"
    )
    foreign = CustomerFactory(team=team_b)
    response = board(signed_in(merchandiser), customer=foreign.pk)
    assert response.status_code == 200
    assert numbers(response.content.decode()) == {"PI-A-1", "PI-A-2"}  # the filter is left out
    response = board(signed_in(merchandiser), customer=foreign.pk, late="on")
    assert numbers(response.content.decode()) == {"PI-A-2"}  # the other filters still apply


def test_the_team_filter_shows_only_to_someone_who_sees_several_teams(
    signed_in, merchandiser, manager, team_a, team_b
):
    a = order_on_board(customer=CustomerFactory(team=team_a), due=TODAY)
    order_on_board(customer=CustomerFactory(team=team_b), due=TODAY)
    assert 'name="team"' not in board(signed_in(merchandiser)).content.decode()
    response = board(signed_in(manager), team=team_a.pk)
    assert 'name="team"' in response.content.decode()
    assert numbers(response.content.decode()) == {a.number}


def test_htmx_gets_only_the_board(signed_in, merchandiser, team_a):
    order_on_board(customer=CustomerFactory(team=team_a), due=TODAY)
    with on(TODAY):
        response = signed_in(merchandiser).get(reverse("followup:board"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board"') and "<html" not in body


def test_a_full_column_links_to_the_rest_which_pages_by_due_date(signed_in, manager, team_a):
    customer = CustomerFactory(team=team_a)
    active_orders_bulk(BOARD_CARDS_PER_COLUMN + 75, customer=customer, today=TODAY, key="booking")
    client = signed_in(manager)
    response = board(client)
    stage = next(s for s in response.context["stages"] if s.key == "booking")
    assert (len(stage.cards), stage.more) == (BOARD_CARDS_PER_COLUMN, 75)
    assert "stage=booking" in response.content.decode()

    first = board(client, stage="booking")
    page = first.context["page"]
    assert [s.key for s in first.context["stages"]] == ["booking"]
    dues = [card.due_date for card in page.rows]
    assert dues == sorted(dues)
    seen = {card.order_id for card in page.rows}
    while page.next_cursor:
        page = board(client, stage="booking", cursor=page.next_cursor).context["page"]
        seen |= {card.order_id for card in page.rows}
    assert len(seen) == stage.count


def test_the_board_costs_the_same_queries_for_10_and_10000_active_orders(
    signed_in, manager, merchandiser, make_user, team_a
):
    customer = CustomerFactory(team=team_a)
    active_orders_bulk(
        10, customer=customer, merchandiser=merchandiser, today=TODAY, warning_every=5
    )
    client = signed_in(manager)
    url = reverse("followup:board")
    with on(TODAY):
        _, first = get_with_queries(client, url)
        _, first_late = get_with_queries(client, url + "?late=on")
        _, first_stage = get_with_queries(client, url + "?stage=booking")

    active_orders_bulk(
        9_990, customer=customer, merchandiser=merchandiser, today=TODAY, start=10,
        warning_every=50,
    )  # fmt: skip
    assert OrderProgress.objects.exclude(stage_key="").count() == 10_000
    with on(TODAY):
        response, second = get_with_queries(client, url)
        _, second_late = get_with_queries(client, url + "?late=on")
        _, second_stage = get_with_queries(client, url + "?stage=booking")

    assert response.status_code == 200
    assert response.context["total"] == 10_000
    cards = sum(len(stage.cards) for stage in response.context["stages"])
    assert cards == BOARD_CARDS_PER_COLUMN * len(default_steps())
    assert_same_queries(first, second)
    assert_same_queries(first_late, second_late)
    assert_same_queries(first_stage, second_stage)  # one column, a keyset page of it
    # session, user, the columns (default template's steps), the per-column counts (one
    # GROUP BY), the cards (one query with ROW_NUMBER() per column), the factory calendar
    # and its exceptions, the merchandiser and team choices of the filters, the bell
    assert len(second) == 10


def test_late_only_shows_only_the_columns_that_hold_a_late_order(signed_in, merchandiser, team_a):
    customer = CustomerFactory(team=team_a)
    order_on_board(customer=customer, due=TODAY - dt.timedelta(days=1), number="PI-LATE")
    order_on_board(customer=customer, due=TODAY + dt.timedelta(days=9), number="PI-FINE")
    client = signed_in(merchandiser)

    every = re.findall(r'data-testid="board-column"', board(client).content.decode())
    late = re.findall(r'data-stage="([^"]+)"', board(client, late="on").content.decode())

    assert len(every) > 10  # all the template's steps
    late_stage = OrderProgress.objects.get(order__number="PI-LATE").stage_key
    assert late == [late_stage]
