"""With an https:// address, Django's deployment check has nothing to say."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": "sqlite:///:memory:", **env}
    # The browser tests' switch is no deployment setting.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_when_the_site_is_served_over_https():
    result = _check_deploy(
        SITE_URL="https://gendan.example.com",
        ALLOWED_HOSTS="gendan.example.com",
        SECRET_KEY="a-long-and-random-secret-key-" + "x9Q2mZ7rT4" * 5,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_redirect_and_hsts_are_refused_for_a_plain_http_site():
    result = _check_deploy(SITE_URL="http://127.0.0.1:8000", SECURE_HSTS_SECONDS="3600")
    assert result.returncode != 0
    assert "need an https:// SITE_URL" in result.stderr
