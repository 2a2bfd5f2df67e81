"""``viktorlite serve`` as a user runs it: one command, a real process tree, a clean stop."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import httpx2
import pytest
import redis
from rq import Worker

from support import APPS, HANG, Served, alive, copy_app, descendants, run_viktorlite, wait_until


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return copy_app(APPS / "calculator", tmp_path)


def test_serve_runs_the_app_and_ctrl_c_stops_every_process(served: Served, app_dir: Path):
    assert f"at {served.url}/" in served.banner
    assert "mode: dev, workers: 1" in served.banner
    assert "(embedded)" in served.banner
    family = descendants(served.process.pid)
    assert len(family) >= 3  # redis, web, worker (plus the worker's children, if any)
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
    job = httpx2.post(served.url + f"/api/entities/{entity['id']}/jobs", json={"method": "result"}).json()
    outcome = httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 60}, timeout=120).json()
    assert outcome["status"] == "finished"
    assert served.stop(signal.SIGINT) == 0
    wait_until(lambda: not any(alive(pid) for pid in family), 120, "every child to exit")
    assert (app_dir / ".viktorlite" / "redis" / "appendonlydir").is_dir() or any(
        (app_dir / ".viktorlite" / "redis").glob("*.aof")
    )


def test_ctrl_c_ends_open_event_streams_cleanly(served: Served):
    received: list[str] = []

    def listen() -> None:
        with httpx2.stream("GET", served.url + "/api/events", timeout=30) as events:
            for line in events.iter_lines():
                received.append(line)

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    wait_until(lambda: "event: ready" in received, HANG, "the stream's ready event")
    assert served.stop(signal.SIGINT) == 0
    listener.join(timeout=HANG)  # a hang guard: the stream ends with serve
    assert not listener.is_alive(), "the event stream was left open"
    assert "ASGI callable returned without completing response" not in served.text()


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


def registered_workers(connection: redis.Redis) -> list[Worker]:
    """The workers registered with RQ, once there is one: a worker publishes the manifest ``Served``
    waits for a moment before it registers (longer on a loaded machine)."""
    wait_until(lambda: Worker.all(connection=connection), HANG, "a worker to register")
    return Worker.all(connection=connection)


def test_a_dead_worker_is_replaced_and_the_app_keeps_serving(served: Served):
    connection = redis.Redis.from_url(served.redis_url())
    workers = registered_workers(connection)
    assert [w.name for w in workers] == ["worker-1"]
    old_pid = workers[0].pid
    os.kill(old_pid, signal.SIGKILL)

    def replaced() -> bool:
        return any(w.name == "worker-1" and w.pid != old_pid for w in Worker.all(connection=connection))

    wait_until(replaced, 120, "a new worker-1")
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
    job = httpx2.post(served.url + f"/api/entities/{entity['id']}/jobs", json={"method": "constant"}).json()
    assert (
        httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 60}, timeout=120).json()["status"]
        == "finished"
    )


def test_a_killed_supervisor_leaves_no_orphans(served: Served):
    family = descendants(served.process.pid)
    served.process.kill()
    served.process.wait()
    try:
        wait_until(lambda: not any(alive(pid) for pid in family), 120, "the orphaned children to exit")
    except AssertionError as timed_out:
        raise AssertionError(f"{timed_out}; still running: {survivors(family)}") from None


def survivors(pids: set[int]) -> list[str]:
    """What the processes of ``pids`` that still run are and where they wait, for the failure message."""
    described = []
    for pid in sorted(pid for pid in pids if alive(pid)):
        proc = Path(f"/proc/{pid}")
        try:
            command = proc.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            waiting = proc.joinpath("wchan").read_text()
            parent = proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            continue
        described.append(f"{pid} (parent {parent}, waiting in {waiting or '-'}): {command.strip()}")
    return described


def test_production_starts_three_workers_each_with_its_own_disk(app_dir: Path):
    server = Served(app_dir, "--production")
    try:
        assert "mode: production simulation, workers: 3" in server.banner
        connection = redis.Redis.from_url(server.redis_url())
        wait_until(lambda: len(Worker.all(connection=connection)) == 3, 120, "three workers")
        assert sorted(w.name for w in Worker.all(connection=connection)) == ["worker-1", "worker-2", "worker-3"]
        disks = app_dir / ".viktorlite" / "workers"
        assert sorted(p.name for p in disks.iterdir()) == ["worker-1", "worker-2", "worker-3"]
        assert all((disk / "app" / "app.py").is_file() for disk in disks.iterdir())
    finally:
        server.stop()


def test_serve_refuses_an_app_folder_without_config(tmp_path: Path):
    (tmp_path / "app.py").write_text("")
    result = run_viktorlite("serve", tmp_path, timeout=120)
    assert result.returncode != 0
    assert "viktor.config.toml is missing" in result.stderr


def start_sleepy(server: Served, seconds: float) -> str:
    entity = httpx2.post(server.url + "/api/entities", json={"entity_type": "Faults", "name": "F"}).json()
    body = {"method": "sleepy", "params": {"seconds": seconds, "attempts_file": ""}}
    job_id = httpx2.post(server.url + f"/api/entities/{entity['id']}/jobs", json=body).json()["job_id"]
    wait_until(lambda: httpx2.get(server.url + f"/api/jobs/{job_id}").json()["status"] == "started", 120, "a start")
    return job_id


def test_ctrl_c_lets_a_running_job_finish_within_the_grace_period(tmp_path: Path):
    app_dir = copy_app(APPS / "faults", tmp_path)
    first = Served(app_dir, "--grace", "20")
    job_id = start_sleepy(first, 1.5)
    assert first.stop() == 0
    second = Served(app_dir)
    try:
        assert httpx2.get(second.url + f"/api/jobs/{job_id}").json()["status"] == "finished"
    finally:
        second.stop()


def test_ctrl_c_stops_a_job_past_the_grace_period_and_marks_it(tmp_path: Path):
    app_dir = copy_app(APPS / "faults", tmp_path)
    first = Served(app_dir, "--grace", "0.5")
    job_id = start_sleepy(first, 60)
    assert first.stop() == 0
    second = Served(app_dir)
    try:
        ended = httpx2.get(second.url + f"/api/jobs/{job_id}").json()
        assert ended["status"] == "failed"
        assert "died" in ended["error"]["message"]
    finally:
        second.stop()


def test_a_replaced_worker_starts_on_a_fresh_disk(served: Served, app_dir: Path):
    disk = app_dir / ".viktorlite" / "workers" / "worker-1"
    (disk / "app" / "left-by-a-job.txt").write_text("only on this worker's disk")
    connection = redis.Redis.from_url(served.redis_url())
    (worker,) = registered_workers(connection)
    os.kill(worker.pid, signal.SIGKILL)
    wait_until(lambda: not (disk / "app" / "left-by-a-job.txt").exists(), 120, "the old disk to be replaced")
    wait_until(lambda: (disk / "app" / "app.py").exists(), 120, "the new disk")
