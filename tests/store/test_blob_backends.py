"""The same blob and Storage behaviour on every blob store: Redis, S3 (moto's real server), a directory."""

from __future__ import annotations

import hashlib
import io
import json
import uuid

import pytest

from viktorlite.store.blob_objects import PART_SIZE, BlobCorrupted, BlobStoreUnavailable, object_store
from viktorlite.store.blobs import CHUNK_SIZE, BlobStore
from viktorlite.store.keys import Keys
from viktorlite.store.storage import StorageZones, entity_zone


def pattern(size: int) -> bytes:
    words = (size + 3) // 4
    return b"".join(index.to_bytes(4, "big") for index in range(words))[:size]


@pytest.fixture
def app() -> str:
    return f"blob-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def blobs(redis_client, blob_url, app) -> BlobStore:
    return BlobStore(redis_client, app, blob_url)


def stored_objects(blobs: BlobStore) -> list[str]:
    objects = object_store(blobs.url, blobs._app)
    return [] if objects is None else [blob_id for blob_id, _ in objects.list_ids()]


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE + 1, PART_SIZE, 2 * PART_SIZE + 12345])
def test_round_trip_at_chunk_and_part_boundaries(blobs, size):
    data = pattern(size)
    blob_id = blobs.put(io.BytesIO(data), filename="data.bin", content_type="application/octet-stream")
    with blobs.open(blob_id) as stream:
        assert stream.read() == data
    info = blobs.info(blob_id)
    assert (info.size, info.filename, info.content_type) == (size, "data.bin", "application/octet-stream")


def test_reads_seek_and_read_parts(blobs):
    data = pattern(3 * CHUNK_SIZE + 7)
    stream = blobs.open(blobs.put(data))
    stream.seek(CHUNK_SIZE - 3)
    assert stream.read(10) == data[CHUNK_SIZE - 3 : CHUNK_SIZE + 7]
    stream.seek(-5, io.SEEK_END)
    assert stream.read() == data[-5:]
    stream.seek(0)
    assert hashlib.sha256(stream.read()).digest() == hashlib.sha256(data).digest()


def test_new_bytes_go_to_the_configured_store_and_only_metadata_to_redis(blobs, redis_client, app):
    blob_id = blobs.put(pattern(CHUNK_SIZE * 2))
    in_redis = redis_client.exists(Keys(app).blob_chunks(blob_id))
    assert bool(in_redis) == (blobs.url == "redis")
    assert stored_objects(blobs) == ([] if blobs.url == "redis" else [blob_id])


def test_deleting_an_entity_zone_deletes_its_blobs(redis_client, blob_url, app):
    zones = StorageZones(redis_client, app)
    zones.blobs = BlobStore(redis_client, app, blob_url)
    big = zones.blobs.put(pattern(CHUNK_SIZE * 3))
    zones.set(entity_zone(7), "big", big)
    replaced = zones.blobs.put(pattern(10))
    zones.set(entity_zone(7), "small", replaced)
    zones.set(entity_zone(7), "small", zones.blobs.put(b"newer"))  # the replaced blob goes at once
    assert not zones.blobs.exists(replaced)
    zones.set(entity_zone(7), "big2", zones.blobs.put(pattern(CHUNK_SIZE * 2)))
    zones.set_small(entity_zone(7), "big2", b"a small value replaces a big one")
    zones.drop(entity_zone(7))
    assert not zones.blobs.exists(big)
    assert stored_objects(zones.blobs) == []
    assert redis_client.keys(f"viktorlite:{app}:*") == []


def test_a_writer_that_dies_half_way_leaves_no_blob_visible(blobs, redis_client, app):
    def dying():
        yield pattern(PART_SIZE)
        yield pattern(PART_SIZE)
        raise KeyboardInterrupt("the job was killed")

    with pytest.raises(KeyboardInterrupt):
        blobs.put_chunks(dying())
    assert stored_objects(blobs) == []
    assert redis_client.keys(f"viktorlite:{app}:*") == []


def test_changed_bytes_fail_the_checksum(blobs, redis_client, app):
    if blobs.url == "redis":
        pytest.skip("Redis chunks carry no checksum: Redis is the metadata's own store")
    data = pattern(CHUNK_SIZE + 5)
    blob_id = blobs.put(data)
    objects = object_store(blobs.url, app)
    assert objects is not None
    objects.write(blob_id, [pattern(CHUNK_SIZE) + b"XXXXX"])  # same size, other bytes
    with pytest.raises(BlobCorrupted, match="checksum"):
        blobs.open(blob_id).read()


def test_sweep_collects_objects_whose_metadata_is_gone_and_resumes(blobs, redis_client, app):
    if blobs.url == "redis":
        assert blobs.sweep() == 0
        return
    kept = blobs.put(b"kept")
    orphans = [blobs.put(b"orphan") for _ in range(3)]
    redis_client.unlink(*(Keys(app).blob(blob_id) for blob_id in orphans))  # as an expired upload's would
    assert blobs.sweep(grace_seconds=3600) == 0  # too young: perhaps still being written
    first = blobs.sweep(grace_seconds=-1, limit=2)
    assert first + blobs.sweep(grace_seconds=-1) == 3
    assert stored_objects(blobs) == [kept]
    assert blobs.open(kept).read() == b"kept"


def test_an_unreachable_store_is_a_clear_error_and_redis_keeps_everything(redis_client, app, tmp_path, monkeypatch):
    zones = StorageZones(redis_client, app)
    zones.set(entity_zone(1), "old", zones.blobs.put(b"old value"))
    before = {key: redis_client.dump(key) for key in redis_client.keys(f"viktorlite:{app}:*")}
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    object_store.cache_clear()
    unreachable = BlobStore(redis_client, app, f"s3://nowhere/{uuid.uuid4().hex[:6]}")
    with pytest.raises(BlobStoreUnavailable, match="cannot be written"):
        unreachable.put(pattern(PART_SIZE + 1))
    gone = tmp_path / "file-that-is-not-a-dir"
    gone.write_text("")
    with pytest.raises(BlobStoreUnavailable, match="cannot be written"):
        BlobStore(redis_client, app, gone.as_uri()).put(b"x")
    object_store.cache_clear()
    after = {key: redis_client.dump(key) for key in redis_client.keys(f"viktorlite:{app}:*")}
    assert after == before
    assert json.loads(redis_client.get(Keys(app).blob(zones.get(entity_zone(1), "old"))))["size"] == 9


@pytest.mark.parametrize("worker", [None, "w1"], ids=["shared", "dev"])
def test_large_memoize_values_go_to_the_blob_store(redis_client, blob_url, app, monkeypatch, worker):
    from viktorlite.store.blob_objects import BLOB_URL_ENV
    from viktorlite.store.memo_cache import LARGE_VALUE, MemoCache

    monkeypatch.setenv(BLOB_URL_ENV, blob_url)
    cache = MemoCache(redis_client, app, worker=worker)
    large, small = b'"' + b"x" * LARGE_VALUE + b'"', b'{"small": 1}'
    cache.put("large", large)
    cache.put("small", small)
    assert (cache.get("large"), cache.get("small"), cache.get("missing")) == (large, small, None)
    entries = [key for key in redis_client.keys(f"viktorlite:{app}:*") if b":memo" in key]
    biggest = max(redis_client.memory_usage(key) or 0 for key in entries)
    assert (biggest > LARGE_VALUE) == (blob_url == "redis")
    assert len(stored_objects(BlobStore(redis_client, app, blob_url))) == (0 if blob_url == "redis" else 1)
