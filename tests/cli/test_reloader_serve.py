"""Hot reload as a user meets it: ``viktorlite serve`` (dev mode), then the app's files are edited."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx2
import pytest
import redis

from support import Served, add_number_field, break_syntax, hot_reload_app, wait_until
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import read_manifest

WAIT = 60.0  # generous: the machine is shared; the speed is measured in benchmarks/bench_reload.py


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return hot_reload_app(tmp_path)


def field_names(manifest: dict) -> list[str]:
    (entity_type,) = manifest["entity_types"]
    return [item["name"] for item in entity_type["parametrization"]["items"]]


def worker_pid(connection: redis.Redis, app: str) -> int | None:
    info = connection.get(Keys(app).worker_info("worker-1"))
    return json.loads(info)["pid"] if info else None


def test_an_edit_restarts_the_workers_and_a_load_error_names_file_and_line(served: Served, app_dir: Path):
    connection = redis.Redis.from_url(served.redis_url())
    app = app_dir.name
    app_file = app_dir / "app.py"
    original = app_file.read_text()
    first = read_manifest(connection, app)
    assert first is not None and field_names(first) == ["length"]
    wait_until(lambda: worker_pid(connection, app) is not None, WAIT, "the worker's first heartbeat")
    first_pid = worker_pid(connection, app)

    add_number_field(app_file, "width", "Width", 7)
    wait_until(lambda: "width" in field_names(read_manifest(connection, app) or first), WAIT, "the new field")
    added = read_manifest(connection, app)
    assert added is not None and added["version"] != first["version"]
    wait_until(lambda: worker_pid(connection, app) not in (None, first_pid), WAIT, "a new worker process")
    assert httpx2.get(served.url + "/api/app").json()["version"] == added["version"]  # the web process follows

    line = break_syntax(app_file)
    wait_until(lambda: "error" in (read_manifest(connection, app) or {}), WAIT, "the load error")
    error = httpx2.get(served.url + "/api/app").json()["error"]
    assert (error["file"], error["line"]) == ("app.py", line)
    assert "SyntaxError" in error["message"]
    assert str(app_dir / "app.py") in error["traceback"]  # the file the user edits, not the worker's copy
    assert "/.viktorlite/workers/" not in error["message"] + error["traceback"]

    app_file.write_text(original)
    wait_until(lambda: "error" not in (read_manifest(connection, app) or {"error": 1}), WAIT, "serving again")
    fixed = read_manifest(connection, app)
    assert fixed is not None and field_names(fixed) == ["length"]
    assert served.process.poll() is None


def test_a_changed_data_file_reloads_and_a_running_view_of_the_old_code_ends(served: Served, app_dir: Path):
    connection = redis.Redis.from_url(served.redis_url())
    app = app_dir.name
    first = read_manifest(connection, app)
    assert first is not None
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Controller", "name": "E"}).json()
    jobs = served.url + f"/api/entities/{entity['id']}/jobs"
    slow = httpx2.post(jobs, json={"method": "slow", "params": {"length": 1}}).json()["job_id"]
    started = lambda: httpx2.get(served.url + f"/api/jobs/{slow}").json()["status"] == "started"  # noqa: E731
    wait_until(started, WAIT, "the slow view to start")

    (app_dir / "table.csv").write_text("a,b\n1,2\n")  # not Python: the app may read it via Path(__file__)
    wait_until(lambda: (read_manifest(connection, app) or first)["version"] != first["version"], WAIT, "a reload")

    ended = httpx2.get(served.url + f"/api/jobs/{slow}", params={"wait": WAIT}, timeout=2 * WAIT).json()
    assert ended["status"] == "failed" and "worker-1" in ended["error"]["message"]
    values = httpx2.post(jobs, json={"method": "values", "params": {"length": 3}}).json()["job_id"]
    done = httpx2.get(served.url + f"/api/jobs/{values}", params={"wait": WAIT}, timeout=2 * WAIT).json()
    assert done["status"] == "finished", done


def test_no_reload_keeps_the_workers(tmp_path: Path):
    app_dir = hot_reload_app(tmp_path)
    server = Served(app_dir, "--no-reload")
    try:
        connection = redis.Redis.from_url(server.redis_url())
        wait_until(lambda: worker_pid(connection, app_dir.name) is not None, WAIT, "the worker's first heartbeat")
        pid = worker_pid(connection, app_dir.name)
        version = read_manifest(connection, app_dir.name)["version"]  # type: ignore[index]
        add_number_field(app_dir / "app.py", "width", "Width", 7)
        time.sleep(3)  # several times what a reload takes (benchmarks/bench_reload.py)
        assert read_manifest(connection, app_dir.name)["version"] == version  # type: ignore[index]
        assert worker_pid(connection, app_dir.name) == pid
        assert "restarting the workers" not in server.text()
    finally:
        server.stop()
