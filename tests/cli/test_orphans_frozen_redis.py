"""A SIGKILLed ``serve`` leaves no orphans even when its Redis stops answering first
(viktorlite.processes.exit_when_orphaned, issue 15).

test_serve.py's ``test_a_killed_supervisor_leaves_no_orphans`` once found a worker still asleep in
a retry, parent 1: the kernel's SIGTERM had started its warm shutdown, which waited on the Redis that
died with ``serve``. That happened only when the machine was slow enough for the worker to be
mid-request as Redis went. Here the Redis is frozen (SIGSTOP) before ``serve`` is killed, so every
worker and web process meets a Redis that never answers, every time.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from support import APPS, HANG, Served, alive, copy_app, descendants, wait_until


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return copy_app(APPS / "calculator", tmp_path)


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_the_children_of_a_killed_serve_end_even_with_their_redis_frozen(served: Served):
    family = descendants(served.process.pid)
    (redis_pid,) = [pid for pid in family if "redis-server" in command(pid) or "valkey-server" in command(pid)]
    others = family - {redis_pid}
    os.kill(redis_pid, signal.SIGSTOP)
    try:
        served.process.kill()
        served.process.wait()
        try:
            wait_until(lambda: not any(alive(pid) for pid in others), HANG, "the orphaned children to exit")
        except AssertionError as timed_out:
            still = [command(pid) for pid in others if alive(pid)]
            raise AssertionError(f"{timed_out}; still running: {still}") from None
    finally:
        os.kill(redis_pid, signal.SIGKILL)
