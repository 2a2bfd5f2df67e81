"""compose.yaml's processes, rehearsed without a container engine (issue 19, item 6).

The machines this suite runs on have no container engine, so the web process and two workers run
here with exactly the commands and environment compose.yaml gives them: ``/app`` is a copy of the
app, each service's ``/var/lib/viktorlite`` a folder of its own (as each container has its own), and
the Redis URL the suite's embedded Redis instead of the ``redis`` service. Jobs reach both workers,
and nothing is written into the app folder, which the image's non-root user cannot write to.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from container_files import ENVIRONMENT, compose_file
from support import APPS, copy_app, free_port, responds_ok, wait_until
from viktorlite.processes import ManagedProcess


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def as_here(command: list[str], app_dir: Path, data_dir: Path, port: int) -> list[str]:
    """A service's command with the container's paths and port as this machine has them."""
    here = {"/app": str(app_dir), "/var/lib/viktorlite": str(data_dir), "8000": str(port)}
    return ["viktorlite", *(here.get(arg, arg) for arg in command)]


@pytest.fixture
def layout(tmp_path: Path, redis_url: str) -> Iterator[tuple[str, Path, dict[str, bytes]]]:
    services = compose_file(ENVIRONMENT)["services"]
    app_dir = copy_app(APPS / "calculator", tmp_path)
    before = files_in(app_dir)
    port = free_port()
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    processes = []
    for name, service in [("web", services["web"]), ("worker-1", services["worker"]), ("worker-2", services["worker"])]:
        env = {**os.environ, **service["environment"], "PATH": path, "VIKTORLITE_REDIS_URL": redis_url}
        command = as_here(service["command"], app_dir, tmp_path / name, port)
        processes.append(ManagedProcess(name, command, env=env))
    for process in processes:
        process.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: responds_ok(url + "/healthz"), 120, "the web process")
        yield url, app_dir, before
    finally:
        for process in processes:
            process.stop()


def test_the_compose_layout_runs_jobs_on_every_worker_and_leaves_the_app_folder_alone(layout):
    url, app_dir, before = layout
    token = ENVIRONMENT["VIKTORLITE_ACCESS_TOKEN"]
    with httpx2.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        assert client.get("/api/entities").status_code == 200
        wait_until(lambda: client.get("/api/app").status_code == 200, 120, "a worker's manifest")
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
        workers = set()
        for i in range(20):
            body = {"method": "result", "params": {"numbers": {"a": i, "b": 1}, "mode": "sum"}}
            job_id = client.post(f"/api/entities/{entity['id']}/jobs", json=body).json()["job_id"]
            job = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
            assert job["status"] == "finished", job
            workers.add(job["worker"])
            if len(workers) == 2:
                break
    assert len(workers) == 2, workers  # both workers took jobs
    assert files_in(app_dir) == before  # the image's /app stays as built
    assert not (app_dir / ".viktorlite").exists()
