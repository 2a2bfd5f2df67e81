"""The job context benchmarks enter to call SDK code (Storage, memoize) as a work horse would."""

from __future__ import annotations

import redis

from viktorlite.jobs import context as job_context


def bench_job(connection: redis.Redis, *, production: bool, worker: str = "worker-1") -> job_context.JobContext:
    return job_context.JobContext(
        app="bench",
        job_id="bench",
        connection=connection,
        entity_id=None,
        entity_type="Bench",
        entity_name="",
        workspace_id=1,
        method="bench",
        trigger="view",
        production=production,
        worker=worker,
    )
