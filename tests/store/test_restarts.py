"""Restarting Redis or the web process loses no queued job and no saved params."""

from __future__ import annotations

from pathlib import Path

import redis
from starlette.testclient import TestClient

from support import APPS, copy_app, wait_for_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.jobs import queue as jobs
from viktorlite.store.entities import EntityStore
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool


def test_queued_jobs_and_saved_params_survive_a_redis_restart(tmp_path: Path):
    app_dir = copy_app(APPS / "calculator", tmp_path)
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    port = server.port
    try:
        connection = redis.Redis.from_url(url)
        store = EntityStore(connection, app_dir.name)
        entity = store.create("Calculator", "kept", {"numbers": {"a": 1, "b": 2}, "mode": "sum"})
        store.save_params(entity.id, {"numbers": {"a": 20, "b": 22}, "mode": "sum"})
        request = jobs.JobRequest(app=app_dir.name, entity_id=entity.id, entity_type="Calculator", method="result")
        job_id = jobs.enqueue(
            connection, request.model_copy(update={"params": store.latest_revision(entity.id).params})
        )
        server.stop()  # no worker has taken the job yet

        server = EmbeddedRedis(tmp_path / "redis", port=port)
        url = server.start()  # the same data; a new server asks for a new password
        connection = redis.Redis.from_url(url)
        assert EntityStore(connection, app_dir.name).latest_revision(entity.id).params["numbers"] == {"a": 20, "b": 22}
        pool = WorkerPool(app_dir, url, tmp_path / "data", 1)
        pool.start()
        try:
            wait_for_manifest(connection, app_dir.name)
            with TestClient(create_app(url, app_dir.name)) as client:  # a web process started afresh
                job = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
            assert job["status"] == "finished"
            assert job["result"]["data"][0]["value"] == 42
        finally:
            pool.stop()
    finally:
        server.stop()
