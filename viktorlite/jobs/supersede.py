"""Superseded view jobs: when a view of an entity is asked again, its older job is dropped or stopped.

Inputs can change faster than view jobs finish; only the newest job of one view of one entity
matters (the editor ignores the others' results). A queued older job is cancelled before it
starts, a running one is stopped (:mod:`viktorlite.jobs.stopping`), so workers spend their time
on what the user will see. The newest job is recorded before it is queued, so a work horse that
starts an older one in the moment between ends it at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from redis import Redis

from viktorlite.jobs.queue import KEEP_SECONDS, JobRequest, enqueue_job
from viktorlite.jobs.stopping import stop
from viktorlite.store.keys import Keys

__all__ = ["enqueue_view", "is_superseded_by", "stop", "supersede", "superseded"]


def enqueue_view(
    connection: Redis,
    request: JobRequest,
    *,
    timeout: int,
    retry_safe: bool = False,
    job_id: str | None = None,
    ended: Callable[[str], bool] = lambda job_id: False,
) -> str:
    """Queue a view job as its view's newest (one round trip with the job itself) and end the one before it.

    ``ended``: whether the caller knows a job ended (the web process saw its end event); the one
    before is then not looked at (issue 18: the usual case, an editor that waited for its view).
    """
    assert request.entity_id is not None
    job_id = job_id or str(uuid.uuid4())
    key = Keys(request.app).latest_view_job(request.entity_id, request.method)
    enqueued = enqueue_job(connection, request, timeout=timeout, retry_safe=retry_safe, job_id=job_id, newest_of=key)
    if enqueued.previous and enqueued.previous != job_id and not ended(enqueued.previous):
        stop(connection, enqueued.previous, app=request.app)
    return enqueued.id


def supersede(connection: Redis, app: str, entity_id: int, method: str, job_id: str) -> str | None:
    """Record ``job_id`` as the newest job of this view and end the one before it; returns that one's id."""
    key = Keys(app).latest_view_job(entity_id, method)
    with connection.pipeline(transaction=True) as pipe:
        pipe.getset(key, job_id)
        pipe.expire(key, KEEP_SECONDS)
        previous_raw, _ = pipe.execute()
    previous = previous_raw.decode() if isinstance(previous_raw, bytes) else previous_raw
    if not previous or previous == job_id:
        return None
    stop(connection, str(previous), app=app)
    return str(previous)


def superseded(connection: Redis, app: str, entity_id: int, method: str, job_id: str) -> bool:
    """A newer job of this view was recorded (by :func:`supersede`, before that job was queued)."""
    return is_superseded_by(connection.get(Keys(app).latest_view_job(entity_id, method)), job_id)


def is_superseded_by(latest: object, job_id: str) -> bool:
    """:func:`superseded`, given the latest-job key's value read already (in a pipeline of the caller)."""
    return latest is not None and (latest.decode() if isinstance(latest, bytes) else latest) != job_id
