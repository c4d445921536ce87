"""A busy database answers 503 with Retry-After, for pages and the API, and writes nothing."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from gendan.core.middleware import database_busy
from gendan.customers.models import Customer

pytestmark = pytest.mark.django_db


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


class _LockNotAvailable(Exception):
    sqlstate = "55P03"


def test_sqlite_and_postgresql_busy_errors_are_recognised_and_others_are_not():
    assert database_busy(OperationalError("database is locked"))
    pg = OperationalError("canceling statement due to lock timeout")
    pg.__cause__ = _LockNotAvailable()
    assert database_busy(pg)
    assert not database_busy(OperationalError("no such table: x"))
    assert not database_busy(ValueError("database is locked"))


def test_a_page_whose_write_finds_the_database_busy_answers_503(
    client, merchandiser, team_a, monkeypatch
):
    client.force_login(merchandiser)
    monkeypatch.setattr("gendan.customers.services.history_record", _locked)
    response = client.post(
        reverse("customers:create"),
        {
            "name": "Busy GmbH",
            "country": "DE",
            "team": team_a.pk,
            "source": "other",
            "stage": "lead",
        },
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.content.decode()
    assert not Customer.objects.filter(name="Busy GmbH").exists()


def test_an_api_call_that_finds_the_database_busy_answers_503_json(
    client, merchandiser, team_a, monkeypatch
):
    client.force_login(merchandiser)
    monkeypatch.setattr("gendan.customers.services.history_record", _locked)
    response = client.post(
        "/api/v1/customers/",
        {"name": "Busy GmbH", "country": "DE", "team": team_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.json()["detail"]
    assert not Customer.objects.filter(name="Busy GmbH").exists()
