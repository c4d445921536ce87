"""Test set-up shared by every app's tests."""

from __future__ import annotations

import os

import pytest

# The API's clients and records in two teams, for every app's API tests.
pytest_plugins = ["gendan.api.tests.fixtures"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made in
# browser tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Argon2 is deliberately slow; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def team_a(db):
    from gendan.accounts.tests.factories import TeamFactory

    return TeamFactory(name="Team A")


@pytest.fixture
def team_b(db):
    from gendan.accounts.tests.factories import TeamFactory

    return TeamFactory(name="Team B")


@pytest.fixture
def make_user(db):
    from gendan.accounts.tests.factories import UserFactory

    def make(role: str = "merchandiser", teams=(), **kwargs):
        return UserFactory(role=role, teams=list(teams), **kwargs)

    return make


@pytest.fixture
def merchandiser(make_user, team_a):
    return make_user("merchandiser", [team_a], username="mia")


@pytest.fixture
def manager(make_user, team_a):
    return make_user("manager", [team_a], username="max")
