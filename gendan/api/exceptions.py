"""How the API answers when a request is refused.

Services speak Django (``ValidationError`` with field names, ``PermissionDenied``) and
``ConcurrentEditError``; this handler turns them into the status codes and bodies an API
client expects, in the same shape as DRF's own validation errors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from gendan.audit.services import security_event_record
from gendan.core.concurrency import ConcurrentEditError


class PreconditionFailed(exceptions.APIException):
    """The ``If-Match`` header names a version other than the stored one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The record has changed since you read it (If-Match does not match its ETag). "
        "Read it again, then make your change."
    )
    default_code = "precondition_failed"

    def __init__(self, *, current_version: int) -> None:
        super().__init__()
        self.current_version = current_version


class PreconditionRequired(exceptions.APIException):
    """A write to a versioned record names no version: neither If-Match nor a body version.

    Without one the write would overwrite whatever someone else saved since the client
    read the record, so it is refused before anything is changed.
    """

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send the version you read: the ETag of your GET in an If-Match header, "
        'or "version" in the body. (If-Match: * changes the record whatever its version.)'
    )
    default_code = "precondition_required"


def validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as DRF shapes serializer errors: {field: [messages]}."""
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def _versioned(body: dict[str, Any], code: int, current_version: int) -> Response:
    # The ETag lets the client re-read and retry with the version it now knows.
    return Response(body, status=code, headers={"ETag": f'"{current_version}"'})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_detail(exc))
    elif isinstance(exc, ConcurrentEditError):
        return _versioned(
            {"detail": str(exc), "code": "concurrent_edit", "current_version": exc.current_version},
            status.HTTP_409_CONFLICT,
            exc.current_version,
        )
    elif isinstance(exc, PreconditionFailed):
        return _versioned(
            {
                "detail": str(exc.detail),
                "code": exc.default_code,
                "current_version": exc.current_version,
            },
            exc.status_code,
            exc.current_version,
        )
    elif isinstance(exc, PreconditionRequired):
        return Response(
            {"detail": str(exc.detail), "code": exc.default_code}, status=exc.status_code
        )
    elif isinstance(exc, Http404):
        # Django's message names the model and the query; this one says what it means.
        exc = exceptions.NotFound(_("There is no such record, or you may not see it."))
    elif isinstance(exc, DjangoPermissionDenied):
        # Keep the service's own words rather than DRF's generic message.
        exc = exceptions.PermissionDenied(detail=str(exc) or None)

    if isinstance(exc, exceptions.PermissionDenied) and request is not None:
        security_event_record(
            kind="permission_denied",
            request=request,
            user=getattr(request, "user", None),
            detail=str(exc.detail),
        )
    return drf_exception_handler(exc, context)
