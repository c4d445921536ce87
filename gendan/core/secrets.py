"""Secrets kept in the database (mailbox passwords, API tokens) are encrypted with one key.

The key is ``MAILBOX_KEY`` when set (so it can be rotated apart from ``SECRET_KEY``),
else derived from ``SECRET_KEY``.  A backup names which of the two it needs and a
fingerprint of it (never the key), and a restore on a machine with another key lists
what it cannot read (``encrypted_fields``: each app registers the fields it encrypts).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from .registry import Registry


@dataclass(frozen=True)
class EncryptedField:
    model: type
    field: str  # the column holding the token
    label: str  # what a person calls it, e.g. "IMAP password"


encrypted_fields = Registry[EncryptedField]("encrypted fields")


def key_setting() -> str:
    """The setting the key comes from: MAILBOX_KEY, or SECRET_KEY when that is empty."""
    return "MAILBOX_KEY" if settings.MAILBOX_KEY else "SECRET_KEY"


def _material() -> bytes:
    return hashlib.sha256(
        b"gendan-mailbox:" + (settings.MAILBOX_KEY or settings.SECRET_KEY).encode()
    ).digest()


def key_fingerprint() -> str:
    """A short fingerprint of the key: equal keys, equal fingerprints; it reveals nothing."""
    return hashlib.sha256(b"fingerprint:" + _material()).hexdigest()[:16]


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_material()))


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


def secrets_unreadable() -> list[str]:
    """Every stored secret the current key cannot read, as "<record>: <label>"."""
    found: list[str] = []
    for entry in encrypted_fields.values():
        rows = entry.model._base_manager.exclude(**{entry.field: ""})  # type: ignore[attr-defined]
        for record in rows.only("pk", entry.field).iterator():
            try:
                decrypt(getattr(record, entry.field))
            except ValueError:
                found.append(f"{entry.model._meta.verbose_name} {record.pk}: {entry.label}")  # type: ignore[attr-defined]
    return found
