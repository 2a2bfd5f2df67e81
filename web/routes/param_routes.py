"""Routes for the parametrization: callback and step jobs, posted-params checks and app assets."""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from viktorlite.app.config_file import AppConfigError, read_assets_dir
from viktorlite.jobs import queue as jobs
from viktorlite.protocol.params_check import check_params, describe
from viktorlite.store.entities import EntityNotFound, EntityRecord
from viktorlite.web import bodies
from viktorlite.web.errors import ApiError
from viktorlite.web.middleware.access import current_user
from viktorlite.web.operations import FILE_BYTES, Answer, operation
from viktorlite.web.routes.uploads import upload_file
from viktorlite.web.services import Services, blocking, services

CALLBACKS_METHOD = "callbacks"
#: Sent with every asset: an SVG opened directly must not run scripts in the editor's origin.
ASSET_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
}


class ParamsBody(bodies.Body):
    params: dict[str, Any]


JOB_STARTED: dict[int, Answer] = {202: bodies.JobStarted, 404: bodies.ErrorBody, 422: bodies.ErrorBody}


async def _entity(svc: Services, request: Request) -> EntityRecord:
    raw = request.path_params["entity_id"]
    if not raw.isdigit():
        raise ApiError(404, f"entity id must be a whole number, not {raw!r}")
    try:
        return await blocking(svc.entities.get, int(raw))
    except EntityNotFound as exc:
        raise ApiError(404, str(exc)) from None


async def checked_params(entity_type: dict[str, Any], params: dict[str, Any], *, constraints: bool = True) -> None:
    """Refuse params that do not fit the entity type's parametrization: 422 naming each field.

    The check runs in a worker thread: thousands of fields or rows take tens of ms, which on the
    event loop would hold up every other request of the web process meanwhile.
    """
    await anyio.to_thread.run_sync(functools.partial(refuse_bad_params, entity_type, params, constraints=constraints))


def refuse_bad_params(entity_type: dict[str, Any], params: dict[str, Any], *, constraints: bool = True) -> None:
    """:func:`checked_params` in the calling thread (for a handler already off the event loop)."""
    problems = check_params(entity_type.get("parametrization"), params, constraints=constraints)
    if problems:
        raise ApiError(422, describe(problems), problems=[p.to_json() for p in problems])


async def _enqueue(svc: Services, request: Request, method: str, trigger: str, *, constraints: bool) -> Response:
    record = await _entity(svc, request)
    body = await bodies.parse_body(request, ParamsBody)
    entity_type = await svc.entity_type(record.entity_type)
    await checked_params(entity_type, body.params, constraints=constraints)
    if trigger == "step":
        steps = {n.get("name"): n for n in entity_type["parametrization"].get("items", []) if n.get("kind") == "step"}
        if method not in steps:
            known = ", ".join(map(str, steps)) or "none"
            raise ApiError(404, f"{record.entity_type} has no step {method!r} (known: {known})")
    job = jobs.JobRequest(
        app=svc.app_name,
        entity_id=record.id,
        entity_type=record.entity_type,
        entity_name=record.name,
        method=method,
        trigger=trigger,  # type: ignore[arg-type]
        params=body.params,
        user=current_user(request),
    )
    job_id = await blocking(jobs.enqueue, svc.redis, job)
    return JSONResponse(bodies.JobStarted(job_id=job_id).model_dump(), status_code=202)


@operation(path=bodies.EntityPath, body=ParamsBody, responses=JOB_STARTED)
async def run_callbacks(request: Request) -> Response:
    """Evaluate every callback of the entity type's parametrization for these params (one job)."""
    return await _enqueue(services(request), request, CALLBACKS_METHOD, "callback", constraints=False)


@operation(path=bodies.EntityPath, body=ParamsBody, responses=JOB_STARTED)
async def next_step(request: Request) -> Response:
    """Run the step's ``on_next`` for these params; a failed job keeps the user on the step."""
    step = request.path_params["step"]
    return await _enqueue(services(request), request, step, "step", constraints=True)


def _assets_dir(request: Request) -> Path:
    app_dir: Path | None = request.app.state.app_dir
    if app_dir is None:
        raise ApiError(404, "this web process was started without the app folder")
    try:
        assets = read_assets_dir(app_dir)
    except AppConfigError as exc:
        raise ApiError(404, f"cannot read the app's configuration: {exc}") from None
    if assets is None:
        raise ApiError(404, "the app has no assets_path in viktor.config.toml")
    return assets


@operation(responses={200: FILE_BYTES, 404: bodies.ErrorBody})
async def get_asset(request: Request) -> Response:
    """A file from the app's assets folder (``assets_path``); nothing outside it."""
    assets = await blocking(_assets_dir, request)
    relative = request.path_params["path"]
    target = (assets / relative).resolve()
    if not target.is_relative_to(assets) or not target.is_file():
        raise ApiError(404, f"no asset {relative!r}")
    media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media_type, headers=ASSET_HEADERS)


routes = [
    Route("/api/entities/{entity_id}/callbacks", run_callbacks, methods=["POST"]),
    Route("/api/entities/{entity_id}/steps/{step}/next", next_step, methods=["POST"]),
    Route("/api/assets/{path:path}", get_asset, methods=["GET"]),
    Route("/api/uploads", upload_file, methods=["POST"]),
]
