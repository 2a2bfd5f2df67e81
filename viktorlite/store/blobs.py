"""Blobs: their metadata in Redis, their bytes in Redis (in chunks) or in an object store.

Where new bytes go is ``--blob-url`` (viktorlite.store.blob_objects; docs/blob-store.md): Redis by
default, else an S3 bucket or a shared directory. The metadata says where each blob's bytes are,
so blobs written before a change of ``--blob-url`` stay readable. What follows is about Redis.

A blob is written as 1 MiB chunks (pipelined, a few MiB per round trip) into one Redis hash,
and its metadata is written last: a blob is visible only once it is complete, and a writer that
dies half-way leaves chunks that expire on their own. Readers fetch a few chunks at a time, so
a 300 MB file streams through a few MiB of memory. Redis' 512 MB bulk limit never applies.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO

from redis import Redis

from viktorlite.store.blob_objects import REDIS_BLOBS, Checked, ObjectStore, as_binary, blob_url, object_store
from viktorlite.store.keys import Keys
from viktorlite.store.seekable_reader import SeekableReader

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

CHUNK_SIZE = 1 << 20
#: Chunks sent per pipeline round trip when writing.
WRITE_BATCH = 8
#: Chunks fetched per round trip when reading.
READ_AHEAD = 4
#: How long the chunks of a blob that is still being written survive its writer.
UNFINISHED_TTL_SECONDS = 3600

_BLOB_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class BlobInfo:
    id: str
    size: int
    filename: str | None
    content_type: str | None
    created_at: str
    #: Sent by a browser (``POST /api/uploads``): its content type is the uploader's claim, not the app's.
    uploaded: bool = False


@dataclass(frozen=True)
class _Meta:
    """What is stored about a blob besides its bytes."""

    size: int
    chunk_size: int
    chunks: int
    filename: str | None
    content_type: str | None
    created_at: str
    uploaded: bool = False
    #: Where the bytes are: ``redis`` (chunks) or the blob URL of the object store that has them.
    location: str = REDIS_BLOBS
    #: SHA-256 of the bytes, checked when a reader reaches the end (object stores only).
    sha256: str | None = None


#: Chunk count recorded for a blob whose bytes are in an object store (never 0 or 1, which the
#: one-round-trip Lua reads of viktorlite.store.storage take as "the bytes are in Redis").
OBJECT_CHUNKS = -1
#: The Redis key under which :meth:`BlobStore.sweep` keeps its cursor (resumable after a crash).
SWEEP_CURSOR = "blob-sweep-cursor"


class BlobStore:
    """Write, read and delete one app's blobs; ids are opaque strings.

    ``url`` is where new bytes go (default: ``$VIKTORLITE_BLOB_URL``, else Redis).
    """

    def __init__(self, connection: Redis, app: str, url: str | None = None) -> None:
        self._redis = connection
        self._app = app
        self._keys = Keys(app)
        self.url = url or blob_url()
        self.objects = object_store(self.url, app)

    def put(
        self,
        source: BinaryIO | bytes,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        uploaded: bool = False,
        expires_in: int | None = None,
    ) -> str:
        """Store all bytes of ``source`` (read from its current position) and return the new blob id.

        ``expires_in`` seconds: the blob goes unless something keeps it (an upload that no saved
        params name yet, viktorlite.store.upload_lifetime); None: it stays until deleted.
        """
        return self.put_chunks(
            chunks_of(source), filename=filename, content_type=content_type, uploaded=uploaded, expires_in=expires_in
        )

    def put_chunks(
        self,
        chunks: Iterable[bytes | memoryview],
        *,
        filename: str | None = None,
        content_type: str | None = None,
        uploaded: bool = False,
        expires_in: int | None = None,
    ) -> str:
        """Store ``chunks`` (each ``CHUNK_SIZE`` bytes but the last) as a new blob; returns its id."""
        if self.objects is not None:
            return self._put_object(self.objects, chunks, filename, content_type, uploaded, expires_in)
        blob_id = uuid.uuid4().hex
        chunks_key = self._keys.blob_chunks(blob_id)
        size = count = 0
        try:
            pipe = self._redis.pipeline(transaction=False)
            for chunk in chunks:
                pipe.hset(chunks_key, str(count), chunk)
                size += len(chunk)
                count += 1
                if count % WRITE_BATCH == 0:
                    pipe.expire(chunks_key, UNFINISHED_TTL_SECONDS)
                    pipe.execute()
            meta = _Meta(size, CHUNK_SIZE, count, filename, content_type, _now(), uploaded)
            pipe.expire(chunks_key, UNFINISHED_TTL_SECONDS)
            pipe.execute()
            with self._redis.pipeline(transaction=True) as done:
                if expires_in:
                    done.expire(chunks_key, expires_in)
                else:
                    done.persist(chunks_key)
                done.set(self._keys.blob(blob_id), json.dumps(asdict(meta)), ex=expires_in or None)
                done.execute()
        except BaseException:
            self._redis.unlink(chunks_key)
            raise
        return blob_id

    def _put_object(
        self,
        objects: ObjectStore,
        chunks: Iterable[bytes | memoryview],
        filename: str | None,
        content_type: str | None,
        uploaded: bool,
        expires_in: int | None,
    ) -> str:
        """Bytes to the object store first (invisible until complete), then the metadata that makes
        the blob exist; a failure before the metadata leaves Redis as it was."""
        blob_id = uuid.uuid4().hex
        written = objects.write(blob_id, chunks)
        meta = _Meta(
            written.size,
            CHUNK_SIZE,
            OBJECT_CHUNKS,
            filename,
            content_type,
            _now(),
            uploaded,
            objects.url,
            written.sha256,
        )
        try:
            self._redis.set(self._keys.blob(blob_id), json.dumps(asdict(meta)), ex=expires_in or None)
        except BaseException:
            objects.delete(blob_id)
            raise
        return blob_id

    def info(self, blob_id: str) -> BlobInfo:
        meta = self._meta(blob_id)
        return BlobInfo(blob_id, meta.size, meta.filename, meta.content_type, meta.created_at, meta.uploaded)

    def open(self, blob_id: str) -> BinaryIO:
        """A readable, seekable binary stream over the blob that fetches its bytes as they are read."""
        meta = self._meta(blob_id)
        objects = object_store(meta.location, self._app)
        if objects is not None:
            return as_binary(Checked(objects.open(blob_id), blob_id, meta.size, meta.sha256), meta.filename or blob_id)
        raw = _BlobReader(self._redis, self._keys.blob_chunks(blob_id), blob_id, meta)
        return io.BufferedReader(raw, buffer_size=meta.chunk_size)

    def delete(self, blob_id: str) -> None:
        _check_id(blob_id)
        raw = self._redis.get(self._keys.blob(blob_id))
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.unlink(self._keys.blob(blob_id))
            pipe.unlink(self._keys.blob_chunks(blob_id))
            removed, _ = pipe.execute()
        if not removed:
            raise FileNotFoundError(f"no blob {blob_id!r}")
        location = json.loads(raw).get("location", REDIS_BLOBS) if raw else REDIS_BLOBS
        objects = object_store(location, self._app)
        if objects is not None:  # metadata gone first: a failure here leaves an orphan for sweep()
            objects.delete(blob_id)

    def sweep(self, grace_seconds: float = UNFINISHED_TTL_SECONDS, limit: int | None = None) -> int:
        """Delete objects of this app's store that no metadata names any more (expired uploads and
        results, deletes interrupted half-way), older than ``grace_seconds`` so that a blob still being
        written is spared; returns how many went. Resumable: the cursor is kept in Redis, so a sweep
        that dies goes on where it stopped; ``limit`` objects looked at per call."""
        if self.objects is None:
            return 0
        cursor_key = self._keys.blob(f"{SWEEP_CURSOR}:{self.objects.url}")
        after = self._redis.get(cursor_key)
        removed = 0
        finished = True
        listed = self.objects.list_ids(after.decode() if isinstance(after, bytes) else "")
        for seen, (blob_id, modified) in enumerate(listed):
            if limit is not None and seen >= limit:
                finished = False
                break
            if time.time() - modified > grace_seconds and not self._redis.exists(self._keys.blob(blob_id)):
                self.objects.delete(blob_id)
                removed += 1
            self._redis.set(cursor_key, blob_id)
        if finished:
            self._redis.delete(cursor_key)
        return removed

    def exists(self, blob_id: str) -> bool:
        return _BLOB_ID.fullmatch(blob_id) is not None and bool(self._redis.exists(self._keys.blob(blob_id)))

    def _meta(self, blob_id: str) -> _Meta:
        _check_id(blob_id)
        raw = self._redis.get(self._keys.blob(blob_id))
        if raw is None:
            raise FileNotFoundError(f"no blob {blob_id!r}")
        return _Meta(**json.loads(raw))


def blob_meta(size: int, chunks: int, filename: str | None, content_type: str | None) -> dict[str, object]:
    """The metadata record of a blob, as stored (JSON) under ``Keys.blob``."""
    return asdict(_Meta(size, CHUNK_SIZE, chunks, filename, content_type, _now()))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_id(blob_id: object) -> None:
    if not isinstance(blob_id, str) or _BLOB_ID.fullmatch(blob_id) is None:
        raise FileNotFoundError(f"no blob {blob_id!r} (not a blob id)")


def chunks_of(source: BinaryIO | ReadableBuffer) -> Iterator[bytes | memoryview]:
    """Yield ``CHUNK_SIZE`` pieces of a bytes-like object (without copying) or of a binary stream."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source).cast("B")
        for start in range(0, len(view), CHUNK_SIZE):
            yield view[start : start + CHUNK_SIZE]
        return
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(f"a blob is stored from bytes or a binary file object, not {type(source).__name__}")
    while True:
        chunk = read(CHUNK_SIZE)
        if not chunk:
            return
        if isinstance(chunk, str):
            raise TypeError("a blob is stored from a binary file object; this one returned str (open it in 'rb')")
        yield chunk


class _BlobReader(SeekableReader):
    """The raw stream under :meth:`BlobStore.open`: keeps at most ``READ_AHEAD`` chunks in memory."""

    def __init__(self, connection: Redis, chunks_key: str, blob_id: str, meta: _Meta) -> None:
        super().__init__()
        self._redis = connection
        self._chunks_key = chunks_key
        self._blob_id = blob_id
        self._meta = meta
        self._window: dict[int, bytes] = {}
        self.name = meta.filename or blob_id

    def _end(self) -> int:
        return self._meta.size

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        remaining = self._meta.size - self._pos
        if remaining <= 0 or not len(target):
            return 0
        index, offset = divmod(self._pos, self._meta.chunk_size)
        chunk = self._chunk(index)
        count = min(len(target), len(chunk) - offset, remaining)
        target[:count] = memoryview(chunk)[offset : offset + count]
        self._pos += count
        return count

    def readall(self) -> bytes:
        """Everything left, fetched a few chunks per round trip into one growing buffer."""
        out = io.BytesIO()
        while self._pos < self._meta.size:
            index, offset = divmod(self._pos, self._meta.chunk_size)
            last = min(index + 2 * READ_AHEAD, self._meta.chunks)
            for chunk in self._fetch(range(index, last)):
                out.write(memoryview(chunk)[offset:])
                self._pos += len(chunk) - offset
                offset = 0
            self._window.clear()
        return out.getvalue()

    def _chunk(self, index: int) -> bytes:
        if index not in self._window:
            wanted = range(index, min(index + READ_AHEAD, self._meta.chunks))
            self._window = dict(zip(wanted, self._fetch(wanted), strict=True))
        return self._window[index]

    def _fetch(self, indexes: range) -> list[bytes]:
        pipe = self._redis.pipeline(transaction=False)
        for index in indexes:
            pipe.hget(self._chunks_key, str(index))
        chunks: list[bytes | None] = pipe.execute()
        if any(chunk is None for chunk in chunks):
            raise FileNotFoundError(f"blob {self._blob_id!r} was deleted while it was being read")
        return chunks  # type: ignore[return-value]
