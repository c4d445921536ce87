"""Secrets kept in the database (mailbox passwords) are encrypted with a key from settings."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    # MAILBOX_KEY when set (so it can be rotated apart from SECRET_KEY), else derived.
    material = (settings.MAILBOX_KEY or settings.SECRET_KEY).encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"gendan-mailbox:" + material).digest()))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "The stored password cannot be read with this key (MAILBOX_KEY changed?)"
        ) from None
