"""The dashboard: queue, workers and their private disks, recent jobs; live over SSE."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite import dashboard_data, jobs, serve_info, view_jobs

from .bodies import JobState
from .errors import ApiError
from .pages import templates
from .services import blocking, services

PUSH_INTERVAL = 1.0
STOP_WAIT_SECONDS = 2.0


async def dashboard_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "dashboard.html", {"app_name": services(request).app_name})


def replay_arguments(request: Request) -> list[str]:
    """What follows the job id in this app's ``viktorlite replay`` commands (see viktorlite.serve_info)."""
    return serve_info.replay_arguments(request.app.state.app_dir, request.app.state.redis_url)


def _snapshot(request: Request) -> dict[str, Any]:
    """The dashboard state; each recent job comes with the command that replays it."""
    svc = services(request)
    state = dashboard_data.snapshot(svc.redis, svc.app_name)
    arguments = replay_arguments(request)
    for job in state["jobs"]:
        job["replay"] = serve_info.replay_command(job["id"], arguments)
    return state


async def dashboard_state(request: Request) -> Response:
    """Queue length, workers (state, current job, disk usage) and the most recent jobs."""
    return JSONResponse(await blocking(_snapshot, request))


async def dashboard_events(request: Request) -> Response:
    """The dashboard state, pushed every second while the page is open."""

    async def stream() -> AsyncIterator[dict[str, str]]:
        while not await request.is_disconnected():
            state = await blocking(_snapshot, request)
            yield {"event": "state", "data": json.dumps(state)}
            await anyio.sleep(PUSH_INTERVAL)

    return EventSourceResponse(stream(), ping=15)


async def worker_disk(request: Request) -> Response:
    """The files on one worker's private disk, with their sizes, as its last heartbeat saw them."""
    svc = services(request)
    name = request.path_params["worker"]
    info = await blocking(dashboard_data.worker_info, svc.redis, svc.app_name, name)
    if info is None:
        raise ApiError(404, f"no live worker {name!r}")
    return JSONResponse({"worker": name, **info["disk"]})


async def stop_job(request: Request) -> Response:
    """Stop a running job (or drop a queued one); answers with the job once it has ended."""
    svc = services(request)
    job_id = request.path_params["job_id"]
    described = await blocking(jobs.describe, svc.redis, svc.app_name, job_id)
    if described is None:
        raise ApiError(404, f"no job {job_id!r}")
    if not jobs.has_ended(described):
        await blocking(view_jobs.stop, svc.redis, job_id)
        described = await blocking(jobs.wait_for_end, svc.redis, svc.app_name, job_id, STOP_WAIT_SECONDS)
    assert described is not None
    return JSONResponse(JobState(**described).model_dump(exclude_none=True))


routes = [
    Route("/dashboard", dashboard_page, methods=["GET"]),
    Route("/api/dashboard", dashboard_state, methods=["GET"]),
    Route("/api/dashboard/events", dashboard_events, methods=["GET"]),
    Route("/api/workers/{worker}/disk", worker_disk, methods=["GET"]),
    Route("/api/jobs/{job_id}/stop", stop_job, methods=["POST"]),
]
