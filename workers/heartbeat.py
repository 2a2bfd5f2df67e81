"""A worker's sign of life and a listing of its private disk, refreshed every second.

The liveness key expires a few seconds after the worker stops refreshing it, which is how a job
left ``started`` by a killed worker is found quickly (see :mod:`viktorlite.jobs.reaper`). The disk
listing feeds the dashboard, so a user can see which worker holds which local files.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from redis import Redis, RedisError

from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

INTERVAL = 1.0
ALIVE_TTL_MS = 3000
MAX_LISTED_FILES = 500


def disk_listing(root: Path) -> dict[str, Any]:
    """Files under ``root`` with their sizes (the first :data:`MAX_LISTED_FILES`), and the total."""
    files: list[dict[str, Any]] = []
    total = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        size = path.stat().st_size
        total += size
        if len(files) < MAX_LISTED_FILES:
            files.append({"path": str(path.relative_to(root)), "size": size})
    return {"root": str(root), "total_bytes": total, "files": files, "truncated": len(files) >= MAX_LISTED_FILES}


class Heartbeat(threading.Thread):
    """Background thread of the worker parent; uses its own Redis connection (never the forked one)."""

    def __init__(self, redis_url: str, app: str, name: str, disk_root: Path) -> None:
        super().__init__(name=f"heartbeat-{name}", daemon=True)
        self._redis = Redis.from_url(redis_url, socket_timeout=2)
        self._keys = Keys(app)
        self._name = name
        self._disk_root = disk_root
        self._pid = os.getpid()

    def beat(self) -> None:
        info = {"pid": self._pid, "at": time.time(), "disk": disk_listing(self._disk_root)}
        with self._redis.pipeline() as pipe:
            pipe.set(self._keys.worker_alive(self._name), self._pid, px=ALIVE_TTL_MS)
            pipe.set(self._keys.worker_info(self._name), json.dumps(info), ex=60)
            pipe.execute()

    def run(self) -> None:
        while os.getpid() == self._pid:  # a forked work horse has no copy of this thread anyway
            try:
                self.beat()
            except (RedisError, OSError) as exc:
                log.warning("heartbeat of %s failed: %s", self._name, exc)
            time.sleep(INTERVAL)
