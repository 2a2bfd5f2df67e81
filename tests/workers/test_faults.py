"""Faults a bare RQ deployment handles badly: killed jobs and workers, timeouts, memory hogs, stops."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from support import wait_until


@pytest.fixture
def faults(start_app):
    running = start_app("faults", workers=2)
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Faults", "name": "F"}).json()
        yield running, client, entity["id"]


def start(client, entity_id: int, method: str, **params) -> str:
    body = {"method": method, "params": {"seconds": 60, "attempts_file": "", **params}}
    response = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def job(client, job_id: str, wait: float = 0) -> dict:
    return client.get(f"/api/jobs/{job_id}", params={"wait": wait}).json()


def running_horse(running, client, job_id: str) -> tuple[str, int]:
    """The worker running the job and its work horse's pid (which the view writes to its disk)."""
    wait_until(lambda: job(client, job_id)["status"] == "started", 120, "the job to start")
    worker = job(client, job_id)["worker"]
    pid_file = running.data_dir / "workers" / worker / "app" / "horse.pid"
    written = lambda: pid_file.exists() and pid_file.read_text().strip()  # noqa: E731 - made, then written
    wait_until(written, 120, "the job to write its pid")
    return worker, int(pid_file.read_text())


def worker_pid(running, name: str) -> int:
    (process,) = [w for w in running.pool.workers if w.name == name]
    assert process.pid is not None
    return process.pid


def test_a_killed_work_horse_fails_its_job_and_the_worker_goes_on(faults):
    running, client, entity_id = faults
    job_id = start(client, entity_id, "sleepy")
    worker, horse = running_horse(running, client, job_id)
    os.kill(horse, signal.SIGKILL)
    ended = job(client, job_id, wait=60)
    assert ended["status"] == "failed"
    assert ended["error"] == {
        "kind": "system",
        "message": "The process running this job was killed before it finished.",
    }
    assert job(client, start(client, entity_id, "quick"), wait=60)["status"] == "finished"


def test_a_killed_worker_gets_its_job_reported_failed(faults):
    running, client, entity_id = faults
    job_id = start(client, entity_id, "sleepy")
    worker, horse = running_horse(running, client, job_id)
    os.kill(worker_pid(running, worker), signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    ended = job(client, job_id, wait=60)
    assert ended["status"] == "failed", ended
    assert ended["error"]["message"] == f"The worker running this job ({worker}) died; the job was lost."


def test_a_retry_safe_job_runs_again_when_its_worker_dies(faults, tmp_path: Path):
    running, client, entity_id = faults
    attempts = tmp_path / "attempts.txt"
    job_id = start(client, entity_id, "flaky", attempts_file=str(attempts))
    worker, horse = running_horse(running, client, job_id)
    os.kill(worker_pid(running, worker), signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    ended = job(client, job_id, wait=60)
    assert ended["status"] == "finished", ended
    assert ended["worker"] != worker
    assert len(attempts.read_text().splitlines()) == 2


def test_a_job_past_its_timeout_is_stopped_and_reported(faults):
    running, client, entity_id = faults
    ended = job(client, start(client, entity_id, "too_slow"), wait=60)
    assert ended["status"] == "failed"
    assert ended["error"]["kind"] == "timeout"
    assert job(client, start(client, entity_id, "quick"), wait=60)["status"] == "finished"


def test_a_job_over_its_memory_limit_is_stopped_with_a_clear_message(faults):
    running, client, entity_id = faults
    ended = job(client, start(client, entity_id, "hog"), wait=60)
    assert ended["status"] == "failed"
    assert "more than its memory limit (300 MB)" in ended["error"]["message"]
    assert all(worker.alive() for worker in running.pool.workers)
    assert job(client, start(client, entity_id, "quick"), wait=60)["status"] == "finished"


def test_the_user_can_stop_a_running_job_and_its_worker_is_free_again(faults):
    running, client, entity_id = faults
    job_id = start(client, entity_id, "sleepy")
    worker, _ = running_horse(running, client, job_id)
    stopped = client.post(f"/api/jobs/{job_id}/stop").json()
    assert stopped["status"] == "stopped", stopped
    assert stopped["error"]["message"] == "The job was stopped before it finished."
    assert client.post("/api/jobs/no-such-job/stop").status_code == 404

    def worker_is_free() -> bool:  # the worker notes the end of the horse it killed just after the answer
        (row,) = [w for w in client.get("/api/dashboard").json()["workers"] if w["name"] == worker]
        return row["current_job"] is None

    wait_until(worker_is_free, 60, "the dashboard to show the worker free")
    assert job(client, start(client, entity_id, "quick"), wait=60)["status"] == "finished"


def test_dashboard_shows_workers_their_disks_and_recent_jobs(faults):
    running, client, entity_id = faults
    job_id = start(client, entity_id, "quick")
    ran_on = job(client, job_id, wait=60)["worker"]

    def both_report() -> bool:
        workers = client.get("/api/dashboard").json()["workers"]
        return len(workers) == 2 and all(w["alive"] and w["disk_bytes"] for w in workers)

    wait_until(both_report, 120, "both workers to report their disks")
    state = client.get("/api/dashboard").json()
    assert state["queue_length"] == 0
    assert sorted(w["name"] for w in state["workers"]) == ["worker-1", "worker-2"]
    (latest,) = [j for j in state["jobs"] if j["id"] == job_id]
    assert (latest["method"], latest["trigger"], latest["status"], latest["worker"]) == (
        "quick",
        "view",
        "finished",
        ran_on,
    )
    disk = client.get(f"/api/workers/{ran_on}/disk").json()
    assert "app/app.py" in [f["path"] for f in disk["files"]]
    assert client.get("/api/workers/nobody/disk").status_code == 404
    page = client.get("/dashboard")
    assert page.status_code == 200 and "Recent jobs" in page.text
