"""How results turn into JSON plus binary blobs, and how their file-like inputs are read.

A result never writes to Redis itself: :func:`serialize_result` gets a :class:`BlobSink` from the
worker (backed by the blob store) and results put their bytes there, keeping only a reference
``{"blob": id, "content_type", "size"}`` in the JSON. Outside a worker an in-memory sink is used.
"""

from __future__ import annotations

import io
import os
import uuid
from typing import Any, Protocol


class BlobSink(Protocol):
    """Where serialised results put their binary parts; returns the blob's id."""

    def put(self, data: bytes, *, filename: str | None, content_type: str) -> str: ...


class MemoryBlobSink:
    """Keeps blobs in a dict: for serialising without a worker (tests, ``viktor.testing``)."""

    def __init__(self) -> None:
        self.blobs: dict[str, tuple[bytes, str | None, str]] = {}

    def put(self, data: bytes, *, filename: str | None, content_type: str) -> str:
        blob_id = uuid.uuid4().hex
        self.blobs[blob_id] = (bytes(data), filename, content_type)
        return blob_id


class SerializeContext:
    """What a result needs while it serialises: the blob sink and a running byte count."""

    def __init__(self, sink: BlobSink) -> None:
        self.sink = sink
        self.blob_bytes = 0

    def blob(self, data: bytes, *, content_type: str, filename: str | None = None) -> dict[str, Any]:
        self.blob_bytes += len(data)
        blob_id = self.sink.put(data, filename=filename, content_type=content_type)
        return {"blob": blob_id, "content_type": content_type, "size": len(data), "filename": filename}


def read_bytes(source: Any, what: str, encoding: str = "utf-8") -> bytes:
    """The bytes of a result's file argument: bytes, str, StringIO/BytesIO, File or FileResource.

    ``what`` names the argument in the error ("ImageResult image").
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, str):
        return source.encode(encoding)
    if isinstance(source, io.StringIO):
        return source.getvalue().encode(encoding)
    if isinstance(source, io.BytesIO):
        return source.getvalue()
    getvalue_binary = getattr(source, "getvalue_binary", None)  # viktor File
    if callable(getvalue_binary):
        data = getvalue_binary()
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
    file = getattr(source, "file", None)  # FileResource: its .file is a File
    if file is not None and callable(getattr(file, "getvalue_binary", None)):
        return read_bytes(file, what, encoding)
    read = getattr(source, "read", None)  # any other open file object
    if callable(read):
        data = read()
        return data.encode(encoding) if isinstance(data, str) else bytes(data)
    raise TypeError(f"{what}: cannot read a {type(source).__name__}; give bytes, a BytesIO/StringIO or a File")


def read_path(file_path: str | os.PathLike[str], what: str) -> bytes:
    try:
        with open(file_path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise FileNotFoundError(f"{what}: cannot read {os.fspath(file_path)!r} ({error.strerror})") from None


def source_name(source: Any) -> str | None:
    """The file name a source carries, when it has one (a path File, a FileResource)."""
    for attribute in ("filename", "name", "source"):
        value = getattr(source, attribute, None)
        if isinstance(value, (str, os.PathLike)) and not callable(value):
            name = os.path.basename(os.fspath(value))
            if name:
                return name
    return None
