"""Helpers the tests share (importable as ``support``: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import shutil
import socket
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import redis

from viktorlite.embedded_redis import free_port
from viktorlite.manifest import read_manifest
from viktorlite.processes import ManagedProcess

APPS = Path(__file__).parent / "apps"
SAMPLE_APPS = Path(__file__).parent.parent / "sample_apps"


def copy_app(source: Path, parent: Path) -> Path:
    """A copy of an app under a unique name, so tests never share Redis keys."""
    target = parent / f"{source.name}-{uuid.uuid4().hex[:8]}"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".viktorlite", "__pycache__"))
    return target


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def wait_for_manifest(client: redis.Redis, name: str, timeout: float = 30.0) -> dict:
    wait_until(lambda: read_manifest(client, name) is not None, timeout, f"a manifest for {name}")
    manifest = read_manifest(client, name)
    assert manifest is not None
    return manifest


def start_web(app_dir: Path, redis_url: str) -> tuple[ManagedProcess, str]:
    """The real ``viktorlite web`` process, listening on a free loopback port."""
    port = free_port()
    web = ManagedProcess(
        "web",
        [sys.executable, "-P", "-m", "viktorlite", "web", str(app_dir), "--redis-url", redis_url, "--port", str(port)],
    )
    web.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return web, f"http://127.0.0.1:{port}"
        except OSError:
            assert web.alive(), "the web process exited at start"
            time.sleep(0.05)
    raise AssertionError("the web process did not listen within 30 s")
