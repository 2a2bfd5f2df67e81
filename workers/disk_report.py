"""The dashboard's view of a worker's private disk: made on demand, bounded, off the liveness path.

The dashboard marks a worker's disk as wanted (``Keys.worker_disk_wanted``, a short-lived key);
while it is, this thread of the worker parent lists the disk every few seconds: the largest
:data:`MAX_LISTED_FILES` files and the counts, from a walk of at most
:data:`~viktorlite.workers.disk_usage.MAX_ENTRIES` entries. Nobody looking costs one ``EXISTS``
a second.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from redis import RedisError

from viktorlite.store.connection import connect
from viktorlite.store.keys import Keys

from .disk_usage import measure

log = logging.getLogger(__name__)

#: How often the thread looks whether a listing is wanted.
POLL_SECONDS = 0.5
#: A listing is made at most this often while it is wanted.
REFRESH_SECONDS = 3.0
MAX_LISTED_FILES = 500


def disk_listing(root: Path) -> dict[str, Any]:
    """The largest files under ``root`` (largest first), with the totals of the whole disk."""
    usage = measure(root, top=MAX_LISTED_FILES)
    return {
        "root": str(root),
        "total_bytes": usage.total_bytes,
        "files": [{"path": path, "size": size} for size, path in usage.largest],
        "truncated": usage.truncated or usage.files > len(usage.largest),
        "file_count": usage.files,
        "folder_count": usage.folders,
        "complete": not usage.truncated,
        "measured_at": time.time(),
    }


class DiskReport(threading.Thread):
    """Background thread of the worker parent; its own Redis connection."""

    def __init__(self, redis_url: str, app: str, name: str, disk_root: Path) -> None:
        super().__init__(name=f"disk-report-{name}", daemon=True)
        self._redis = connect(redis_url, socket_timeout=5)
        self._keys = Keys(app)
        self._name = name
        self._root = disk_root
        self._pid = os.getpid()

    def report(self) -> None:
        listing = disk_listing(self._root)
        self._redis.set(self._keys.worker_disk(self._name), json.dumps(listing), ex=60)

    def run(self) -> None:
        due, failing = 0.0, False  # a Redis outage is logged once, not every poll
        while os.getpid() == self._pid:
            try:
                if time.monotonic() >= due and self._redis.exists(self._keys.worker_disk_wanted(self._name)):
                    started = time.monotonic()
                    self.report()
                    # A disk of many files takes long to walk: walk it at most a fifth of the time.
                    due = time.monotonic() + max(REFRESH_SECONDS, 4 * (time.monotonic() - started))
                failing = False
            except (RedisError, OSError) as exc:
                if not failing:
                    log.warning("disk listing of %s failed: %s", self._name, exc)
                failing = True
            time.sleep(POLL_SECONDS)
