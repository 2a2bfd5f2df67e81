"""Redis faults of issue 16 (items 8 and 9), for the table of benchmarks/faults.py.

Each runs real processes: a ``viktorlite serve`` of tests/apps/redis_faults whose embedded
redis-server is killed with SIGKILL, and a ``viktorlite web`` on a Redis this script kills and
starts again itself (to look at the web while Redis stays away).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import redis
from polling import wait
from rq import Worker

from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis, free_port
from viktorlite.jobs.queue import queue_for
from viktorlite.processes import ManagedProcess
from viktorlite.store import serve_info
from viktorlite.store.manifest import publish_manifest

APP = Path(__file__).resolve().parent.parent / "tests" / "apps" / "redis_faults"
WAIT = 120
Row = tuple[str, str, Callable[[], str]]


def answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


class Serve:
    """A real ``viktorlite serve`` of a copy of the app, its output kept."""

    def __init__(self, workdir: Path) -> None:
        self.app_dir = workdir / "redis_faults"
        shutil.copytree(APP, self.app_dir)
        self.url = f"http://127.0.0.1:{free_port()}"
        port = self.url.rsplit(":", 1)[1]
        argv = [sys.executable, "-P", "-m", "viktorlite", "serve", str(self.app_dir), "--port", port]
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        threading.Thread(target=lambda: self.output.extend(self.process.stdout or []), daemon=True).start()
        wait(lambda: self._get("/api/app") == 200, timeout=WAIT)
        info = serve_info.read(self.app_dir / ".viktorlite")
        assert info is not None
        self.redis_url = info.redis_url
        self.entity = self.post("/api/entities", {"entity_type": "Sample", "name": "F"})["id"]

    def _get(self, path: str) -> int:
        try:
            return httpx2.get(self.url + path, timeout=30).status_code
        except httpx2.HTTPError:
            return 0

    def get(self, path: str, **params: object) -> dict:
        return dict(httpx2.get(self.url + path, params=params, timeout=90).json())  # type: ignore[arg-type]

    def post(self, path: str, body: dict) -> dict:
        return dict(httpx2.post(self.url + path, json=body, timeout=30).json())

    def job(self, method: str, **params: object) -> str:
        body = {"method": method, "params": params} if params else {"method": method}
        return str(self.post(f"/api/entities/{self.entity}/jobs", body)["job_id"])

    def status(self, job_id: str, wait_s: float = 0) -> str:
        return str(self.get(f"/api/jobs/{job_id}", wait=wait_s)["status"])

    def redis_pid(self) -> int | None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                argv0 = (entry / "cmdline").read_bytes().split(b"\0")[0]
            except (OSError, ValueError, IndexError):
                continue
            if parent == self.process.pid and os.path.basename(argv0).startswith(b"redis-server"):
                return int(entry.name)
        return None

    def crash_redis(self) -> float:
        """kill -9 the redis-server; return the seconds until a new one answers (RuntimeError: serve exited)."""
        old = self.redis_pid()
        assert old is not None
        os.kill(old, signal.SIGKILL)
        restarted = lambda: self.redis_pid() not in (None, old) and answers(self.redis_url)  # noqa: E731
        seconds = wait(lambda: self.process.poll() is not None or restarted(), timeout=WAIT)
        if self.process.poll() is not None:
            raise RuntimeError(f"serve exited (code {self.process.poll()}) {seconds:.1f} s after its Redis died")
        return seconds

    def summary(self) -> object:
        (entity,) = [e for e in self.get_list("/api/entities") if e["id"] == self.entity]
        return entity["summary"].get("value", {}).get("value")

    def get_list(self, path: str) -> list:
        return list(httpx2.get(self.url + path, timeout=30).json())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=WAIT)


@contextmanager
def web_on_own_redis(workdir: Path) -> Iterator[tuple[str, EmbeddedRedis]]:
    """A ``viktorlite web`` (no worker) on an embedded Redis this script controls."""
    server = EmbeddedRedis(workdir / "own-redis")
    url = server.start()
    app_dir = workdir / "web_app"
    shutil.copytree(APP, app_dir)
    publish_manifest(redis.Redis.from_url(url), build_manifest(load_app(app_dir, name=app_name(app_dir))))
    port = free_port()
    env = {**os.environ, "VIKTORLITE_LOG_FORMAT": "text"}
    argv = [sys.executable, "-P", "-m", "viktorlite", "web", str(app_dir), "--redis-url", url, "--port", str(port)]
    web = ManagedProcess("web", argv, env=env, log_file=workdir / "web.log")
    web.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait(lambda: _status(base + "/api/app") == 200, timeout=WAIT)
        yield base, server
    finally:
        web.stop()
        server.stop()


def _status(url: str, **headers: str) -> int:
    try:
        return httpx2.get(url, headers=headers, timeout=30).status_code
    except httpx2.HTTPError:
        return 0


def rows(workdir: Path) -> Iterator[tuple[str, str, str]]:
    """Run each Redis fault; yield (fault, expected, observed)."""
    serve = Serve(workdir)
    try:
        for fault, expected, check in serve_cases(serve):
            yield fault, expected, observe(check)
    finally:
        serve.stop()
    with web_on_own_redis(workdir) as (base, server):
        yield "9b. requests while Redis is away", "API 503 JSON, page 503, /healthz 503", observe(away(base, server))


def observe(check: Callable[[], str]) -> str:
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - a fault that breaks the run is an observation too
        return f"ERROR {type(exc).__name__}: {exc}"


def serve_cases(s: Serve) -> list[Row]:
    def restart() -> str:
        saved = httpx2.put(s.url + f"/api/entities/{s.entity}/params", json={"params": {"value": 5}}, timeout=30)
        assert saved.status_code == 200, saved.text
        seconds = s.crash_redis()
        detail = s.get(f"/api/entities/{s.entity}")
        ended = s.status(s.job("quick"), wait_s=60)
        alive = "serve running" if s.process.poll() is None else f"serve exited {s.process.poll()}"
        return (
            f"new redis-server answers after {seconds:.1f} s; revision {detail['revision']} kept; job {ended}; {alive}"
        )

    def summaries() -> str:
        httpx2.put(s.url + f"/api/entities/{s.entity}/params", json={"params": {"value": 7}}, timeout=30)
        seconds = wait(lambda: s.summary() == 7, timeout=WAIT)
        health = httpx2.get(s.url + "/healthz", timeout=30)
        states = ", ".join(f"{k} {v['state']}" for k, v in health.json()["loops"].items())
        return f"summary after {seconds:.1f} s; /healthz {health.status_code} ({states})"

    def reaper() -> str:
        job_id = s.job("sleepy", seconds=60)
        wait(lambda: s.status(job_id) == "started", timeout=WAIT)
        (worker,) = Worker.all(connection=redis.Redis.from_url(s.redis_url))
        os.kill(worker.pid, signal.SIGSTOP)
        try:
            seconds = wait(lambda: s.status(job_id) != "started", timeout=WAIT)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
        return f"{s.status(job_id)} after {seconds:.1f} s"

    def stuck() -> str:
        connection = redis.Redis.from_url(s.redis_url)
        wait(lambda: s.status(s.job("quick"), wait_s=60) == "finished", timeout=WAIT)  # a replaced worker is up
        busy = s.job("sleepy", seconds=5)
        wait(lambda: s.status(busy) == "started", timeout=WAIT)
        job_id = s.job("quick")
        queue = queue_for(connection, app_name(s.app_dir))
        assert connection.lmove(queue.key, queue.intermediate_queue_key) == job_id.encode()
        s.crash_redis()
        seconds = wait(lambda: s.status(job_id) == "finished", timeout=WAIT)
        return f"finished {seconds:.1f} s after the restart"

    return [
        ("9a. kill -9 embedded Redis under serve", "restarted, data kept, jobs run", restart),
        ("8a. new revision after the Redis crash", "summary computed, loops ok", summaries),
        ("8b. worker stops beating after the crash", "job failed by the reaper", reaper),
        ("9c. job dequeued, then Redis killed", "runs within 20 s of restart", stuck),
    ]


def away(base: str, server: EmbeddedRedis) -> Callable[[], str]:
    def check() -> str:
        assert server.process is not None and server.process.pid is not None
        os.kill(server.process.pid, signal.SIGKILL)
        wait(lambda: not server.process.alive(), timeout=WAIT)  # type: ignore[union-attr]
        api = httpx2.get(base + "/api/entities", timeout=30)
        page = _status(base + "/", Accept="text/html")
        with contextlib.suppress(TimeoutError):  # the reaper notices within a second or two
            wait(lambda: "job_reaper" in httpx2.get(base + "/healthz", timeout=30).text, timeout=20)
        health = httpx2.get(base + "/healthz", timeout=30)
        said = health.json().get("error", "")[:60] if health.status_code == 503 else health.text[:30]
        started = time.monotonic()
        server.start()  # same port, password and data dir
        back = wait(lambda: _status(base + "/api/entities") == 200, timeout=WAIT) + time.monotonic() - started
        return (
            f"API {api.status_code} {api.json()['error'][:40]!r}...; page {page}; /healthz {health.status_code} "
            f"({said}...); API 200 again {back:.1f} s after restart"
        )

    return check
