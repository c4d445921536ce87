from __future__ import annotations

from django.utils.translation import gettext as _


class ConcurrentEditError(Exception):
    """Someone else saved the record after the editor loaded it."""

    def __init__(self, *, current_version: int, submitted_version: int) -> None:
        self.current_version = current_version
        self.submitted_version = submitted_version
        super().__init__(
            _(
                "Someone else changed this record while you were editing it "
                "(your copy is version %(submitted)s, the saved one is version %(current)s). "
                "Reload to see their changes, then make yours again."
            )
            % {"submitted": submitted_version, "current": current_version}
        )


def check_version(*, instance, expected_version: int | None) -> None:
    """Refuse a write based on an older copy of ``instance``.

    Call it on a row read with ``select_for_update()`` inside the write's transaction:
    the row lock (PostgreSQL) or the IMMEDIATE write lock (SQLite) makes the check and
    the write one step.  ``expected_version`` None means the caller did not say
    (internal services and tasks).
    """
    if expected_version is not None and int(expected_version) != instance.version:
        raise ConcurrentEditError(
            current_version=instance.version, submitted_version=int(expected_version)
        )
