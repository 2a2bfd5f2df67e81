"""A job's state in two async reads, to tell when :func:`viktorlite.jobs.queue.describe` is worth calling.

Waiting for a job's end must not hold a thread per waiter (issue 16, item 11), and ``describe``
goes through RQ's blocking client. A waiter re-checks this cheap state instead, on every event of
the job and now and then (a killed work horse ends a job without announcing it), and describes the
job in full only when the state changed.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from redis.asyncio import Redis as AsyncRedis
from rq.job import Job

from viktorlite.store.keys import Keys

#: RQ statuses after which a job runs no more (those ``describe`` reports as ended).
FINAL_STATUSES = frozenset({"finished", "failed", "stopped", "canceled"})


@dataclass(frozen=True)
class QuickState:
    #: RQ's status of the job; None: no such job (never, or no more).
    rq_status: str | None
    #: The outcome's text, once the worker stored it: an end seen here needs no other read (issue 18).
    outcome: bytes | None
    #: The worker RQ says runs (or ran) the job.
    worker: str | None = None

    @property
    def has_outcome(self) -> bool:
        return self.outcome is not None

    @property
    def may_have_ended(self) -> bool:
        """``describe`` may now say the job ended, or that there is no such job."""
        return self.has_outcome or self.rq_status is None or self.rq_status in FINAL_STATUSES


async def quick_state(connection: AsyncRedis, app: str, job_id: str) -> QuickState:
    async with connection.pipeline(transaction=False) as pipe:
        pipe.hmget(Job.key_for(job_id), ["status", "worker_name"])
        pipe.get(Keys(app).job_outcome(job_id))  # as cheap as EXISTS while there is none
        (status, worker), outcome = await pipe.execute()
    return QuickState(_text(status), outcome, _text(worker) or None)


@dataclass(frozen=True)
class Opening:
    """What a job's event stream needs when it opens, in one round trip: no ``describe`` (issue 18)."""

    rq_status: str | None
    worker: str | None
    #: The app the job was queued for (from RQ's meta); None when unknown.
    app: str | None
    #: The stored outcome's text, once the job wrote it.
    outcome: bytes | None

    @property
    def exists(self) -> bool:
        return self.rq_status is not None or self.outcome is not None


def _text(value: object) -> str | None:
    return value.decode() if isinstance(value, bytes) else value if isinstance(value, str) else None


async def opening(connection: AsyncRedis, app: str, job_id: str, *, with_outcome: bool = True) -> Opening:
    """``with_outcome=False``: the caller knows the job has not stored its outcome (or was told it)."""
    outcome = None
    async with connection.pipeline(transaction=False) as pipe:
        pipe.hmget(Job.key_for(job_id), ["status", "worker_name", "meta"])
        if with_outcome:
            pipe.get(Keys(app).job_outcome(job_id))
            (status, worker, meta), outcome = await pipe.execute()
        else:
            ((status, worker, meta),) = await pipe.execute()
    queued_for = None
    with contextlib.suppress(ValueError, AttributeError):
        queued_for = json.loads(meta).get("app") if meta else None
    return Opening(_text(status), _text(worker), queued_for if isinstance(queued_for, str) else None, outcome)
