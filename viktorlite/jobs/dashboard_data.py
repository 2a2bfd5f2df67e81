"""What the dashboard shows: the queue, each worker (state, job, disk) and the recent jobs."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from redis import Redis
from redis.exceptions import ResponseError
from rq import Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from viktorlite.jobs.queue import describe, queue_for
from viktorlite.jobs.recent_jobs import recent_job_ids
from viktorlite.store import redis_memory
from viktorlite.store.keys import Keys


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


#: How long a disk listing stays wanted after the dashboard last asked (the worker lists meanwhile).
DISK_WANTED_SECONDS = 10
#: How long :func:`worker_info` waits for the listing it asked for (a hang guard for a walk of a big disk).
FRESH_LISTING_WAIT = 20.0
#: How long the count of asks for a fresh listing is kept after the last ask.
ASKED_KEEP_SECONDS = 24 * 3600


def _disk_listing(connection: Redis, app: str, name: str) -> dict[str, Any] | None:
    """The worker's last disk listing; asking for one makes the worker list its disk (workers/disk_report.py)."""
    keys = Keys(app)
    try:
        connection.set(keys.worker_disk_wanted(name), 1, ex=DISK_WANTED_SECONDS)
    except ResponseError as exc:  # a full Redis: the dashboard must still show why
        if not redis_memory.is_out_of_memory(exc):
            raise
    raw = connection.get(keys.worker_disk(name))
    return json.loads(raw) if raw is not None else None


def _ask_for_listing(connection: Redis, keys: Keys, name: str) -> int | None:
    """Ask the worker for a listing made from now on; the number of this ask (None: Redis is full)."""
    try:
        with connection.pipeline(transaction=False) as pipe:
            pipe.incr(keys.worker_disk_asked(name))
            pipe.expire(keys.worker_disk_asked(name), ASKED_KEEP_SECONDS)
            asked, _ = pipe.execute()
    except ResponseError as exc:  # a full Redis: the last listing must still be shown
        if not redis_memory.is_out_of_memory(exc):
            raise
        return None
    return int(asked)


def fresh_disk_listing(connection: Redis, app: str, name: str, *, wait: float = FRESH_LISTING_WAIT) -> dict[str, Any]:
    """The worker's disk as listed after this call began, waiting up to ``wait`` seconds for it.

    The worker lists on demand (workers/disk_report.py), so a read right after a job would otherwise
    see no listing yet, or one from before the job. Past ``wait`` the answer says ``in_progress``: the
    numbers are the last listing's, or none (null counts, never a false 0) when there is none yet.
    """
    keys = Keys(app)
    asked = _ask_for_listing(connection, keys, name)
    deadline = time.monotonic() + wait
    while True:
        raw = connection.get(keys.worker_disk(name))
        listing: dict[str, Any] | None = json.loads(raw) if raw is not None else None
        answered = listing is not None and (asked is None or listing.get("asked", 0) >= asked)
        if answered or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    if listing is None:
        listing = {"root": "", "total_bytes": None, "files": [], "truncated": False, "file_count": None}
    return {**listing, "in_progress": not answered}


def worker_info(connection: Redis, app: str, name: str, *, wait: float = FRESH_LISTING_WAIT) -> dict[str, Any] | None:
    """A live worker's pid and private-disk listing (:func:`fresh_disk_listing`), or None for no live worker.

    The listing is made on demand, not by the heartbeat: a disk full of files must never slow the
    worker's sign of life.
    """
    raw = connection.get(Keys(app).worker_info(name))
    if raw is None:
        return None
    info: dict[str, Any] = json.loads(raw)
    info["disk"] = fresh_disk_listing(connection, app, name, wait=wait)
    return info


def workers(connection: Redis, app: str) -> list[dict[str, Any]]:
    keys = Keys(app)
    found = []
    for worker in sorted(Worker.all(queue=queue_for(connection, app)), key=lambda w: w.name):
        raw = connection.get(keys.worker_info(worker.name))
        info = json.loads(raw) if raw is not None else {}
        disk = _disk_listing(connection, app, worker.name) or {}
        found.append(
            {
                "name": worker.name,
                "state": str(worker.get_state()),
                "alive": bool(connection.exists(keys.worker_alive(worker.name))),
                "pid": info.get("pid"),
                "current_job": worker.get_current_job_id(),
                "successful_jobs": worker.successful_job_count,
                "failed_jobs": worker.failed_job_count,
                "disk_bytes": disk.get("total_bytes"),
                "disk_files": disk.get("file_count", 0),
            }
        )
    return found


def recent_jobs(connection: Redis, app: str, limit: int = 50) -> list[dict[str, Any]]:
    ids = recent_job_ids(connection, queue_for(connection, app), limit)
    jobs = []
    for job in Job.fetch_many(ids, connection=connection, serializer=JSONSerializer):
        if job is None:
            continue
        request = job.args[0] if job.args else {}
        described = describe(connection, app, job.id) or {}
        jobs.append(
            {
                "id": job.id,
                "entity_id": request.get("entity_id"),
                "entity_type": request.get("entity_type"),
                "entity_name": request.get("entity_name") or None,
                "method": request.get("method"),
                "trigger": request.get("trigger"),
                "worker": described.get("worker"),
                "status": described.get("status"),
                "enqueued_at": _iso(job.enqueued_at),
                "started_at": _iso(job.started_at),
                "ended_at": _iso(job.ended_at),
                "error": described.get("error"),
                "messages": described.get("messages", []),
            }
        )
    return jobs


def snapshot(connection: Redis, app: str) -> dict[str, Any]:
    """Everything the dashboard page shows, in one JSON object."""
    return {
        "app": app,
        "queue_length": queue_for(connection, app).count,
        "workers": workers(connection, app),
        "jobs": recent_jobs(connection, app),
        "redis": redis_memory.usage(connection),
    }
