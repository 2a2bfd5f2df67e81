"""The dashboard's recent jobs come from what RQ keeps of its jobs (issue 18: no list pushed per job):
queued, cancelled, finished and failed jobs alike, newest first, and only the newest ones."""

from __future__ import annotations

import uuid

import redis

from viktorlite.jobs.queue import JobRequest, enqueue, queue_for
from viktorlite.jobs.recent_jobs import recent_job_ids
from viktorlite.jobs.stopping import stop


def _request(app: str, method: str = "result") -> JobRequest:
    return JobRequest(app=app, entity_id=1, entity_type="Calculator", method=method, params={})


def test_jobs_waiting_and_cancelled_are_recent_jobs_newest_first(redis_client: redis.Redis):
    app = f"no-worker-{uuid.uuid4().hex[:8]}"  # nothing takes its jobs: they stay queued, or are cancelled
    ids = [enqueue(redis_client, _request(app)) for _ in range(4)]
    stop(redis_client, ids[1], app=app)  # taken off the queue and cancelled
    queue = queue_for(redis_client, app)
    assert recent_job_ids(redis_client, queue, 50) == ids[::-1]
    assert recent_job_ids(redis_client, queue, 2) == ids[:1:-1]


def test_the_dashboard_lists_ended_jobs_newest_first_and_nothing_is_pushed_per_job(start_app):
    running = start_app("calculator")
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()
        ran = []
        for method in ["result", "crash", "divide", "result"]:
            started = client.post(f"/api/entities/{entity['id']}/jobs", json={"method": method}).json()
            ended = client.get(f"/api/jobs/{started['job_id']}", params={"wait": 60}).json()
            assert ended["status"] in ("finished", "failed"), ended
            ran.append((started["job_id"], ended["status"]))
        shown = client.get("/api/dashboard").json()["jobs"]
    assert [(job["id"], job["status"]) for job in shown] == ran[::-1]
    assert not running.pool_redis().exists(f"viktorlite:{running.name}:recent-jobs")
