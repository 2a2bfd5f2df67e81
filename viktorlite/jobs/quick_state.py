"""A job's state in two async reads, to tell when :func:`viktorlite.jobs.queue.describe` is worth calling.

Waiting for a job's end must not hold a thread per waiter (issue 16, item 11), and ``describe``
goes through RQ's blocking client. A waiter re-checks this cheap state instead, on every event of
the job and now and then (a killed work horse ends a job without announcing it), and describes the
job in full only when the state changed.
"""

from __future__ import annotations

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
    #: The worker stored the job's outcome.
    has_outcome: bool

    @property
    def may_have_ended(self) -> bool:
        """``describe`` may now say the job ended, or that there is no such job."""
        return self.has_outcome or self.rq_status is None or self.rq_status in FINAL_STATUSES


async def quick_state(connection: AsyncRedis, app: str, job_id: str) -> QuickState:
    async with connection.pipeline(transaction=False) as pipe:
        pipe.hget(Job.key_for(job_id), "status")
        pipe.exists(Keys(app).job_outcome(job_id))
        status, has_outcome = await pipe.execute()
    return QuickState(status.decode() if isinstance(status, bytes) else status, bool(has_outcome))
