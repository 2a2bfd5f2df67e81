"""``POST /api/uploads``: a file for a FileField/MultiFileField, streamed into the blob store.

The field is named in the query (``?entity_type=...&field=<attribute path>``), so its
``file_types`` and ``max_size`` are known before the body is read: a file of the wrong type is
refused as soon as its part headers arrive, and one that grows past ``max_size`` as soon as it
does. The body is parsed as it streams in (python-multipart) and spooled to a temporary file,
never held whole in memory. A body the parser cannot read (a part header past its 4 KiB limit, such
as a file name thousands of characters long, or a malformed boundary) is a 400 naming the problem.

The file is stored as an upload: it expires unless saved params come to name it
(viktorlite.store.upload_lifetime), and it is served back as a download unless its type is inert
(web/routes/result_routes.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, Any, BinaryIO, cast

from pydantic import BaseModel, Field
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from viktorlite.protocol.schema import kinds_with
from viktorlite.store.blobs import BlobStore
from viktorlite.web.bodies import ErrorBody
from viktorlite.web.errors import ApiError
from viktorlite.web.operations import UPLOAD, operation
from viktorlite.web.services import blocking, services

FILE_TYPES = kinds_with("file")
SPOOL_BYTES = 1 << 20
MAX_FILENAME = 255
#: What an upload may be refused with besides: unreadable multipart (400), no such field (404), too
#: large (413), not multipart (415).
UPLOAD_ERRORS = {400: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody}


class Uploaded(BaseModel):
    """``POST /api/uploads``: what to store in the file field's params (``file_id``, ``filename``)."""

    file_id: str
    filename: str
    size: int


class UploadTarget(BaseModel):
    entity_type: str = Field(description="the entity type whose parametrization has the field")
    field: str = Field(description="the FileField/MultiFileField's attribute path, e.g. section.drawing")


def _field_nodes(items: list[Any]) -> Iterator[Mapping[str, Any]]:
    for node in items:
        if isinstance(node, Mapping):
            if node.get("kind") == "field":
                yield node
            yield from _field_nodes(list(node.get("items") or []))


def find_file_field(parametrization: Mapping[str, Any] | None, path: str) -> Mapping[str, Any] | None:
    """The FileField/MultiFileField node at attribute ``path`` (array columns included)."""
    for node in _field_nodes(list((parametrization or {}).get("items") or [])):
        if node.get("path") == path and node.get("type") in FILE_TYPES:
            return node
    return None


def clean_filename(raw: str) -> str:
    """The last part of whatever path a browser sent, without control characters, at most
    ``MAX_FILENAME`` characters: a long name is cut before its extension, which ``file_types`` checks."""
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_FILENAME:
        stem, dot, suffix = name.rpartition(".")
        keep = MAX_FILENAME - len(suffix) - 1
        name = stem[:keep] + dot + suffix if dot and stem and keep > 0 else name[:MAX_FILENAME]
    return name or "upload"


def type_problem(filename: str, file_types: list[str] | None) -> str | None:
    if not file_types:
        return None
    lowered = filename.lower()
    if any(lowered.endswith(str(t).lower()) for t in file_types):
        return None
    return f"{filename}: only {', '.join(file_types)} files are allowed"


class _Receiver:
    """Parser callbacks: collect the part headers, spool the bytes of the part named ``file``.

    ``node`` holds the limits (``file_types``, ``max_size``); ``owner`` names what sets them.
    """

    def __init__(self, node: Mapping[str, Any], owner: str) -> None:
        self.node = node
        self.owner = owner
        self.max_size: int | None = node.get("max_size")
        self.spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by caller
        self.filename: str | None = None
        self.content_type: str | None = None
        self.size = 0
        self.done = False
        self._in_file = False
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._add("_field", data[start:end]),
            "on_header_value": lambda data, start, end: self._add("_value", data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
        }

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def _part_begin(self) -> None:
        self._headers, self._in_file = {}, False

    def _header_end(self) -> None:
        self._headers[self._field.strip().lower()] = self._value.strip()
        self._field = self._value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if options.get(b"name") != b"file" or self.done:
            return
        raw_name = options.get(b"filename")
        if raw_name is None:
            raise ApiError(422, "file: the part named 'file' holds no file")
        self.filename = clean_filename(raw_name.decode("utf-8", "replace"))
        problem = type_problem(self.filename, self.node.get("file_types"))
        if problem:
            raise ApiError(422, problem, problems=[{"field": "file", "message": problem}])
        self.content_type = self._headers.get(b"content-type", b"").decode("latin-1") or None
        self._in_file = True

    def _data(self, data: bytes, start: int, end: int) -> None:
        if not self._in_file:
            return
        self.size += end - start
        if self.max_size is not None and self.size > self.max_size:
            message = f"{self.filename} is larger than the {self.max_size} bytes {self.owner} allows"
            raise ApiError(413, message, problems=[{"field": "file", "message": message}])
        self.spool.write(data[start:end])

    def _part_end(self) -> None:
        if self._in_file:
            self.done = True
            self._in_file = False


def _unreadable(exc: FormParserError) -> str:
    """What the multipart parser refused, in words a client can act on."""
    reason = str(exc).rstrip(".") or type(exc).__name__
    if "header size" in reason.lower():
        reason += " (a part header, such as its file name, may be at most 4 KiB; shorten the file name)"
    return f"the multipart body cannot be read: {reason}"


async def receive_file(request: Request, limits: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """Stream the multipart part ``file`` into a blob, enforcing ``limits`` as it arrives.

    Returns ``{"file_id", "filename", "size"}``; a file of the wrong type or size is refused
    (422/413, message naming the file and the limit) before anything is stored.
    """
    svc = services(request)
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise ApiError(415, "the body must be multipart/form-data with the file in a part named 'file'")
    max_size = limits.get("max_size")
    declared = request.headers.get("content-length", "")
    if max_size is not None and declared.isdigit() and int(declared) > max_size + 64 * 1024:
        message = f"the upload is larger than the {max_size} bytes {owner} allows"
        raise ApiError(413, message, problems=[{"field": "file", "message": message}])

    receiver = _Receiver(limits, owner)
    try:
        try:
            parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
            async for chunk in request.stream():
                parser.write(chunk)
                if receiver.done:
                    break  # the rest is the closing boundary; nothing more is stored
        except FormParserError as exc:
            raise ApiError(400, _unreadable(exc), problems=[{"field": "file", "message": _unreadable(exc)}]) from None
        if not receiver.done or receiver.filename is None:
            raise ApiError(422, "file: the body holds no complete part named 'file'")
        receiver.spool.seek(0)
        store = BlobStore(svc.redis, svc.app_name)
        file_id = await blocking(
            store.put,
            cast(BinaryIO, receiver.spool),
            filename=receiver.filename,
            content_type=receiver.content_type,
            uploaded=True,
            expires_in=request.app.state.orphan_upload_seconds,
        )
    finally:
        receiver.spool.close()
    return {"file_id": file_id, "filename": receiver.filename, "size": receiver.size}


@operation(query=UploadTarget, body=UPLOAD, responses={201: Uploaded, **UPLOAD_ERRORS})
async def upload_file(request: Request) -> Response:
    """Upload one file for a file field; the answer's ``file_id`` goes into the field's params."""
    svc = services(request)
    entity_type_name = request.query_params.get("entity_type", "")
    field_path = request.query_params.get("field", "")
    if not entity_type_name or not field_path:
        raise ApiError(422, "entity_type and field: both query parameters are required")
    entity_type = await svc.entity_type(entity_type_name)
    node = find_file_field(entity_type.get("parametrization"), field_path)
    if node is None:
        raise ApiError(404, f"field: {entity_type_name} has no FileField or MultiFileField {field_path!r}")
    body = await receive_file(request, node, "this field")
    return JSONResponse(body, status_code=201)
