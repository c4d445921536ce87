"""Handing stored files (evidence, mail attachments) back to the browser safely."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# Shown in the browser; anything else is downloaded, so an uploaded HTML file never runs.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


def stored_file_response(
    file: FieldFile, *, name: str, content_type: str = "", allow_inline: bool = True
) -> FileResponse:
    """The file under its original ``name``; images and PDFs inline, the rest as a download,
    sandboxed either way.  404 when the file is gone from the server."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file is missing from the server.")) from None
    filename = Path(name).name
    content_type = content_type or mimetypes.guess_type(filename)[0] or ""
    inline = allow_inline and content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
