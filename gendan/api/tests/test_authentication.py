"""Signing in to the API: a token in the Authorization header, or the page session."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

URL = "/api/v1/customers/"


def test_a_token_in_the_authorization_header_signs_the_user_in(merchandiser, ours):
    token = Token.objects.create(user=merchandiser)
    client = APIClient()

    response = client.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [ours.customer.pk]


def test_a_token_made_with_the_management_command_works(merchandiser, capsys):
    call_command("drf_create_token", merchandiser.username)
    key = capsys.readouterr().out.split()[2]

    response = APIClient().get(URL, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_a_request_without_credentials_gets_401(method, ours):
    url = URL if method in ("get", "post") else f"{URL}{ours.customer.pk}/"

    response = getattr(APIClient(), method)(url, {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_token_gets_401(db):
    response = APIClient().get(
        URL, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567"
    )

    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_gets_401(merchandiser):
    token = Token.objects.create(user=merchandiser)
    merchandiser.is_active = False
    merchandiser.save()

    response = APIClient().get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 401


def test_the_page_session_signs_the_user_in_too(merchandiser, ours):
    client = APIClient()
    client.force_login(merchandiser)

    response = client.get(f"{URL}{ours.customer.pk}/")

    assert response.status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(merchandiser, team_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(merchandiser)

    response = client.post(
        URL, {"name": "Lyon Cuisine SARL", "country": "FR", "team": team_a.pk}, format="json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_schema_and_the_docs_are_public(db):
    client = APIClient()

    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_the_docs_page_loads_its_files_from_this_server_not_a_cdn(db):
    html = APIClient().get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html
