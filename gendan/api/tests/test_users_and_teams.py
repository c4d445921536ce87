"""Administrators manage users and teams through the API."""

from __future__ import annotations

import pytest

from gendan.accounts.models import Team, User


@pytest.fixture
def admin(make_user, team_a):
    return make_user("admin", [team_a], username="ada")


@pytest.fixture
def client(api_for, admin):
    return api_for(admin)


def test_an_admin_creates_a_user_with_a_role_teams_and_a_password(client, team_a, team_b):
    response = client.post(
        "/api/v1/users/",
        {
            "username": "wei",
            "email": "wei@example.test",
            "role": "merchandiser",
            "teams": [team_a.pk, team_b.pk],
            "time_zone": "Asia/Shanghai",
            "password": "Kettle-Steam-2027",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert "password" not in response.json()
    user = User.objects.get(username="wei")
    assert user.check_password("Kettle-Steam-2027")
    assert set(user.teams.all()) == {team_a, team_b}


def test_a_user_made_without_a_password_cannot_sign_in_with_one(client):
    client.post("/api/v1/users/", {"username": "bot", "role": "viewer"}, format="json")

    assert not User.objects.get(username="bot").has_usable_password()


def test_a_weak_password_is_refused_by_name(client):
    response = client.post(
        "/api/v1/users/", {"username": "wei", "password": "12345"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["password"]


def test_an_unknown_time_zone_is_refused_by_name(client, merchandiser):
    response = client.patch(
        f"/api/v1/users/{merchandiser.pk}/", {"time_zone": "Mars/Olympus"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["time_zone"]


def test_a_user_is_deactivated_rather_than_deleted(client, merchandiser):
    deactivated = client.patch(
        f"/api/v1/users/{merchandiser.pk}/", {"is_active": False}, format="json"
    )
    deleted = client.delete(f"/api/v1/users/{merchandiser.pk}/")

    assert deactivated.status_code == 200
    assert deleted.status_code == 405
    assert User.objects.get(pk=merchandiser.pk).is_active is False


@pytest.mark.parametrize(
    ("change", "field"), [({"is_active": False}, "is_active"), ({"role": "sales"}, "role")]
)
def test_an_admin_cannot_lock_themselves_out(client, admin, change, field):
    response = client.patch(f"/api/v1/users/{admin.pk}/", change, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    admin.refresh_from_db()
    assert admin.is_active and admin.role == "admin"


def test_an_admin_creates_and_renames_a_team(client):
    created = client.post(
        "/api/v1/teams/", {"name": " Team Europe ", "description": "EU buyers"}, format="json"
    )
    renamed = client.patch(
        f"/api/v1/teams/{created.json()['id']}/", {"name": "Team EU"}, format="json"
    )

    assert created.status_code == 201
    assert created.json()["name"] == "Team Europe"
    assert renamed.json()["name"] == "Team EU"
    assert Team.objects.filter(name="Team EU").exists()


def test_a_team_name_is_unique(client, team_a):
    response = client.post("/api/v1/teams/", {"name": team_a.name}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
