"""Find jobs left ``started`` by a worker that died, and end them at once.

RQ notices an abandoned job only when its registry entry expires (minutes, by default). Every
viktorlite worker refreshes a liveness key each second (:mod:`viktorlite.workers.heartbeat`), so a
job whose worker's key has expired is known to be orphaned within seconds. Such a job is handed
to RQ's own clean-up, which retries it when it was enqueued as retry-safe and fails it otherwise
(running the failure callback that wakes the browser).
"""

from __future__ import annotations

import logging
import time

from redis import Redis
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty

from viktorlite.jobs.queue import queue_for
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

#: A job younger than this is left alone: its worker may not have beaten yet.
GRACE_SECONDS = 2.0


def reap_orphaned_jobs(
    connection: Redis, app: str, *, grace_seconds: float = GRACE_SECONDS, dead_worker: str | None = None
) -> list[str]:
    """End the started jobs of dead workers; return their ids.

    ``dead_worker``: end only the jobs of that worker, whatever its liveness key says: its successor
    under the same name calls this, knowing the predecessor is gone (see ``claim_disk``).
    """
    # The reaper runs in a thread of the web process: RQ's default (SIGALRM) time limit for the
    # failure callback only works in a main thread, a timer works anywhere.
    registry = StartedJobRegistry(queue=queue_for(connection, app), death_penalty_class=TimerDeathPenalty)
    keys = Keys(app)
    orphaned: list[str] = []
    for job_id, execution_id in registry.get_job_and_execution_ids():
        try:
            job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
        except NoSuchJobError:
            continue
        if job.get_status(refresh=False) != JobStatus.STARTED or not job.worker_name:
            continue
        if dead_worker is not None:
            abandoned = job.worker_name == dead_worker
        else:
            young = job.started_at and time.time() - job.started_at.timestamp() < grace_seconds
            abandoned = not young and not connection.exists(keys.worker_alive(job.worker_name))
        if not abandoned:
            continue
        # Mark the entry as expired; RQ's clean-up then retries or fails it.
        connection.zadd(registry.key, {f"{job_id}:{execution_id}": 0}, xx=True)
        orphaned.append(job_id)
    if orphaned:
        log.warning("jobs of dead workers ended: %s", ", ".join(orphaned))
        registry.cleanup(timestamp=1)
    return orphaned
