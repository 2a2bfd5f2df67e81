"""The dashboard: queue, workers and their private disks, recent jobs; live over SSE."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite.jobs import dashboard_data
from viktorlite.store import redis_memory, serve_info
from viktorlite.store.keys import Keys
from viktorlite.web.bodies import ErrorBody, JobError
from viktorlite.web.errors import ApiError
from viktorlite.web.operations import Content, EventStream, operation
from viktorlite.web.routes import dashboard_reads
from viktorlite.web.routes.pages import templates
from viktorlite.web.services import blocking, services

PUSH_INTERVAL = 1.0


class WorkerSummary(BaseModel):
    name: str
    state: str = Field(description="idle | busy | suspended | ...")
    alive: bool = Field(description="its heartbeat is fresh")
    pid: int | None
    current_job: str | None
    successful_jobs: int
    failed_jobs: int
    disk_bytes: int | None = Field(description="bytes on its private disk")
    disk_files: int


class RecentJob(BaseModel):
    id: str
    entity_id: int | None
    entity_type: str | None
    method: str | None
    trigger: str | None
    worker: str | None
    status: str | None
    enqueued_at: str | None
    started_at: str | None
    ended_at: str | None
    error: JobError | None
    messages: list[dict[str, Any]]
    replay: str = Field(description="the `viktorlite replay` command that reruns this job")


class RedisMemory(BaseModel):
    """Redis' memory (``INFO memory``): when ``used_bytes`` reaches ``max_bytes``, writes answer 507."""

    used_bytes: int
    max_bytes: int = Field(description="maxmemory; 0: no limit")
    policy: str = Field(description="maxmemory-policy (the embedded Redis: noeviction)")
    peak_bytes: int
    full: bool


class MemoryKind(BaseModel):
    kind: str = Field(description="files | entities | jobs | memoize | sessions and logins | workers | app | other")
    keys: int
    bytes: int


class RedisMemoryByKind(RedisMemory):
    total_keys: int
    sampled_keys: int = Field(description=f"keys whose memory was read (at most {redis_memory.SAMPLE_KEYS})")
    exact: bool = Field(description="every key was read; otherwise kinds are scaled from the sample")
    kinds: list[MemoryKind] = Field(description="largest first")


class DashboardState(BaseModel):
    app: str
    queue_length: int
    workers: list[WorkerSummary]
    jobs: list[RecentJob] = Field(description="the most recent jobs, newest first")
    redis: RedisMemory


class DiskFile(BaseModel):
    path: str = Field(description="relative to the disk's root")
    size: int


class WorkerDisk(BaseModel):
    worker: str
    root: str
    total_bytes: int | None = Field(description="null: the worker has not listed its disk yet")
    files: list[DiskFile]
    truncated: bool = Field(description="more files than are listed")
    file_count: int | None = Field(None, description="null: the worker has not listed its disk yet")
    in_progress: bool = Field(
        False,
        description="the listing asked for by this read was not done in time: the numbers are the last "
        "listing's (or null), and a later read gets the new one",
    )


async def dashboard_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "dashboard.html", {"app_name": services(request).app_name})


def replay_arguments(request: Request) -> list[str]:
    """What follows the job id in this app's ``viktorlite replay`` commands (see viktorlite.store.serve_info)."""
    return serve_info.replay_arguments(request.app.state.app_dir, request.app.state.redis_url)


def _snapshot(request: Request) -> dict[str, Any]:
    """The dashboard state; each recent job comes with the command that replays it."""
    svc = services(request)
    state = dashboard_reads.snapshot(svc.redis, svc.app_name)
    arguments = replay_arguments(request)
    for job in state["jobs"]:
        job["replay"] = serve_info.replay_command(job["id"], arguments)
    return state


#: The answer to a request whose ``If-None-Match`` names the state as it still is.
NOT_MODIFIED = Content(
    "application/json", description="not modified: the state has the ETag the request named; no body"
)


def entity_tag(body: bytes) -> str:
    """A strong ETag for a response body: a client that has it is sent no body again."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def client_has(request: Request, tag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``tag`` (or ``*``)."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    return any(part.strip().removeprefix("W/") in (tag, "*") for part in wanted.split(","))


@operation(responses={200: DashboardState, 304: NOT_MODIFIED})
async def dashboard_state(request: Request) -> Response:
    """Queue length, workers (state, current job, disk usage) and the most recent jobs.

    With ``If-None-Match`` naming the ETag of the state as it still is: 304 and no body, so a client
    that polls pays one round trip and no transfer or parsing while nothing changed.
    """
    response = JSONResponse(await blocking(_snapshot, request), headers={"Cache-Control": "no-cache"})
    tag = entity_tag(bytes(response.body))
    if client_has(request, tag):
        return Response(status_code=304, headers={"ETag": tag, "Cache-Control": "no-cache"})
    response.headers["ETag"] = tag
    return response


@operation(responses={200: EventStream({"state": DashboardState})})
async def dashboard_events(request: Request) -> Response:
    """The dashboard state when it changed (checked every second), the first one at once."""

    async def stream() -> AsyncIterator[dict[str, str]]:
        sent = None
        while not await request.is_disconnected():
            data = json.dumps(await blocking(_snapshot, request))
            if data != sent:  # an unchanged state is not sent again: the page keeps what it shows
                sent = data
                yield {"event": "state", "data": data}
            await anyio.sleep(PUSH_INTERVAL)

    return EventSourceResponse(stream(), ping=15)


@operation(responses={200: RedisMemoryByKind})
async def memory_by_kind(request: Request) -> Response:
    """Redis' memory by kind of key (files, entities, jobs, ...), from a bounded sample of keys."""
    svc = services(request)
    return JSONResponse(await blocking(redis_memory.by_kind, svc.redis, Keys(svc.app_name).prefix))


@operation(responses={200: WorkerDisk, 404: ErrorBody})
async def worker_disk(request: Request) -> Response:
    """The largest files on one worker's private disk, largest first, and the counts: listed for this read
    (waiting for the worker within a bound; past it, ``in_progress`` says the listing is still being made)."""
    svc = services(request)
    name = request.path_params["worker"]
    info = await blocking(dashboard_data.worker_info, svc.redis, svc.app_name, name)
    if info is None:
        raise ApiError(404, f"no live worker {name!r}")
    return JSONResponse({"worker": name, **info["disk"]})


routes = [
    Route("/dashboard", dashboard_page, methods=["GET"]),
    Route("/api/dashboard", dashboard_state, methods=["GET"]),
    Route("/api/dashboard/events", dashboard_events, methods=["GET"]),
    Route("/api/dashboard/memory", memory_by_kind, methods=["GET"]),
    Route("/api/workers/{worker}/disk", worker_disk, methods=["GET"]),
]
