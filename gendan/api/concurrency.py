"""Optimistic concurrency over HTTP: ETag out, If-Match or a body ``version`` in.

Every record with a ``version`` answers a detail GET with ``ETag: "<version>"``.  A write
may send that ETag back in ``If-Match`` (a mismatch is 412 Precondition Failed, before
anything is read from the body) or the version in the body as ``version`` (a mismatch is
409 Conflict, raised by the service under the row lock).
"""

from __future__ import annotations

from typing import Protocol

from rest_framework.request import Request

from .exceptions import PreconditionFailed


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
