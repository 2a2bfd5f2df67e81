"""Storage through real jobs: scopes, zones, errors, entity deletion and persistence across restarts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import redis
from probe import answer, failure, new_entity, run_job
from starlette.testclient import TestClient

from support import APPS, copy_app, wait_for_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool


@pytest.fixture
def state(start_module_app):
    """One worker for the module: each test makes its own entities and keys (session and workspace too)."""
    running = start_module_app("state")
    with running.client() as client:
        yield running, client


@pytest.fixture
def state_alone(start_app):
    """An app of the test's own, for a test that counts every blob of the app."""
    running = start_app("state")
    with running.client() as client:
        yield running, client


def test_entity_storage_round_trip_overwrite_list_and_delete(state):
    _, client = state
    entity = new_entity(client, "A")
    assert answer(run_job(client, entity, "storage_set", {"key": "result/1", "text": "first"}))["ok"]
    got = answer(run_job(client, entity, "storage_get", {"key": "result/1"}))
    assert got == {"text": "first", "source_type": "URL", "writable": False}
    run_job(client, entity, "storage_set", {"key": "result/1", "text": "second"})
    run_job(client, entity, "storage_set", {"key": "result/2", "text": "two"})
    run_job(client, entity, "storage_set", {"key": "other", "text": "x"})
    assert answer(run_job(client, entity, "storage_get", {"key": "result/1"}))["text"] == "second"
    listed = answer(run_job(client, entity, "storage_list", {"prefix": "result/"}))["items"]
    assert listed == {"result/1": "second", "result/2": "two"}
    assert set(answer(run_job(client, entity, "storage_list"))["items"]) == {"result/1", "result/2", "other"}
    assert answer(run_job(client, entity, "storage_delete", {"key": "result/1"}))["ok"]
    message = failure(run_job(client, entity, "storage_get", {"key": "result/1"}))
    assert message == f"FileNotFoundError: Storage: no key 'result/1' in the storage of entity {entity}"
    assert "FileNotFoundError" in failure(run_job(client, entity, "storage_delete", {"key": "result/1"}))


def test_entity_zones_are_private_unless_the_entity_is_named(state):
    _, client = state
    a, b = new_entity(client, "A"), new_entity(client, "B")
    run_job(client, a, "storage_set", {"key": "k", "text": "from A"})
    assert "FileNotFoundError" in failure(run_job(client, b, "storage_get", {"key": "k"}))
    assert answer(run_job(client, b, "storage_get", {"key": "k", "other": a}))["text"] == "from A"
    run_job(client, b, "storage_set", {"key": "k2", "text": "B wrote in A", "other": a})
    assert answer(run_job(client, a, "storage_list"))["items"] == {"k": "from A", "k2": "B wrote in A"}
    assert answer(run_job(client, b, "storage_list"))["items"] == {}


def test_workspace_scope_is_shared_by_all_entities(state):
    _, client = state
    a, b = new_entity(client, "A"), new_entity(client, "B")
    run_job(client, a, "storage_set", {"key": "shared", "text": "for all", "scope": "workspace"})
    assert answer(run_job(client, b, "storage_get", {"key": "shared", "scope": "workspace"}))["text"] == "for all"
    assert "FileNotFoundError" in failure(run_job(client, b, "storage_get", {"key": "shared"}))


def test_session_scope_follows_the_session_and_falls_back_to_the_entity(state):
    _, client = state
    a, b = new_entity(client, "A"), new_entity(client, "B")
    params = {"key": "s", "scope": "session"}
    run_job(client, a, "storage_set", {**params, "text": "session one"}, session_id="one")
    assert answer(run_job(client, b, "storage_get", params, session_id="one"))["text"] == "session one"
    assert "FileNotFoundError" in failure(run_job(client, a, "storage_get", params, session_id="two"))
    # without a session id each entity has a session zone of its own
    run_job(client, a, "storage_set", {**params, "text": "A without session"})
    assert answer(run_job(client, a, "storage_get", params))["text"] == "A without session"
    assert "FileNotFoundError" in failure(run_job(client, b, "storage_get", params))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"scope": "global"},
            "ValueError: Storage: scope must be one of 'entity', 'workspace', 'session', not 'global'",
        ),
        ({"key": ""}, "ValueError: Storage key must not be empty"),
        ({"key": "k" * 257}, "ValueError: Storage key is 257 characters long; at most 256 are allowed"),
        ({"key": "a\nb"}, "ValueError: Storage key must not contain control characters ('\\n' at position 1)"),
        ({"other": 99999}, "EntityNotFoundError: Storage: entity 99999 does not exist (was it deleted?)"),
        ({"mode": "not a file"}, "TypeError: Storage.set: data must be a viktor.File, not str"),
    ],
)
def test_bad_input_gets_a_clear_error_and_the_worker_carries_on(state, params, expected):
    _, client = state
    entity = new_entity(client, "A")
    assert failure(run_job(client, entity, "storage_set", {"key": "k", "text": "x", **params})) == expected
    assert answer(run_job(client, entity, "storage_set", {"key": "k" * 256, "text": "x"}))["ok"]


def test_deleting_an_entity_deletes_its_zone_and_blobs(state_alone, redis_client):
    running, client = state_alone
    a, b = new_entity(client, "A"), new_entity(client, "B")
    run_job(client, a, "storage_set", {"key": "k1", "text": "one"})
    run_job(client, a, "storage_set", {"key": "k2", "text": "two"})
    run_job(client, a, "storage_set", {"key": "ws", "text": "stays", "scope": "workspace"})
    blobs = f"viktorlite:{running.name}:blob:*"
    assert len(list(redis_client.scan_iter(blobs))) == 3 * 2  # metadata and chunks per blob

    deleted = client.delete(f"/api/entities/{a}")
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {"deleted": [a]}
    assert client.get(f"/api/entities/{a}").status_code == 404
    assert client.delete(f"/api/entities/{a}").status_code == 404
    assert not redis_client.exists(f"viktorlite:{running.name}:storage:entity:{a}")
    assert len(list(redis_client.scan_iter(blobs))) == 2  # only the workspace file is left
    assert "EntityNotFoundError" in failure(run_job(client, b, "storage_get", {"key": "k1", "other": a}))
    assert answer(run_job(client, b, "storage_get", {"key": "ws", "scope": "workspace"}))["text"] == "stays"


def test_storage_survives_restarts_of_the_workers_and_of_redis(tmp_path: Path):
    app_dir = copy_app(APPS / "state", tmp_path)
    redis_dir = tmp_path / "redis"

    def serve(step: str) -> tuple[EmbeddedRedis, WorkerPool, str]:
        server = EmbeddedRedis(redis_dir)
        url = server.start()
        pool = WorkerPool(app_dir, url, tmp_path / f"data-{step}", 1)
        pool.start()
        connection = redis.Redis.from_url(url)
        wait_for_manifest(connection, app_dir.name)
        connection.close()
        return server, pool, url

    server, pool, url = serve("first")
    try:
        with TestClient(create_app(url, app_dir.name)) as client:
            entity = new_entity(client, "A")
            run_job(client, entity, "storage_set", {"key": "kept", "text": "across restarts"})
    finally:
        pool.stop()
        server.stop()
    shutil.rmtree(tmp_path / "data-first")  # the workers' disks are gone too

    server, pool, url = serve("second")
    try:
        with TestClient(create_app(url, app_dir.name)) as client:
            assert answer(run_job(client, entity, "storage_get", {"key": "kept"}))["text"] == "across restarts"
    finally:
        pool.stop()
        server.stop()
