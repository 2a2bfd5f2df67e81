"""SDK tests that need a running job: a job context made the way a work horse makes it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from viktorlite.jobs import context as job_context

EnterJob = Callable[..., job_context.JobContext]


@pytest.fixture
def enter_job(redis_client) -> Iterator[EnterJob]:
    """``enter_job(**fields)`` makes a job context current (a dev view job unless overridden); left after the test."""

    def enter(**fields: Any) -> job_context.JobContext:
        defaults: dict[str, Any] = {
            "app": f"sdk-{uuid.uuid4().hex[:8]}",
            "job_id": uuid.uuid4().hex,
            "connection": redis_client,
            "entity_id": None,
            "entity_type": "T",
            "entity_name": "",
            "workspace_id": 1,
            "method": "m",
            "trigger": "view",
            "production": False,
            "worker": "worker-1",
        }
        context = job_context.JobContext(**{**defaults, **fields})
        job_context.enter(context)
        return context

    yield enter
    job_context.enter(None)
