"""``$VIKTORLITE_BLOB_URL`` reaches the workers: an app's Storage goes to S3 (moto's real server),
an entity's deletion takes its objects along, and an unreachable store fails the job clearly."""

from __future__ import annotations

import uuid

from probe import answer, new_entity, run_job, wait_for_workers

from viktorlite.store.blob_objects import BLOB_URL_ENV, object_store

BIG = "x" * (1 << 20) + "tail"  # over one chunk: not a small value, so its bytes leave Redis


def test_storage_of_a_job_goes_to_the_blob_store_and_goes_with_its_entity(start_app, s3_endpoint, monkeypatch):
    url = f"s3://viktorlite-tests/w-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv(BLOB_URL_ENV, url)
    running = start_app("state")
    wait_for_workers(running.redis_url, 1)
    objects = object_store(url, running.name)
    assert objects is not None
    with running.client() as client:
        entity = new_entity(client, "A")
        assert answer(run_job(client, entity, "storage_set", {"key": "big", "text": BIG}))["ok"]
        assert len(list(objects.list_ids())) == 1
        assert answer(run_job(client, entity, "storage_get", {"key": "big"}))["text"] == BIG
        deleted = client.delete(f"/api/entities/{entity}")
        assert deleted.status_code in (200, 204), deleted.text
    assert list(objects.list_ids()) == []


def test_an_unreachable_blob_store_fails_the_job_with_a_clear_error(start_app, monkeypatch):
    monkeypatch.setenv(BLOB_URL_ENV, "s3://nowhere/prefix")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    running = start_app("state")
    wait_for_workers(running.redis_url, 1)
    with running.client() as client:
        entity = new_entity(client, "A")
        job = run_job(client, entity, "storage_set", {"key": "big", "text": BIG})
        assert job["status"] == "failed", job
        assert "blob store s3://nowhere/prefix cannot be written" in job["error"]["message"], job["error"]
        small = run_job(client, entity, "storage_set", {"key": "small", "text": "kept in Redis"})
        assert answer(small)["ok"]  # small values never leave Redis
        assert answer(run_job(client, entity, "storage_get", {"key": "small"}))["text"] == "kept in Redis"
