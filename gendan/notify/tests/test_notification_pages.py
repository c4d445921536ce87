"""The bell, its dropdown and the notifications page."""

import pytest
from django.urls import reverse

from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.notify.models import Notification
from gendan.notify.services import notification_send

pytestmark = pytest.mark.django_db


def send(user, count=1, url="/orders/"):
    for i in range(count):
        notification_send(users=[user], kind="mention", title=f"Note {i} for {user}", url=url)


def bell_count(body: str) -> str:
    start = body.index('data-testid="bell-count"')
    tag_end = body.index(">", start)
    return body[tag_end + 1 : body.index("<", tag_end)].strip()


def test_the_bell_counts_the_users_unread_notifications(client, merchandiser, manager):
    send(merchandiser, 4)
    send(manager, 2)
    read = Notification.objects.filter(user=merchandiser).order_by("pk").first()
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(merchandiser)
    body = client.get(reverse("customers:list")).content.decode()
    assert bell_count(body) == "3"


def test_the_bell_stops_counting_at_99(client, merchandiser):
    Notification.objects.bulk_create(
        Notification(user=merchandiser, kind="mention", title=f"n{i}") for i in range(120)
    )
    client.force_login(merchandiser)
    assert bell_count(client.get(reverse("notify:list")).content.decode()) == "99+"


def test_the_list_shows_only_the_users_own_notifications(client, merchandiser, manager):
    send(merchandiser, 2)
    send(manager, 1)
    client.force_login(merchandiser)
    body = client.get(reverse("notify:list")).content.decode()
    assert body.count(f"for {merchandiser}") == 2 and f"for {manager}" not in body


def test_the_dropdown_shows_the_latest_eight(client, merchandiser):
    send(merchandiser, 10)
    client.force_login(merchandiser)
    response = client.get(reverse("notify:menu"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert len(response.context["latest"]) == 8
    assert "Note 9 for" in response.content.decode()  # newest first


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(client, merchandiser):
    send(merchandiser, 1, url="/orders/7/#timeline")
    note = Notification.objects.get()
    client.force_login(merchandiser)
    response = client.get(reverse("notify:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/orders/7/#timeline"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_to_another_site_is_not_followed(client, merchandiser):
    send(merchandiser, 1, url="https://evil.example/phish")
    client.force_login(merchandiser)
    response = client.get(reverse("notify:open", args=[Notification.objects.get().pk]))
    assert response["Location"] == reverse("notify:list")


def test_someone_elses_notification_is_not_found(client, merchandiser, manager):
    send(manager, 1)
    client.force_login(merchandiser)
    note = Notification.objects.get()
    assert client.get(reverse("notify:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_reads_only_the_users_own(client, merchandiser, manager):
    send(merchandiser, 3)
    send(manager, 1)
    client.force_login(merchandiser)
    response = client.post(reverse("notify:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=merchandiser, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=manager, read_at__isnull=True).count() == 1


def test_mark_all_read_from_the_dropdown_updates_the_bell(client, merchandiser):
    send(merchandiser, 2)
    client.force_login(merchandiser)
    response = client.post(reverse("notify:read_all"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'hx-swap-oob="outerHTML:.bell-count"' in body
    assert bell_count(body) == "0"


def test_the_unread_tab_lists_unread_only(client, merchandiser):
    send(merchandiser, 2)
    first = Notification.objects.order_by("pk").first()
    client.force_login(merchandiser)
    client.get(reverse("notify:open", args=[first.pk]))
    response = client.get(reverse("notify:list"), {"unread": "1"})
    assert [n.pk for n in response.context["page"]] == [
        Notification.objects.order_by("pk").last().pk
    ]


def test_the_list_pages_with_a_fixed_number_of_queries(client, merchandiser):
    send(merchandiser, 5)
    client.force_login(merchandiser)
    _, first = get_with_queries(client, reverse("notify:list"))
    Notification.objects.bulk_create(
        Notification(user=merchandiser, kind="mention", title=f"n{i}") for i in range(100)
    )
    response, second = get_with_queries(client, reverse("notify:list"))
    assert_same_queries(first, second)
    # session, user, the bell's count, one page of notifications
    assert len(second) == 4
    assert response.context["page"].next_cursor


def test_a_notification_of_seconds_ago_says_just_now(client, merchandiser):
    send(merchandiser, 1)
    client.force_login(merchandiser)

    page = client.get(reverse("notify:list")).content.decode()
    menu = client.get(reverse("notify:menu"), HTTP_HX_REQUEST="true").content.decode()

    for body in (page, menu):
        assert "just now" in body
        assert "0\xa0minutes" not in body


def test_an_older_notification_says_how_long_ago_in_chinese(client, merchandiser):
    import datetime as dt

    from django.utils import timezone

    send(merchandiser, 1)
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5, seconds=10))
    merchandiser.language = "zh-hans"
    merchandiser.save()
    client.force_login(merchandiser)

    page = client.get(reverse("notify:list")).content.decode()
    menu = client.get(reverse("notify:menu"), HTTP_HX_REQUEST="true").content.decode()

    for body in (page, menu):
        assert "5\xa0分钟前" in body
        assert "刚刚" not in body


def test_the_user_menu_avatar_shows_the_full_names_initial(client, make_user, team_a):
    named = make_user("merchandiser", [team_a], username="mia", first_name="王伟", last_name="")
    client.force_login(named)
    body = client.get(reverse("notify:list")).content.decode()
    assert '<span class="avatar avatar-sm">王</span>' in body

    nameless = make_user("merchandiser", [team_a], username="zoe", first_name="", last_name="")
    client.force_login(nameless)
    body = client.get(reverse("notify:list")).content.decode()
    assert '<span class="avatar avatar-sm">Z</span>' in body
