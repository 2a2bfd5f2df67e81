"""Every error the API answers with is JSON ``{"error": message}`` with a 4xx status, never a 500.

While Redis is away (restarting after a crash, loading its data) every route answers 503 with a
clear reason: JSON for the API, a short page for a browser, both with ``Retry-After``.

A write Redis refuses because it is full (``maxmemory`` with ``noeviction``) is a 507 Insufficient
Storage naming the limit: nothing of the request was saved, and nothing saved before was dropped.
"""

from __future__ import annotations

import html
import logging
import time
from typing import Any

from pydantic import ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from viktorlite.store.redis_memory import describe_full, is_out_of_memory, usage_from_info

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status_code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.extra = extra


def describe_validation_error(exc: ValidationError) -> tuple[str, list[dict[str, str]]]:
    """One readable sentence plus a list of ``{"field", "message"}`` for a bad request body."""
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "body"
        problems.append({"field": field, "message": error["msg"]})
    summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return f"invalid request body: {summary}", problems


async def api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse({"error": exc.message, **exc.extra}, status_code=exc.status_code)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
    return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain")


#: Seconds a client is asked to wait before trying again while Redis is away.
RETRY_AFTER = 2
#: At most one log line about 503s per this many seconds.
LOG_EVERY = 30.0
_last_logged = -LOG_EVERY
_UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{retry}">
<title>Temporarily unavailable</title></head>
<body><h1>Temporarily unavailable</h1>
<p>The app's database (Redis) cannot be reached right now: {reason}.</p>
<p>It is being retried; this page reloads in {retry} seconds. Nothing you saved is lost.</p></body></html>
"""


def redis_unavailable(request: Request, exc: Exception) -> Response:
    """503 while Redis cannot be reached: JSON for the API (and non-page requests), a page for a browser."""
    reason = f"{type(exc).__name__}: {exc}".rstrip(". ")
    global _last_logged
    if time.monotonic() - _last_logged > LOG_EVERY:  # one line per outage, not one per request
        _last_logged = time.monotonic()
        log.warning("Redis is unavailable (%s %s): %s; answering 503", request.method, request.url.path, reason)
    headers = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}
    wants_page = "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")
    if wants_page:
        page = _UNAVAILABLE_PAGE.format(reason=html.escape(reason), retry=RETRY_AFTER)
        return HTMLResponse(page, status_code=503, headers=headers)
    message = f"Redis is unavailable: {reason}; retrying, try again in a few seconds"
    return JSONResponse({"error": message}, status_code=503, headers=headers)


async def redis_error(request: Request, exc: Exception) -> Response:
    return redis_unavailable(request, exc)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, REDIS_UNAVAILABLE):  # raised by a middleware, outside the handlers above
        return redis_unavailable(request, exc)
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)


#: Redis errors that mean "not reachable now" (BusyLoadingError, loading after a restart, is one).
REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


async def redis_refused(request: Request, exc: Exception) -> Response:
    """507 when Redis is full, naming its limit; any other refusal is unexpected."""
    if not is_out_of_memory(exc):
        return await unexpected_error(request, exc)
    try:
        used = usage_from_info(await request.app.state.services.async_redis.info("memory"))
    except Exception:  # noqa: BLE001 - the limit only makes the message better
        used = None
    message = describe_full(used)
    log.warning("%s %s refused: %s", request.method, request.url.path, message)
    return JSONResponse({"error": message}, status_code=507)


EXCEPTION_HANDLERS = {
    ApiError: api_error,
    HTTPException: http_error,
    RedisConnectionError: redis_error,
    RedisTimeoutError: redis_error,
    ResponseError: redis_refused,
    Exception: unexpected_error,
}
