"""The dashboard's view of a worker's private disk: made on demand, bounded, off the liveness path.

The dashboard marks a worker's disk as wanted (``Keys.worker_disk_wanted``, a short-lived key);
while it is, this thread of the worker parent lists the disk every few seconds: the largest
:data:`MAX_LISTED_FILES` files and the counts, from a walk of at most
:data:`~viktorlite.workers.disk_usage.MAX_ENTRIES` entries. A read of one worker's disk asks for a
fresh listing (``Keys.worker_disk_asked``, a count): the thread lists at once, and the listing
says which ask it answers (``asked``), so the read knows when its answer is there instead of
taking an old listing, or none, for the disk. Nobody looking costs one round trip twice a second.
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

    def report(self, asked: int = 0) -> None:
        """List the disk now; ``asked``: the count of asks read before the walk began (it answers them)."""
        listing = {**disk_listing(self._root), "asked": asked}
        self._redis.set(self._keys.worker_disk(self._name), json.dumps(listing), ex=60)

    def _looks(self) -> tuple[int, bool]:
        """The count of asks for a fresh listing, and whether the dashboard wants listings: one round trip."""
        with self._redis.pipeline(transaction=False) as pipe:
            pipe.get(self._keys.worker_disk_asked(self._name))
            pipe.exists(self._keys.worker_disk_wanted(self._name))
            asked, wanted = pipe.execute()
        return int(asked or 0), bool(wanted)

    def run(self) -> None:
        due, failing = 0.0, False  # a Redis outage is logged once, not every poll
        answered = 0
        while os.getpid() == self._pid:
            try:
                asked, wanted = self._looks()
                # A new ask is answered at once (the count may also have restarted: any change counts).
                if asked != answered or (wanted and time.monotonic() >= due):
                    started = time.monotonic()
                    self.report(asked)
                    answered = asked
                    # A disk of many files takes long to walk: walk it at most a fifth of the time.
                    due = time.monotonic() + max(REFRESH_SECONDS, 4 * (time.monotonic() - started))
                failing = False
            except (RedisError, OSError) as exc:
                if not failing:
                    log.warning("disk listing of %s failed: %s", self._name, exc)
                failing = True
            time.sleep(POLL_SECONDS)
