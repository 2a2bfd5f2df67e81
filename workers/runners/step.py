"""Run a Step's ``on_next`` callback: the user may only go on when it returns without a UserError."""

from __future__ import annotations

from typing import Any

from viktorlite.app.calling import call_with_params
from viktorlite.app.loader import LoadedApp
from viktorlite.jobs.queue import JobRequest
from viktorlite.sdk.parametrization.schema import find_step
from viktorlite.workers.rejection import JobRejected
from viktorlite.workers.runners.callback import job_params
from viktorlite.workers.runners.returned_values import step_returned


def run_step(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    """The ``step`` trigger; ``request.method`` names the Step (its attribute name)."""
    _, parametrization, params, kwargs = job_params(app, request)
    step = find_step(parametrization, request.method)
    if step is None:
        raise JobRejected(f"{request.entity_type} has no step {request.method!r}")
    if step._on_next is not None:
        step_returned(call_with_params(step._on_next, params, **kwargs), request.method)
    return {"type": "StepResult", "step": request.method}
