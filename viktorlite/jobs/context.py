"""The job that is running in this process, for SDK calls that need it (Storage, messages, API).

Set by the worker in the forked work horse just before the app's method runs; outside a job
there is none, and SDK calls that need one fail the way the platform's do outside a job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only annotations: importing the log format must not load redis
    from redis import Redis


class NoJobError(OSError):
    """An SDK call that needs a running job was made outside one (the SDK raises OSError too)."""


@dataclass
class JobContext:
    app: str
    job_id: str
    connection: Redis
    entity_id: int | None
    entity_type: str
    entity_name: str
    workspace_id: int
    method: str
    trigger: str
    production: bool
    worker: str
    #: The editor session that started the job; None when the client named none (see Storage).
    session_id: str | None = None
    #: The logged-in user who started the job: what ``API().get_current_user()`` reports.
    user: str = "local user"
    #: How many entries the development (per-worker) memoize cache keeps, first in first out.
    memoize_dev_entries: int = 10
    #: Messages shown to the user (UserMessage) and kept in the job log, in order.
    messages: list[dict[str, Any]] = field(default_factory=list)
    #: A ``viktorlite replay`` of a kept job: runners show what the job made instead of storing it.
    replay: bool = False


_current: JobContext | None = None


def current() -> JobContext:
    if _current is None:
        raise NoJobError("Job token is not set: this needs a running viktorlite job")
    return _current


def running() -> JobContext | None:
    """The running job, or None outside a job (for code that must not fail outside one)."""
    return _current


def running_connection() -> Redis | None:
    """The running job's Redis (runners store results through it), or None outside a job."""
    return _current.connection if _current is not None else None


def enter(context: JobContext | None) -> None:
    """Make ``context`` the running job (``None`` leaves it)."""
    global _current
    _current = context
