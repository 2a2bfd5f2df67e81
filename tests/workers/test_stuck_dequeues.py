"""A job a worker took off the queue but never started runs after all (issue 16, item 9).

RQ 3 dequeues by moving the job id to ``<queue>:intermediate``; a worker (or Redis) that dies
before the job is started leaves it ``queued`` where no worker looks. The tests make exactly that
move themselves (the one Redis command of RQ's dequeue) and let the real parts recover the job:
a worker starting up with no other worker alive, or the web process's reaper next to a live one.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from rq.job import Job
from rq.serializers import JSONSerializer
from starlette.testclient import TestClient

from support import APPS, HANG, copy_app, wait_for_manifest, wait_until
from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.jobs.queue import queue_for
from viktorlite.store.manifest import publish_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool


def dequeue_like_a_worker(connection: redis.Redis, app: str, job_id: str) -> list[str]:
    """RQ 3's dequeue, up to ``job_id``: job ids move from the queue's head to its intermediate list;
    returns the ids moved (a job queued before ``job_id``, such as the app's summary, moves too)."""
    queue = queue_for(connection, app)
    moved_ids = []
    while True:
        moved = connection.lmove(queue.key, queue.intermediate_queue_key)
        assert moved is not None, f"{job_id} is not in the queue"
        moved_ids.append(moved.decode())
        if moved == job_id.encode():
            return moved_ids


def status(connection: redis.Redis, job_id: str) -> str:
    return str(Job.fetch(job_id, connection=connection, serializer=JSONSerializer).get_status().value)


def start_job(client: TestClient, entity_id: int, method: str, **params: object) -> str:
    answer = client.post(f"/api/entities/{entity_id}/jobs", json={"method": method, "params": params})
    assert answer.status_code == 202, answer.text
    return str(answer.json()["job_id"])


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def test_a_job_dequeued_when_redis_was_killed_runs_once_a_worker_starts(own_redis: EmbeddedRedis, tmp_path: Path):
    directory = copy_app(APPS / "redis_faults", tmp_path)
    name = app_name(directory)
    connection = redis.Redis.from_url(own_redis.url)
    publish_manifest(connection, build_manifest(load_app(directory, name=name)))  # no worker yet
    with TestClient(create_app(own_redis.url, name, app_dir=directory)) as client:
        entity = client.post("/api/entities", json={"entity_type": "Sample", "name": "S"}).json()
        job_id = start_job(client, entity["id"], "quick")
    queue = queue_for(connection, name)
    # Every job the app has: the summary the web queued for the new entity may be before or after this one.
    every_job = dequeue_like_a_worker(connection, name, job_id) + [
        j.decode() for j in connection.lrange(queue.key, 0, -1)
    ]
    assert own_redis.process is not None and own_redis.process.pid is not None
    os.kill(own_redis.process.pid, signal.SIGKILL)  # everything dies right after the dequeue
    wait_until(lambda: not own_redis.alive(), HANG, "redis-server to die")
    own_redis.restart()
    assert status(connection, job_id) == "queued"

    pool = WorkerPool(directory, own_redis.url, tmp_path / "data", 1)
    pool.start()
    try:
        wait_until(lambda: status(connection, job_id) == "finished", HANG, "the dequeued job to run")
        # Stopped only once no job is left to take: a job the stop ends between its dequeue and its
        # start stays in the intermediate list, which says nothing of the recovery (a run under load).
        ended = ("finished", "failed")
        wait_until(lambda: all(status(connection, job) in ended for job in every_job), HANG, "every job to end")
    finally:
        pool.stop()
    assert connection.llen(queue.intermediate_queue_key) == 0


def test_the_web_reaper_queues_a_stuck_job_again_next_to_a_live_worker(start_app):
    running = start_app(APPS / "redis_faults")
    connection = running.pool_redis()
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Sample", "name": "S"}).json()
        sleepy = start_job(client, entity["id"], "sleepy", seconds=120)
        wait_until(lambda: status(connection, sleepy) == "started", HANG, "the worker to be busy")
        job_id = start_job(client, entity["id"], "quick")  # waits in the queue: the only worker is busy
        dequeue_like_a_worker(connection, running.name, job_id)  # taken by a worker that then died
        assert client.post(f"/api/jobs/{sleepy}/stop").json()["status"] == "stopped"
        wait_until(lambda: status(connection, job_id) == "finished", HANG, "the stuck job to run")
    wait_for_manifest(connection, running.name)
