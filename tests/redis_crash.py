"""Helpers of the Redis fault tests: find and kill -9 the embedded redis-server of a real serve."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import redis

from support import HANG, Served, descendants, wait_until


def redis_server_pid(served: Served) -> int | None:
    """The pid of the redis-server serve runs (a direct child), if one is alive."""
    for pid in descendants(served.process.pid):
        try:
            argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == served.process.pid and os.path.basename(argv0).startswith((b"redis-server", b"valkey-server")):
            return pid
    return None


def answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def crash_redis(served: Served) -> int:
    """kill -9 serve's redis-server; return the pid it had."""
    pid = redis_server_pid(served)
    assert pid is not None, "serve runs no redis-server"
    os.kill(pid, signal.SIGKILL)
    return pid


def wait_for_restarted_redis(served: Served, old_pid: int) -> int:
    """Wait until serve runs a new redis-server that answers; return its pid."""
    url = served.redis_url()

    def restarted() -> bool:
        pid = redis_server_pid(served)
        return pid is not None and pid != old_pid and answers(url)

    wait_until(lambda: restarted() or served.process.poll() is not None, HANG, "a restarted redis-server")
    assert served.process.poll() is None, "serve exited after its Redis died:\n" + served.text()[-3000:]
    pid = redis_server_pid(served)
    assert pid is not None
    return pid
