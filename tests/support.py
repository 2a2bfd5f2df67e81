"""Helpers the tests share (importable as ``support``: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import httpx2
import redis

from viktorlite.processes import ManagedProcess
from viktorlite.store import serve_info
from viktorlite.store.manifest import read_manifest

if TYPE_CHECKING:
    from redis.asyncio import Redis as AsyncRedis

    from viktorlite.web.event_fanout import ChannelFamily, EventFanout, Message, Resync, Subscription

#: Ports the tests hand to the processes they start: below the kernel's ephemeral range (32768 and up
#: here), which it gives to every bind to port 0 and every outgoing connection, and a block of its own
#: for each xdist worker. A port found free and then handed to a process that binds it later could be
#: taken in between: a run under load saw ``serve --port`` find its port in use.
_PORT_BLOCK = 1500
_port_counter = itertools.count()


def free_port(host: str = "", *, avoid: Collection[int] = ()) -> int:
    """A port nothing listens on now (on ``host``; all interfaces by default), from this test process's
    own block, other than ``avoid``; successive calls go round the block."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    first = 20000 + (worker % 8) * _PORT_BLOCK
    for _ in range(_PORT_BLOCK):
        port = first + next(_port_counter) % _PORT_BLOCK
        if port in avoid:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
        return port
    raise AssertionError(f"no free port in {first}-{first + _PORT_BLOCK - 1}")


APPS = Path(__file__).parent / "apps"
SAMPLE_APPS = Path(__file__).parent.parent / "sample_apps"
#: The ``viktorlite`` command, run from the installed package (``-P``: not the source tree in cwd).
VIKTORLITE = [sys.executable, "-P", "-m", "viktorlite"]
#: Seconds to wait for something that normally takes a second or two: a deadline that only guards
#: against a hang (a wait ends as soon as its condition holds), generous for a loaded machine.
HANG = 120.0


def run_viktorlite(*args: str | Path, timeout: float = 180, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run one ``viktorlite`` command to its end, its output captured as text."""
    return subprocess.run([*VIKTORLITE, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs)


def copy_app(source: Path, parent: Path) -> Path:
    """A copy of an app under a unique name, so tests never share Redis keys."""
    target = parent / f"{source.name}-{uuid.uuid4().hex[:8]}"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".viktorlite", "__pycache__"))
    return target


def run_async(func: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """``anyio.run(func, *args)`` in a thread of its own: Playwright's sync API (a browser test earlier
    on the same xdist worker) leaves an event loop running in the test thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, func, *args).result()


def run_with_fanout(
    redis_url: str,
    body: Callable[[EventFanout, AsyncRedis], Awaitable[None]],
    families: Sequence[ChannelFamily] | None = None,
) -> None:
    """``body(fanout, client)`` within :data:`HANG`, while an :class:`EventFanout` on a fresh async
    Redis client (with ``families``, if given) runs beside it."""
    from redis.asyncio import Redis as AsyncRedis

    from viktorlite.web.event_fanout import EventFanout

    async def main() -> None:
        client = AsyncRedis.from_url(redis_url)
        fanout = EventFanout(client) if families is None else EventFanout(client, families=list(families))
        async with anyio.create_task_group() as group:
            group.start_soon(fanout.run)
            with anyio.fail_after(HANG):
                await body(fanout, client)
            group.cancel_scope.cancel()
        await client.aclose()

    run_async(main)


async def next_message(subscription: Subscription) -> Message | Resync:
    """The subscription's next item, however long it takes (the caller bounds the wait)."""
    while (item := await subscription.get(1.0)) is None:
        pass
    return item


async def hears_entity(lines: AsyncIterator[str], marker: str, on_ready: Callable[[], None]) -> bool:
    """Read an ``/api/events`` stream: ``on_ready()`` at its ``ready`` event; True at the first
    ``entity`` event whose data holds ``marker``, False if the stream ends before one."""
    event = None
    async for line in lines:
        if line.startswith("event:"):
            event = line.removeprefix("event:").strip()
        elif line.startswith("data:") and event == "ready":
            on_ready()
        elif line.startswith("data:") and event == "entity" and marker in line:
            return True
    return False


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def wait_for_manifest(client: redis.Redis, name: str, timeout: float = HANG) -> dict:
    wait_until(lambda: read_manifest(client, name) is not None, timeout, f"a manifest for {name}")
    manifest = read_manifest(client, name)
    assert manifest is not None
    return manifest


def responds_ok(url: str) -> bool:
    """A GET of ``url`` answers 200 (False while nothing listens there yet)."""
    try:
        return httpx2.get(url).status_code == 200
    except httpx2.HTTPError:
        return False


def jobs_ended(url: str, at_least: int, method: str | None = None) -> bool:
    """The app served at ``url`` has run at least ``at_least`` jobs (of ``method``, if given; its
    dashboard's recent jobs), and every one of them has ended."""
    jobs = [job for job in httpx2.get(url + "/api/dashboard").json()["jobs"] if method in (None, job["method"])]
    return len(jobs) >= at_least and all(job["status"] in ("finished", "failed", "stopped") for job in jobs)


def start_web(
    app_dir: Path, redis_url: str, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[ManagedProcess, str]:
    """The real ``viktorlite web`` process, listening on a free loopback port (``env`` adds variables;
    ``cwd`` is where it runs, for an ``app_dir`` given relative to it)."""
    port = free_port()
    web = ManagedProcess(
        "web",
        [
            *[sys.executable, "-P", "-m", "viktorlite", "web", str(app_dir)],
            *["--redis-url", redis_url, "--port", str(port), *args],
        ],
        env={**os.environ, **env} if env else None,
        cwd=cwd,
    )
    web.start()
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return web, f"http://127.0.0.1:{port}"
        except OSError:
            assert web.alive(), "the web process exited at start"
            time.sleep(0.05)
    raise AssertionError(f"the web process did not listen within {HANG} s")


def default_sigint() -> None:
    """``preexec_fn`` for a child that a test stops with SIGINT (Ctrl-C).

    A suite started in the background by a shell has SIGINT ignored, and a child inherits that:
    it would never see the test's Ctrl-C. The child gets the default action back instead.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Served:
    def __init__(
        self, app_dir: Path, *args: str, env: dict[str, str] | None = None, command: list[str] | None = None
    ) -> None:
        """``env`` adds environment variables; with VIKTORLITE_ACCESS_TOKEN readiness is checked with it.

        ``command`` is the ``viktorlite`` to run (another installation's), this one's by default.
        """
        self.app_dir = Path(app_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [*(command or VIKTORLITE), "serve", str(app_dir), "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **env} if env else None,
            preexec_fn=default_sigint,  # stop() sends it SIGINT
        )
        self.output: list[str] = []
        # Keep draining the pipe: the children share it, and a full pipe would block them.
        threading.Thread(target=self._drain, daemon=True).start()
        wait_until(lambda: "press Ctrl-C" in self.text() or self.process.poll() is not None, HANG, "the banner")
        assert self.process.poll() is None, "serve exited early:\n" + self.text()
        self.banner = self.text()
        token = (env or {}).get("VIKTORLITE_ACCESS_TOKEN")
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        wait_until(lambda: httpx2.get(self.url + "/api/app", headers=auth).status_code == 200, HANG, "the manifest")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def text(self) -> str:
        return "".join(self.output)

    def redis_url(self) -> str:
        """The Redis this serve uses, password included: from its serve.json (the banner hides the password)."""
        args = self.process.args
        data_dir = Path(args[args.index("--data-dir") + 1]) if "--data-dir" in args else self.app_dir / ".viktorlite"
        recorded = serve_info.read(data_dir)
        assert recorded is not None, f"no serve.json in {data_dir}"
        return recorded.redis_url

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=HANG)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.poll() is None:  # a test may have stopped it already
            self.stop()


# -- hot reload ---------------------------------------------------------------------------------

_PARAMETRIZATION_CLASS = re.compile(r"^class Parametrization\(.*\):\n", re.MULTILINE)


def hot_reload_app(parent: Path) -> Path:
    """The app the hot-reload tests serve and edit (swap in one made by ``viktorlite new`` here)."""
    return copy_app(APPS / "hot_reload", parent)


def add_number_field(app_file: Path, name: str, label: str, default: float) -> None:
    """Save ``app_file`` with a NumberField added first in its ``Parametrization``, as a user would."""
    text = app_file.read_text()
    match = _PARAMETRIZATION_CLASS.search(text)
    assert match, f"{app_file} has no 'class Parametrization(...):' line"
    field = f'    {name} = vkt.NumberField("{label}", default={default})\n'
    app_file.write_text(text[: match.end()] + field + text[match.end() :])


def break_syntax(app_file: Path) -> int:
    """Save ``app_file`` with a syntax error at its end; return the error's line number."""
    text = app_file.read_text()
    app_file.write_text(text + "\ndef broken(:\n")
    return text.count("\n") + 2


@contextlib.contextmanager
def untraced_in_this_thread() -> Iterator[None]:
    """Coverage's tracer off in this thread only, for a stretch where no viktorlite code runs in it.

    ``make test`` measures coverage with a tracer called for every Python call and line (Python 3.11's
    ``sys.settrace``), which makes pure-Python work in the test process 2-5x slower even where nothing is
    measured. A test whose own thread only generates requests (hypothesis, schemathesis) while the app
    answers in another thread (an ASGI portal, a server process) turns it off here: the other threads
    keep theirs, and threads started meanwhile get theirs (``threading.settrace``), so every line of
    viktorlite that runs is still measured. Without coverage (no tracer) this does nothing, and
    ``VIKTORLITE_TEST_PLAIN_COVERAGE=1`` keeps the tracer on (to compare: the same lines must be measured).
    """
    tracer = sys.gettrace()
    if tracer is None or os.environ.get("VIKTORLITE_TEST_PLAIN_COVERAGE") == "1":
        yield
        return
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(tracer)


def without_coverage(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """``env`` (this process' environment by default) without coverage's variables: a child process that
    runs no viktorlite code (pip, mkdocs, moto) is then not traced, which only made it slower."""
    source = os.environ if env is None else env
    return {key: value for key, value in source.items() if not key.startswith("COVERAGE_")}
