"""Run one controller method for one job, inside the work horse RQ forks for it.

The worker parent imports the app once and hands it over with :func:`prepare`; every job then
runs in a forked child, so nothing a job leaves in memory reaches the next one.
"""

from __future__ import annotations

import logging
import os
import signal
import traceback
from typing import Any

from rq import get_current_job
from rq.timeouts import JobTimeoutException

from viktorlite.app_loader import LoadedApp
from viktorlite.calling import call_with_params
from viktorlite.jobs import JobRequest, publish_outcome
from viktorlite.manifest import view_specs
from viktorlite.processes import die_with_parent
from viktorlite.sdk.errors import UserError
from viktorlite.sdk.parametrization import build_params
from viktorlite.sdk.views import serialize_result

log = logging.getLogger(__name__)

_loaded_app: LoadedApp | None = None
_load_error: dict[str, str] | None = None


def prepare(app: LoadedApp) -> None:
    """Called in the worker parent before it starts forking work horses."""
    global _loaded_app, _load_error
    _loaded_app, _load_error = app, None


def prepare_failure(error: dict[str, str]) -> None:
    """The app failed to import: every job answers with that error until it is fixed."""
    global _loaded_app, _load_error
    _loaded_app, _load_error = None, error


class JobRejected(Exception):
    """The request names something the app does not have (a stale editor, a crafted call)."""


def _run_method(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    try:
        controller_class = app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    spec = view_specs(controller_class).get(request.method)
    if spec is None:
        raise JobRejected(f"{request.entity_type} has no view or button method {request.method!r}")
    params = build_params(getattr(controller_class, "parametrization", None), request.params)
    controller = controller_class()
    result = call_with_params(
        getattr(controller, request.method),
        params,
        entity_id=request.entity_id,
        entity_name=request.entity_name,
        workspace_id=request.workspace_id,
    )
    if not isinstance(result, spec.result_type):
        raise TypeError(
            f"{spec.type} {request.method!r} must return a {spec.result_type.__name__}, not {type(result).__name__}"
        )
    return serialize_result(result)


def _user_error(exc: UserError) -> dict[str, Any]:
    violations = [{"message": str(v.message), "fields": list(v.fields)} for v in (exc.input_violations or [])]
    message = " ".join(str(m) for m in exc.messages) or "The app stopped this job."
    return {"kind": "user", "message": message, "input_violations": violations}


def _app_error(exc: BaseException) -> dict[str, Any]:
    return {
        "kind": "app",
        "message": f"{type(exc).__name__}: {exc}",
        "traceback": "".join(traceback.format_exception(exc)),
    }


def run_job(request_data: dict[str, Any]) -> dict[str, Any]:
    """The one function every viktorlite job calls; returns (and publishes) the job's outcome."""
    die_with_parent(signal.SIGKILL)  # a work horse must not outlive its worker
    job = get_current_job()
    worker = os.environ.get("RQ_WORKER_ID", "")
    request = JobRequest.model_validate(request_data)
    outcome: dict[str, Any] = {"worker": worker, "messages": []}
    try:
        if _load_error is not None:
            raise JobRejected(_load_error["message"])
        assert _loaded_app is not None, "run_job called in a process that never loaded the app"
        outcome.update(ok=True, result=_run_method(_loaded_app, request))
    except UserError as exc:
        outcome.update(ok=False, error=_user_error(exc))
    except JobRejected as exc:
        outcome.update(ok=False, error={"kind": "system", "message": str(exc)})
    except JobTimeoutException:
        outcome.update(ok=False, error={"kind": "timeout", "message": "The job ran past its time limit."})
    except BaseException as exc:  # noqa: BLE001 - app code may raise anything, even SystemExit
        log.exception("job %s failed", job.id if job else "?")
        outcome.update(ok=False, error=_app_error(exc))
    if job is not None:
        publish_outcome(job.connection, request.app, job.id, outcome)
    return outcome
