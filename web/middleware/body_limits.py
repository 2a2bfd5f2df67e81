"""Request size limits, counted as the bytes arrive: a client cannot make the server buffer a huge body.

JSON bodies and uploads have separate limits (``VIKTORLITE_MAX_BODY_MB``, default 10, and
``VIKTORLITE_MAX_UPLOAD_MB``, default 1024). A body declared larger than its limit is refused
before it is read; one that grows past it while streaming is cut off there. Either way the client
gets a 413 with a JSON message naming the limit and how to change it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from viktorlite.web.errors import ApiError

MB = 1024 * 1024
UPLOAD_PATHS = ("/api/uploads", "/api/entities/upload")


class BodyTooLarge(ApiError):
    def __init__(self, limit: int, setting: str) -> None:
        mb = limit / MB
        shown = f"{mb:g} MB" if limit >= MB else f"{limit} bytes"
        super().__init__(413, f"the request body is larger than the {shown} this server accepts (set {setting})")


@dataclass(frozen=True)
class BodyLimits:
    body_bytes: int = 10 * MB
    upload_bytes: int = 1024 * MB

    @classmethod
    def from_env(cls) -> BodyLimits:
        """The limits from ``VIKTORLITE_MAX_BODY_MB`` / ``VIKTORLITE_MAX_UPLOAD_MB`` (numbers, may be fractions)."""
        default = cls()
        return cls(
            body_bytes=_env_bytes("VIKTORLITE_MAX_BODY_MB", default.body_bytes),
            upload_bytes=_env_bytes("VIKTORLITE_MAX_UPLOAD_MB", default.upload_bytes),
        )

    def for_path(self, path: str) -> tuple[int, str]:
        if path in UPLOAD_PATHS:
            return self.upload_bytes, "VIKTORLITE_MAX_UPLOAD_MB"
        return self.body_bytes, "VIKTORLITE_MAX_BODY_MB"


def _env_bytes(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of megabytes, not {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be more than 0, not {raw!r}")
    return int(value * MB)


class BodyLimitMiddleware:
    """Pure ASGI: checks ``Content-Length`` up front and counts the body while the route reads it."""

    def __init__(self, app: ASGIApp, *, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self.limits.for_path(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(BodyTooLarge(limit, setting), scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, setting)  # the API's exception handler answers 413
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge as exc:  # raised where no handler turned it into a response
            if not started:
                await _refuse(exc, scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(exc: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"error": exc.message}, status_code=exc.status_code, headers={"Connection": "close"})
    await response(scope, receive, send)
