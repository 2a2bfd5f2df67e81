"""Each entity's job log: the finished jobs of its editor, newest first, with their user messages.

Written by the worker at the end of a job, read by the web process (``GET /api/entities/{id}/jobs``).
Progress messages are not kept (viktor_api.md §2.7); UserMessages are.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from redis.client import Pipeline

from viktorlite.jobs.context import JobContext
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

#: Entries kept per entity, newest first.
JOB_LOG_ENTRIES = 100


def record(context: JobContext, outcome: dict[str, Any], started: float, *, pipe: Pipeline | None = None) -> None:
    """Add the finished job to its entity's job log (newest first, capped); with ``pipe``, only queued
    on it (the worker sends the log, the outcome and its announcement in one round trip)."""
    if context.entity_id is None or context.trigger == "callback":  # callbacks run on every keystroke
        return
    error = outcome.get("error") or {}
    entry = {
        "job_id": context.job_id,
        "method": context.method,
        "trigger": context.trigger,
        "worker": context.worker,
        "started_at": datetime.fromtimestamp(started, UTC).isoformat(timespec="milliseconds"),
        "duration_s": round(time.time() - started, 3),
        "status": "ok" if outcome.get("ok") else error.get("kind", "system"),
        "error": error.get("message"),
        "messages": list(context.messages),
    }
    key = Keys(context.app).job_log(context.entity_id)
    if pipe is not None:
        pipe.lpush(key, json.dumps(entry))  # trimmed by trim_when_long() with the pipeline's replies
        return
    try:
        with context.connection.pipeline(transaction=False) as pipe:
            pipe.lpush(key, json.dumps(entry))
            pipe.ltrim(key, 0, JOB_LOG_ENTRIES - 1)
            pipe.execute()
    except Exception:  # noqa: BLE001 - the log is a convenience; the outcome matters
        log.warning("could not write the job log of entity %s", context.entity_id, exc_info=True)


#: A log is trimmed once it is this much longer than it is kept: not one more command on every job.
TRIM_SLACK = JOB_LOG_ENTRIES // 4


def trim_when_long(connection: Redis, context: JobContext, length: object) -> None:
    """Trim the log ``record(pipe=...)`` pushed to, given the length its push replied, once it is too long."""
    if context.entity_id is not None and isinstance(length, int) and length > JOB_LOG_ENTRIES + TRIM_SLACK:
        connection.ltrim(Keys(context.app).job_log(context.entity_id), 0, JOB_LOG_ENTRIES - 1)


def read_log(connection: Redis, app: str, entity_id: int, limit: int = JOB_LOG_ENTRIES) -> list[dict[str, Any]]:
    """An entity's job log, newest first."""
    raw = connection.lrange(Keys(app).job_log(entity_id), 0, max(limit, 1) - 1)
    return [json.loads(item) for item in raw]
