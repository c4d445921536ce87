"""The follow-up panel of the order page: the timeline, tasks, comments and evidence files."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gendan.accounts.models import User
from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.forecasts import order_recompute
from gendan.followup.models import Comment, Task
from gendan.followup.services import evidence_add
from gendan.notify.models import Notification
from gendan.orders.tests.factories import OrderFactory

from .pages import photo, step

pytestmark = pytest.mark.django_db


def panel_url(order):
    return reverse("followup:order_panel", args=[order.pk])


def test_the_order_page_loads_the_panel(client, confirmed_order):
    order = confirmed_order()
    client.force_login(order.merchandiser)
    body = client.get(order.get_absolute_url()).content.decode()
    assert f'hx-get="{panel_url(order)}"' in body and f'href="{panel_url(order)}"' in body


def test_the_panel_shows_every_step_with_its_three_dates_in_order(client, confirmed_order):
    order = confirmed_order()
    client.force_login(order.merchandiser)
    response = client.get(panel_url(order), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    rows = response.context["timeline"].rows
    assert len(rows) == 17
    assert [row.milestone.position for row in rows] == sorted(r.milestone.position for r in rows)
    assert body.count('data-testid="timeline-row"') == 17
    # On plan, the chain that decides the ship date runs through production, not booking.
    marked = re.findall(r'tl-row[^"]* critical"[^>]*data-step="([^"]+)"', body)
    assert marked[-4:] == [
        "production_finished", "pre_shipment_inspection", "customs_declaration", "loading_etd",
    ]  # fmt: skip
    assert "materials_ready" in marked and "booking" not in marked


def test_without_javascript_the_panel_is_a_page(client, confirmed_order):
    order = confirmed_order()
    client.force_login(order.merchandiser)
    body = client.get(panel_url(order)).content.decode()
    assert "<html" in body and order.number in body and 'data-testid="timeline"' in body


def test_the_open_warning_says_how_late_and_why(client, confirmed_order):
    order = confirmed_order()
    order_recompute(order=order, today=order.promised_ship_date + dt.timedelta(days=3))
    client.force_login(order.merchandiser)
    body = client.get(panel_url(order), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="delay-warning"' in body
    assert "days late: forecast" in body and "Cause:" in body


def test_an_order_not_yet_confirmed_explains_when_its_plan_appears(client, merchandiser, team_a):
    order = OrderFactory(customer=CustomerFactory(team=team_a), status="draft")
    client.force_login(merchandiser)
    body = client.get(panel_url(order), HTTP_HX_REQUEST="true").content.decode()
    assert "The plan appears when the order is confirmed" in body


def test_another_teams_order_panel_is_not_found(client, confirmed_order, make_user, team_b):
    order = confirmed_order()
    client.force_login(make_user("merchandiser", [team_b]))
    assert client.get(panel_url(order)).status_code == 404
    assert (
        client.post(reverse("followup:task_create", args=[order.pk]), {"title": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("followup:comment_add", args=[order.pk]), {"body": "x"}).status_code
        == 404
    )


def test_the_panel_costs_the_same_queries_for_5_and_60_tasks_and_comments(client, confirmed_order):
    order = confirmed_order()
    mia = order.merchandiser
    quinn = User.objects.get(username="quinn")

    def add(count):
        Task.objects.bulk_create(
            Task(order=order, team=order.team, title=f"Task {i}", assignee=quinn, created_by=mia)
            for i in range(count)
        )
        Comment.objects.bulk_create(
            Comment(order=order, author=quinn, body=f"Note {i} for @mia") for i in range(count)
        )

    evidence_add(actor=mia, milestone=step(order, "pi_sent"), upload=photo())
    add(5)
    client.force_login(mia)
    _, first = get_with_queries(client, panel_url(order), HTTP_HX_REQUEST="true")
    add(55)
    response, second = get_with_queries(client, panel_url(order), HTTP_HX_REQUEST="true")
    assert response.context["data"].tasks.__len__() == 60
    assert_same_queries(first, second)
    # session, user, teams, the order, its lines (the access helper prefetches them), the
    # milestones with steps and owners, their evidence files, their dependencies, the open
    # warning, the tasks with assignees, the comments with authors, the users for the
    # assignee select, the people the comments mention, the bell's count (refreshed with
    # every htmx response)
    assert len(second) == 14


def test_a_task_is_added_and_ticked_off(client, confirmed_order):
    order = confirmed_order()
    quinn = User.objects.get(username="quinn")
    client.force_login(order.merchandiser)
    response = client.post(
        reverse("followup:task_create", args=[order.pk]),
        {"title": "Send carton marks", "assignee": quinn.pk, "due_date": "2026-11-20"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 302 and response["Location"] == panel_url(order)
    task = Task.objects.get(order=order)
    assert (task.title, task.assignee, task.due_date) == (
        "Send carton marks", quinn, dt.date(2026, 11, 20),
    )  # fmt: skip
    assert Notification.objects.filter(user=quinn, kind="task_assigned").exists()

    done = client.post(reverse("followup:task_done", args=[task.pk]), {"done": "1", "ctx": "panel"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.is_done
    client.post(reverse("followup:task_done", args=[task.pk]), {"done": "0"})
    task.refresh_from_db()
    assert not task.is_done


def test_a_viewer_and_another_team_cannot_tick_off_a_task(
    client, confirmed_order, make_user, team_a, team_b
):
    order = confirmed_order()
    task = Task.objects.create(order=order, team_id=order.team_id, title="Send carton marks")
    url = reverse("followup:task_done", args=[task.pk])

    client.force_login(make_user("viewer", [team_a]))
    assert client.post(url, {"done": "1"}).status_code == 403
    client.force_login(make_user("merchandiser", [team_b]))
    assert client.post(url, {"done": "1"}).status_code == 404
    task.refresh_from_db()
    assert not task.is_done


def test_a_task_without_a_title_says_so_on_the_field(client, confirmed_order):
    order = confirmed_order()
    client.force_login(order.merchandiser)
    response = client.post(reverse("followup:task_create", args=[order.pk]), {"title": "  "})
    assert response.status_code == 200
    assert "Say what needs doing." in response.content.decode()
    assert not Task.objects.exists()


def test_a_task_cannot_go_to_someone_outside_the_orders_team(
    client, confirmed_order, make_user, team_b
):
    order = confirmed_order()
    outsider = make_user("merchandiser", [team_b])
    client.force_login(order.merchandiser)
    response = client.post(
        reverse("followup:task_create", args=[order.pk]),
        {"title": "Chase", "assignee": outsider.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Task.objects.exists()


def test_a_mention_notifies_the_colleague_only_if_they_can_see_the_order(
    client, confirmed_order, make_user, team_b
):
    order = confirmed_order()
    make_user("merchandiser", [team_b], username="olga")
    client.force_login(order.merchandiser)
    response = client.post(
        reverse("followup:comment_add", args=[order.pk]),
        {"body": "@quinn please book the inspection; @olga FYI"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 302
    comment = Comment.objects.get(order=order)
    mentioned = Notification.objects.filter(kind="mention")
    assert list(mentioned.values_list("user__username", flat=True)) == ["quinn"]
    assert mentioned.get().url.endswith(f"#comment-{comment.pk}")
    body = client.get(panel_url(order), HTTP_HX_REQUEST="true").content.decode()
    assert '<span class="mention">@quinn</span>' in body
    assert "@olga FYI" in body and '<span class="mention">@olga' not in body


def test_a_comment_is_escaped(client, confirmed_order):
    order = confirmed_order()
    client.force_login(order.merchandiser)
    client.post(reverse("followup:comment_add", args=[order.pk]), {"body": "<script>x</script>"})
    body = client.get(panel_url(order), HTTP_HX_REQUEST="true").content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;" in body


def test_an_empty_comment_is_refused_on_its_field(client, confirmed_order):
    order = confirmed_order()
    client.force_login(order.merchandiser)
    response = client.post(reverse("followup:comment_add", args=[order.pk]), {"body": ""})
    assert response.status_code == 200 and "Write something first." in response.content.decode()


# --- Evidence files ---------------------------------------------------------------------
def test_evidence_downloads_for_the_orders_team_only(client, confirmed_order, make_user, team_b):
    order = confirmed_order()
    evidence = evidence_add(
        actor=order.merchandiser, milestone=step(order, "pi_sent"), upload=photo("sample.jpg")
    )
    url = reverse("followup:evidence_download", args=[evidence.pk])
    client.force_login(order.merchandiser)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "sandbox"
    client.force_login(User.objects.get(username="boss"))  # a manager sees every team
    assert client.get(url).status_code == 200
    client.force_login(make_user("merchandiser", [team_b]))
    assert client.get(url).status_code == 404


def test_an_uploaded_html_file_is_downloaded_never_shown(client, confirmed_order):
    from django.core.files.uploadedfile import SimpleUploadedFile

    order = confirmed_order()
    upload = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
    evidence = evidence_add(
        actor=order.merchandiser, milestone=step(order, "pi_sent"), upload=upload
    )
    client.force_login(order.merchandiser)
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_media_files_are_not_served_publicly(client, confirmed_order):
    order = confirmed_order()
    evidence = evidence_add(
        actor=order.merchandiser, milestone=step(order, "pi_sent"), upload=photo()
    )
    client.force_login(order.merchandiser)
    assert client.get("/media/" + evidence.file.name).status_code == 404


@pytest.mark.parametrize(
    "name", ["followup:my_day", "followup:board", "notify:list", "notify:menu"]
)
def test_the_pages_need_a_signed_in_user(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
