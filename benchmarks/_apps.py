"""Real apps served for a benchmark: an embedded Redis, apps written to a temporary folder, each with a
worker pool (waited for until it publishes its manifest) and a ``viktorlite web`` process.

Why: the benchmarks that drive a real web process (dashboard, DynamicArray save, entity pages, editor
inputs and latency) each had the same set-up and tear-down; one place keeps them alike.
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis

from viktorlite.cli.embedded_redis import EmbeddedRedis, free_port
from viktorlite.processes import ManagedProcess
from viktorlite.store.manifest import read_manifest
from viktorlite.workers.pool import WorkerPool

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip


def start_web(app_dir: Path, redis_url: str) -> tuple[ManagedProcess, str]:
    """A ``viktorlite web`` process on a free port, once it accepts connections; and its URL."""
    port = free_port()
    command = [
        sys.executable,
        "-P",
        "-m",
        "viktorlite",
        "web",
        str(app_dir),
        "--redis-url",
        redis_url,
        "--port",
        str(port),
    ]
    web = ManagedProcess("web", command)
    web.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return web, url
        except OSError:
            if time.monotonic() > deadline or not web.alive():
                raise
            time.sleep(0.1)


@dataclass
class Apps:
    """The temporary folder, the Redis URL and the processes started so far (stopped last-first)."""

    root: Path
    redis_url: str
    processes: list[WorkerPool | ManagedProcess] = field(default_factory=list)

    def start_workers(
        self, name: str, source: str, *, workers: int = 1, data: str = "data", manifest_timeout: float = 60
    ) -> Path:
        """Write ``source`` as app ``name``, start its worker pool and wait for its manifest."""
        app_dir = self.root / name
        app_dir.mkdir()
        (app_dir / "app.py").write_text(source)
        (app_dir / "viktor.config.toml").write_text('app_type = "simple"\n')
        pool = WorkerPool(app_dir, self.redis_url, self.root / data, workers)
        pool.start()
        self.processes.append(pool)
        client = redis.Redis.from_url(self.redis_url)
        deadline = time.monotonic() + manifest_timeout
        while read_manifest(client, app_dir.name) is None:
            if time.monotonic() > deadline:
                raise TimeoutError("no manifest")
            time.sleep(0.05)
        return app_dir

    def start_web(self, app_dir: Path) -> str:
        """A web process for ``app_dir``: its URL."""
        web, url = start_web(app_dir, self.redis_url)
        self.processes.append(web)
        return url

    def serve(
        self, name: str, source: str, *, workers: int = 1, data: str = "data", manifest_timeout: float = 60
    ) -> tuple[Path, str]:
        """:meth:`start_workers` then :meth:`start_web`: the app's folder and the web URL."""
        app_dir = self.start_workers(name, source, workers=workers, data=data, manifest_timeout=manifest_timeout)
        return app_dir, self.start_web(app_dir)


@contextmanager
def served_apps(prefix: str) -> Iterator[Apps]:
    """A fresh embedded Redis in a temporary folder; on exit every process started is stopped and the
    folder removed."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    server = EmbeddedRedis(root / "redis")
    apps = Apps(root, server.start())
    try:
        yield apps
    finally:
        for process in reversed(apps.processes):
            process.stop()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
