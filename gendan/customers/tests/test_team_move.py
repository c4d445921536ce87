"""Everything that hangs off a customer moves with it to another team, or into a merge.

The test is generic over ``gendan.core.registry.team_carriers``: every app that
registers a team-carrying model must give it rows here (the first test fails
otherwise), and every registered model is then probed for both teams.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from gendan.accounts.access import scope_to_user
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.core.registry import team_carriers
from gendan.customers.models import Contact, Customer
from gendan.customers.services import customer_merge, customer_update
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.defaults import defaults_install
from gendan.followup.models import DelayWarning, Milestone, Task
from gendan.followup.services import task_create
from gendan.orders.services import LineInput, order_create, order_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, team_a, team_b):
    defaults_install()
    return {
        "a": make_user("merchandiser", [team_a], username="alice"),
        "b": make_user("merchandiser", [team_b], username="bob"),
    }


def _customer_with_everything(team, merchandiser, captured, *, name="Hanse Haushalt GmbH"):
    customer = CustomerFactory(team=team, name=name, country="DE")
    contact = Contact.objects.create(
        customer=customer, team=team, name="Anna Buyer", email=f"anna@{customer.pk}.test"
    )
    order = order_create(
        actor=merchandiser, customer=customer, merchandiser=merchandiser, contact=contact,
        lines=[LineInput(description="Kettle", quantity=Decimal("100"), unit_price=Decimal("8"))],
        promised_ship_date=dt.date(2027, 1, 15), incoterm_place="Ningbo",
        order_date=dt.date(2026, 11, 2),
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)), captured(execute=True):
        order_set_status(actor=merchandiser, order=order, status="confirmed")
    task_create(
        actor=merchandiser, order=order, title="Book the container", assignee=merchandiser,
        due_date=dt.date(2026, 12, 1),
    )  # fmt: skip
    DelayWarning.objects.create(
        order=order, team=team, cause=order.milestones.first(), promised_date=dt.date(2027, 1, 15),
        forecast_date=dt.date(2027, 1, 25), days_late=8,
    )  # fmt: skip
    thread = thread_start(customer=customer, order=order)
    message_add(thread, customer=customer, order=order, body_text="Any news on the kettles?")
    return customer


def _rows(carrier, customer):
    return carrier.model._base_manager.filter(**{carrier.customer_path: customer})


def _assert_all_in(customer, team, outsider, insider):
    for key, carrier in team_carriers.items():
        rows = _rows(carrier, customer)
        assert rows.exists(), f"{key}: the test gives no row of this model to the customer"
        assert set(rows.values_list(f"{carrier.team_field}_id", flat=True)) == {team.pk}, key
        visible = carrier.model._base_manager.all()
        insider_sees = scope_to_user(visible, insider, team_field=carrier.team_field)
        outsider_sees = scope_to_user(visible, outsider, team_field=carrier.team_field)
        assert insider_sees.filter(pk__in=rows).count() == rows.count(), key
        assert not outsider_sees.filter(pk__in=rows).exists(), key


def test_every_registered_model_has_rows_and_starts_in_the_customers_team(
    people, team_a, team_b, django_capture_on_commit_callbacks
):
    customer = _customer_with_everything(team_a, people["a"], django_capture_on_commit_callbacks)
    assert len(team_carriers) >= 8
    _assert_all_in(customer, team_a, outsider=people["b"], insider=people["a"])


def test_a_customer_moved_to_another_team_takes_every_registered_row_along(
    people, team_a, team_b, django_capture_on_commit_callbacks
):
    customer = _customer_with_everything(team_a, people["a"], django_capture_on_commit_callbacks)
    customer_update(actor=None, customer=customer, expected_version=None, team=team_b)
    _assert_all_in(customer, team_b, outsider=people["a"], insider=people["b"])


def test_a_merge_puts_every_row_of_the_duplicate_in_the_survivors_team(
    people, team_a, team_b, django_capture_on_commit_callbacks
):
    survivor = CustomerFactory(team=team_b, name="Hanse Haushalt", country="DE")
    duplicate = _customer_with_everything(team_a, people["a"], django_capture_on_commit_callbacks)
    customer_merge(actor=None, survivor=survivor, duplicate=duplicate)
    assert not Customer.objects.filter(pk=duplicate.pk).exists()
    _assert_all_in(survivor, team_b, outsider=people["a"], insider=people["b"])


def test_after_a_move_the_old_team_cannot_act_on_the_follow_up_and_the_new_team_can(
    client, people, team_a, team_b, django_capture_on_commit_callbacks
):
    customer = _customer_with_everything(team_a, people["a"], django_capture_on_commit_callbacks)
    customer_update(actor=None, customer=customer, expected_version=None, team=team_b)
    milestone = Milestone.objects.filter(order__customer=customer, status="pending").first()
    task = Task.objects.get(order__customer=customer)
    reschedule = reverse("milestone-reschedule", args=[milestone.pk])
    body = {"forecast_date": "2026-12-20", "reason": "Factory short of glass"}

    client.force_login(people["a"])
    assert client.post(reschedule, body, content_type="application/json").status_code == 404
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404

    client.force_login(people["b"])
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 200
    assert client.get(reverse("milestone-detail", args=[milestone.pk])).status_code == 200


def test_every_model_with_a_team_that_hangs_off_a_customer_or_an_order_is_registered():
    from django.apps import apps

    owners = {"customers.customer", "orders.order"}
    unregistered = [
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.label_lower not in owners
        and any(f.name == "team" for f in model._meta.fields)
        and any(
            f.is_relation and f.related_model and f.related_model._meta.label_lower in owners
            for f in model._meta.fields
        )
        and model._meta.label_lower not in team_carriers
    ]
    assert unregistered == []
