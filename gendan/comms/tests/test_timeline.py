"""The customer's timeline: messages, order events, milestones, warnings and tasks."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from gendan.audit.models import Action, HistoryEntry
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.core.testing import assert_queries, assert_same_queries, get_with_queries
from gendan.core.timeline import customer_timeline
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.defaults import defaults_install
from gendan.followup.models import DelayWarning, Milestone, MilestoneStatus, Task
from gendan.followup.services import milestones_instantiate
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def customer(team_a):
    return CustomerFactory.create(team=team_a, name="Rheinland Import AG")


@pytest.fixture
def order(customer):
    return OrderFactory.create(customer=customer, number="PI-2026-0012")


def order_event(order, at, *, status=None):
    entry = HistoryEntry.objects.create(
        action=Action.UPDATE if status else Action.CREATE,
        record_type="orders.order",
        record_id=order.pk,
        record_label=order.number,
        subject_type="orders.order",
        subject_id=order.pk,
        changes={"status": status} if status else {},
    )
    HistoryEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def task(order, title, created, done=None):
    made = Task.objects.create(order=order, team=order.team, title=title)
    Task.objects.filter(pk=made.pk).update(created_at=created, done_at=done)
    return made


def warning(order, raised, cleared=None):
    made = DelayWarning.objects.create(
        order=order, team=order.team, promised_date=dt.date(2026, 12, 1),
        forecast_date=dt.date(2026, 12, 9), days_late=8,
    )  # fmt: skip
    DelayWarning.objects.filter(pk=made.pk).update(raised_at=raised, cleared_at=cleared)
    return made


def sources(page) -> list[str]:
    return [event.source for event in page.events]


def test_every_kind_of_event_newest_first(customer, order, merchandiser):
    defaults_install()
    milestone = milestones_instantiate(order=order, actor=merchandiser)[0]
    Milestone.objects.filter(order=order).update(status=MilestoneStatus.PENDING, actual_date=None)
    Milestone.objects.filter(pk=milestone.pk).update(
        status=MilestoneStatus.DONE, actual_date=dt.date(2026, 11, 18)
    )
    order_event(order, T0 - dt.timedelta(days=5))
    order_event(order, T0 - dt.timedelta(days=4), status=["draft", "confirmed"])
    # A change that is not a status change is not an event of the timeline.
    HistoryEntry.objects.create(
        action=Action.UPDATE, record_type="orders.order", record_id=order.pk,
        record_label=order.number, subject_type="orders.order", subject_id=order.pk,
        changes={"notes": ["", "Mixed container"]},
    )  # fmt: skip
    warning(order, T0 - dt.timedelta(days=1), cleared=T0 + dt.timedelta(hours=5))
    task(order, "Send carton marks", T0 - dt.timedelta(hours=12), done=T0 + dt.timedelta(hours=3))
    thread = thread_start(customer=customer)
    message_add(thread, sent_at=T0 + dt.timedelta(hours=1), body_text="Where is the ETD?")
    message_add(None, channel="phone", customer=customer, sent_at=T0, subject="Call")

    page = customer_timeline(customer=customer)

    assert sources(page) == [
        "warning_cleared", "task_done", "message", "message", "task", "warning",
        "milestone", "order", "order",
    ]  # fmt: skip
    assert page.events[-1].status_change is None  # created
    assert page.events[-2].status_change == ("Draft", "Confirmed")
    assert page.events[6].at == dt.datetime(2026, 11, 18, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_another_customers_events_are_not_in_it(customer, order, team_a):
    other = OrderFactory.create(customer=CustomerFactory.create(team=team_a))
    order_event(other, T0)
    task(other, "Not ours", T0)
    message_add(thread_start(customer=other.customer), sent_at=T0)

    assert customer_timeline(customer=customer).events == []


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("email", ["message"]),
        ("whatsapp", ["message"]),
        ("phone", []),
        ("orders", ["order"]),
        ("followup", ["task"]),
        ("bogus", ["message", "message", "task", "order"]),
    ],
)
def test_the_channel_filter(customer, order, channel, expected):
    message_add(thread_start(customer=customer), sent_at=T0 + dt.timedelta(hours=3))
    chat = thread_start(customer=customer, channel="whatsapp")
    message_add(chat, channel="whatsapp", sent_at=T0 + dt.timedelta(hours=2))
    task(order, "Book the container", T0 + dt.timedelta(hours=1))
    order_event(order, T0)

    page = customer_timeline(customer=customer, filter=channel)

    assert sources(page) == expected
    if channel in ("email", "whatsapp"):
        assert page.events[0].obj.channel == channel


def test_pages_follow_each_other_without_gaps_or_repeats(customer, order, merchandiser):
    made = set()
    thread = thread_start(customer=customer)
    for n in range(25):
        # Pairs share a time, across sources and within one.
        at = T0 - dt.timedelta(hours=n // 2)
        made.add(("message", message_add(thread, sent_at=at).pk))
        made.add(("task", task(order, f"t{n}", at).pk))
        if n % 3 == 0:
            made.add(("order", order_event(order, at, status=["draft", "confirmed"]).pk))
    seen = []
    cursor = None
    pages = 0
    while True:
        page = customer_timeline(customer=customer, cursor=cursor, size=7)
        keys = [event.key for event in page.events]
        assert keys == sorted(keys, reverse=True)
        seen.extend((event.source, event.pk) for event in page.events)
        pages += 1
        cursor = page.next_cursor
        if not cursor:
            break

    assert len(seen) == len(set(seen)) == len(made)
    assert set(seen) == made
    assert pages == -(-len(made) // 7)


def test_a_mangled_cursor_starts_from_the_top(customer):
    message_add(thread_start(customer=customer), sent_at=T0)

    assert len(customer_timeline(customer=customer, cursor="not-a-cursor").events) == 1


def add_events(customer, order, n: int) -> None:
    thread = thread_start(customer=customer)
    for i in range(n):
        at = timezone.now() - dt.timedelta(minutes=i)
        message_add(thread, sent_at=at, attachments=[("a.pdf", b"%PDF", "application/pdf")])
        task(order, f"t{i}", at, done=at)
        order_event(order, at, status=["draft", "confirmed"])
        warning(order, at, cleared=at) if i % 10 == 0 else None


def test_the_panel_makes_the_same_queries_for_10_and_200_events(
    client, merchandiser, customer, order
):
    url = reverse("comms:customer_timeline", args=[customer.pk])
    client.force_login(merchandiser)
    add_events(customer, order, 3)
    _, first = get_with_queries(client, url, HTTP_HX_REQUEST="true")
    add_events(customer, order, 50)
    response, second = get_with_queries(client, url, HTTP_HX_REQUEST="true")
    next_cursor = response.context["page"].next_cursor
    _, later = get_with_queries(client, url + f"?cursor={next_cursor}", HTTP_HX_REQUEST="true")

    assert len(response.context["page"].events) == 20
    assert_same_queries(first, second)
    assert_same_queries(first, later)
    # session, user, the user's teams, the customer; then one query per source: messages,
    # order history, milestones, delay warnings raised and cleared, tasks made and done
    assert_queries(second, 11)


def test_the_panel_of_another_teams_customer_is_not_found(client, merchandiser, team_b):
    theirs = CustomerFactory.create(team=team_b)
    client.force_login(merchandiser)

    assert client.get(reverse("comms:customer_timeline", args=[theirs.pk])).status_code == 404


def test_the_customer_page_loads_the_timeline_panel(client, merchandiser, customer):
    client.force_login(merchandiser)

    html = client.get(customer.get_absolute_url()).content.decode()

    assert f'hx-get="/customers/{customer.pk}/timeline/"' in html


def test_the_panel_shows_events_with_links_and_more(client, merchandiser, customer, order):
    add_events(customer, order, 12)
    client.force_login(merchandiser)

    html = client.get(
        reverse("comms:customer_timeline", args=[customer.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()

    assert html.count('data-testid="timeline-event"') == 20
    assert 'data-testid="timeline-more"' in html
    assert f'href="/orders/{order.pk}/"' in html


# Tuesday 8 December 2026, 18:00 in Shanghai (the viewer's zone).
NOW = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)


def event_times(html: str) -> list[str]:
    return re.findall(r'ct-time"[^>]*>([^<]*)</span>', html)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["16:00", "Sat 10:00", "1 Dec 2026", "20 Nov 2026"]),
        ("zh-hans", ["16:00", "星期六 10:00", "2026年12月1日", "2026年11月20日"]),
    ],
)
def test_every_event_dates_itself_by_one_rule_per_language(
    client, merchandiser, customer, order, language, expected
):
    defaults_install()
    milestone = milestones_instantiate(order=order, actor=merchandiser)[0]
    Milestone.objects.filter(order=order).update(status=MilestoneStatus.PENDING, actual_date=None)
    Milestone.objects.filter(pk=milestone.pk).update(
        status=MilestoneStatus.DONE, actual_date=dt.date(2026, 11, 20)
    )
    message_add(thread_start(customer=customer), sent_at=NOW - dt.timedelta(hours=2))
    order_event(order, dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.UTC), status=["draft", "confirmed"])
    task(order, "Send carton marks", dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC))
    merchandiser.language = language
    merchandiser.time_zone = "Asia/Shanghai"
    merchandiser.save()
    client.force_login(merchandiser)

    with time_machine.travel(NOW, tick=False):
        html = client.get(
            reverse("comms:customer_timeline", args=[customer.pk]), HTTP_HX_REQUEST="true"
        ).content.decode()

    assert event_times(html) == expected


def test_an_event_recorded_by_its_day_says_today_or_its_weekday():
    from django.utils import translation

    from gendan.core.templatetags.gendan import timeline_when

    with time_machine.travel(NOW, tick=False):
        with translation.override("en"):
            assert timeline_when(dt.date(2026, 12, 8)) == "Today"
            assert timeline_when(dt.date(2026, 12, 7)) == "Mon"
            assert timeline_when(dt.date(2026, 12, 1)) == "1 Dec 2026"
        with translation.override("zh-hans"):
            assert timeline_when(dt.date(2026, 12, 8)) == "今天"
            assert timeline_when(dt.date(2026, 12, 7)) == "星期一"
