"""The only job a viktorlite worker runs: :data:`viktorlite.jobs.queue.RUN_JOB`, with JSON arguments.

RQ stores the name of the function a job calls (and of its callbacks) in Redis and imports
whatever it names. A job that anyone other than viktorlite put on the queue could name any
callable (``os.system``); this job class refuses every name but viktorlite's own, so the worker
fails such a job instead of importing and calling what it names.
"""

from __future__ import annotations

from typing import Any

from rq.job import Job

from viktorlite.jobs.queue import ANNOUNCE_FAILURE, RUN_JOB

ALLOWED_CALLBACKS = frozenset({ANNOUNCE_FAILURE})


class ForbiddenJob(Exception):
    """A queued job names a function viktorlite never enqueues."""


class ViktorliteJob(Job):
    """A job that can only call ``run_job`` (and, on failure, viktorlite's own announcement)."""

    @property
    def func(self) -> Any:
        if self.func_name != RUN_JOB or self.instance is not None:
            raise ForbiddenJob(f"refusing job {self.id}: it names {self.func_name!r}, not {RUN_JOB}")
        return super().func

    @property
    def failure_callback(self) -> Any:
        return self._allowed_callback(self._failure_callback_name, lambda: super(ViktorliteJob, self).failure_callback)

    @property
    def success_callback(self) -> Any:
        return self._allowed_callback(self._success_callback_name, lambda: super(ViktorliteJob, self).success_callback)

    @property
    def stopped_callback(self) -> Any:
        return self._allowed_callback(self._stopped_callback_name, lambda: super(ViktorliteJob, self).stopped_callback)

    def _allowed_callback(self, name: str | None, resolve: Any) -> Any:
        if name and name not in ALLOWED_CALLBACKS:
            raise ForbiddenJob(f"refusing job {self.id}: its callback names {name!r}")
        return resolve()
