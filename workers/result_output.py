"""Where a job's result goes: JSON for the outcome, binary parts into the blob store with a lifetime.

Also gives the app's result size limit: ``[viktorlite] max_result_mb`` in ``viktor.config.toml``
(default 50, read by viktorlite.app.config), so an app that returns a huge figure or file gets a
clear error instead of filling Redis.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from redis import Redis

from viktorlite.app.config import AppConfigError, read_config
from viktorlite.jobs.queue import KEEP_SECONDS
from viktorlite.protocol.result import EncodedResult
from viktorlite.sdk.views import DEFAULT_MAX_RESULT_BYTES
from viktorlite.store.keys import Keys

#: Result blobs live as long as job outcomes; an editor that needs them later reruns the view.
RESULT_BLOB_SECONDS = KEEP_SECONDS


class ResultBlobSink:
    """A :class:`viktorlite.sdk._result_io.BlobSink` writing to the app's blob store, with expiry."""

    def __init__(self, connection: Redis, app: str) -> None:
        self._connection = connection
        self._app = app
        self._keys = Keys(app)
        self.ids: list[str] = []

    def put(self, data: bytes, *, filename: str | None, content_type: str) -> str:
        from viktorlite.store.blobs import BlobStore  # only results with binary parts need the blob store

        blob_id = BlobStore(self._connection, self._app).put(data, filename=filename, content_type=content_type)
        with self._connection.pipeline(transaction=False) as pipe:
            pipe.expire(self._keys.blob(blob_id), RESULT_BLOB_SECONDS)
            pipe.expire(self._keys.blob_chunks(blob_id), RESULT_BLOB_SECONDS)
            pipe.execute()
        self.ids.append(blob_id)
        return blob_id

    def discard(self) -> None:
        """Remove what this sink wrote (the result it belonged to was rejected)."""
        for blob_id in self.ids:
            self._connection.unlink(self._keys.blob(blob_id), self._keys.blob_chunks(blob_id))
        self.ids.clear()


@functools.cache
def max_result_bytes(app_dir: Path) -> int:
    """The app's result size limit in bytes."""
    try:
        megabytes = read_config(app_dir).max_result_mb
    except AppConfigError:  # the app failed to load for this reason already; nothing runs
        return DEFAULT_MAX_RESULT_BYTES
    return DEFAULT_MAX_RESULT_BYTES if megabytes is None else int(megabytes * 1024 * 1024)


class BadResult(Exception):
    """A method returned something that cannot be shown; the message names the method and why."""


def serialize_for_outcome(
    result: Any, serialize: Any, *, connection: Redis | None, app: str, app_dir: Path, what: str
) -> dict[str, Any]:
    """Serialise ``result`` with ``serialize(result, sink, max_bytes=...)``; any failure becomes BadResult.

    ``what`` names the method for the message, e.g. "PlotlyView 'plot'". A ``serialize`` that gives
    the JSON and its text (``views.encode_result``) makes an :class:`EncodedResult`: encoded once.
    """
    sink: Any = ResultBlobSink(connection, app) if connection is not None else None
    try:
        payload = serialize(result, sink, max_bytes=max_result_bytes(app_dir))
    except Exception as exc:  # noqa: BLE001 - whatever the result held, the job reports it
        if sink is not None:
            sink.discard()
        raise BadResult(f"{what} returned a result that cannot be shown: {exc}") from exc
    if isinstance(payload, tuple):
        return EncodedResult(*payload)
    result_json: dict[str, Any] = payload
    return result_json
