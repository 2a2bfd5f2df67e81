"""``viktorlite web --workers N``: N web processes sharing one listening socket, supervised.

One web process is one Python thread of request handling; N of them use N cores. The parent
binds the port and hands the socket to N ``viktorlite web`` children (an inherited file
descriptor); each child builds its own app, so each has its own Redis pools and its own single
pub/sub connection that fans events out to its SSE streams (web/event_fanout.py). A child that
dies is replaced (with a backoff while it keeps dying young); SIGTERM or Ctrl-C stops them all.

Why our own supervisor, not uvicorn's ``workers=``: uvicorn's children are ``multiprocessing``
spawns that outlive a SIGKILLed parent, holding the port; ours are :class:`ManagedProcess` es,
which the kernel stops when their parent dies, like every other child of viktorlite; uvicorn's
also need the app as an import string built from the environment, where ours run the ``web``
command itself. Why one inherited socket, not SO_REUSEPORT: one accept queue, so connections
waiting for a process that is killed are taken by another instead of being reset, and no other
program can join the port. The parent only binds: the first child that is ready listens (asyncio's
``create_server``), so a client (serve's readiness check) is refused until one can answer.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import uvicorn

from viktorlite.cli.instance_lock import HELD_BY_PARENT_ENV
from viktorlite.processes import ManagedProcess, with_redis_url

if TYPE_CHECKING:
    from starlette.applications import Starlette

log = logging.getLogger(__name__)

#: Where a child finds the inherited listening socket's file descriptor.
SOCKET_FD_ENV = "VIKTORLITE_WEB_SOCKET_FD"
#: Seconds the children get to finish their requests when stopped (then SIGKILL); a child ends
#: its open event streams after CHILD_SHUTDOWN_SECONDS, within serve's own grace for the web.
STOP_GRACE = 4.0
CHILD_SHUTDOWN_SECONDS = 3
WATCH_INTERVAL = 0.2
#: A child that ran this long before dying is replaced at once; one dying younger, after a backoff.
STABLE_SECONDS = 30.0
MAX_BACKOFF = 30.0


def bind_socket(host: str, port: int) -> socket.socket:
    """The port, bound but not listening yet, for the children to inherit."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def inherited_socket() -> socket.socket | None:
    """In a child: the socket its supervisor bound (its family read from the descriptor, so
    accepted TCP connections get TCP_NODELAY as usual); None in a process started on its own."""
    fd = os.environ.get(SOCKET_FD_ENV)
    return socket.socket(fileno=int(fd)) if fd else None


class _Child:
    def __init__(self, process: ManagedProcess) -> None:
        self.process = process
        self.started = 0.0
        self.failures = 0
        self.next_start = 0.0

    def start(self) -> None:
        self.process.start()
        self.started = time.monotonic()

    def died(self) -> None:
        """Plan the next start: at once after a long life, later after each short one."""
        lived = time.monotonic() - self.started
        self.failures = 0 if lived > STABLE_SECONDS else self.failures + 1
        wait = 0.0 if self.failures == 0 else min(MAX_BACKOFF, 0.5 * 2 ** (self.failures - 1))
        code = self.process.exit_code()
        log.warning("web process %s exited (code %s); another in %.1f s", self.process.pid, code, wait)
        self.process.stop(grace=0)  # whatever its group still holds goes with it
        self.process.popen = None
        self.next_start = time.monotonic() + wait


class WebProcesses:
    """Start ``count`` web processes on ``sock``; :meth:`run` watches them until SIGTERM or Ctrl-C."""

    def __init__(self, count: int, sock: socket.socket, argv: list[str], env: dict[str, str]) -> None:
        self.sock = sock
        env = {**env, SOCKET_FD_ENV: str(sock.fileno())}
        self.children = [_Child(_child_process(argv, env, sock)) for _ in range(count)]
        self._stop = False

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self._stop = True

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._request_stop)
        signal.signal(signal.SIGTERM, self._request_stop)
        try:
            while not self._stop:
                for child in self.children:
                    if child.process.popen is not None and not child.process.alive():
                        child.died()
                    if child.process.popen is None and time.monotonic() >= child.next_start:
                        child.start()
                time.sleep(WATCH_INTERVAL)
            return 0
        finally:
            self.stop()

    def stop(self) -> None:
        """SIGTERM to every child at once, then SIGKILL to those still running after STOP_GRACE."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        running = [child.process for child in self.children if child.process.alive()]
        for process in running:
            process.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for process in running:
            process.stop(grace=max(0.0, deadline - time.monotonic()))
        self.sock.close()


@dataclass(frozen=True)
class ChildOptions:
    """What each child's ``viktorlite web`` command line says."""

    app_dir: Path
    host: str
    port: int
    production: bool
    log_format: str
    data_dir: Path

    def argv(self, users_file: Path | None) -> list[str]:
        """The command (the Redis URL and the token go through the environment, never argv)."""
        argv = [sys.executable, "-P", "-m", "viktorlite", "web", str(self.app_dir), "--host", self.host]
        argv += ["--port", str(self.port), "--log-format", self.log_format, "--data-dir", str(self.data_dir)]
        argv += ["--production"] if self.production else []
        return argv + (["--users-file", str(users_file)] if users_file else [])


def supervise(
    count: int, options: ChildOptions, redis_url: str, users_file: Path | None, access_token: str | None
) -> int:
    """Bind the port, run ``count`` children on it until stopped; the exit code."""
    env = with_redis_url(redis_url)
    env[HELD_BY_PARENT_ENV] = str(options.data_dir)  # the children share the supervisor's lock of the data dir
    if access_token:
        env["VIKTORLITE_ACCESS_TOKEN"] = access_token
    sock = bind_socket(options.host, options.port)
    return WebProcesses(count, sock, options.argv(users_file), env).run()


def serve_child(app: Starlette, sock: socket.socket) -> None:
    """Serve ``app`` on the supervisor's socket, as ``uvicorn.run`` serves a port."""
    # log_config=None: uvicorn's loggers go through configure_logging's handler, like everything else.
    config = uvicorn.Config(app, log_level="warning", log_config=None)
    config.timeout_graceful_shutdown = CHILD_SHUTDOWN_SECONDS  # open event streams end within STOP_GRACE
    uvicorn.Server(config).run(sockets=[sock])


def _child_process(argv: list[str], env: dict[str, str], sock: socket.socket) -> ManagedProcess:
    return ManagedProcess("web", argv, env=env, pass_fds=(sock.fileno(),))
