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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from redis import Redis
from rq import get_current_job
from rq.timeouts import JobTimeoutException

from viktorlite.app.loader import LoadedApp
from viktorlite.jobs import context as job_context
from viktorlite.jobs import inputs as job_inputs
from viktorlite.jobs import log as job_log
from viktorlite.jobs import supersede as view_jobs
from viktorlite.jobs.inputs import JobInputs
from viktorlite.jobs.queue import JobRequest, publish_outcome, publish_outcome_text
from viktorlite.processes import die_with_parent
from viktorlite.protocol.job_request import MalformedJobRequest, parse_job_request
from viktorlite.protocol.outcome import OUTCOME, Failed, JobError, Succeeded, encode_with_result, outcome_json
from viktorlite.protocol.result import EncodedResult
from viktorlite.sdk.errors import UserError
from viktorlite.store.keys import Keys
from viktorlite.workers.runners.button import run_button
from viktorlite.workers.runners.callback import run_callbacks
from viktorlite.workers.runners.step import run_step
from viktorlite.workers.runners.summary import run_summary
from viktorlite.workers.runners.upload import run_upload
from viktorlite.workers.runners.view import preload_view_libraries, run_view

from . import job_limits, job_messages, portability, return_gate
from .limits import limit_memory, memory_error
from .rejection import JobRejected
from .result_output import BadResult, max_result_bytes
from .user_paths import as_user_paths, user_traceback

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
    #: The app folder the worker was started for (``app.config.directory`` is its private copy).
    source_dir: Path | None = None


@dataclass
class Ended:
    """How one job ended: its outcome (the JSON of a protocol outcome, without worker and messages),
    and what was raised (for ``viktorlite replay --pdb``)."""

    outcome: dict[str, Any]
    raised: BaseException | None = None
    #: The app itself failed (not a UserError, a bad result or the runtime): the worker logs these.
    app_failed: bool = False
    #: The result's JSON text when it was encoded once already (:class:`EncodedResult`).
    result_text: str | None = None


_state = WorkerState()


def prepare(
    name: str,
    production: bool,
    app: LoadedApp | None,
    load_error: dict[str, Any] | None = None,
    *,
    source_dir: Path | None = None,
) -> None:
    """Called in the worker parent before it starts forking work horses."""
    global _state
    _state = WorkerState(name, production, app, load_error, source_dir)
    if app is not None:
        preload_view_libraries(app)
        # What every job would otherwise work out again in its horse (issue 18): the result size
        # limit (read from the app's config file) and the folders the portability warnings resolve.
        max_result_bytes(app.config.directory)
        portability.prepare(app.config.directory)


def _user_error(exc: UserError) -> dict[str, Any]:
    violations = [{"message": str(v.message), "fields": list(v.fields)} for v in (exc.input_violations or [])]
    message = " ".join(str(m) for m in exc.messages) or "The app stopped this job."
    return {"kind": "user", "message": message, "input_violations": violations}


def _copy_and_source(state: WorkerState) -> tuple[Path | None, Path | None]:
    """The folder the app was imported from (a worker's private copy) and the folder the user edits."""
    return (state.app.config.directory if state.app else None), state.source_dir


def job_traceback(exc: BaseException, state: WorkerState) -> str:
    """The traceback of a failed job, its frames in the user's app files rather than the worker's copy."""
    return user_traceback(exc, *_copy_and_source(state))


def _app_error(exc: BaseException, job_id: str, state: WorkerState) -> dict[str, Any]:
    """Dev mode shows the traceback; production shows a short message and the job id (log has the rest)."""
    if state.production:
        return {"kind": "app", "message": f"The app failed while running this job (job {job_id}); see the worker log."}
    return {
        "kind": "app",
        "message": as_user_paths(f"{type(exc).__name__}: {exc}", *_copy_and_source(state)),
        "traceback": job_traceback(exc, state),
    }


def _run(state: WorkerState, request: JobRequest) -> dict[str, Any]:
    if state.load_error is not None:
        raise JobRejected(state.load_error["message"])
    if state.app is None:
        raise JobRejected("this process never loaded the app")
    runner = RUNNERS.get(request.trigger)
    if runner is None:
        raise JobRejected(f"this worker cannot run {request.trigger!r} jobs")
    return runner(state.app, request)


def _failed(error: dict[str, Any]) -> dict[str, Any]:
    return outcome_json(Failed(ok=False, error=JobError.model_validate(error)))


def _succeeded(result: dict[str, Any]) -> Ended:
    """The outcome of a job whose runner returned ``result``; a result outside the protocol is the
    runtime's fault, reported as a system error rather than stored for the browser to trip over.

    An :class:`EncodedResult` is checked against the protocol and kept as it is (with its text), not
    dumped again: the models validate on the way in, and a large figure is never copied here.
    """
    try:
        checked = Succeeded.model_validate({"ok": True, "result": result})
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
        return Ended(_failed({"kind": "system", "message": f"The job's result does not fit the protocol: {where}"}))
    if isinstance(result, EncodedResult):
        return Ended({"ok": True, "result": result}, result_text=result.json_text)
    return Ended(outcome_json(checked))


def run_request(state: WorkerState, request: JobRequest, job_id: str) -> Ended:
    """Run the job's method in the job context already entered; every way it can end becomes an outcome.

    ``viktorlite replay`` calls this too, so a replayed job's traceback has the same frames.
    """
    memory_mb = state.app.config.jobs.memory_mb if state.app else 0
    try:
        return _succeeded(_run(state, request))
    except UserError as exc:
        return Ended(_failed(_user_error(exc)), exc)
    except JobRejected as exc:
        return Ended(_failed({"kind": "system", "message": str(exc)}), exc)
    except MemoryError as exc:
        return Ended(_failed(memory_error(memory_mb)), exc)
    except JobTimeoutException as exc:
        return Ended(_failed({"kind": "timeout", "message": "The job ran past its time limit."}), exc)
    except BadResult as exc:
        return Ended(_failed({"kind": "app", "message": str(exc)}), exc)
    except BaseException as exc:  # noqa: BLE001 - app code may raise anything, even SystemExit
        return Ended(_failed(_app_error(exc, job_id, state)), exc, app_failed=True)


def _worker_name(state: WorkerState) -> str:
    return state.name or os.environ.get("RQ_WORKER_ID", "")


def context_for(
    request: JobRequest, state: WorkerState, *, job_id: str, connection: Redis, replay: bool = False
) -> job_context.JobContext:
    """The job context the app's SDK calls see while ``request`` runs."""
    return job_context.JobContext(
        app=request.app,
        job_id=job_id,
        connection=connection,
        entity_id=request.entity_id,
        entity_type=request.entity_type,
        entity_name=request.entity_name,
        workspace_id=request.workspace_id,
        method=request.method,
        trigger=request.trigger,
        production=state.production,
        worker=_worker_name(state),
        session_id=request.session_id,
        user=request.user,
        memoize_dev_entries=state.app.config.memoize_dev_entries if state.app else 10,
        replay=replay,
    )


def replay_inputs(
    request: JobRequest,
    context: job_context.JobContext,
    started: float | None = None,
    *,
    data: dict[str, Any] | None = None,
) -> JobInputs | None:
    """What this job runs with, to keep for ``viktorlite replay``; None when the app never loaded.
    ``data``: the request as the queue carried it (:meth:`JobInputs.of`)."""
    if _state.app is None:
        return None
    details: dict[str, Any] = {}
    if started is not None:
        details["started_at"] = datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds")
    return JobInputs.of(
        request,
        data=data,
        job_id=context.job_id,
        app_dir=str(_state.source_dir or _state.app.config.directory),
        code_version=_state.app.code_version,
        worker=context.worker,
        production=_state.production,
        keep_hours=_state.app.config.keep_job_inputs_hours,
        **details,
    )


def _start(request: JobRequest, connection: Redis, job_id: str, inputs: JobInputs | None) -> dict[str, Any] | None:
    """Look whether the job was stopped, or a newer run of its view replaced it, before it runs: one
    command (issue 18; the worker itself no longer looks for a stop before it starts the horse).
    Returns the error of the outcome it then ends with, or None to run it.

    The inputs are kept here only when they must expire before the outcome does
    (:func:`viktorlite.jobs.inputs.kept_apart`); else they go with the outcome, in its one write.
    """
    keys = Keys(request.app)
    view = request.trigger == "view" and request.entity_id is not None
    looked = [keys.job_stop(job_id)]
    if view:
        assert request.entity_id is not None
        looked.append(keys.latest_view_job(request.entity_id, request.method))
    apart = inputs is not None and job_inputs.kept_apart(inputs)
    with connection.pipeline(transaction=False) as pipe:
        pipe.mget(looked)
        if apart:
            assert inputs is not None
            job_inputs.keep(pipe, request.app, inputs)
        replies = pipe.execute(raise_on_error=False)
    for reply in replies[1:]:  # as keep() on its own: a failure only costs the replay
        if isinstance(reply, Exception):
            log.warning("could not keep the inputs of job %s for replay: %s", job_id, reply)
    if isinstance(replies[0], Exception):
        raise replies[0]
    stop, *latest = replies[0]
    if stop is not None:
        return STOPPED_BEFORE_START
    if view and view_jobs.is_superseded_by(latest[0], job_id):
        return SUPERSEDED
    return None


def _log_end(outcome: dict[str, Any], started: float) -> None:
    seconds = time.time() - started
    if outcome.get("ok"):
        log.info("finished in %.2f s", seconds)
    else:
        error = outcome.get("error") or {}
        log.warning("ended with a %s error in %.2f s: %s", error.get("kind", "?"), seconds, error.get("message", ""))


#: The outcome's error for a view job that a newer run of the same view replaced before it ran.
SUPERSEDED = {"kind": "system", "message": "A newer run of this view replaced this job before it ran."}
#: The outcome's error for a job stopped after a worker took it, before it ran (jobs/stopping.py).
STOPPED_BEFORE_START = job_limits.STOPPED_BEFORE_START


def _malformed(request_data: object, problem: MalformedJobRequest, worker: str) -> dict[str, Any]:
    """A dequeued argument that is no job request: a failed outcome naming what is wrong, where the
    web process looks for it (the app named by the job), and never a crashed work horse."""
    log.error("%s", problem)
    outcome = Failed(ok=False, worker=worker, error=JobError(kind="system", message=str(problem)))
    job = get_current_job()
    app = job.meta.get("app") if job is not None else None
    if not isinstance(app, str) and isinstance(request_data, dict) and isinstance(request_data.get("app"), str):
        app = request_data["app"]
    if job is not None and isinstance(app, str):
        publish_outcome(job.connection, app, job.id, outcome)
    return outcome_json(outcome)


def run_job(request_data: dict[str, Any]) -> dict[str, Any]:
    """The one function every viktorlite job calls; returns (and publishes) the job's outcome."""
    die_with_parent(signal.SIGKILL)  # a work horse must not outlive its worker
    return_gate.horse_runs()
    memory_mb = _state.app.config.jobs.memory_mb if _state.app else 0
    if memory_mb:
        limit_memory(memory_mb)
    job = get_current_job()
    worker = _worker_name(_state)
    try:
        request = parse_job_request(request_data)
    except MalformedJobRequest as problem:
        return _malformed(request_data, problem, worker)
    context: job_context.JobContext | None = None
    inputs: JobInputs | None = None
    if job is not None:
        context = context_for(request, _state, job_id=job.id, connection=job.connection)
        inputs = replay_inputs(request, context, data=request_data)
        not_run = _start(request, job.connection, job.id, inputs)
        if not_run is not None:
            ended_early = Failed(ok=False, worker=worker, stopped=True, error=JobError.model_validate(not_run))
            with job.connection.pipeline(transaction=False) as pipe:
                if not_run is STOPPED_BEFORE_START:  # the job log has every stopped job, as before
                    job_log.record(context, outcome_json(ended_early), time.time(), pipe=pipe)
                logged = len(pipe)
                publish_outcome(pipe, request.app, job.id, ended_early, inputs=job_inputs.with_outcome(inputs))
                replies = pipe.execute()
            if logged:
                job_log.trim_when_long(job.connection, context, replies[0])
            return outcome_json(ended_early)
        return_gate.method_begins(job.id)
    job_context.enter(context)
    started = time.time()
    if context is not None:
        job_messages.install(context)
    if _state.app is not None:
        portability.install(_state.app.config.directory)
    log.info("%s job started", request.trigger)  # the log format adds job id, entity and method
    try:
        ended = run_request(_state, request, job.id if job else "?")
        return_gate.method_returned()  # the other runners' methods (view and button ones announced already)
        if (over_disk := job_limits.exceeded_at_end()) is not None:  # it wrote too much between two checks
            ended = Ended({"ok": False, "error": over_disk})
        _log_end(ended.outcome, started)
        if ended.app_failed:
            trace = job_traceback(ended.raised, _state) if ended.raised else ""
            log.error("job %s failed\n%s", job.id if job else "?", trace.rstrip())  # the user's paths, not exc_info's
    finally:
        job_messages.uninstall()
        job_context.enter(None)
    written = OUTCOME.validate_python(
        {"worker": worker, **ended.outcome, "messages": context.messages if context else []}
    )
    if isinstance(written, Succeeded) and ended.result_text is not None:
        text = encode_with_result(written, ended.result_text)
        outcome = {**written.model_dump(mode="json", exclude_unset=True, exclude={"result"}), **ended.outcome}
    else:
        outcome = outcome_json(written)
        text = None
    if job is not None:
        # The job log, the outcome (with the inputs kept for replay) and its announcement: one round trip.
        with job.connection.pipeline(transaction=False) as pipe:
            if context is not None:
                job_log.record(context, outcome, started, pipe=pipe)
            logged = len(pipe)
            kept = job_inputs.with_outcome(inputs)
            if text is not None:
                publish_outcome_text(pipe, request.app, job.id, text, inputs=kept)
            else:
                publish_outcome(pipe, request.app, job.id, written, inputs=kept)
            replies = pipe.execute()
        if context is not None and logged:
            job_log.trim_when_long(job.connection, context, replies[0])
    return _for_rq(outcome)


def _for_rq(outcome: dict[str, Any]) -> dict[str, Any]:
    """What RQ keeps as the job's return value: the outcome without its result, which the outcome key
    holds already (RQ would encode a large figure once more for a copy nobody reads)."""
    return {key: value for key, value in outcome.items() if key != "result"}
