"""Push a job's progress and end to the browser as Server-Sent Events (no polling in the browser)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any, Literal

from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import Response

from viktorlite.jobs import queue as jobs
from viktorlite.jobs.quick_state import Opening, QuickState, opening, quick_state
from viktorlite.store.keys import Keys
from viktorlite.web.bodies import ErrorBody, JobState, job_state_json
from viktorlite.web.errors import ApiError
from viktorlite.web.event_fanout import Message, Subscription
from viktorlite.web.operations import EventStream, operation
from viktorlite.web.services import Services, blocking, services

RECHECK_SECONDS = 0.5
#: How long a stream that saw the job end waits for the job's own end announcement, after which no
#: progress of it can still be on its way (a killed job never announces its end).
END_ANNOUNCEMENT_SECONDS = 2.0
#: The same wait for a job that ended while its stream was subscribing: its announcement either came
#: before the subscription (and never arrives) or is the next message (the worker sends it together
#: with the outcome), and what it published before was mostly missed anyway.
ENDED_WHILE_OPENING_SECONDS = 0.05
#: Progress and messages a slow client may fall behind by; older ones are dropped.
EVENTS_KEPT = 64


class JobProgress(BaseModel):
    """``viktor.progress_message`` of the running job."""

    event: Literal["progress"]
    message: str
    percentage: float | None = Field(description="0 to 100, if the job gave one")


class JobMessage(BaseModel):
    """``viktor.UserMessage`` of the running job."""

    event: Literal["message"]
    kind: str = Field(description="info | warning | success")
    message: str


def _event(name: str, described: dict[str, Any]) -> dict[str, str]:
    return {"event": name, "data": job_state_json(described)}


async def _stream(
    svc: Services, job_id: str, request: Request, opened: Opening, *, heard: bool = False
) -> AsyncIterator[dict[str, str]]:
    """The job's events from the shared pub/sub connection.

    Issue 18: the worker pushes a small outcome with its end announcement, so the end event needs
    no read; a stream that opens on an ended job answers from the one read that opened it. The job
    is described (in a thread) only where no outcome came with the news, when its cheap state
    (viktorlite.jobs.quick_state) says it may have ended otherwise (a killed work horse, a timeout).
    """
    if opened.outcome is not None:  # it ended before the stream opened: all it published is past
        svc.ended_jobs.add(job_id)
        yield _event("end", jobs.described_from_outcome(job_id, opened.outcome, raw_result=True, worker=opened.worker))
        return
    last_status = None
    last_state = None
    end_announced = False
    channel = Keys(svc.app_name).job_events(job_id)
    # Held by the fanout's pattern, the channel misses nothing published after the opening read (an
    # end in between is kept for it): the first look at the job's state is the opening's (issue 18).
    known: QuickState | None = QuickState(opened.rq_status, None, opened.worker) if svc.events.covers(channel) else None
    # ``heard`` (job_events): RQ says it ended, but its announcement, sent before, is still on its way
    # here: it is awaited before the job's state is read again.
    end_on_its_way = heard and known is not None and known.may_have_ended
    async with svc.events.subscribe([channel], size=EVENTS_KEPT) as subscription:
        while not await request.is_disconnected():
            if end_on_its_way:
                state, known, end_on_its_way = None, None, False
            else:
                state, known = known or await quick_state(svc.async_redis, svc.app_name, job_id), None
            if state is not None and state != last_state:
                last_state = state
                described: dict[str, Any] | None
                if state.outcome is not None:  # its outcome came with the state: nothing more to read
                    described = jobs.described_from_outcome(job_id, state.outcome, raw_result=True, worker=state.worker)
                elif state.may_have_ended:
                    described = await blocking(jobs.describe, svc.redis, svc.app_name, job_id, raw_result=True)
                else:
                    described = {"id": job_id, "status": state.rq_status, "worker": state.worker}
                if described is None:
                    yield {"event": "gone", "data": json.dumps({"error": f"no job {job_id!r}"})}
                    return
                if jobs.has_ended(described):
                    patience = ENDED_WHILE_OPENING_SECONDS if last_status is None else END_ANNOUNCEMENT_SECONDS
                    async for event in _published_before_end(subscription, end_announced, patience):
                        yield event
                    svc.ended_jobs.add(job_id)
                    yield _event("end", described)
                    return
                if described["status"] != last_status:
                    last_status = described["status"]
                    yield _event("status", described)
            item = await subscription.get(RECHECK_SECONDS)
            if isinstance(item, Message):  # a Resync only lost progress: the state is re-read anyway
                data = json.loads(item.data)
                if data.get("event") == "end" and isinstance(data.get("outcome"), str):
                    # The outcome came with its announcement, the channel's last word: nothing to read.
                    async for event in _published_before_end(subscription, True):
                        yield event
                    svc.ended_jobs.add(job_id)
                    yield _event("end", jobs.described_from_outcome(job_id, data["outcome"], raw_result=True))
                    return
                end_announced = end_announced or data.get("event") == "end"
                if data.get("event") not in (None, "end"):
                    yield {"event": data["event"], "data": json.dumps(data)}


async def _published_before_end(
    subscription: Subscription, end_announced: bool, patience: float = END_ANNOUNCEMENT_SECONDS
) -> AsyncIterator[dict[str, str]]:
    """The progress and messages the job published before it ended that this stream has not read yet.

    The job's state is read on another connection than its events, so the state may tell of the end
    while the job's last progress is still on its way; one channel keeps its order, so everything
    the job published comes before its end announcement.
    """
    while True:
        item = await subscription.get(0 if end_announced else patience)
        if item is None:
            return
        if isinstance(item, Message):
            data = json.loads(item.data)
            if data.get("event") == "end":
                end_announced = True
            elif data.get("event") is not None:
                yield {"event": data["event"], "data": json.dumps(data)}


STREAM = EventStream(
    {"status": JobState, "progress": JobProgress, "message": JobMessage, "end": JobState, "gone": ErrorBody}
)


@operation(responses={200: STREAM, 404: ErrorBody})
async def job_events(request: Request) -> Response:
    """``status`` events while the job waits or runs, then one ``end`` event with its outcome."""
    svc = services(request)
    job_id = request.path_params["job_id"]
    queued = svc.queued_at.get(job_id)
    channel = Keys(svc.app_name).job_events(job_id)
    # A job this process queued while its event fanout heard every end: no end kept means none was
    # announced yet (it is on its way, or to come), so its outcome is not read (issue 18).
    heard = queued is not None and svc.events.covers(channel) and svc.events.heard_every_end_since(queued)
    opened = await opening(svc.async_redis, svc.app_name, job_id, with_outcome=not heard)
    if heard and (kept := jobs.pushed_outcome(svc.events.kept_end(channel))) is not None:
        opened = replace(opened, outcome=kept.encode())
    if not opened.exists or opened.app not in (None, svc.app_name):
        raise ApiError(404, f"no job {job_id!r}")
    return EventSourceResponse(_stream(svc, job_id, request, opened, heard=heard), ping=15)
