"""Storage in one round trip each way for objects of one chunk at most, on a real Redis.

Commands are counted with MONITOR (the commands a Lua script runs inside Redis show as client type
``lua`` and are not round trips). The stored format stays the one the chunked reader and writer
use, so blobs written either way read back either way.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import redis

from viktorlite.sdk import File, Storage
from viktorlite.store.blobs import CHUNK_SIZE, BlobStore
from viktorlite.store.storage import StorageZones, workspace_zone

SIZES = [0, 1, 1000, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE + 5]
HANG = 60.0


@contextmanager
def commands_sent(redis_url: str) -> Iterator[list[str]]:
    """The commands clients send while the block runs (not those of Lua scripts, nor MONITOR's own)."""
    seen: list[dict] = []
    monitor = redis.Redis.from_url(redis_url).monitor()
    with monitor as m:
        marker_client = redis.Redis.from_url(redis_url)
        listening = threading.Thread(target=lambda: _listen(m, seen), daemon=True)
        listening.start()
        marker_client.echo("start-marker")
        _wait(lambda: any(c["command"] == "ECHO start-marker" for c in seen))
        sent: list[str] = []
        yield sent
        marker_client.echo("end-marker")
        _wait(lambda: any(c["command"] == "ECHO end-marker" for c in seen))
        start = next(i for i, c in enumerate(seen) if c["command"] == "ECHO start-marker")
        end = next(i for i, c in enumerate(seen) if c["command"] == "ECHO end-marker")
        sent.extend(c["command"].split()[0].upper() for c in seen[start + 1 : end] if c.get("client_type") != "lua")
        marker_client.close()


def _listen(monitor, seen: list[dict]) -> None:
    try:
        while True:
            seen.append(monitor.next_command())
    except (redis.ConnectionError, ValueError, OSError):
        return


def _wait(predicate: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HANG
    while not predicate():
        assert time.monotonic() < deadline, "MONITOR never showed the marker"
        time.sleep(0.01)


@pytest.fixture
def workspace(enter_job, redis_client):
    context = enter_job()
    return context, StorageZones(redis_client, context.app), workspace_zone(context.workspace_id)


@pytest.mark.parametrize("size", SIZES)
def test_objects_round_trip_around_the_chunk_size(workspace, redis_url, size):
    context, zones, zone = workspace
    data = os.urandom(size)
    storage = Storage()
    storage.set("k", File.from_data(b"old"), scope="workspace")
    assert storage.get("k", scope="workspace").getvalue_binary() == b"old"  # Redis has both scripts now
    old_blob = zones.get(zone, "k")
    with commands_sent(redis_url) as set_commands:
        storage.set("k", File.from_data(data), scope="workspace")
    with commands_sent(redis_url) as get_commands:
        assert storage.get("k", scope="workspace").getvalue_binary() == data
    assert not zones.blobs.exists(old_blob), "the blob the key pointed at before is deleted"
    if size <= CHUNK_SIZE:
        assert set_commands == ["EVALSHA"], set_commands
        assert get_commands == ["EVALSHA"], get_commands
    else:
        assert len(set_commands) > 1 and len(get_commands) > 1
    # the chunked reader reads what either writer wrote
    blob_id = zones.get(zone, "k")
    with zones.blobs.open(blob_id) as handle:
        assert handle.read() == data
    assert zones.blobs.info(blob_id).size == size
    storage.delete("k", scope="workspace")
    assert not zones.blobs.exists(blob_id)


@pytest.mark.parametrize("size", [0, 1000, CHUNK_SIZE])
def test_a_blob_written_by_the_chunked_writer_reads_back_through_storage(workspace, redis_client, size):
    context, zones, zone = workspace
    data = os.urandom(size)
    zones.set(zone, "old", BlobStore(redis_client, context.app).put(data, filename="old"))
    assert Storage().get("old", scope="workspace").getvalue_binary() == data
