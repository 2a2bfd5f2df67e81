"""Stopping a job so that what the stop answers is true: the job never started, or it was ended.

RQ's own tools race with a worker that is just taking the job: ``Job.cancel`` marks a job that a
worker already dequeued as cancelled (and the job then runs to completion), and a stop command
that reaches the worker before it forks the horse is ignored. So a stop here is a handshake:

1. the job's stop key is set first (``Keys.job_stop``);
2. a job still on the queue is taken off it atomically (``LREM``); only then is it cancelled, and
   no worker can have it;
3. a job a worker has already taken is that worker's to end: its work horse checks the stop key
   before it runs the job (and does not run it; one command with the supersede check, issue 18)
   and the worker on every tick of its watch while the horse runs (and kills the job's
   processes); the stop command only makes it act at once.

The job's state is written by whoever ended it, after it ended: a stop answered ``stopped`` is
one that happened, and a job that finished first answers ``finished``.
"""

from __future__ import annotations

import logging

from redis import Redis
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from viktorlite.jobs.queue import KEEP_SECONDS, queue_for
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

_WAITING = (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED)


def stop_requested(connection: Redis, app: str, job_id: str) -> bool:
    """A stop of this job was asked (the worker asks this while the job runs; before, its horse does)."""
    return bool(connection.exists(Keys(app).job_stop(job_id)))


def stop(connection: Redis, job_id: str, *, app: str | None = None) -> None:
    """Cancel a job that has not started; stop one that is running; leave an ended one alone.

    With ``app``, a job that already wrote its outcome is left alone even if RQ still runs it.
    """
    if app is not None and connection.exists(Keys(app).job_outcome(job_id)):
        return  # it has its outcome already (RQ may not have caught up): nothing left to save
    try:
        job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
        app = app or job.meta.get("app")
        if not app:
            return  # not a viktorlite job
        connection.set(Keys(app).job_stop(job_id), 1, ex=KEEP_SECONDS)
        status = job.get_status()
        if status in _WAITING:
            if connection.lrem(queue_for(connection, app).key, 1, job_id):
                job.cancel()  # it was still on the queue, so no worker has it: it never starts
                return
            if status != JobStatus.QUEUED:
                job.cancel()  # deferred or scheduled: not on the queue yet
                return
        # A worker has it (taken, starting or running): it ends it on its next look at the stop key.
        job.refresh()
        if job.worker_name and job.get_status(refresh=False) == JobStatus.STARTED:
            send_stop_job_command(connection, job_id, serializer=JSONSerializer)
    except (NoSuchJobError, InvalidJobOperation):
        pass  # it ended (or vanished) meanwhile: nothing to stop
    except Exception:  # noqa: BLE001 - failing to stop an old job must not fail the new one
        log.warning("could not stop job %s", job_id, exc_info=True)
