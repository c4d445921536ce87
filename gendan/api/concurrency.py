"""Optimistic concurrency over HTTP: ETag out, If-Match or a body ``version`` in.

Every record with a ``version`` answers a detail GET with ``ETag: "<version>"``.  A write
may send that ETag back in ``If-Match`` (a mismatch is 412 Precondition Failed, before
anything is read from the body) or the version in the body as ``version`` (a mismatch is
409 Conflict, raised by the service under the row lock).

A write must name the version it is based on: without ``If-Match`` and without a body
``version`` it is refused with 428 Precondition Required before anything is changed, so
no one overwrites a colleague's change by leaving the version out.  ``If-Match: *`` is
the explicit way to say "whatever the stored version is": it is accepted and the write
is not checked against a version.
"""

from __future__ import annotations

from typing import Protocol

from rest_framework.request import Request

from gendan.core.concurrency import ConcurrentEditError

from .exceptions import PreconditionFailed, PreconditionRequired


class Versioned(Protocol):
    version: int


def etag(instance: Versioned) -> str:
    return f'"{instance.version}"'


def _tag_version(tag: str) -> int | None:
    tag = tag.strip()
    if tag.startswith("W/"):
        # A weak tag still names the version; the representation never varies otherwise.
        tag = tag[2:]
    tag = tag.strip('"')
    return int(tag) if tag.isdigit() else None


def if_match_check(request: Request, instance: Versioned) -> int | None:
    """The version ``If-Match`` names when it matches, None without the header.

    Raises ``PreconditionFailed`` when no tag in the header names the stored version.
    ``If-Match: *`` matches any version and also gives None: the client accepts
    overwriting whatever is stored.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = header.split(",")
    if any(tag.strip() == "*" for tag in tags):
        return None
    if any(_tag_version(tag) == instance.version for tag in tags):
        return instance.version
    raise PreconditionFailed(current_version=instance.version)


def expected_version(*, body_version: int | None, if_match: int | None) -> int | None:
    """The version the service must find: the body's if it gave one, else If-Match's."""
    return body_version if body_version is not None else if_match


def body_version_sent(request: Request) -> bool:
    """Whether the request body names a version (validated later by the serializer)."""
    data = request.data
    return hasattr(data, "get") and data.get("version") not in (None, "")


def require_version(request: Request) -> None:
    """Refuse (428) a write that names no version: neither ``If-Match`` nor a body one.

    Called before the body is validated and before any change, after ``if_match_check``.
    """
    if request.headers.get("If-Match") is None and not body_version_sent(request):
        raise PreconditionRequired()


def body_version_check(instance: Versioned, body_version: int | None) -> None:
    """For writes the service does not check (a delete): a body version must be the stored one."""
    if body_version is not None and body_version != instance.version:
        raise ConcurrentEditError(current_version=instance.version, submitted_version=body_version)
