"""A worker's sign of life: one constant-time write to Redis every second, and nothing else.

The liveness key expires a few seconds after the worker stops refreshing it, which is how a job
left ``started`` by a killed worker is found quickly (see :mod:`viktorlite.jobs.reaper`). So the
beat must never wait on anything that grows with what jobs do: the private-disk listing the
dashboard shows is made elsewhere, on demand (:mod:`.disk_report`). A beat that took longer than
the key lives would declare a live worker dead and fail its jobs.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time

from redis import RedisError

from viktorlite.store.connection import connect
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

INTERVAL = 1.0
ALIVE_TTL_MS = 3000


class Heartbeat(threading.Thread):
    """Background thread of the worker parent; uses its own Redis connection (never the forked one)."""

    def __init__(self, redis_url: str, app: str, name: str) -> None:
        super().__init__(name=f"heartbeat-{name}", daemon=True)
        self._redis = connect(redis_url, socket_timeout=2)
        self._keys = Keys(app)
        self._name = name
        self._pid = os.getpid()

    def beat(self) -> None:
        info = {"pid": self._pid, "at": time.time()}
        with self._redis.pipeline() as pipe:
            pipe.set(self._keys.worker_alive(self._name), self._pid, px=ALIVE_TTL_MS)
            pipe.set(self._keys.worker_info(self._name), json.dumps(info), ex=60)
            pipe.execute()

    def run(self) -> None:
        failing = False  # logged once per Redis outage, not every second
        while os.getpid() == self._pid:  # a forked work horse has no copy of this thread anyway
            try:
                self.beat()
                if failing:
                    log.warning("heartbeat of %s works again", self._name)
                failing = False
            except (RedisError, OSError) as exc:
                if not failing:
                    log.warning("heartbeat of %s failed: %s; retrying every %s s", self._name, exc, INTERVAL)
                failing = True
            time.sleep(INTERVAL)
