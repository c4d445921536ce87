"""Schemathesis sends generated requests to every operation of the OpenAPI schema.

Whatever it sends — valid payloads, wrong types, huge numbers, odd strings — the API
must answer with a status it chose (2xx or 4xx), never a server error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from gendan.accounts.tests.factories import TeamFactory, UserFactory
from gendan.catalog.models import Category
from gendan.catalog.tests.factories import ProductFactory
from gendan.comms.mail.mailboxes import mailbox_create
from gendan.comms.message_templates.services import message_template_create
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.followup.defaults import defaults_install
from gendan.followup.models import DelayWarning, SopTemplate
from gendan.followup.services import milestones_instantiate, task_create
from gendan.orders.models import OrderStatus
from gendan.orders.tests.factories import OrderFactory, OrderLineFactory

# Reading the schema touches no database, so it can be loaded while tests are collected.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    WSGIHandler(),
    config=schemathesis.Config.from_dict(
        {"phases": {"coverage": {"generation": {"mode": "positive"}}}}
    ),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The WSGI handler closes the database connection at the end of each request, which
    # would end the test's transaction; Django's test client avoids it by the same means.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db) -> dict[str, Any]:
    """One record of each kind and an administrator's token."""
    team = TeamFactory.create(name="Export team")
    admin = UserFactory.create(role="admin", teams=[team], username="fuzz-admin")
    colleague = UserFactory.create(role="sales", teams=[team], username="fuzz-sales")
    customer = CustomerFactory.create(
        team=team, name="Hamburg Haushaltswaren GmbH", owner=colleague
    )
    # A likely duplicate: a generated merge may fold it in, and the first one survives.
    duplicate = CustomerFactory.create(team=team, name="Hamburg Haushaltwaren")
    contact = ContactFactory.create(customer=customer, is_primary=True)
    category = Category.objects.create(name="Kettles")
    product = ProductFactory.create(category=category)
    # Confirmed, so a generated DELETE is refused and the later operations still find it;
    # promised a month ago, so its steps are planned and its delay warning stays open.
    today = timezone.localdate()
    order = OrderFactory.create(
        customer=customer,
        contact=contact,
        status=OrderStatus.CONFIRMED,
        confirmed_on=today - dt.timedelta(days=120),
        promised_ship_date=today - dt.timedelta(days=30),
    )
    line = OrderLineFactory.create(order=order, product=product)
    defaults_install()
    milestones = {m.step.key: m for m in milestones_instantiate(order=order, actor=admin)}
    task = task_create(
        actor=admin, order=order, title="Send the shipping marks", assignee=colleague
    )
    warning = DelayWarning.objects.get(order=order)
    template = SopTemplate.objects.get(is_default=True)
    # A conversation with the customer: an e-mail with an attachment, linked to the order.
    thread = thread_start(customer=customer, order=order, subject=f"{order.number} 交货延期")
    message = message_add(
        thread,
        body_text="交货延期两周 — the shipment is delayed by two weeks.",
        attachments=[("装箱单 packing list.xlsx", b"PK", "application/vnd.ms-excel")],
    )
    # A shared mailbox on a port where nothing listens: a generated fetch fails quickly.
    mailbox = mailbox_create(
        actor=admin, team=team, name="Sales", address="sales@exporter.test",
        imap_host="127.0.0.1", imap_port=9, imap_security="none",
        imap_username="sales@exporter.test", imap_password="secret", is_active=False,
    )  # fmt: skip
    message_template = message_template_create(
        actor=admin, code="shipment-notice", language="en", name="Shipment notice",
        body="{order_number} ships on {ship_date}, tracking {tracking}",
    )  # fmt: skip
    return {
        "token": Token.objects.create(user=admin).key,
        # the record a path's {id} names, by the path's resource
        "paths": {
            "teams": team.pk,
            "users": colleague.pk,
            "customers": customer.pk,
            "contacts": contact.pk,
            "products": product.pk,
            "orders": order.pk,
            "milestones": milestones["booking"].pk,
            "tasks": task.pk,
            "delay-warnings": warning.pk,
            "sop-templates": template.pk,
            "messages": message.pk,
            "message-templates": message_template.pk,
            "mailboxes": mailbox.pk,
        },
        # the record a body field or a filter refers to, by field name
        "references": {
            "team": team.pk,
            "teams": team.pk,
            "customer": customer.pk,
            "duplicate": duplicate.pk,
            "contact": contact.pk,
            "owner": colleague.pk,
            "sales_owner": colleague.pk,
            "merchandiser": colleague.pk,
            "category": category.pk,
            "product": product.pk,
            "order": order.pk,
            "assignee": colleague.pk,
            "customers": customer.pk,
            "categories": category.pk,
            "thread": thread.pk,
        },
        "order": order.pk,
        "line": line.pk,
    }


def _refer_to_records(values: dict[str, Any], references: dict[str, int]) -> None:
    """Numbers in reference fields become ids of real records; other values stay as made."""
    for name, value in list(values.items()):
        if name not in references:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            values[name] = references[name]
        elif isinstance(value, list):
            values[name] = [
                references[name] if isinstance(item, int) and not isinstance(item, bool) else item
                for item in value
            ]


def aim_at_records(case: schemathesis.Case, seeded: dict[str, Any]) -> None:
    """Point a generated request at the seeded records so it gets past the lookups.

    Random ids stop at a 404 or at "object does not exist", random versions at a 409 or
    a 412, a missing version at a 428; those answers are tested elsewhere.  Here the
    generated values should reach the serializers and the services, so every write says
    ``If-Match: *`` (whatever the stored version) and sends no version of its own.
    """
    if case.path_parameters and "id" in case.path_parameters:
        case.path_parameters["id"] = seeded["paths"][case.path.split("/")[3]]
    if case.path_parameters and "order_pk" in case.path_parameters:
        case.path_parameters["order_pk"] = seeded["order"]
    case.headers["If-Match"] = "*"
    if isinstance(case.query, dict):
        _refer_to_records(case.query, seeded["references"])
    if isinstance(case.body, dict):
        case.body.pop("version", None)
        _refer_to_records(case.body, seeded["references"])
        lines = case.body.get("lines")
        for line in lines if isinstance(lines, list) else []:
            if isinstance(line, dict):
                _refer_to_records(line, seeded["references"])
                if isinstance(line.get("id"), int):
                    line["id"] = seeded["line"]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_causes_a_server_error(case, seeded):
    aim_at_records(case, seeded)
    case.call_and_validate(
        headers={"Authorization": f"Token {seeded['token']}"}, checks=[not_a_server_error]
    )
