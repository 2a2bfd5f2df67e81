"""Waiting for a job's end without a thread per waiter, and at most so many waits per client.

``GET /api/jobs/{id}?wait=60`` used to block a worker thread for up to a minute; ~40 of them took
the whole thread pool and every other route hung for everyone (issue 16, item 11). A wait now
holds only a subscription to the job's event channel on the process's shared pub/sub connection
(web/event_fanout.py) and re-checks the job's cheap state (viktorlite.jobs.quick_state) on each
event and with backoff; a thread is borrowed for a moment only to describe the job. Each client
address may hold :data:`DEFAULT_MAX_WAITS` waits at a time (``VIKTORLITE_MAX_WAITS_PER_CLIENT``);
one more is answered 429 with ``Retry-After``.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from viktorlite.jobs import queue as jobs
from viktorlite.jobs.quick_state import quick_state
from viktorlite.store.keys import Keys

from .event_fanout import Message, Subscription

if TYPE_CHECKING:
    from .services import Services

MAX_WAITS_ENV = "VIKTORLITE_MAX_WAITS_PER_CLIENT"
DEFAULT_MAX_WAITS = 20
RETRY_AFTER_SECONDS = 5
#: First and longest pause between two checks of a job that announced nothing.
POLL_SECONDS = (0.25, 5.0)


class TooManyWaits(Exception):
    def __init__(self, client: str, limit: int) -> None:
        super().__init__(f"{client} already waits for {limit} jobs")
        self.client = client
        self.limit = limit

    def response(self) -> JSONResponse:
        message = (
            f"too many waits at once from {self.client}: at most {self.limit} requests with ?wait per client"
            " at a time; retry once one of them has ended, or follow the job with GET /api/jobs/{job_id}/events"
        )
        body = {"error": message, "limit": self.limit}
        return JSONResponse(body, status_code=429, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


class WaitSlots:
    """How many waits each client address holds now; at most ``limit`` each."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._held: Counter[str] = Counter()

    @classmethod
    def from_env(cls) -> WaitSlots:
        raw = os.environ.get(MAX_WAITS_ENV, "")
        return cls(int(raw) if raw.strip().isdigit() and int(raw) > 0 else DEFAULT_MAX_WAITS)

    @contextmanager
    def hold(self, client: str) -> Iterator[None]:
        if self._held[client] >= self.limit:
            raise TooManyWaits(client, self.limit)
        self._held[client] += 1
        try:
            yield
        finally:
            self._held[client] -= 1
            if not self._held[client]:
                del self._held[client]

    @property
    def held(self) -> int:
        return sum(self._held.values())


def client_address(request: Request) -> str:
    """The client's address (behind a trusted proxy, uvicorn has put the forwarded one here)."""
    return request.client.host if request.client else "unknown"


@asynccontextmanager
async def _job_events(svc: Services, job_id: str) -> AsyncIterator[Subscription | None]:
    """The job's event channel; None without a running fanout (a test client without its lifespan)."""
    if not svc.events.running:
        yield None
        return
    async with svc.events.subscribe([Keys(svc.app_name).job_events(job_id)], size=8) as subscription:
        yield subscription


async def wait_for_end(
    svc: Services, job_id: str, seconds: float, *, raw_result: bool = False
) -> dict[str, Any] | None:
    """Up to ``seconds`` until the job ends; its description (None: no such job; ``raw_result`` as
    for :func:`viktorlite.jobs.queue.describe`)."""
    deadline = anyio.current_time() + seconds
    async with _job_events(svc, job_id) as events:  # subscribed first: no end falls in between
        described = await run_in_threadpool(jobs.describe, svc.redis, svc.app_name, job_id, raw_result=raw_result)
        delay = POLL_SECONDS[0]
        while described is not None and not jobs.has_ended(described):
            remaining = deadline - anyio.current_time()
            if remaining <= 0:
                break
            pause = min(delay * random.uniform(0.75, 1.25), remaining)
            if events is None:
                await anyio.sleep(pause)
            else:
                item = await events.get(pause)
                pushed = jobs.pushed_outcome(item.data) if isinstance(item, Message) else None
                if pushed is not None:  # the worker sent its outcome with the news (issue 18): no read
                    svc.ended_jobs.add(job_id)
                    return jobs.described_from_outcome(job_id, pushed, raw_result=raw_result)
            delay = min(delay * 2, POLL_SECONDS[1])
            state = await quick_state(svc.async_redis, svc.app_name, job_id)
            if state.outcome is not None:  # its outcome came with the state: nothing more to read
                described = jobs.described_from_outcome(
                    job_id, state.outcome, raw_result=raw_result, worker=state.worker
                )
            elif state.may_have_ended:
                described = await run_in_threadpool(
                    jobs.describe, svc.redis, svc.app_name, job_id, raw_result=raw_result
                )
        if described is not None and not jobs.has_ended(described):  # its status now, not when the wait began
            described = await run_in_threadpool(jobs.describe, svc.redis, svc.app_name, job_id, raw_result=raw_result)
    if described is not None and jobs.has_ended(described):
        svc.ended_jobs.add(job_id)
    return described
