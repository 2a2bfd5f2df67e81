"""Storage zones in Redis: what ``viktor.core.Storage`` keeps, with no expiry.

A zone is one Redis hash (``entity:5``, ``workspace:1``, ``session:<id>``) mapping a Storage key
to the blob holding its bytes. Overwriting or deleting a key deletes the blob it pointed to; deleting
a zone (when its entity is deleted) deletes all of its blobs.
"""

from __future__ import annotations

import contextlib

from redis import Redis

from viktorlite.store.blobs import BlobStore
from viktorlite.store.keys import Keys


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

    def set(self, zone: str, key: str, blob_id: str) -> None:
        """Point ``key`` at ``blob_id`` (already stored); the blob it pointed at before is deleted."""
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hget(self._keys.storage_zone(zone), key)
            pipe.hset(self._keys.storage_zone(zone), key, blob_id)
            previous, _ = pipe.execute()
        if previous is not None and previous.decode() != blob_id:
            self._forget_blob(previous.decode())

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
