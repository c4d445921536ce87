"""Attachments stored from bytes (chat exports, webhooks)."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile

from ..models import Attachment, Message

if TYPE_CHECKING:
    pass

MB = 1024 * 1024


def attachment_from_bytes(
    message: Message, *, name: str, data: bytes | None, size: int
) -> Attachment:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    attachment = Attachment(
        message=message, original_name=name[:255], content_type=content_type, size=size
    )
    if data is None or size > settings.MAIL_ATTACHMENT_MAX_MB * MB:
        attachment.is_skipped = True
    else:
        attachment.file.save(PurePosixPath(name).name, ContentFile(data), save=False)
    return attachment
