"""Reads of WhatsApp imports, with the access check."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from gendan.accounts.models import User
from gendan.dataio.models import ImportBatch

from .chat_import import IMPORT_KIND


def import_batch_get_for_user(*, user: User, pk: int) -> ImportBatch:
    """A WhatsApp upload of this user; someone else's is not found (its file is private)."""
    return get_object_or_404(ImportBatch, pk=pk, user=user, kind=IMPORT_KIND)
