"""Helpers for tests that drive tests/apps/state: run a view, read its JSON answer."""

from __future__ import annotations

import json
from typing import Any

import redis
from rq import Worker
from starlette.testclient import TestClient

from support import APPS, wait_until


def new_entity(client: TestClient, name: str, entity_type: str = "State") -> int:
    created = client.post("/api/entities", json={"entity_type": entity_type, "name": name})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def run_job(
    client: TestClient,
    entity_id: int,
    method: str,
    params: dict[str, Any] | None = None,
    *,
    session_id: str | None = None,
    wait: float = 60,
) -> dict[str, Any]:
    """Start a view job (with the saved params when ``params`` is None) and wait for its end."""
    body: dict[str, Any] = {"method": method}
    if params is not None:
        body["params"] = params
    if session_id is not None:
        body["session_id"] = session_id
    started = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert started.status_code == 202, started.text
    job = client.get(f"/api/jobs/{started.json()['job_id']}", params={"wait": wait})
    assert job.status_code == 200, job.text
    described: dict[str, Any] = job.json()
    return described


def answer(job: dict[str, Any]) -> dict[str, Any]:
    """The JSON object a state-app view returned; fails with the job's error otherwise."""
    assert job["status"] == "finished", job.get("error")
    (item,) = job["result"]["data"]
    decoded: dict[str, Any] = json.loads(item["value"])
    return decoded


def failure(job: dict[str, Any]) -> str:
    """The message of a job that failed in app code."""
    assert job["status"] == "failed", job
    assert job["error"]["kind"] == "app", job["error"]
    message: str = job["error"]["message"]
    return message


def wait_for_workers(redis_url: str, count: int) -> None:
    connection = redis.Redis.from_url(redis_url)
    try:
        wait_until(lambda: len(Worker.all(connection=connection)) >= count, 120, f"{count} workers")
    finally:
        connection.close()


#: tests/apps/state/app.py by line number (1-based), to find the lines a test expects in messages.
APP_SOURCE_LINES = dict(enumerate((APPS / "state" / "app.py").read_text().splitlines(), start=1))
