"""Storage zones in Redis: what ``viktor.core.Storage`` keeps, with no expiry.

A zone is one Redis hash (``entity:5``, ``workspace:1``, ``session:<id>``) mapping a Storage key
to the blob holding its bytes. Overwriting or deleting a key deletes the blob it pointed to; deleting
a zone (when its entity is deleted) deletes all of its blobs.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass

from redis import Redis

from viktorlite.store.blobs import CHUNK_SIZE, BlobInfo, BlobStore, blob_meta
from viktorlite.store.keys import Keys

# A small object in one round trip: its one chunk, its metadata and the zone entry, and the blob the
# key pointed at before deleted; the same keys and format as BlobStore.put and StorageZones.set.
_SET_SMALL = """
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], '0', ARGV[3]) end
redis.call('SET', KEYS[3], ARGV[4])
local previous = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if previous and previous ~= ARGV[2] then
    redis.call('UNLINK', ARGV[5] .. previous, ARGV[5] .. previous .. ':chunks')
end
return previous
"""

# The blob id of a key, its metadata and, when it is one chunk at most, its bytes: one round trip.
_GET_SMALL = """
local blob_id = redis.call('HGET', KEYS[1], ARGV[1])
if not blob_id then return false end
local meta = redis.call('GET', ARGV[2] .. blob_id)
if not meta then return {blob_id} end
local chunks = cjson.decode(meta)['chunks']
if chunks == 0 then return {blob_id, meta, ''} end
if chunks == 1 then return {blob_id, meta, redis.call('HGET', ARGV[2] .. blob_id .. ':chunks', '0')} end
return {blob_id, meta}
"""


@dataclass(frozen=True)
class Found:
    """What :meth:`StorageZones.find` read: the blob id, and its info and bytes when the blob is small."""

    blob_id: str
    info: BlobInfo | None = None
    data: bytes | None = None


def entity_zone(entity_id: int) -> str:
    return f"entity:{entity_id}"


def workspace_zone(workspace_id: int) -> str:
    return f"workspace:{workspace_id}"


def session_zone(session_id: str | None, entity_id: int | None) -> str:
    """An editor session's zone; a job that names no session gets one zone per entity instead."""
    if session_id is not None:
        return f"session:{session_id}"
    return f"entity-session:{entity_id}"


class StorageZones:
    """Key -> blob id maps, one per zone, for one app."""

    def __init__(self, connection: Redis, app: str) -> None:
        self._redis = connection
        self._keys = Keys(app)
        self.blobs = BlobStore(connection, app)
        self._set_small = connection.register_script(_SET_SMALL)
        self._get_small = connection.register_script(_GET_SMALL)

    def set(self, zone: str, key: str, blob_id: str) -> None:
        """Point ``key`` at ``blob_id`` (already stored); the blob it pointed at before is deleted."""
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hget(self._keys.storage_zone(zone), key)
            pipe.hset(self._keys.storage_zone(zone), key, blob_id)
            previous, _ = pipe.execute()
        if previous is not None and previous.decode() != blob_id:
            self._forget_blob(previous.decode())

    def set_small(self, zone: str, key: str, data: bytes, *, filename: str | None = None) -> str:
        """Store ``data`` (at most one chunk) under ``key`` in one round trip; returns the new blob id."""
        if len(data) > CHUNK_SIZE:
            raise ValueError(f"set_small takes at most {CHUNK_SIZE} bytes, not {len(data)}")
        blob_id = uuid.uuid4().hex
        meta = json.dumps(blob_meta(len(data), 1 if data else 0, filename, None))
        keys = [self._keys.storage_zone(zone), self._keys.blob_chunks(blob_id), self._keys.blob(blob_id)]
        previous = self._set_small(keys=keys, args=[key, blob_id, data, meta, self._keys.blob("")])
        if previous and self.blobs.objects is not None:  # the script dropped its metadata; now its bytes
            self.blobs.objects.delete(previous.decode())
        return blob_id

    def find(self, zone: str, key: str) -> Found:
        """The blob under ``key`` and, if it is one chunk at most, its info and bytes: one round trip."""
        found = self._get_small(keys=[self._keys.storage_zone(zone)], args=[key, self._keys.blob("")])
        if not found:
            raise FileNotFoundError(key)
        blob_id = found[0].decode()
        if len(found) < 3:  # a big blob (read in chunks later), or one deleted meanwhile (reading says so)
            return Found(blob_id)
        meta = json.loads(found[1])
        info = BlobInfo(blob_id, meta["size"], meta["filename"], meta["content_type"], meta["created_at"])
        return Found(blob_id, info, bytes(found[2]))

    def get(self, zone: str, key: str) -> str:
        """The blob id stored under ``key``; ``FileNotFoundError`` when there is none."""
        found = self._redis.hget(self._keys.storage_zone(zone), key)
        if found is None:
            raise FileNotFoundError(key)
        return found.decode()  # type: ignore[union-attr]

    def delete(self, zone: str, key: str) -> None:
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hget(self._keys.storage_zone(zone), key)
            pipe.hdel(self._keys.storage_zone(zone), key)
            previous, _ = pipe.execute()
        if previous is None:
            raise FileNotFoundError(key)
        self._forget_blob(previous.decode())

    def list(self, zone: str, prefix: str | None = None) -> dict[str, str]:
        """Key -> blob id of every key in the zone that starts with ``prefix``, sorted by key."""
        raw: dict[bytes, bytes] = self._redis.hgetall(self._keys.storage_zone(zone))  # type: ignore[assignment]
        entries = {key.decode(): blob_id.decode() for key, blob_id in raw.items()}
        return {key: entries[key] for key in sorted(entries) if prefix is None or key.startswith(prefix)}

    def drop(self, zone: str) -> None:
        """Delete a whole zone and every blob in it."""
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hvals(self._keys.storage_zone(zone))
            pipe.unlink(self._keys.storage_zone(zone))
            blob_ids, _ = pipe.execute()
        for blob_id in blob_ids:
            self._forget_blob(blob_id.decode())

    def _forget_blob(self, blob_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):  # already gone: a concurrent delete got there first
            self.blobs.delete(blob_id)
