"""The Procfile's processes on their own, as if on different hosts, against one Redis."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from support import APPS, copy_app, free_port, responds_ok, wait_until
from viktorlite.processes import ManagedProcess

PROCFILE = Path(__file__).resolve().parents[2] / "Procfile"


def procfile_commands() -> dict[str, str]:
    commands = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands


@pytest.fixture
def cluster(tmp_path: Path, redis_url: str) -> Iterator[tuple[str, Path]]:
    """The web process and two workers, each worker with a data dir of its own ("its host")."""
    app_dir = copy_app(APPS / "calculator", tmp_path)
    port = free_port()
    commands = procfile_commands()
    base_env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    base_env.update(APP_DIR=str(app_dir), REDIS_URL=redis_url, PORT=str(port))
    processes = [ManagedProcess("web", ["bash", "-c", commands["web"]], env=base_env)]
    for host in ("host-a", "host-b"):
        env = {**base_env, "WORKER_DATA_DIR": str(tmp_path / host)}
        processes.append(ManagedProcess(host, ["bash", "-c", "exec " + commands["worker"]], env=env))
    for process in processes:
        process.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: responds_ok(url + "/api/app"), 120, "the web process and a manifest")
        yield url, tmp_path
    finally:
        for process in processes:
            process.stop()


def test_procfile_names_a_web_and_a_worker_process():
    commands = procfile_commands()
    assert set(commands) == {"web", "worker"}
    assert shlex.split(commands["web"])[:2] == ["viktorlite", "web"]
    assert shlex.split(commands["worker"])[:2] == ["viktorlite", "worker"]


def test_jobs_spread_over_workers_on_separate_hosts(cluster):
    url, root = cluster
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
    workers = set()
    for i in range(12):
        body = {"method": "result", "params": {"numbers": {"a": i, "b": 1}, "mode": "sum"}}
        job_id = httpx2.post(url + f"/api/entities/{entity['id']}/jobs", json=body).json()["job_id"]
        job = httpx2.get(url + f"/api/jobs/{job_id}", params={"wait": 60}, timeout=120).json()
        assert job["status"] == "finished"
        assert job["result"]["data"][0]["value"] == i + 1
        workers.add(job["worker"])
    assert len(workers) == 2, workers  # both hosts took jobs
    for host in ("host-a", "host-b"):
        (disk,) = (root / host / "workers").iterdir()
        assert (disk / "app" / "app.py").is_file()  # each host has its own copy of the app
