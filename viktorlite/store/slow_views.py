"""The last result of each slow view of an entity, with the params it was computed from.

A slow view (``duration_guess > 3``) runs only when its update button is clicked, so its last
result is worth keeping: the editor shows it with its age when it opens, and marks it outdated
when the inputs differ from the params it was computed from. The platform loses it on reload.
One Redis hash per entity (field = view method); the result's blobs are kept as long as it is
(result blobs otherwise expire with their job), and dropped when a newer result replaces it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from redis import Redis

from viktorlite.store.keys import Keys

#: The quick/slow line of the platform: a view that may take longer waits for its update button.
QUICK_MAX_SECONDS = 3
_BLOB_ID = re.compile(r"[0-9a-f]{32}")


def is_slow(duration_guess: float | None) -> bool:
    return duration_guess is not None and duration_guess > QUICK_MAX_SECONDS


def _blob_ids(value: Any) -> Iterator[str]:
    """Every blob a result refers to (``{"blob": "<32 hex>"}`` anywhere in it)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "blob" and isinstance(item, str) and _BLOB_ID.fullmatch(item):
                yield item
            else:
                yield from _blob_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _blob_ids(item)


class SlowViewResults:
    """Read and keep the last results of the slow views of one app's entities."""

    def __init__(self, connection: Redis, app: str) -> None:
        self._redis = connection
        self._keys = Keys(app)

    def keep(
        self,
        entity_id: int,
        method: str,
        *,
        params: dict[str, Any],
        result: dict[str, Any],
        job_id: str | None = None,
        worker: str | None = None,
    ) -> None:
        key = self._keys.slow_views(entity_id)
        old = self.get(entity_id, method)
        record = {
            "method": method,
            "params": params,
            "result": result,
            "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "job_id": job_id,
            "worker": worker,
        }
        kept = set(_blob_ids(result))
        with self._redis.pipeline() as pipe:
            for blob_id in kept:
                pipe.persist(self._keys.blob(blob_id))
                pipe.persist(self._keys.blob_chunks(blob_id))
            pipe.hset(key, method, json.dumps(record))
            pipe.execute()
        if old is not None:  # the result it replaces no longer needs its blobs
            stale = set(_blob_ids(old.get("result"))) - kept
            if stale:
                self._redis.unlink(*(k for b in stale for k in (self._keys.blob(b), self._keys.blob_chunks(b))))

    def get(self, entity_id: int, method: str) -> dict[str, Any] | None:
        raw = self._redis.hget(self._keys.slow_views(entity_id), method)
        return json.loads(raw) if raw is not None else None

    def all(self, entity_id: int) -> dict[str, dict[str, Any]]:
        raws = self._redis.hgetall(self._keys.slow_views(entity_id))
        return {(m.decode() if isinstance(m, bytes) else m): json.loads(r) for m, r in raws.items()}

    def drop(self, entity_id: int) -> None:
        """Forget an entity's kept results and their blobs (the entity is deleted)."""
        blobs = {b for record in self.all(entity_id).values() for b in _blob_ids(record.get("result"))}
        keys = [
            self._keys.slow_views(entity_id),
            *(k for b in blobs for k in (self._keys.blob(b), self._keys.blob_chunks(b))),
        ]
        self._redis.unlink(*keys)
