"""Progress of long background work, readable by any process while the work runs.

The work itself runs in one database transaction (an import is all or nothing), so its
progress cannot live in the database: nobody else would see it before the commit. It
is written to a small file under MEDIA_ROOT instead, which every web and worker process
of an installation shares.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass
class Progress:
    done: int
    total: int
    updated: float

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def _path(key: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "progress" / f"{key}.json"


def progress_write(key: str, done: int, total: int) -> None:
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write and rename: a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w") as out:
        json.dump({"done": done, "total": total, "updated": time.time()}, out)
    Path(temporary).replace(path)


def progress_read(key: str) -> Progress | None:
    try:
        data = json.loads(_path(key).read_text())
    except (OSError, ValueError):
        return None
    return Progress(
        done=int(data["done"]), total=int(data["total"]), updated=float(data["updated"])
    )


def progress_clear(key: str) -> None:
    _path(key).unlink(missing_ok=True)


class ProgressReporter:
    """Calls ``progress_write`` at most every ``interval`` seconds, and always at the end."""

    def __init__(self, key: str, *, interval: float = 0.5) -> None:
        self.key, self.interval, self._last = key, interval, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= self.interval:
            self._last = now
            progress_write(self.key, done, total)
