"""A merchandiser's day: My day, a step completed late, the delay warning on the board."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.defaults import defaults_install
from gendan.followup.models import DelayWarning, Milestone
from gendan.followup.services import milestone_complete, milestones_instantiate
from gendan.orders.models import Order
from gendan.orders.services import LineInput, order_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def late_sample_order(make_user, team_a):
    """An order confirmed 45 days ago and promised in five days, planned back then.

    The steps before the pre-production sample were done on plan; the sample approval,
    Mia's, was due weeks ago and its forecast has not been refreshed since.
    """
    defaults_install()  # a transactional test starts from empty tables
    mia = make_user("merchandiser", [team_a], username="mia", first_name="Mia", last_name="Wang")
    for role, name in [
        ("qc", "quinn"),
        ("finance", "fay"),
        ("purchasing", "pat"),
        ("manager", "boss"),
    ]:
        make_user(role, [team_a], username=name, first_name=name.title())
    today = timezone.localdate()
    confirmed = today - dt.timedelta(days=45)
    customer = CustomerFactory(team=team_a, name="Hamburg Haushaltswaren GmbH", country="DE")
    order = order_create(
        actor=mia, customer=customer, merchandiser=mia, order_date=confirmed,
        lines=[LineInput(description="Electric kettle 1.7 L", quantity=Decimal("1200"), unit_price=Decimal("8.35"))],
        promised_ship_date=today + dt.timedelta(days=5), incoterm_place="Ningbo",
    )  # fmt: skip
    Order.objects.filter(pk=order.pk).update(status="confirmed", confirmed_on=confirmed)
    milestones_instantiate(order=order, actor=mia, today=confirmed)
    for m in Milestone.objects.filter(order=order).select_related("step").order_by("position"):
        if m.step.key == "pp_sample_approved":
            break
        if m.status != "done":
            milestone_complete(
                actor=mia, milestone=m, actual_date=m.planned_date, today=m.planned_date
            )
    assert not DelayWarning.objects.filter(order=order).exists()
    return order


def test_a_merchandiser_completes_a_step_late_and_sees_the_delay_on_the_board(
    page: Page, live_server, login, shot, late_sample_order
):
    order = late_sample_order
    login("mia")

    # My day opens first: the sample approval is overdue.
    expect(page.locator(".page-title")).to_have_text("My day")
    row = page.locator(
        f"[data-testid=day-milestone][data-order='{order.number}'][data-step=pp_sample_approved]"
    )
    expect(row).to_be_visible()
    expect(row.locator("[data-testid=days-overdue]")).to_contain_text("days overdue")
    shot("my-day-en")

    # Complete it today, weeks late, with the customer's approval photo.
    row.locator("[data-testid=complete]").click()
    form = page.locator("[data-testid=action-form-complete]")
    expect(form).to_be_visible()
    form.locator("[data-testid=action-submit]").click()  # no photo yet: refused in place
    expect(form.locator(".invalid-feedback")).to_contain_text("needs a file as evidence")
    form.locator("input[type=file]").set_input_files(
        {
            "name": "pp-sample-approved.jpg",
            "mimeType": "image/jpeg",
            "buffer": b"\xff\xd8\xff\xe0 jpeg",
        }
    )
    form.locator("textarea").fill("Approved by the buyer by e-mail")
    form.locator("[data-testid=action-submit]").click()
    expect(page.locator("#my-day .alert-success")).to_contain_text("is done")
    expect(row).to_have_count(0)
    warning = DelayWarning.objects.get(order=order, cleared_at__isnull=True)
    # The warning reaches the merchandiser as a notification: the bell counts it.
    expect(page.locator("[data-testid=bell-count] >> visible=true")).not_to_have_text("0")
    shot("my-day-after-en")

    # The board shows the order red, with the delay and its cause.
    page.click("text=Board >> nth=0")
    card = page.locator(f"[data-testid=board-card][data-order='{order.number}']")
    expect(card).to_have_class(re.compile(r"tone-late"))
    expect(card.locator("[data-testid=delay-badge]")).to_have_text(f"+{warning.days_late} d")
    expect(card).to_contain_text("Cause:")
    shot("board-en")

    # The order's timeline says by how much and why.
    card.click()
    alert = page.locator("[data-testid=delay-warning]")
    expect(alert).to_contain_text(f"Ships {warning.days_late} days late")
    expect(
        page.locator(
            "[data-testid=timeline-row][data-step=pp_sample_approved] [data-testid=status]"
        )
    ).to_have_text("Done")
    expect(page.locator("[data-testid=evidence-link]")).to_contain_text("pp-sample-approved.jpg")
    shot("order-timeline-en")

    # A task and a comment on the order.
    page.fill("#id_title", "Tell the buyer the new ship date")
    page.click("[data-testid=task-add]")
    expect(page.locator("[data-testid=task]")).to_contain_text("Tell the buyer the new ship date")
    page.fill("#id_body", "@quinn can the in-line inspection come forward?")
    page.click("[data-testid=comment-add]")
    expect(page.locator("[data-testid=comment] .mention")).to_have_text("@quinn")

    # The same pages in Chinese, and on a phone.
    page.click("[data-testid=user-menu] >> nth=-1")
    page.click("[data-testid=lang-zh] >> nth=-1")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(f"{live_server.url}{order.get_absolute_url()}")
    expect(page.locator("[data-testid=delay-warning]")).to_be_visible()
    shot("order-timeline-zh")
    page.goto(f"{live_server.url}/board/")
    expect(page.locator(f"[data-testid=board-card][data-order='{order.number}']")).to_be_visible()
    shot("board-zh")
    page.goto(f"{live_server.url}/my-day/")
    shot("my-day-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/board/")
    expect(page.locator(f"[data-testid=board-card][data-order='{order.number}']")).to_be_visible()
    shot("board-phone-zh")
