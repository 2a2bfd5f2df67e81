"""The web process's background loops outlive a Redis crash (issue 16, item 8).

A real ``viktorlite serve`` of an app with a summary; its embedded redis-server is killed with
SIGKILL and started again by serve. Afterwards the summaries loop still queues a summary job for
every new revision, and the reaper still fails the job of a worker that stopped beating.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis
from redis_crash import crash_redis, wait_for_restarted_redis
from rq import Worker

from support import APPS, HANG, Served, copy_app, wait_until


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with Served(copy_app(APPS / "redis_faults", tmp_path)) as server:
        yield server


def summary_value(url: str, entity_id: int) -> object:
    listed = httpx2.get(url + "/api/entities", timeout=30).json()
    (entity,) = [e for e in listed if e["id"] == entity_id]
    return entity["summary"].get("value", {}).get("value")


def job(url: str, job_id: str, wait: float = 0) -> dict:
    return httpx2.get(url + f"/api/jobs/{job_id}", params={"wait": wait}, timeout=wait + 30).json()


def healthz(url: str) -> httpx2.Response:
    return httpx2.get(url + "/healthz", timeout=30)


def test_summaries_and_the_reaper_go_on_after_redis_is_killed(served: Served):
    url = served.url
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Sample", "name": "S"}).json()
    wait_until(lambda: summary_value(url, entity["id"]) == 1, HANG, "the first summary")

    wait_for_restarted_redis(served, crash_redis(served))

    # A new revision after the crash gets its summary: the summaries loop subscribed again.
    saved = httpx2.put(url + f"/api/entities/{entity['id']}/params", json={"params": {"value": 7, "seconds": 60}})
    assert saved.status_code == 200, saved.text
    wait_until(lambda: summary_value(url, entity["id"]) == 7, HANG, "the summary of the revision saved after the crash")

    # The reaper still runs: a worker that stops beating (SIGSTOP) gets its job failed.
    started = httpx2.post(url + f"/api/entities/{entity['id']}/jobs", json={"method": "sleepy"}).json()
    wait_until(lambda: job(url, started["job_id"])["status"] == "started", HANG, "the sleepy job to start")
    connection = redis.Redis.from_url(served.redis_url())
    (worker,) = Worker.all(connection=connection)
    os.kill(worker.pid, signal.SIGSTOP)
    try:
        wait_until(lambda: job(url, started["job_id"])["status"] != "started", HANG, "the reaper to end the job")
        ended = job(url, started["job_id"])
        assert ended["status"] == "failed", ended
        assert "died; the job was lost" in ended["error"]["message"]
    finally:
        os.kill(worker.pid, signal.SIGKILL)  # serve replaces it

    answer = healthz(url)
    assert answer.status_code == 200, answer.text
    loops = answer.json()["loops"]
    assert {name: loop["state"] for name, loop in loops.items()} == {
        "event_streams": "running",
        "summaries": "running",
        "initial_entities": "done",
        "job_reaper": "running",
        "session_sweeper": "running",
    }
