"""The dashboard state read in four pipelined round trips, whatever the number of workers and jobs.

Why: ``viktorlite.jobs.dashboard_data.snapshot`` asks Redis one thing at a time (RQ's ``Worker.all``
and its getters, ``describe`` per recent job): ~245 commands for 8 workers, 164 ms per call, every
second per open dashboard. Here the keys are read in batches: the worker set, the recent job ids, the
queue length, ``INFO memory`` and RQ's lists of jobs (viktorlite.jobs.recent_jobs); the newest
of those jobs; then every worker's hash, info, disk listing and liveness and every
job's hash and outcome; the answer has the same shape. A job that ended without an outcome (killed,
timed out, stopped) is rare and still described by ``describe``, which reads its RQ result.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from redis import Redis
from redis.exceptions import ResponseError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from rq.utils import str_to_date
from rq.worker_registration import WORKERS_BY_QUEUE_KEY

from viktorlite.jobs import recent_jobs
from viktorlite.jobs.dashboard_data import DISK_WANTED_SECONDS
from viktorlite.jobs.queue import RUN_JOB, describe, queue_for, read_outcome
from viktorlite.store import redis_memory
from viktorlite.store.keys import Keys

RECENT_JOBS = 50
_ENDED_WITHOUT_OUTCOME = {JobStatus.FAILED.value, JobStatus.STOPPED.value, JobStatus.CANCELED.value}
_WORKER_PREFIX = "rq:worker:"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def _date(value: Any) -> str | None:
    text = _text(value)
    return _iso(str_to_date(text)) if text else None


def snapshot(connection: Redis, app: str) -> dict[str, Any]:
    """Everything the dashboard page shows (the shape of ``dashboard_data.snapshot``)."""
    keys = Keys(app)
    queue = queue_for(connection, app)
    with connection.pipeline(transaction=False) as pipe:
        pipe.smembers(WORKERS_BY_QUEUE_KEY % queue.name)
        pipe.llen(queue.key)
        pipe.info("memory")
        recent_jobs.queue_reads(pipe, queue, RECENT_JOBS)
        worker_keys, queue_length, memory, *job_lists = pipe.execute()
    names = sorted(_text(key)[len(_WORKER_PREFIX) :] for key in worker_keys)  # type: ignore[index]
    ids = recent_jobs.newest(connection, recent_jobs.candidates(job_lists), RECENT_JOBS)
    with connection.pipeline(transaction=False) as pipe:
        for name in names:
            pipe.hgetall(_WORKER_PREFIX + name)
            pipe.get(keys.worker_info(name))
            pipe.get(keys.worker_disk(name))
            pipe.exists(keys.worker_alive(name))
        for job_id in ids:
            pipe.hgetall(Job.key_for(job_id))
            pipe.get(keys.job_outcome(job_id))
        replies = pipe.execute()
    _want_disk_listings(connection, keys, names)
    workers = []
    for index, name in enumerate(names):
        data, info_raw, disk_raw, alive = replies[4 * index : 4 * index + 4]
        if not data:
            continue  # gone since the set was read (Worker.all leaves it out too)
        fields = {_text(k): _text(v) for k, v in data.items()}
        info = json.loads(info_raw) if info_raw is not None else {}
        disk = json.loads(disk_raw) if disk_raw is not None else {}
        workers.append(
            {
                "name": name,
                "state": fields.get("state") or "?",
                "alive": bool(alive),
                "pid": info.get("pid"),
                "current_job": fields.get("current_job") or None,
                "successful_jobs": int(fields.get("successful_job_count") or 0),
                "failed_jobs": int(fields.get("failed_job_count") or 0),
                "disk_bytes": disk.get("total_bytes"),
                "disk_files": disk.get("file_count", 0),
            }
        )
    offset = 4 * len(names)
    jobs = []
    for index, job_id in enumerate(ids):
        data, raw_outcome = replies[offset + 2 * index : offset + 2 * index + 2]
        job = _job(connection, job_id, data)
        if job is None:
            continue
        request = job.args[0] if job.args else {}
        described = _described(connection, app, job, data, raw_outcome)
        if described is None:
            continue
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
    return {
        "app": app,
        "queue_length": int(queue_length),
        "workers": workers,
        "jobs": jobs,
        "redis": redis_memory.usage_from_info(memory),
    }


def _want_disk_listings(connection: Redis, keys: Keys, names: list[str]) -> None:
    """Ask every worker for a fresh disk listing (one round trip); a full Redis must not hide the page."""
    if not names:
        return
    try:
        with connection.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.set(keys.worker_disk_wanted(name), 1, ex=DISK_WANTED_SECONDS)
            pipe.execute()
    except ResponseError as exc:
        if not redis_memory.is_out_of_memory(exc):
            raise


def _job(connection: Redis, job_id: str, data: dict[Any, Any]) -> Job | None:
    if not data:
        return None
    job = Job(job_id, connection=connection, serializer=JSONSerializer)
    try:
        job.restore(data)
    except Exception:  # noqa: BLE001 - an unreadable job is left out, as Job.fetch_many leaves it out
        return None
    return job


def _described(connection: Redis, app: str, job: Job, data: dict[Any, Any], raw_outcome: Any) -> dict[str, Any] | None:
    """What ``describe`` says of the job, from the hash and outcome already read."""
    if job.func_name != RUN_JOB or job.meta.get("app", app) != app:
        return None
    status = _text(data.get(b"status", data.get("status"))) or ""
    if raw_outcome is None and status in _ENDED_WITHOUT_OUTCOME:
        return describe(connection, app, job.id)  # reads why from RQ's result (rare)
    described: dict[str, Any] = {"id": job.id, "status": status, "worker": job.worker_name}
    if raw_outcome is not None:
        outcome = read_outcome(raw_outcome)
        described["worker"] = outcome.get("worker") or described["worker"]
        described["messages"] = outcome.get("messages", [])
        if outcome["ok"]:
            described["status"] = "finished"
        else:
            described["status"] = "stopped" if outcome.get("stopped") else "failed"
            described["error"] = outcome["error"]
    elif status == JobStatus.FINISHED.value:
        described["status"] = "failed"
        described["error"] = {"kind": "system", "message": "The job's result has expired."}
    return described
