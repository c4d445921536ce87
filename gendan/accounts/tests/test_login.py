"""Log-in, lock-out and the security log."""

import pytest
from django.urls import reverse

from gendan.audit.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_a_login_is_logged(client, merchandiser):
    response = client.post(reverse("login"), {"username": "mia", "password": "pw-Gendan-2026"})
    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind="login")
    assert event.user == merchandiser
    assert event.ip_address == "127.0.0.1"


def test_a_failed_login_is_logged_with_the_name_tried(client, merchandiser):
    response = client.post(reverse("login"), {"username": "mia", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="login_failed", username="mia").count() == 1


def test_repeated_failures_lock_the_account_out(client, merchandiser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "mia", "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "mia", "password": "pw-Gendan-2026"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="locked_out").exists()


def test_a_permission_refusal_is_logged(client, make_user, team_a):
    viewer = make_user("viewer", [team_a])
    client.force_login(viewer)
    response = client.get(reverse("customers:create"))
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind="permission_denied")
    assert event.user == viewer
    assert event.path == "/customers/new/"


def test_pages_need_a_login(client):
    response = client.get(reverse("orders:list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_switching_language_is_remembered_for_the_user(client, merchandiser):
    client.force_login(merchandiser)
    response = client.post(
        reverse("accounts:language"), {"language": "zh-hans", "next": "/orders/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/orders/"
    merchandiser.refresh_from_db()
    assert merchandiser.language == "zh-hans"
    assert response.cookies["django_language"].value == "zh-hans"


def test_switching_language_never_redirects_off_site(client, merchandiser):
    client.force_login(merchandiser)
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_user_gets_a_new_api_token_and_the_old_one_dies(client, merchandiser):
    from rest_framework.authtoken.models import Token

    client.force_login(merchandiser)
    client.post(reverse("accounts:token_regenerate"))
    first = Token.objects.get(user=merchandiser).key
    client.post(reverse("accounts:token_regenerate"))
    assert Token.objects.get(user=merchandiser).key != first


def test_a_new_browser_speaks_the_users_saved_language(client, make_user, team_a):
    user = make_user("sales", [team_a], language="zh-hans")
    client.force_login(user)
    response = client.get(reverse("orders:list"))
    assert response.wsgi_request.LANGUAGE_CODE == "zh-hans"
    assert response.cookies["django_language"].value == "zh-hans"
