"""Lock-out counts failures per account and address, with a higher ceiling per address."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Gendan-2026"


def _login(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_made_up_names_from_one_address_do_not_lock_a_real_user_there(
    client, merchandiser, settings
):
    for number in range(settings.AXES_FAILURE_LIMIT * 4):
        assert _login(client, f"nobody-{number}", "guess").status_code == 200
    assert _login(client, "mia", PASSWORD).status_code == 302


def test_failures_for_a_name_from_elsewhere_do_not_lock_its_owner_out(
    client, merchandiser, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "mia", "wrong", address="203.0.113.9")
    assert _login(client, "mia", PASSWORD, address="203.0.113.9").status_code == 429
    assert _login(client, "mia", PASSWORD, address="198.51.100.7").status_code == 302


def test_real_and_made_up_names_from_one_address_lock_that_pair_only(
    client, merchandiser, make_user, team_a, settings
):
    make_user("merchandiser", [team_a], username="leo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "mia", "wrong")
        _login(client, "nobody", "guess")
    assert _login(client, "mia", PASSWORD).status_code == 429
    assert _login(client, "leo", PASSWORD).status_code == 302


def test_an_address_stops_past_its_ceiling_whatever_the_names(client, merchandiser, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 12
    for number in range(12):
        _login(client, f"nobody-{number}", "guess", address="192.0.2.1")
    assert _login(client, "mia", PASSWORD, address="192.0.2.1").status_code == 429
    assert _login(client, "mia", PASSWORD, address="192.0.2.2").status_code == 302


def test_the_locked_out_page_says_when_to_try_again(client, merchandiser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "mia", "wrong")
    response = _login(client, "mia", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert re.search(r"try again after \d\d:\d\d", page)
    assert 'data-retry-at="' in page


def test_an_administrator_unlocks_a_locked_user(client, merchandiser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "mia", "wrong")
    assert _login(client, "mia", PASSWORD).status_code == 429
    call_command("unlock", "mia")
    assert _login(client, "mia", PASSWORD).status_code == 302
