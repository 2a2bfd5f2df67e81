"""Every error the API answers with is JSON ``{"error": message}`` with a 4xx status, never a 500.

A write Redis refuses because it is full (``maxmemory`` with ``noeviction``) is a 507 Insufficient
Storage naming the limit: nothing of the request was saved, and nothing saved before was dropped.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from redis.exceptions import ResponseError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)


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
    ResponseError: redis_refused,
    Exception: unexpected_error,
}
