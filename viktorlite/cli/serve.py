"""``viktorlite serve``: Redis, a worker pool and the web process, supervised as one unit.

The supervisor only starts, watches and stops children: a worker that dies is replaced (with a
fresh private disk); an embedded Redis that dies is started again with its data (with backoff,
see :class:`RedisRestarts`), while the web answers 503 and the workers wait for it; if the web
process dies, everything is stopped. Ctrl-C or SIGTERM
stops the web process first, then the workers, then Redis, so nothing is left running.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import redis

from viktorlite.app.config import app_name, read_config
from viktorlite.app.environment import AppEnvError, AppPython, app_python
from viktorlite.cli.banner import Banner, redact
from viktorlite.cli.embedded_redis import EmbeddedRedis, EmbeddedRedisError, free_port
from viktorlite.cli.exit_codes import INTERRUPTED
from viktorlite.cli.reloader import Reloader
from viktorlite.log_format import colour_wanted
from viktorlite.processes import ManagedProcess, with_redis_url
from viktorlite.store import serve_info
from viktorlite.store.connection import connect, refused_credentials
from viktorlite.store.keys import Keys
from viktorlite.workers.pool import WorkerPool

log = logging.getLogger(__name__)
WATCH_INTERVAL = 0.2


@dataclass(frozen=True)
class ServeOptions:
    app_dir: Path
    host: str
    port: int
    workers: int
    production: bool
    redis_url: str | None
    data_dir: Path
    #: Seconds that running jobs get to finish when serve is stopped.
    grace: float = 5.0
    #: Access settings handed to the web process (the token through its environment, never argv).
    access_token: str | None = None
    users_file: Path | None = None
    #: ``text`` or ``json``: how the banner is shown (the children read VIKTORLITE_LOG_FORMAT).
    log_format: str = "text"
    #: Open the editor in the browser once everything is ready.
    open_browser: bool = False
    #: Restart the workers when the app's files change (dev mode).
    reload: bool = False
    #: Web processes sharing the port (``web --workers``).
    web_workers: int = 1
    #: The interpreter for the app's workers [default: :func:`~viktorlite.app.environment.app_python` of app_dir].
    python: AppPython | None = None


def wait_for_port(
    host: str, port: int, process: ManagedProcess, timeout: float = 30.0, stop: Callable[[], bool] = lambda: False
) -> bool:
    """True once ``process`` listens; False when it died, ``timeout`` passed or ``stop()`` said so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.alive() and not stop():
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def redis_server_version(redis_url: str) -> str | None:
    """The version the Redis server reports, or None when it cannot be asked."""
    try:
        return str(connect(redis_url, socket_timeout=5).info("server").get("redis_version"))
    except redis.RedisError:
        return None


class RedisRestarts:
    """When to start a crashed embedded Redis again: at once, then with a capped exponential
    backoff while it keeps failing (or dying soon after a start); gives up after
    :attr:`GIVE_UP_AFTER` failures in a row. Logged once per outage, and once when it is back."""

    FIRST_BACKOFF = 0.5
    MAX_BACKOFF = 30.0
    #: A server that ran this long before dying counts as a fresh outage (the backoff starts over).
    STABLE_SECONDS = 60.0
    GIVE_UP_AFTER = 10

    def __init__(self) -> None:
        self.failures = 0
        self.next_try = 0.0
        self.down_since: float | None = None
        self.started_at = time.monotonic()
        self.restarts = 0

    def due(self) -> bool:
        return time.monotonic() >= self.next_try

    def died(self, exit_code: int | None) -> None:
        if self.down_since is not None:
            return
        self.down_since = time.monotonic()
        if self.down_since - self.started_at > self.STABLE_SECONDS:
            self.failures = 0
        log.error("the embedded Redis exited (code %s); starting it again with its data", exit_code)
        self._back_off()

    def failed(self, error: Exception) -> bool:
        """A restart did not work; False once it is time to give up."""
        if self.failures == 0 or self.failures + 1 >= self.GIVE_UP_AFTER:
            log.error("the embedded Redis did not start again: %s", error)
        self._back_off()
        return self.failures < self.GIVE_UP_AFTER

    def back(self) -> None:
        assert self.down_since is not None
        self.restarts += 1
        log.warning(
            "the embedded Redis is back after %.1f s (restart %d)", time.monotonic() - self.down_since, self.restarts
        )
        self.down_since = None
        self.started_at = time.monotonic()

    def _back_off(self) -> None:
        wait = 0.0 if self.failures == 0 else min(self.MAX_BACKOFF, self.FIRST_BACKOFF * 2 ** (self.failures - 1))
        self.failures += 1
        self.next_try = time.monotonic() + wait


def open_in_browser(url: str) -> None:
    """``--open``: open ``url``, or say so when no browser could be started (it was silent)."""
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    if not opened:
        log.warning("--open: no browser could be started (the BROWSER variable chooses one); open %s yourself", url)


class Supervisor:
    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.embedded: EmbeddedRedis | None = None
        self.pool: WorkerPool | None = None
        self.web: ManagedProcess | None = None
        self.reloader: Reloader | None = None
        self.redis_url: str | None = None
        self.python: AppPython | None = None
        self.redis_restarts = RedisRestarts()
        self._stop_requested = False

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self._stop_requested = True

    def run(self) -> int:
        """Start everything, watch it until asked to stop; return the exit code."""
        signal.signal(signal.SIGINT, self._request_stop)
        signal.signal(signal.SIGTERM, self._request_stop)
        try:
            return self._start_and_watch()
        except (EmbeddedRedisError, AppEnvError) as exc:
            log.error("%s", exc)
            return 1
        finally:
            self.shutdown()

    def _start_and_watch(self) -> int:
        opts = self.options
        self.python = opts.python or app_python(opts.app_dir)
        log.info("the app's workers run with %s", self.python.describe())
        redis_url = opts.redis_url
        refused = refused_credentials(redis_url) if redis_url is not None else None
        if refused is not None:  # every worker would stop at once, and be started again, forever
            log.error("Redis at %s refused the user or password: %s", redact(redis_url or ""), refused)
            return 1
        if redis_url is None:
            # Not the editor's port: the web process binds it only later, so the kernel may offer it.
            self.embedded = EmbeddedRedis(opts.data_dir / "redis", port=free_port(avoid={opts.port}))
            redis_url = self.embedded.start()
            log.info("%s listening on %s", self.embedded.binary, redact(redis_url), extra={"role": "redis"})
        self.redis_url = redis_url
        serve_info.write(opts.data_dir, opts.app_dir, redis_url, self.embedded.data_dir if self.embedded else None)
        self.pool = WorkerPool(
            opts.app_dir,
            redis_url,
            opts.data_dir,
            opts.workers,
            production=opts.production,
            python=self.python.path,  # the app's own environment, if installed
            spares=opts.reload,  # a reload then only waits for the app's own import
        )
        self.pool.start()
        if opts.reload:
            self.reloader = Reloader(opts.app_dir, self.pool.restart_all, ignore=[opts.data_dir]).start()
        web_env = with_redis_url(redis_url)
        if opts.access_token:
            web_env["VIKTORLITE_ACCESS_TOKEN"] = opts.access_token
        self.web = ManagedProcess(
            "web",
            [
                sys.executable,
                "-P",
                "-m",
                "viktorlite",
                "web",
                str(opts.app_dir),
                "--host",
                opts.host,
                "--port",
                str(opts.port),
                *(["--production"] if opts.production else []),
                *(["--workers", str(opts.web_workers)] if opts.web_workers > 1 else []),
                "--data-dir",
                str(opts.data_dir),
                *(["--users-file", str(opts.users_file)] if opts.users_file else []),
            ],
            env=web_env,
        )
        self.web.start()
        listening = wait_for_port(opts.host, opts.port, self.web, stop=lambda: self._stop_requested)
        if self._stop_requested:
            return INTERRUPTED  # Ctrl-C before serve was ready: not a clean stop of a running app
        if not listening:
            log.error("the web process did not start listening on %s:%s", opts.host, opts.port)
            return 1
        self._print_banner(redis_url)
        while not self._stop_requested:
            time.sleep(WATCH_INTERVAL)
            self.pool.replace_dead()
            if not self.web.alive():
                log.error("the web process exited (code %s); stopping", self.web.exit_code())
                return 1
            if self.embedded and not self.embedded.alive() and not self._restart_redis():
                log.error("the embedded Redis could not be started again; stopping")
                return 1
        return 0

    def _restart_redis(self) -> bool:
        """Start the crashed embedded Redis again when its backoff allows; False: give up."""
        assert self.embedded is not None
        restarts = self.redis_restarts
        restarts.died(self.embedded.exit_code())
        if not restarts.due():
            return True
        try:
            self.embedded.restart()
        except EmbeddedRedisError as exc:
            return restarts.failed(exc)
        restarts.back()
        return True

    def _print_banner(self, redis_url: str) -> None:
        opts = self.options
        url = f"http://{opts.host}:{opts.port}/"
        binary = self.embedded.binary if self.embedded else None
        version = redis_server_version(redis_url)
        if version:
            version = f"{Path(binary).name if binary else 'Redis'} {version}"
        Banner(
            url=url,
            app=opts.app_dir.name,
            app_dir=opts.app_dir,
            app_type=read_config(opts.app_dir).app_type,
            mode="production simulation" if opts.production else "dev",
            workers=opts.workers,
            redis_url=redis_url,
            redis_kind="embedded" if self.embedded else "external",
            redis_server=version,
            redis_binary=binary,
            data_dir=opts.data_dir,
            python=self.python.describe() if self.python else "",
        ).show(opts.log_format, colour=colour_wanted(sys.stdout))
        if opts.open_browser:
            # In a thread: a browser launcher that waits for its window must not hold up supervision.
            threading.Thread(target=open_in_browser, args=(url,), daemon=True).start()

    def shutdown(self) -> None:
        """Drain the workers while the web process still answers, end what they left, then stop."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if self.reloader is not None:
            self.reloader.stop()
        if self.pool is not None:
            self.pool.stop(grace=self.options.grace)
            if self.redis_url is not None:
                self._end_abandoned_jobs(self.redis_url)
        if self.web is not None:
            self.web.stop(grace=5)
        if self.embedded is not None:
            self.embedded.stop()

    def _end_abandoned_jobs(self, redis_url: str) -> None:
        """Jobs still running when the grace period ran out are failed now, not at the next start."""
        from viktorlite.jobs.reaper import reap_orphaned_jobs  # only at the end: RQ and the protocol load late

        assert self.pool is not None
        try:
            connection = connect(redis_url, socket_timeout=5)
            keys = Keys(app_name(self.options.app_dir))
            connection.delete(*[keys.worker_alive(name) for name in self.pool.names()])
            ended = reap_orphaned_jobs(connection, keys.app, grace_seconds=0)
            if ended:
                log.warning(
                    "stopped %d job(s) still running after the %s s grace period", len(ended), self.options.grace
                )
        except redis.RedisError as exc:
            log.warning("could not mark the jobs left running: %s", exc)
