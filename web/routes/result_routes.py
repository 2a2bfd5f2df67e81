"""Results the editor fetches besides job outcomes: blobs (images, PDFs, models, downloads) and job logs.

Blobs are served with the type they were stored with, never sniffed. App HTML and SVG are served
under a sandboxing Content-Security-Policy, so even opened directly they cannot run script in the
editor's origin; downloads get an attachment disposition that keeps the file name (RFC 6266 / 5987).

An upload's type is only what the uploader's browser claimed (anyone can send ``text/html`` or
``text/javascript``), so uploads are served as ``application/octet-stream`` attachments, except
the raster image types of :data:`INERT_UPLOAD_TYPES`: a browser decodes those as pictures and never
runs them. SVG (script inside), HTML, JavaScript and PDF (its viewer runs script and cannot be
sandboxed by CSP) are never among them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from typing import BinaryIO
from urllib.parse import quote

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from viktorlite.jobs.log import read_log
from viktorlite.store.serve_info import replay_command
from viktorlite.web.bodies import EntityPath, ErrorBody
from viktorlite.web.errors import ApiError
from viktorlite.web.operations import FILE_BYTES, operation
from viktorlite.web.routes.dashboard import replay_arguments
from viktorlite.web.services import blocking, entity_id_from_path, existing_entity, services


class JobLogMessage(BaseModel):
    kind: str = Field(description="info | warning | success")
    message: str
    at: str | None = None


class JobLogEntry(BaseModel):
    job_id: str
    method: str
    trigger: str
    worker: str
    started_at: str
    duration_s: float
    status: str = Field(description="ok | user | app | timeout | system")
    error: str | None = None
    messages: list[JobLogMessage]
    replay: str | None = Field(default=None, description="the `viktorlite replay` command that reruns this job")


class JobLog(BaseModel):
    jobs: list[JobLogEntry] = Field(description="newest first")


class BlobQuery(BaseModel):
    download: str | None = Field(default=None, description="any value: save it under its file name")


STREAM_CHUNK = 1 << 20
#: App HTML runs as its own opaque origin: scripts yes, the editor's cookies, storage and DOM no.
HTML_POLICY = "sandbox allow-scripts allow-popups allow-forms; frame-ancestors 'self'"
#: Any other blob: nothing in it may run or load anything.
STRICT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
#: Uploaded types served as themselves (inline); any other upload is a download of opaque bytes.
INERT_UPLOAD_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
#: What a file name may not carry into a header or onto a disk: control characters, path separators.
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\\u2028\u2029]")
#: What a quoted-string (RFC 6266 ``filename=``) cannot hold plainly: the quote, anything not printable ASCII.
_UNSAFE_IN_QUOTED = re.compile(r'[^\x20-\x7e]|"')
#: RFC 5987 attr-chars besides letters and digits: these stay as they are in ``filename*=``.
_ATTR_CHARS = "!#$&+-.^_`|~"


def download_name(filename: str | None) -> str:
    """The name a download is saved under: the stored one, with only what is unsafe anywhere replaced."""
    name = _UNSAFE_IN_NAME.sub("_", filename or "").strip()
    return name if name.strip(".") else "download"


def _ascii_fallback(name: str) -> str:
    """``name`` for browsers that read only ``filename=``: accents dropped, other non-ASCII as ``_``."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _UNSAFE_IN_QUOTED.sub("_", plain)


def content_disposition(kind: str, filename: str | None) -> str:
    """An RFC 6266 header keeping the name's spaces, brackets and letters: an ASCII ``filename=``
    fallback and the exact name as ``filename*=UTF-8''...`` (RFC 5987), which browsers prefer."""
    name = download_name(filename)
    return f"{kind}; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe=_ATTR_CHARS)}"


async def _stream(handle: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while True:
            chunk = await blocking(handle.read, STREAM_CHUNK)
            if not chunk:
                return
            yield chunk
    finally:
        handle.close()


@operation(query=BlobQuery, responses={200: FILE_BYTES, 404: ErrorBody})
async def get_blob(request: Request) -> Response:
    """A blob's bytes; ``?download=1`` asks the browser to save it under its file name."""
    from viktorlite.store.blobs import BlobStore  # the web process needs the blob store only for this route

    svc = services(request)
    store = BlobStore(svc.redis, svc.app_name)
    blob_id = request.path_params["blob_id"]
    try:
        info = await blocking(store.info, blob_id)
        handle = await blocking(store.open, blob_id)
    except FileNotFoundError:
        raise ApiError(404, f"no blob {blob_id!r} (results expire; run the view again)") from None
    content_type = info.content_type or "application/octet-stream"
    media = content_type.split(";")[0].strip().lower()
    attachment = bool(request.query_params.get("download"))
    if info.uploaded:  # the uploader's claim: only inert types are served as what they claim
        content_type = media if media in INERT_UPLOAD_TYPES else "application/octet-stream"
        media = content_type
        attachment = attachment or media not in INERT_UPLOAD_TYPES
    headers = {
        "Content-Length": str(info.size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
        "Content-Disposition": content_disposition("attachment" if attachment else "inline", info.filename),
    }
    if media != "application/pdf":  # the browser's own PDF viewer refuses to run in a sandbox
        headers["Content-Security-Policy"] = HTML_POLICY if media == "text/html" else STRICT_POLICY
    return StreamingResponse(_stream(handle), media_type=content_type, headers=headers)


@operation(path=EntityPath, responses={200: JobLog})
async def get_job_log(request: Request) -> Response:
    """The entity's job log: its finished jobs, newest first, with their user messages."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    await existing_entity(svc, entity_id)
    entries = await blocking(read_log, svc.redis, svc.app_name, entity_id)
    arguments = await blocking(replay_arguments, request)
    for entry in entries:
        entry["replay"] = replay_command(str(entry.get("job_id", "")), arguments)
    return JSONResponse({"jobs": entries})


routes = [
    Route("/api/blobs/{blob_id}", get_blob, methods=["GET"]),
    Route("/api/entities/{entity_id}/jobs", get_job_log, methods=["GET"]),
]
