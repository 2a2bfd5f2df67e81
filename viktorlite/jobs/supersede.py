"""Superseded view jobs: when a view of an entity is asked again, its older job is dropped or stopped.

Inputs can change faster than view jobs finish; only the newest job of one view of one entity
matters (the editor ignores the others' results). A queued older job is cancelled before it
starts, a running one is stopped, so workers spend their time on what the user will see. The
newest job is recorded before it is queued, so a work horse that starts an older one in the
moment between (a stop command can miss a horse that is just starting) ends it at once.
"""

from __future__ import annotations

import logging

from redis import Redis
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from viktorlite.jobs.queue import KEEP_SECONDS
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)


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
    latest = connection.get(Keys(app).latest_view_job(entity_id, method))
    return latest is not None and (latest.decode() if isinstance(latest, bytes) else latest) != job_id


def stop(connection: Redis, job_id: str, *, app: str | None = None) -> None:
    """Cancel a job that has not started; stop one that is running; leave an ended one alone.

    With ``app``, a job that already wrote its outcome is left alone even if RQ still runs it.
    """
    if app is not None and connection.exists(Keys(app).job_outcome(job_id)):
        return  # it has its outcome already (RQ may not have caught up): nothing left to save
    try:
        job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
        status = job.get_status()
        if status in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
            job.cancel()
        elif status == JobStatus.STARTED:
            send_stop_job_command(connection, job_id, serializer=JSONSerializer)
    except (NoSuchJobError, InvalidJobOperation):
        pass  # it ended (or vanished) meanwhile: nothing to stop
    except Exception:  # noqa: BLE001 - failing to stop an old job must not fail the new one
        log.warning("could not stop superseded job %s", job_id, exc_info=True)
