"""Where ``viktor.memoize`` keeps its entries: Redis, because every job is a fresh process.

Production: one namespace shared by every worker, uncapped. Development: the platform keeps a
small cache in the app process; a job here cannot keep anything in memory, so each worker gets
its own namespace in Redis instead, capped first in first out and emptied when the worker starts.
Every entry lives at most 24 hours. With a blob store other than Redis (``--blob-url``), a value
over ``LARGE_VALUE`` bytes goes there, and its Redis entry holds only a reference to the blob (which
expires with it; the blob store's sweep collects the bytes of entries evicted or expired).
"""

from __future__ import annotations

from redis import Redis

from viktorlite.store.blobs import CHUNK_SIZE, BlobStore
from viktorlite.store.keys import Keys

TTL_SECONDS = 24 * 3600
#: Values bigger than this leave Redis when the blob store is not Redis.
LARGE_VALUE = CHUNK_SIZE
#: How an entry that names a blob starts (a memoized value is JSON text, which never starts with NUL).
_BLOB_REF = b"\x00blob:"
DEFAULT_DEV_ENTRIES = 10

# KEYS: entry, order list; ARGV: value, ttl, capacity. Stores the entry, remembers its place in
# the first-in-first-out order (once, even when two jobs store it at the same time) and evicts
# the oldest entries beyond the capacity, all in one step.
_PUT_LOCAL = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('LREM', KEYS[2], 0, KEYS[1])
  redis.call('RPUSH', KEYS[2], KEYS[1])
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
local capacity = tonumber(ARGV[3])
while redis.call('LLEN', KEYS[2]) > capacity do
  redis.call('DEL', redis.call('LPOP', KEYS[2]))
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
"""

# KEYS: order list. Deletes every entry it names, then the list.
_CLEAR_LOCAL = """
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  redis.call('DEL', entry)
end
redis.call('DEL', KEYS[1])
return 1
"""


class MemoCache:
    """Get and put memoize entries by digest; ``worker=None`` is the shared production cache."""

    def __init__(self, connection: Redis, app: str, *, worker: str | None, capacity: int = DEFAULT_DEV_ENTRIES) -> None:
        if worker is not None and capacity < 1:
            raise ValueError(f"the development memoize cache needs room for at least 1 entry, not {capacity}")
        self._redis = connection
        self._keys = Keys(app)
        self._worker = worker
        self._capacity = capacity
        self._blobs = BlobStore(connection, app)

    def _entry(self, digest: str) -> str:
        if self._worker is None:
            return self._keys.memo_shared(digest)
        return self._keys.memo_local(self._worker, digest)

    def get(self, digest: str) -> bytes | None:
        found: bytes | None = self._redis.get(self._entry(digest))  # type: ignore[assignment]
        if found is not None and found.startswith(_BLOB_REF):
            try:
                with self._blobs.open(found[len(_BLOB_REF) :].decode()) as stream:
                    return stream.read()
            except FileNotFoundError:
                return None  # its blob went first: a miss, computed again
        return found

    def put(self, digest: str, value: bytes) -> None:
        if len(value) > LARGE_VALUE and self._blobs.url != "redis":
            value = _BLOB_REF + self._blobs.put(value, expires_in=TTL_SECONDS).encode()
        if self._worker is None:
            self._redis.set(self._entry(digest), value, ex=TTL_SECONDS)
            return
        script = self._redis.register_script(_PUT_LOCAL)
        script(
            keys=[self._entry(digest), self._keys.memo_local_order(self._worker)],
            args=[value, TTL_SECONDS, self._capacity],
        )


def clear_local(connection: Redis, app: str, worker: str) -> None:
    """Empty one worker's development cache (a restarted dev process starts with an empty cache)."""
    connection.register_script(_CLEAR_LOCAL)(keys=[Keys(app).memo_local_order(worker)])
