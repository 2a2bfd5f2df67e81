"""The JSON API. The editor uses exactly these routes; so can scripts and tests."""

from __future__ import annotations

import math
import time
from typing import Any

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite.jobs import queue as jobs
from viktorlite.jobs import supersede as view_jobs
from viktorlite.jobs.settings import JobSettings
from viktorlite.protocol.manifest import MANIFEST
from viktorlite.store.entities import EntityNotFound, StaleRevision
from viktorlite.web import bodies
from viktorlite.web.errors import ApiError
from viktorlite.web.job_waits import TooManyWaits, client_address, wait_for_end
from viktorlite.web.middleware.access import current_user
from viktorlite.web.operations import ListOf, Union, operation
from viktorlite.web.routes import entities_page, entities_save
from viktorlite.web.routes.interactions import checked_event
from viktorlite.web.routes.job_events import job_events
from viktorlite.web.routes.param_routes import checked_params, refuse_bad_params
from viktorlite.web.services import (
    blocking,
    check_parent_allows,
    entity_id_from_path,
    entity_type_in,
    existing_entity,
    services,
)

MAX_WAIT_SECONDS = 60.0
STOP_WAIT_SECONDS = 2.0
NOT_FOUND = {404: bodies.ErrorBody}
INVALID = {404: bodies.ErrorBody, 422: bodies.ErrorBody}


class JobWait(BaseModel):
    wait: float = Field(default=0, ge=0, description="seconds to wait for the job to end (at most 60)")


@operation(responses={200: Union("PublishedManifest", MANIFEST), 503: bodies.ErrorBody})
async def get_app(request: Request) -> Response:
    """The app's manifest: entity types, their parametrization, views and buttons."""
    return JSONResponse(await services(request).manifest())


@operation(responses={200: ListOf(bodies.EntitySummary)})
async def list_entities(request: Request) -> Response:
    """Every saved entity (editor sessions are private) with the summary of its last revision.

    With ``limit`` (and ``offset``, ``sort`` id|created_at|name, ``-`` for descending, ``parent_id``,
    ``entity_type``, ``q``): one page, ``{items, total, offset, limit, next_offset}``."""
    if "limit" in request.query_params:
        return await entities_page.list_page(request)
    store = services(request).entities
    records = [r for r in await blocking(store.all) if r.session_id is None]
    ids = [r.id for r in records]
    summaries = await blocking(store.summaries, ids)
    saves = await blocking(store.last_saves, ids)
    listed = [
        bodies.EntitySummary(
            **r.to_json(),
            summary=summaries.get(r.id, {}),
            updated_at=saves.get(r.id, (None, None))[0],
            author=saves.get(r.id, (None, None))[1],
        )
        for r in records
    ]
    return JSONResponse([entity.model_dump() for entity in listed])


@operation(body=bodies.CreateEntity, responses={201: bodies.EntitySummary, **INVALID})
async def create_entity(request: Request) -> Response:
    svc = services(request)
    body = await bodies.parse_body(request, bodies.CreateEntity)
    entity_type = await svc.entity_type(body.entity_type)
    if entity_type.get("file_type"):
        raise ApiError(422, f"entity_type: a {body.entity_type} is made from a file; upload it to /api/entities/upload")
    await check_parent_allows(svc, body.entity_type, body.parent_id)
    name = body.name.strip()
    if not name:
        raise ApiError(422, "name: must not be blank")
    if body.params is not None:
        await checked_params(entity_type, body.params)
    params = body.params if body.params is not None else entity_type["default_params"]
    record = await blocking(
        svc.entities.create, body.entity_type, name, params, parent_id=body.parent_id, author=current_user(request)
    )
    return JSONResponse(bodies.EntitySummary(**record.to_json()).model_dump(), status_code=201)


@operation(path=bodies.EntityPath, responses={200: bodies.EntityDetail, **NOT_FOUND})
async def get_entity(request: Request) -> Response:
    svc = services(request)
    entity_id = entity_id_from_path(request)
    record = await existing_entity(svc, entity_id)
    revision = await blocking(svc.entities.latest_revision, entity_id)
    detail = bodies.EntityDetail(**record.to_json(), params=revision.params, revision=revision.revision)
    return JSONResponse(detail.model_dump())


@operation(
    path=bodies.EntityPath,
    body=bodies.SaveParams,
    responses={200: bodies.SavedRevision, 409: bodies.ErrorBody, **INVALID},
)
async def save_params(request: Request) -> Response:
    svc = services(request)
    entity_id = entity_id_from_path(request)
    record = await existing_entity(svc, entity_id)
    if record.session_id is not None:
        raise ApiError(409, "an editor app's session is never saved")
    body = await entities_save.save_body(request)
    await checked_params(await svc.entity_type(record.entity_type), body.params)
    label = body.label.strip() if body.label and body.label.strip() else None
    try:
        revision = await blocking(
            svc.entities.save_params,
            entity_id,
            body.params,
            author=current_user(request),
            kind="auto" if body.autosave else "manual",
            label=None if body.autosave else label,
            base_revision=body.base_revision,
        )
    except StaleRevision as exc:
        raise ApiError(409, str(exc)) from None
    return JSONResponse(bodies.SavedRevision(revision=revision.revision).model_dump())


@operation(path=bodies.EntityPath, responses={200: bodies.DeletedEntities, **NOT_FOUND})
async def delete_entity(request: Request) -> Response:
    """Delete an entity with its children, their revisions and their Storage data."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    await existing_entity(svc, entity_id)
    try:
        deleted = await blocking(svc.entities.delete, entity_id)
    except EntityNotFound as exc:  # deleted by someone else in the meantime
        raise ApiError(404, str(exc)) from None
    return JSONResponse(bodies.DeletedEntities(deleted=deleted).model_dump())


@operation(path=bodies.EntityPath, body=bodies.StartJob, responses={202: bodies.JobStarted, **INVALID})
async def start_job(request: Request) -> Response:
    """Run one view or button method of an entity, with the given (unsaved) or the saved params."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    # One read: the entity, and the manifest its type and the job settings come from.
    record, manifest = await svc.entity_and_manifest(entity_id)
    body = await bodies.parse_body(request, bodies.StartJob)
    entity_type = entity_type_in(manifest, record.entity_type)
    methods = {view["method"]: "view" for view in entity_type["views"]}
    methods.update({button["method"]: "button" for button in entity_type["buttons"]})
    if body.method not in methods:
        known = ", ".join(methods) or "none"
        raise ApiError(404, f"{record.entity_type} has no view or button method {body.method!r} (known: {known})")
    user = current_user(request)
    settings = JobSettings.from_json(manifest.get("job_settings"))
    timeout = settings.timeout_for(body.method)
    retry_safe = body.method in settings.retry_safe

    def params_then_enqueue() -> str:
        """The saved params (or the check of the given ones) and the enqueue: one trip off the event
        loop per POST instead of two (issue 18), in the order the checks always had."""
        params = body.params
        if params is None:
            params = svc.entities.latest_revision(entity_id).params
        else:
            refuse_bad_params(entity_type, params)
        request_model = jobs.JobRequest(
            app=svc.app_name,
            entity_id=entity_id,
            entity_type=record.entity_type,
            entity_name=record.name,
            method=body.method,
            trigger=methods[body.method],  # type: ignore[arg-type]
            params=params,
            session_id=body.session_id,
            event=checked_event(entity_type, body.method, body.event),
            user=user,
        )
        if request_model.trigger == "view":  # only the newest run of a view is worth finishing
            return view_jobs.enqueue_view(
                svc.redis,
                request_model,
                timeout=timeout,
                retry_safe=retry_safe,
                ended=svc.ended_jobs.__contains__,
            )
        return jobs.enqueue(svc.redis, request_model, timeout=timeout, retry_safe=retry_safe)

    queued = time.monotonic()  # before it is queued: its end comes after (Services.queued_at)
    job_id = await blocking(params_then_enqueue)
    svc.queued_at.add(job_id, queued)
    return JSONResponse(bodies.JobStarted(job_id=job_id).model_dump(), status_code=202)


def _wait_seconds(request: Request) -> float:
    raw = request.query_params.get("wait", "0")
    try:
        seconds = float(raw)
    except ValueError:
        raise ApiError(422, f"wait: must be a number of seconds, not {raw!r}") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ApiError(422, f"wait: must be a number of seconds >= 0, not {raw!r}")
    return min(seconds, MAX_WAIT_SECONDS)


@operation(query=JobWait, responses={200: bodies.JobState, 429: bodies.ErrorBody, **NOT_FOUND})
async def get_job(request: Request) -> Response:
    """A job's status and, once it ended, its result or error; ``?wait=S`` waits until it ends
    (at most 20 such waits per client at a time, web/job_waits.py; one more is answered 429)."""
    svc = services(request)
    job_id = request.path_params["job_id"]
    wait = _wait_seconds(request)
    if wait > 0:
        try:
            with svc.waits.hold(client_address(request)):
                described = await wait_for_end(svc, job_id, wait, raw_result=True)
        except TooManyWaits as exc:
            return exc.response()
    else:
        described = await blocking(jobs.describe, svc.redis, svc.app_name, job_id, raw_result=True)
    if described is None:
        raise ApiError(404, f"no job {job_id!r}")
    return job_state_response(described)


def job_state_response(described: dict[str, Any]) -> Response:
    """A :class:`bodies.JobState`, its result passed on as stored (``bodies.job_state_json``)."""
    return Response(bodies.job_state_json(described), media_type="application/json")


@operation(responses={200: bodies.JobState, **NOT_FOUND})
async def stop_job(request: Request) -> Response:
    """Stop a running job (or drop a queued one); answers with the job once it has ended."""
    svc = services(request)
    job_id = request.path_params["job_id"]
    described = await blocking(jobs.describe, svc.redis, svc.app_name, job_id)
    if described is None:
        raise ApiError(404, f"no job {job_id!r}")
    if not jobs.has_ended(described):
        await blocking(view_jobs.stop, svc.redis, job_id)
        described = await wait_for_end(svc, job_id, STOP_WAIT_SECONDS)
    assert described is not None
    return JSONResponse(bodies.JobState(**described).model_dump(exclude_none=True))


routes = [
    Route("/api/app", get_app, methods=["GET"]),
    Route("/api/entities", list_entities, methods=["GET"]),
    Route("/api/entities", create_entity, methods=["POST"]),
    Route("/api/entities/{entity_id}", get_entity, methods=["GET"]),
    Route("/api/entities/{entity_id}", delete_entity, methods=["DELETE"]),
    Route("/api/entities/{entity_id}/params", save_params, methods=["PUT"]),
    Route("/api/entities/{entity_id}/jobs", start_job, methods=["POST"]),
    Route("/api/jobs/{job_id}", get_job, methods=["GET"]),
    Route("/api/jobs/{job_id}/events", job_events, methods=["GET"]),
    Route("/api/jobs/{job_id}/stop", stop_job, methods=["POST"]),
]
