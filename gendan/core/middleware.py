"""A database that is busy for a moment answers "busy, try again", never a crash.

On SQLite one writer at a time holds the lock; a request that waited the whole busy
timeout gets "database is locked".  On PostgreSQL a lock timeout, a deadlock or a
serialization failure is the same kind of thing.  Whatever the request was writing has
been rolled back with its transaction, so it is safe to send again: the answer is 503
with ``Retry-After``, as JSON for the API and as a page otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("gendan.db")

RETRY_AFTER_SECONDS = 5
# SQLSTATE codes of PostgreSQL's "try again" errors.
_RETRYABLE_STATES = {"55P03", "40001", "40P01"}  # lock not available, serialization, deadlock
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def database_busy(exc: BaseException) -> bool:
    """Is this the database saying "busy, try again" rather than a real error?"""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _RETRYABLE_STATES:
        return True
    message = str(exc).lower()
    return any(text in message for text in _SQLITE_BUSY) or "lock timeout" in message


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_busy(exception):
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
        message = _("The database is busy. Nothing was saved; please try again in a moment.")
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(
                render_to_string("503.html", {"message": message}, request=request), status=503
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
