"""What the dashboard shows: the queue, each worker (state, job, disk) and the recent jobs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from redis import Redis
from rq import Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from viktorlite.jobs.queue import describe, queue_for
from viktorlite.store.keys import Keys


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def worker_info(connection: Redis, app: str, name: str) -> dict[str, Any] | None:
    """A worker's pid and private-disk listing, as its heartbeat last wrote them."""
    raw = connection.get(Keys(app).worker_info(name))
    return json.loads(raw) if raw is not None else None


def workers(connection: Redis, app: str) -> list[dict[str, Any]]:
    keys = Keys(app)
    found = []
    for worker in sorted(Worker.all(queue=queue_for(connection, app)), key=lambda w: w.name):
        info = worker_info(connection, app, worker.name) or {}
        disk = info.get("disk") or {}
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
                "disk_files": len(disk.get("files", [])),
            }
        )
    return found


def recent_jobs(connection: Redis, app: str, limit: int = 50) -> list[dict[str, Any]]:
    ids = [i.decode() for i in connection.lrange(Keys(app).recent_jobs, 0, limit - 1)]  # type: ignore[union-attr]
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
    }
