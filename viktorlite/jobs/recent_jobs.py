"""The app's recent jobs, newest first, read from what RQ keeps of its jobs anyway.

Issue 18: a list of our own (pushed once per job) only repeated what RQ's queue and registries hold:
the jobs waiting on the queue or just taken off it, running, finished, failed and cancelled. The
newest of each (registries are ordered by when their jobs end or expire) are candidates; ordered by
when RQ queued them, the newest ``limit`` are the recent jobs, as the list was.
"""

from __future__ import annotations

from redis import Redis
from redis.client import Pipeline
from rq import Queue
from rq.job import Job

#: How many replies :func:`queue_reads` adds to a pipeline.
READS = 8


def queue_reads(pipe: Pipeline, queue: Queue, limit: int) -> None:
    """Queue the reads of the candidates on ``pipe`` (:data:`READS` replies, for :func:`candidates`)."""
    pipe.lrange(queue.key, -limit, -1)  # RQ pushes at the tail: the newest are last
    pipe.lrange(queue.intermediate_queue_key, 0, -1)  # taken by a worker, not started yet
    pipe.zrange(queue.started_job_registry.key, 0, -1)  # at most one per worker
    for registry in (queue.finished_job_registry, queue.failed_job_registry, queue.canceled_job_registry):
        pipe.zrevrange(registry.key, 0, limit - 1)
    for registry in (queue.deferred_job_registry, queue.scheduled_job_registry):
        pipe.zrevrange(registry.key, 0, limit - 1)


def candidates(replies: list[list[bytes | str]]) -> list[str]:
    """The job ids the :func:`queue_reads` replies name, once each (a started entry is ``job:execution``)."""
    found: dict[str, None] = {}
    for reply in replies:
        for item in reply:
            found.setdefault(_text(item).split(":", 1)[0], None)
    return list(found)


def newest(connection: Redis, ids: list[str], limit: int) -> list[str]:
    """The ``limit`` ids of ``ids`` RQ queued last, newest first (one round trip); gone jobs left out."""
    if not ids:
        return []
    with connection.pipeline(transaction=False) as pipe:
        for job_id in ids:
            pipe.hget(Job.key_for(job_id), "enqueued_at")
        stamps = pipe.execute()
    # RQ writes its times as ISO text of fixed width (utcformat): as text they sort as times.
    dated = [(_text(stamp), job_id) for stamp, job_id in zip(stamps, ids, strict=True) if stamp]
    dated.sort(reverse=True)
    return [job_id for _, job_id in dated[:limit]]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def recent_job_ids(connection: Redis, queue: Queue, limit: int) -> list[str]:
    """The ``limit`` jobs RQ queued last on ``queue``, newest first (two round trips)."""
    with connection.pipeline(transaction=False) as pipe:
        queue_reads(pipe, queue, limit)
        replies = pipe.execute()
    return newest(connection, candidates(replies), limit)
