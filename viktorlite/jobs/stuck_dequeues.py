"""Put back jobs a worker took off the queue but never started (RQ 3's intermediate list).

RQ 3 dequeues by moving a job id from the queue to ``<queue>:intermediate``; the worker then puts
it in the started registry and the work horse removes it from the intermediate list. A worker
that dies (or loses Redis) between the move and the start leaves the job ``queued`` in neither
place: no worker will ever take it. RQ's own clean-up (``IntermediateQueue.cleanup``) notices it
only on a maintenance round (every 10 minutes) and then fails it. Such a job never ran, so it is
safe to run: it goes back to the head of its queue.

A job a live worker is starting right now sits in the list for milliseconds, so a job is stuck
once it was seen there for :data:`STUCK_SECONDS`. The sightings are our own (``Keys.dequeued_seen``),
forgotten as soon as a job leaves the list: RQ's "first seen" marks live a day, and a retried job
dequeued again under the same id would look stuck at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import NamedTuple

from redis import Redis
from redis.exceptions import WatchError
from rq.job import JobStatus
from rq.worker import Worker

from viktorlite.jobs.queue import queue_for
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

#: A job seen in the intermediate list this long ago and still not started is stuck. A live worker
#: starts a dequeued job within milliseconds.
STUCK_SECONDS = 5.0


def live_workers(connection: Redis, app: str, *, besides: Iterable[str] = ()) -> list[str]:
    """The app's registered workers whose liveness key is fresh (see workers/heartbeat.py)."""
    keys, skip = Keys(app), set(besides)
    names = [w.name for w in Worker.all(queue=queue_for(connection, app)) if w.name not in skip]
    return [name for name in names if connection.exists(keys.worker_alive(name))]


def recover_stuck_dequeues(
    connection: Redis, app: str, *, at_once: bool = False, stuck_seconds: float = STUCK_SECONDS
) -> list[str]:
    """Put stuck dequeued jobs back at the head of the app's queue; return their ids.

    ``at_once``: no other worker of the app is alive, so none can be between dequeue and start:
    every ``queued`` job in the intermediate list is stuck. Otherwise a job is stuck once it has
    been seen there for ``stuck_seconds`` (this is called again and again, by the web's reaper).
    """
    queue = queue_for(connection, app)
    intermediate = queue.intermediate_queue
    seen_key = Keys(app).dequeued_seen
    waiting = intermediate.get_job_ids()
    seen = {k.decode(): float(v) for k, v in connection.hgetall(seen_key).items()}  # type: ignore[union-attr]
    gone = [job_id for job_id in seen if job_id not in waiting]
    if gone:
        connection.hdel(seen_key, *gone)
    now = time.time()
    recovered = []
    for job_id in waiting:
        job = queue.fetch_job(job_id)
        if job is None:
            intermediate.remove(job_id)  # as RQ's clean-up does
            continue
        if job.get_status(refresh=False) != JobStatus.QUEUED:
            continue  # it did start: the reaper (or RQ) ends it
        if not at_once:
            if job_id not in seen:
                connection.hsetnx(seen_key, job_id, now)
                continue
            if now - seen[job_id] < stuck_seconds:
                continue
        keys = _Keys(queue.key, intermediate.key, queue.started_job_registry.key, seen_key)
        if _requeue(connection, keys, job_id):
            recovered.append(job_id)
    if recovered:
        log.warning("jobs dequeued but never started, queued again: %s", ", ".join(recovered))
    return recovered


class _Keys(NamedTuple):
    queue: str
    intermediate: str
    started: str
    seen: str


def _requeue(connection: Redis, keys: _Keys, job_id: str) -> bool:
    """Move the job back, unless a worker starts it meanwhile (the started registry is watched)."""
    with connection.pipeline() as pipe:
        try:
            pipe.watch(keys.started, keys.intermediate)
            members: list[bytes] = pipe.zrange(keys.started, 0, -1)  # type: ignore[assignment]
            started = any(member.decode().split(":")[0] == job_id for member in members)
            waiting: list[bytes] = pipe.lrange(keys.intermediate, 0, -1)  # type: ignore[assignment]
            if started or job_id.encode() not in waiting:
                return False
            pipe.multi()
            pipe.lrem(keys.intermediate, 1, job_id)
            pipe.lpush(keys.queue, job_id)  # the head: it was the next job to run
            pipe.hdel(keys.seen, job_id)
            pipe.execute()
        except WatchError:
            return False  # something moved: looked at again next time
    return True
