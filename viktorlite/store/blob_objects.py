"""Blob bytes outside Redis: an S3-compatible bucket or a shared directory, chosen by URL.

Redis keeps a blob's metadata (viktorlite.store.blobs); the bytes of a blob written while
``--blob-url`` names an object store go there under ``<prefix>/<app>/<blob id>``. Both kinds
write out of sight first (an S3 multipart upload is invisible until completed; a file is written
under ``.tmp/`` and renamed), so a writer that dies never leaves a half-written object under a
blob's name, and the metadata, written after, is what makes a blob exist. boto3 is imported only
when an ``s3://`` URL is used: a worker of an app that keeps blobs in Redis or on disk needs none of it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol
from urllib.parse import unquote, urlsplit

from viktorlite.store.seekable_reader import SeekableReader

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: How a parent hands ``--blob-url`` to the web process and the workers it starts.
BLOB_URL_ENV = "VIKTORLITE_BLOB_URL"
#: The default: bytes in Redis, in chunks (viktorlite.store.blobs).
REDIS_BLOBS = "redis"
#: Size of one part of an S3 multipart upload (S3 wants at least 5 MiB but the last); also the
#: threshold below which an object is sent in one PUT. One part is in memory at a time.
PART_SIZE = 8 << 20
#: Bytes asked for per read of an S3 object's body.
READ_SIZE = 1 << 20


class BlobStoreUnavailable(OSError):
    """The blob store cannot be reached or refused the request; nothing was changed in Redis."""


class BlobCorrupted(OSError):
    """A blob's bytes do not match the checksum written with its metadata."""


@dataclass(frozen=True)
class Written:
    size: int
    sha256: str


class ObjectStore(Protocol):
    """Where blob bytes live when not in Redis; blob ids are the object names."""

    url: str

    def write(self, blob_id: str, chunks: Iterable[bytes | memoryview]) -> Written: ...

    def open(self, blob_id: str) -> io.RawIOBase: ...

    def delete(self, blob_id: str) -> None: ...

    def list_ids(self, after: str = "") -> Iterator[tuple[str, float]]:
        """Blob ids in name order after ``after``, each with its last-modified time (epoch seconds)."""
        ...


def blob_url() -> str:
    """The blob store this process uses: ``$VIKTORLITE_BLOB_URL``, or Redis."""
    return os.environ.get(BLOB_URL_ENV) or REDIS_BLOBS


def check_blob_url(url: str) -> str:
    """``url`` if it names a blob store viktorlite knows; ``ValueError`` saying what is accepted if not."""
    parts = urlsplit(url)
    if url == REDIS_BLOBS:
        return url
    if parts.scheme == "s3" and parts.netloc:
        return url
    if parts.scheme == "file" and parts.path.startswith("/") and parts.netloc in ("", "localhost"):
        return url
    raise ValueError(f"{url!r} is not a blob store URL: use 'redis', 's3://bucket/prefix' or 'file:///absolute/dir'")


@functools.lru_cache(maxsize=16)
def object_store(url: str, app: str) -> ObjectStore | None:
    """The object store for ``url`` and ``app``, or None for Redis (one per process and URL)."""
    check_blob_url(url)
    if url == REDIS_BLOBS:
        return None
    parts = urlsplit(url)
    if parts.scheme == "file":
        return FileObjects(url, Path(unquote(parts.path)) / app)
    prefix = "/".join(p for p in (parts.path.strip("/"), app) if p)
    return S3Objects(url, parts.netloc, prefix)


def hashed(chunks: Iterable[bytes | memoryview], digest: Any) -> Iterator[bytes | memoryview]:
    for chunk in chunks:
        digest.update(chunk)
        yield chunk


class FileObjects:
    """Blobs as files in a shared directory: ``<dir>/<app>/<id[:2]>/<id>``; writes go through ``.tmp/``."""

    def __init__(self, url: str, root: Path) -> None:
        self.url = url
        self._root = root

    def _path(self, blob_id: str) -> Path:
        return self._root / blob_id[:2] / blob_id

    def write(self, blob_id: str, chunks: Iterable[bytes | memoryview]) -> Written:
        digest = hashlib.sha256()
        temp = self._root / ".tmp" / f"{blob_id}.{uuid.uuid4().hex}.part"
        try:
            temp.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            with open(temp, "wb") as out:
                for chunk in hashed(chunks, digest):
                    size += out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            final = self._path(blob_id)
            final.parent.mkdir(exist_ok=True)
            os.replace(temp, final)  # atomic: the name shows all the bytes or none
        except BaseException as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            if isinstance(exc, OSError) and not isinstance(exc, BlobStoreUnavailable):
                raise BlobStoreUnavailable(f"the blob store {self.url} cannot be written: {exc}") from exc
            raise
        return Written(size, digest.hexdigest())

    def open(self, blob_id: str) -> io.RawIOBase:
        try:
            return open(self._path(blob_id), "rb", buffering=0)
        except FileNotFoundError:
            raise FileNotFoundError(f"blob {blob_id!r} has no file in {self.url}") from None
        except OSError as exc:
            raise BlobStoreUnavailable(f"the blob store {self.url} cannot be read: {exc}") from exc

    def delete(self, blob_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(blob_id).unlink()

    def list_ids(self, after: str = "") -> Iterator[tuple[str, float]]:
        if not self._root.is_dir():
            return
        for shard in sorted(p for p in self._root.iterdir() if len(p.name) == 2 and p.name >= after[:2]):
            for path in sorted(shard.iterdir()):
                if path.name > after:
                    with contextlib.suppress(FileNotFoundError):
                        yield path.name, path.stat().st_mtime


class S3Objects:
    """Blobs as objects in an S3-compatible bucket; endpoint, region and credentials from ``AWS_*``."""

    def __init__(self, url: str, bucket: str, prefix: str) -> None:
        self.url = url
        self._bucket = bucket
        self._prefix = prefix

    @functools.cached_property
    def _client(self) -> Any:
        try:
            import boto3
            from botocore.config import Config
        except ImportError as exc:
            raise BlobStoreUnavailable(f"the blob store {self.url} needs boto3 in this environment: {exc}") from exc

        # Few, short retries: an unreachable store fails the job in seconds with a clear error.
        config = Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 2, "mode": "standard"})
        return boto3.session.Session().client("s3", config=config)

    def _key(self, blob_id: str) -> str:
        return f"{self._prefix}/{blob_id}" if self._prefix else blob_id

    def _unavailable(self, exc: Exception, doing: str) -> BlobStoreUnavailable:
        return BlobStoreUnavailable(f"the blob store {self.url} cannot be {doing}: {exc}")

    def write(self, blob_id: str, chunks: Iterable[bytes | memoryview]) -> Written:
        digest = hashlib.sha256()
        key = self._key(blob_id)
        part = bytearray()
        upload_id: str | None = None
        parts: list[dict[str, Any]] = []
        size = 0
        try:
            for chunk in hashed(chunks, digest):
                part += chunk
                size += len(chunk)
                if len(part) >= PART_SIZE:
                    if upload_id is None:
                        upload_id = self._client.create_multipart_upload(Bucket=self._bucket, Key=key)["UploadId"]
                    parts.append(self._upload_part(key, upload_id, len(parts) + 1, part))
                    part = bytearray()
            if upload_id is None:
                self._client.put_object(Bucket=self._bucket, Key=key, Body=bytes(part))
            else:
                if part:
                    parts.append(self._upload_part(key, upload_id, len(parts) + 1, part))
                self._client.complete_multipart_upload(
                    Bucket=self._bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
                )
        except BaseException as exc:
            if upload_id is not None:  # an aborted upload leaves nothing under the key
                with contextlib.suppress(Exception):
                    self._client.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=upload_id)
            if _is_store_error(exc):
                raise self._unavailable(exc, "written") from exc  # type: ignore[arg-type]
            raise
        return Written(size, digest.hexdigest())

    def _upload_part(self, key: str, upload_id: str, number: int, data: bytearray) -> dict[str, Any]:
        answer = self._client.upload_part(
            Bucket=self._bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=bytes(data)
        )
        return {"ETag": answer["ETag"], "PartNumber": number}

    def open(self, blob_id: str) -> io.RawIOBase:
        return _S3Reader(self, self._key(blob_id), blob_id)

    def _get(self, key: str, blob_id: str, start: int) -> tuple[Any, int]:
        """The streaming body of ``key`` from byte ``start``, and the object's size."""
        from botocore.exceptions import ClientError

        try:
            if start:
                answer = self._client.get_object(Bucket=self._bucket, Key=key, Range=f"bytes={start}-")
                size = int(answer["ContentRange"].rsplit("/", 1)[1])
            else:
                answer = self._client.get_object(Bucket=self._bucket, Key=key)
                size = int(answer["ContentLength"])
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404"):
                raise FileNotFoundError(f"blob {blob_id!r} has no object in {self.url}") from None
            if code == "InvalidRange":
                return None, start
            raise self._unavailable(exc, "read") from exc
        except Exception as exc:
            if _is_store_error(exc):
                raise self._unavailable(exc, "read") from exc
            raise
        return answer["Body"], size

    def delete(self, blob_id: str) -> None:
        try:
            self._client.delete_object(Bucket=self._bucket, Key=self._key(blob_id))
        except Exception as exc:
            if _is_store_error(exc):
                raise self._unavailable(exc, "reached to delete a blob") from exc
            raise

    def list_ids(self, after: str = "") -> Iterator[tuple[str, float]]:
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=f"{self._prefix}/" if self._prefix else "", StartAfter=self._key(after)
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"].rsplit("/", 1)[-1], item["LastModified"].timestamp()


def _is_store_error(exc: BaseException) -> bool:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 absent: no S3 store was used
        return False
    return isinstance(exc, (BotoCoreError, ClientError))


class _S3Reader(SeekableReader):
    """A seekable raw stream over one object: one streaming GET, re-opened at an offset after a seek."""

    def __init__(self, objects: S3Objects, key: str, blob_id: str) -> None:
        super().__init__()
        self._objects = objects
        self._key = key
        self._blob_id = blob_id
        self._body, self._size = objects._get(key, blob_id, 0)
        self._body_pos = 0

    def _end(self) -> int:
        return self._size

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        if self._pos >= self._size or not len(target):
            return 0
        if self._body is None or self._body_pos != self._pos:
            if self._body is not None:
                self._body.close()
            self._body, _ = self._objects._get(self._key, self._blob_id, self._pos)
            self._body_pos = self._pos
        data = self._body.read(min(len(target), READ_SIZE))
        if not data:
            raise BlobCorrupted(f"blob {self._blob_id!r} ended at byte {self._pos} of {self._size}")
        target[: len(data)] = data
        self._pos += len(data)
        self._body_pos = self._pos
        return len(data)

    def close(self) -> None:
        if self._body is not None:
            with contextlib.suppress(Exception):
                self._body.close()
            self._body = None
        super().close()


class Checked(io.RawIOBase):
    """Hashes what is read straight through from byte 0 and raises :class:`BlobCorrupted` at the end
    if it is not what was written; a reader that seeks elsewhere gets no check (it reads a part)."""

    def __init__(self, raw: io.RawIOBase, blob_id: str, size: int, sha256: str | None) -> None:
        super().__init__()
        self._raw = raw
        self._blob_id = blob_id
        self._size = size
        self._sha256 = sha256
        self._digest: Any = hashlib.sha256() if sha256 else None
        self._hashed = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._raw.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def readinto(self, buffer: WriteableBuffer) -> int:
        start = self._raw.tell()
        count = self._raw.readinto(buffer) or 0
        if self._digest is not None and start == self._hashed and count:
            self._digest.update(memoryview(buffer).cast("B")[:count])
            self._hashed += count
            if self._hashed >= self._size:
                if self._digest.hexdigest() != self._sha256:
                    raise BlobCorrupted(f"blob {self._blob_id!r} does not match its checksum: it was changed or cut")
                self._digest = None
        elif start == self._hashed and count == 0 and self._digest is not None and self._hashed < self._size:
            raise BlobCorrupted(f"blob {self._blob_id!r} ended at byte {start} of {self._size}")
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def as_binary(raw: io.RawIOBase, name: str) -> BinaryIO:
    raw.name = name  # type: ignore[attr-defined]
    return io.BufferedReader(raw, buffer_size=READ_SIZE)
