"""``viktorlite serve`` as a user runs it: one command, a real process tree, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis
from rq import Worker

from support import APPS, copy_app, wait_until
from viktorlite.embedded_redis import free_port


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
    def __init__(self, app_dir: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "viktorlite", "serve", str(app_dir), "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: list[str] = []
        # Keep draining the pipe: the children share it, and a full pipe would block them.
        threading.Thread(target=self._drain, daemon=True).start()
        wait_until(lambda: "press Ctrl-C" in self.text() or self.process.poll() is not None, 60, "the banner")
        assert self.process.poll() is None, "serve exited early:\n" + self.text()
        self.banner = self.text()
        wait_until(lambda: httpx2.get(self.url + "/api/app").status_code == 200, 30, "the manifest")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def text(self) -> str:
        return "".join(self.output)

    def redis_url(self) -> str:
        return next(part for part in self.banner.split() if part.startswith("redis://"))

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return copy_app(APPS / "calculator", tmp_path)


@pytest.fixture
def served(app_dir: Path) -> Iterator[Served]:
    server = Served(app_dir)
    yield server
    if server.process.poll() is None:
        server.stop()


def test_serve_runs_the_app_and_ctrl_c_stops_every_process(served: Served, app_dir: Path):
    assert f"at {served.url}/" in served.banner
    assert "mode: dev, workers: 1" in served.banner
    assert "(embedded)" in served.banner
    family = descendants(served.process.pid)
    assert len(family) >= 3  # redis, web, worker (plus the worker's children, if any)
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
    job = httpx2.post(served.url + f"/api/entities/{entity['id']}/jobs", json={"method": "result"}).json()
    outcome = httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 20}).json()
    assert outcome["status"] == "finished"
    assert served.stop(signal.SIGINT) == 0
    wait_until(lambda: not any(alive(pid) for pid in family), 10, "every child to exit")
    assert (app_dir / ".viktorlite" / "redis" / "appendonlydir").is_dir() or any(
        (app_dir / ".viktorlite" / "redis").glob("*.aof")
    )


def test_saved_params_survive_a_restart(app_dir: Path):
    first = Served(app_dir)
    try:
        entity = httpx2.post(first.url + "/api/entities", json={"entity_type": "Calculator", "name": "Keep"}).json()
        saved = httpx2.put(
            first.url + f"/api/entities/{entity['id']}/params", json={"params": {"numbers": {"a": 4, "b": 5}}}
        )
        assert saved.json() == {"revision": 2}
    finally:
        assert first.stop() == 0
    second = Served(app_dir)
    try:
        detail = httpx2.get(second.url + f"/api/entities/{entity['id']}").json()
        assert detail["name"] == "Keep"
        assert detail["revision"] == 2
        assert detail["params"] == {"numbers": {"a": 4, "b": 5}}
    finally:
        second.stop()


def test_a_dead_worker_is_replaced_and_the_app_keeps_serving(served: Served):
    connection = redis.Redis.from_url(served.redis_url())
    workers = Worker.all(connection=connection)
    assert [w.name for w in workers] == ["worker-1"]
    old_pid = workers[0].pid
    os.kill(old_pid, signal.SIGKILL)

    def replaced() -> bool:
        return any(w.name == "worker-1" and w.pid != old_pid for w in Worker.all(connection=connection))

    wait_until(replaced, 20, "a new worker-1")
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
    job = httpx2.post(served.url + f"/api/entities/{entity['id']}/jobs", json={"method": "constant"}).json()
    assert httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 20}).json()["status"] == "finished"


def test_a_killed_supervisor_leaves_no_orphans(served: Served):
    family = descendants(served.process.pid)
    served.process.kill()
    served.process.wait()
    wait_until(lambda: not any(alive(pid) for pid in family), 10, "the orphaned children to exit")


def test_production_starts_three_workers_each_with_its_own_disk(app_dir: Path):
    server = Served(app_dir, "--production")
    try:
        assert "mode: production simulation, workers: 3" in server.banner
        connection = redis.Redis.from_url(server.redis_url())
        wait_until(lambda: len(Worker.all(connection=connection)) == 3, 20, "three workers")
        assert sorted(w.name for w in Worker.all(connection=connection)) == ["worker-1", "worker-2", "worker-3"]
        disks = app_dir / ".viktorlite" / "workers"
        assert sorted(p.name for p in disks.iterdir()) == ["worker-1", "worker-2", "worker-3"]
        assert all((disk / "app" / "app.py").is_file() for disk in disks.iterdir())
    finally:
        server.stop()


def test_serve_refuses_an_app_folder_without_config(tmp_path: Path):
    (tmp_path / "app.py").write_text("")
    result = subprocess.run(
        [sys.executable, "-P", "-m", "viktorlite", "serve", str(tmp_path)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0
    assert "viktor.config.toml is missing" in result.stderr
