"""Keep a secret key in DATA_DIR, once, for the embedded set-up's processes to share."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create DATA_DIR/secret_key unless SECRET_KEY is set or the file exists."

    def handle(self, *args: Any, **options: Any) -> None:
        key_file = settings.SECRET_KEY_FILE
        if key_file.exists():
            return
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
        self.stdout.write(f"Kept a new secret key in {key_file}")
