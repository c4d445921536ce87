"""History entries: what a change records, how it reads back, and security events."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from gendan.audit.models import Action, HistoryEntry, SecurityEvent
from gendan.audit.selectors import entry_changes, history_for_subject
from gendan.audit.services import (
    diff,
    history_move,
    history_record,
    model_key,
    security_event_record,
    snapshot,
)
from gendan.catalog.models import Product
from gendan.catalog.tests.factories import ProductFactory
from gendan.customers.models import Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory


def test_model_key_is_the_lower_case_label_of_a_model_or_a_row(db):
    product = ProductFactory.create()
    assert model_key(Product) == "catalog.product"
    assert model_key(product) == "catalog.product"


def test_a_snapshot_shows_every_kind_of_value_as_text(db, team_a, make_user):
    owner = make_user("sales", [team_a], username="lena")
    customer = CustomerFactory.create(
        team=team_a, name="Nordlicht GmbH", owner=owner, languages=["de", "en"]
    )
    product = ProductFactory.create(
        is_active=False, carton_length_cm=Decimal("40.50"), units_per_carton=None
    )

    shown = snapshot(customer, ["name", "owner", "team", "languages"])
    assert shown == {
        "name": "Nordlicht GmbH",
        "owner": str(owner),
        "team": str(team_a),
        "languages": "de, en",
    }
    # Decimals lose their trailing zeros, booleans and empty values have one spelling.
    assert snapshot(product, ["is_active", "carton_length_cm", "units_per_carton"]) == {
        "is_active": "false",
        "carton_length_cm": "40.5",
        "units_per_carton": "",
    }


def test_a_snapshot_of_an_empty_foreign_key_is_empty(db, team_a):
    customer = CustomerFactory.create(team=team_a, owner=None)
    assert snapshot(customer, ["owner"]) == {"owner": ""}


def test_a_snapshot_lists_a_many_to_many_field_sorted(db, team_a, team_b, make_user):
    user = make_user("sales", [team_b], username="kai")
    user.teams.add(team_a)
    assert snapshot(user, ["teams"]) == {"teams": "Team A, Team B"}


def test_diff_keeps_only_the_fields_that_changed_with_old_and_new():
    before = {"name": "Old", "city": "Hamburg", "notes": ""}
    after = {"name": "New", "city": "Hamburg", "notes": "VIP", "stage": "lead"}
    assert diff(before, after) == {
        "name": ["Old", "New"],
        "notes": ["", "VIP"],
        "stage": ["", "lead"],
    }
    assert diff(after, after) == {}


def test_history_record_stores_the_change_on_the_record_and_its_subject(db, team_a, make_user):
    actor = make_user("sales", [team_a], username="mia")
    contact = ContactFactory.create(customer__team=team_a, name="Jana Berg")

    entry = history_record(
        actor=actor,
        record=contact,
        action=Action.UPDATE,
        subject=contact.customer,
        changes={"title": ["", "Buyer"]},
    )

    assert entry is not None
    entry.refresh_from_db()
    assert entry.actor == actor
    assert entry.action == Action.UPDATE
    assert (entry.record_type, entry.record_id, entry.record_label) == (
        "customers.contact",
        contact.pk,
        str(contact),
    )
    assert (entry.subject_type, entry.subject_id) == ("customers.customer", contact.customer_id)
    assert entry.changes == {"title": ["", "Buyer"]}


def test_an_update_that_changed_nothing_records_nothing(db, team_a):
    customer = CustomerFactory.create(team=team_a)
    assert history_record(actor=None, record=customer, action=Action.UPDATE, changes={}) is None
    assert not HistoryEntry.objects.exists()
    # A note alone is worth recording.
    entry = history_record(actor=None, record=customer, action=Action.UPDATE, note="Checked")
    assert entry is not None and entry.note == "Checked"


def test_an_anonymous_actor_is_recorded_as_nobody_and_long_texts_are_cut(db, team_a):
    customer = CustomerFactory.create(team=team_a, name="N" * 200)
    entry = history_record(
        actor=AnonymousUser(), record=customer, action=Action.CREATE, note="x" * 300
    )
    assert entry is not None
    assert entry.actor is None
    assert entry.subject_id == customer.pk  # without a subject the record is its own
    assert len(entry.note) == 255


def test_history_move_carries_the_entries_to_the_surviving_record(db, team_a):
    survivor = CustomerFactory.create(team=team_a)
    duplicate = CustomerFactory.create(team=team_a)
    history_record(actor=None, record=duplicate, action=Action.CREATE)
    history_record(actor=None, record=duplicate, action=Action.UPDATE, note="Renamed")
    history_record(actor=None, record=survivor, action=Action.CREATE)

    assert history_move(from_subject=duplicate, to_subject=survivor) == 2
    assert HistoryEntry.objects.filter(subject_id=survivor.pk).count() == 3
    assert not HistoryEntry.objects.filter(subject_id=duplicate.pk).exists()


def test_history_for_subject_is_newest_first_with_readable_changes(
    db, team_a, make_user, django_assert_num_queries
):
    actor = make_user("sales", [team_a], username="ole")
    customer = CustomerFactory.create(team=team_a)
    first = history_record(actor=actor, record=customer, action=Action.CREATE)
    second = history_record(
        actor=actor,
        record=customer,
        action=Action.UPDATE,
        changes={"stage": ["lead", "active"], "city": ["", "Bremen"]},
    )
    other = CustomerFactory.create(team=team_a)
    history_record(actor=actor, record=other, action=Action.CREATE)

    with django_assert_num_queries(1):
        entries = history_for_subject(customer)
        actors = [entry.actor for entry in entries]

    assert [entry.pk for entry in entries] == [second.pk, first.pk]
    assert actors == [actor, actor]
    changes = {change.label: (change.old, change.new) for change in entries[0].field_changes}
    # Labels are the fields' names as the pages show them; choices show their labels.
    assert changes == {"stage": ("Lead", "Active customer"), "city": ("", "Bremen")}
    assert len(history_for_subject(customer, limit=1)) == 1


def test_entry_changes_reads_booleans_and_survives_removed_fields_and_models(db):
    entry = HistoryEntry(
        action=Action.UPDATE,
        record_type="catalog.product",
        record_id=1,
        subject_type="catalog.product",
        subject_id=1,
        changes={"is_active": ["true", "false"], "gone_field": ["a", "b"]},
    )
    shown = {(change.label, change.old, change.new) for change in entry_changes(entry)}
    assert shown == {("active", "yes", "no"), ("gone_field", "a", "b")}

    entry.record_type = "nowhere.model"
    assert [(c.label, c.old, c.new) for c in entry_changes(entry)][0] == (
        "is_active",
        "true",
        "false",
    )


def test_a_security_event_records_the_user_address_and_path_and_logs_it(db, make_user, caplog):
    user = make_user(username="admin1")
    request = RequestFactory().post("/accounts/login/?next=/orders/", REMOTE_ADDR="203.0.113.9")

    with caplog.at_level(logging.INFO, logger="gendan.security"):
        event = security_event_record(
            kind=SecurityEvent.Kind.LOGIN, request=request, user=user, detail="ok"
        )

    event.refresh_from_db()
    assert (event.kind, event.user, event.username) == ("login", user, "admin1")
    assert event.ip_address == "203.0.113.9"
    assert event.path == "/accounts/login/?next=/orders/"
    assert event.detail == "ok"
    assert "login user=admin1 ip=203.0.113.9" in caplog.text


def test_a_failed_login_keeps_the_name_tried_without_a_user_or_request(db):
    event = security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED, user=AnonymousUser(), username="u" * 200
    )
    assert event.user is None
    assert event.username == "u" * 150
    assert event.ip_address is None
    assert event.path == ""


def test_history_timestamps_are_set_on_save(db, team_a):
    customer = CustomerFactory.create(team=team_a)
    entry = history_record(actor=None, record=customer, action=Action.CREATE)
    assert entry is not None
    assert isinstance(entry.at, dt.datetime)
    assert Customer.objects.filter(pk=entry.record_id).exists()
