"""Run one job, inside the work horse RQ forks for it.

The worker parent imports the app once and hands it over with :func:`prepare`; every job then
runs in a forked child, so nothing a job leaves in memory reaches the next one. What a job runs
depends on its trigger: each trigger kind has a runner in :data:`RUNNERS`.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rq import get_current_job
from rq.timeouts import JobTimeoutException

from viktorlite import job_context, job_log
from viktorlite.app_loader import LoadedApp
from viktorlite.jobs import JobRequest, publish_outcome
from viktorlite.processes import die_with_parent
from viktorlite.sdk.errors import UserError

from . import job_messages, portability
from .button_runner import run_button
from .callback_runner import run_callbacks
from .limits import limit_memory, memory_error
from .rejection import JobRejected
from .result_output import BadResult
from .step_runner import run_step
from .summary_runner import run_summary
from .upload_runner import run_upload
from .view_runner import preload_view_libraries, run_view

log = logging.getLogger(__name__)

Runner = Callable[[LoadedApp, JobRequest], dict[str, Any]]

#: What runs for each trigger kind; every runner returns the JSON result of one app method.
RUNNERS: dict[str, Runner] = {
    "view": run_view,
    "input": run_view,
    "button": run_button,
    "callback": run_callbacks,
    "step": run_step,
    "upload": run_upload,
    "summary": run_summary,
}


@dataclass
class WorkerState:
    """What the worker parent knows before it forks: the app (or why it failed to load)."""

    name: str = ""
    production: bool = False
    app: LoadedApp | None = None
    load_error: dict[str, Any] | None = None


_state = WorkerState()


def prepare(name: str, production: bool, app: LoadedApp | None, load_error: dict[str, Any] | None = None) -> None:
    """Called in the worker parent before it starts forking work horses."""
    global _state
    _state = WorkerState(name, production, app, load_error)
    if app is not None:
        preload_view_libraries(app)


def _user_error(exc: UserError) -> dict[str, Any]:
    violations = [{"message": str(v.message), "fields": list(v.fields)} for v in (exc.input_violations or [])]
    message = " ".join(str(m) for m in exc.messages) or "The app stopped this job."
    return {"kind": "user", "message": message, "input_violations": violations}


def _app_error(exc: BaseException, job_id: str) -> dict[str, Any]:
    """Dev mode shows the traceback; production shows a short message and the job id (log has the rest)."""
    if _state.production:
        return {"kind": "app", "message": f"The app failed while running this job (job {job_id}); see the worker log."}
    return {
        "kind": "app",
        "message": f"{type(exc).__name__}: {exc}",
        "traceback": "".join(traceback.format_exception(exc)),
    }


def _run(request: JobRequest) -> dict[str, Any]:
    if _state.load_error is not None:
        raise JobRejected(_state.load_error["message"])
    if _state.app is None:
        raise JobRejected("this process never loaded the app")
    runner = RUNNERS.get(request.trigger)
    if runner is None:
        raise JobRejected(f"this worker cannot run {request.trigger!r} jobs")
    return runner(_state.app, request)


def run_job(request_data: dict[str, Any]) -> dict[str, Any]:
    """The one function every viktorlite job calls; returns (and publishes) the job's outcome."""
    die_with_parent(signal.SIGKILL)  # a work horse must not outlive its worker
    memory_mb = _state.app.config.jobs.memory_mb if _state.app else 0
    if memory_mb:
        limit_memory(memory_mb)
    job = get_current_job()
    request = JobRequest.model_validate(request_data)
    worker = _state.name or os.environ.get("RQ_WORKER_ID", "")
    context = None
    if job is not None:
        context = job_context.JobContext(
            app=request.app,
            job_id=job.id,
            connection=job.connection,
            entity_id=request.entity_id,
            entity_type=request.entity_type,
            entity_name=request.entity_name,
            workspace_id=request.workspace_id,
            method=request.method,
            trigger=request.trigger,
            production=_state.production,
            worker=worker,
            session_id=request.session_id,
            user=request.user,
            memoize_dev_entries=_state.app.config.memoize_dev_entries if _state.app else 10,
        )
    job_context.enter(context)
    started = time.time()
    if context is not None:
        job_messages.install(context)
    if _state.app is not None:
        portability.install(_state.app.config.directory)
    outcome: dict[str, Any] = {"worker": worker}
    try:
        outcome.update(ok=True, result=_run(request))
    except UserError as exc:
        outcome.update(ok=False, error=_user_error(exc))
    except JobRejected as exc:
        outcome.update(ok=False, error={"kind": "system", "message": str(exc)})
    except MemoryError:
        outcome.update(ok=False, error=memory_error(memory_mb))
    except JobTimeoutException:
        outcome.update(ok=False, error={"kind": "timeout", "message": "The job ran past its time limit."})
    except BadResult as exc:
        outcome.update(ok=False, error={"kind": "app", "message": str(exc)})
    except BaseException as exc:  # noqa: BLE001 - app code may raise anything, even SystemExit
        log.exception("job %s failed", job.id if job else "?")
        outcome.update(ok=False, error=_app_error(exc, job.id if job else "?"))
    finally:
        job_messages.uninstall()
        job_context.enter(None)
    outcome["messages"] = context.messages if context else []
    if context is not None:
        job_log.record(context, outcome, started)
    if job is not None:
        publish_outcome(job.connection, request.app, job.id, outcome)
    return outcome
