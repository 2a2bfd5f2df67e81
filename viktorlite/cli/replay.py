"""Run a kept job again in this process: same method, same inputs, same Redis; optionally under pdb.

The job's record (:mod:`viktorlite.jobs.inputs`) holds its request; the app is imported here the way
a worker imports it, and the request goes through the worker's own :func:`run_request`, so a
failure prints the traceback the worker showed, frame for frame. What the job would have
stored is shown instead where that is cheap to hold back (a file entity's creation, a
summary); everything the app does through the SDK itself (Storage, memoize, the entity API)
happens for real, against the same Redis.
"""

from __future__ import annotations

import bdb
import dataclasses
import inspect
import json
import os
import pdb
import sys
import traceback
from pathlib import Path
from types import FunctionType, TracebackType
from typing import Any, TextIO

from redis import Redis

from viktorlite.app.config import DEFAULT_KEEP_JOB_INPUTS_HOURS, AppConfigError, read_config
from viktorlite.app.loader import LoadedApp, load_app
from viktorlite.app.manifest_builder import file_type_spec
from viktorlite.jobs import context as job_context
from viktorlite.jobs import inputs as job_inputs
from viktorlite.jobs.inputs import JobInputs
from viktorlite.jobs.queue import JobRequest
from viktorlite.sdk import core
from viktorlite.sdk.parametrization.schema import find_step
from viktorlite.store.blobs import BlobStore
from viktorlite.store.keys import Keys
from viktorlite.store.memo_cache import clear_local
from viktorlite.workers import portability
from viktorlite.workers.execute import Ended, WorkerState, context_for, run_request

#: The worker name a replay's job context reports (its development memoize cache is its own).
REPLAY_WORKER = "replay"
PREVIEW_CHARS = 3000


class ReplayError(Exception):
    """The job cannot be replayed at all (unknown or expired id, no app); the message says why."""


def keep_hours(app_dir: Path | None) -> float:
    """The app's ``keep_job_inputs_hours``, or the default when the app's config cannot say."""
    if app_dir is not None:
        try:
            return read_config(app_dir).keep_job_inputs_hours
        except AppConfigError:
            pass
    return DEFAULT_KEEP_JOB_INPUTS_HOURS


def find_inputs(connection: Redis, app: str | None, job_id: str, hours: float) -> JobInputs:
    """The kept record of ``job_id``, or a ReplayError telling whether it never existed or has expired."""
    if not job_inputs.valid_job_id(job_id):
        raise ReplayError(f"{job_id!r} is not a job id")
    try:
        found = job_inputs.read(connection, app, job_id)
    except ValueError as exc:
        raise ReplayError(f"job {job_id}: {exc}") from None
    if found is not None:
        return found[1]
    if hours == 0:
        raise ReplayError(f"no inputs kept for job {job_id}: keep_job_inputs_hours is 0, so none are kept")
    kept = f"kept {hours:g} hours; see keep_job_inputs_hours"
    if app is not None and _job_was_seen(connection, app, job_id):
        raise ReplayError(f"the inputs of job {job_id} are gone: they expired ({kept})")
    raise ReplayError(f"no inputs kept for job {job_id} ({kept})")


def _job_was_seen(connection: Redis, app: str, job_id: str) -> bool:
    """The job existed: its outcome (kept at least as long as its inputs) or its RQ job is still there."""
    return bool(connection.exists(Keys(app).job_outcome(job_id), f"rq:job:{job_id}"))


def _describe(inputs: JobInputs, request: JobRequest) -> str:
    entity = "no entity" if request.entity_id is None else f"entity #{request.entity_id} {request.entity_name!r}"
    then = f"it ran at {inputs.started_at} on {inputs.worker}"
    if inputs.ended is not None:
        then += ": ok" if inputs.ended.get("ok") else f" and failed: {inputs.ended.get('error')}"
    return (
        f"replaying job {inputs.job_id}: {request.entity_type}.{request.method} ({request.trigger}) of {entity}, "
        f"started by {request.user}\n  {then}"
    )


def _missing_files(connection: Redis, app: str, inputs: JobInputs) -> list[str]:
    store = BlobStore(connection, app)
    return [
        f"the uploaded file {f['filename'] or '(unnamed)'} ({f['file_id']}) is gone: it was deleted with its entity, "
        "its upload failed, or no saved params named it and it expired (VIKTORLITE_ORPHAN_UPLOAD_HOURS)"
        for f in inputs.files
        if not store.exists(f["file_id"])
    ]


def _message_printer(out: TextIO) -> Any:
    """A ``viktor.core`` message sink that prints the app's messages as they come."""

    def sink(kind: str, message: str, percentage: float | None = None) -> None:
        label = f"progress {percentage:g}%" if kind == "progress" and percentage is not None else kind
        print(f"  [{label}] {message}", file=out, flush=True)

    return sink


def _preview(result: Any) -> str:
    text = json.dumps(result, indent=2, default=str)
    if len(text) > PREVIEW_CHARS:
        text = f"{text[:PREVIEW_CHARS]}\n... ({len(text) - PREVIEW_CHARS} more characters)"
    return text


def format_outcome(outcome: dict[str, Any]) -> str:
    """The result's type and a JSON preview, or the error as the worker reported it (its traceback in full)."""
    if outcome.get("ok"):
        result = outcome.get("result")
        kind = result.get("type", type(result).__name__) if isinstance(result, dict) else type(result).__name__
        note = "\n(set_params are shown here, not applied)" if kind == "SetParamsResult" else ""
        return f"result: {kind}{note}\n{_preview(result)}"
    error = outcome.get("error") or {}
    if error.get("traceback"):
        return str(error["traceback"]).rstrip()
    lines = [f"{error.get('kind', 'system')} error: {error.get('message', '')}"]
    lines += [f"  {', '.join(v['fields'])}: {v['message']}" for v in error.get("input_violations") or []]
    return "\n".join(lines)


def method_to_stop_at(app: LoadedApp, request: JobRequest) -> FunctionType | None:
    """The app function the job runs first: a view or button method, a file's method, a Step's on_next."""
    try:
        controller = app.controller(request.entity_type)
    except LookupError:
        return None
    found: Any = None
    if request.trigger in ("view", "input", "button"):
        found = getattr(controller, request.method, None)
    elif request.trigger == "upload" and (spec := file_type_spec(controller)) is not None:
        found = getattr(controller, spec.method, None)
    elif request.trigger == "step":
        step = find_step(getattr(controller, "parametrization", None), request.method)
        found = step._on_next if step is not None else None
    found = inspect.unwrap(found) if callable(found) else None
    return found if isinstance(found, FunctionType) else None


class AppDebugger(pdb.Pdb):
    """pdb that opens a post-mortem at the innermost frame of app code, not inside a library it called."""

    def __init__(self, app_dir: Path) -> None:
        super().__init__()
        self.app_dir = Path(os.path.realpath(app_dir))

    def setup(self, f: Any, tb: TracebackType | None) -> Any:
        stop = super().setup(f, tb)
        if tb is not None:
            in_app = [i for i, (frame, _) in enumerate(self.stack) if self.in_app(frame.f_code.co_filename)]
            if in_app:
                self.curindex = in_app[-1]
                self.curframe = self.stack[self.curindex][0]
                self.curframe_locals = self.curframe.f_locals
        return stop

    def in_app(self, filename: str) -> bool:
        return Path(filename).is_relative_to(self.app_dir)


def _debug_run(debugger: AppDebugger, state: WorkerState, request: JobRequest, job_id: str, out: TextIO) -> Ended:
    """Run under pdb, stopping at the first line of the app's method (or the runner's, without one)."""
    method = method_to_stop_at(state.app, request) if state.app else None
    code = method.__code__ if method is not None else None
    if code is not None and not debugger.set_break(code.co_filename, code.co_firstlineno, funcname=code.co_name):
        debugger.rcLines.append("continue")  # go past the runtime's own first line, to the method's
        print(f"stopping at the first line of {code.co_qualname} ({code.co_filename})", file=out, flush=True)
    else:
        print("no single app method runs first: stopping where the worker starts the job", file=out, flush=True)
    ended = debugger.runcall(run_request, state, request, job_id)
    if ended is None:  # pdb's quit reached runcall itself (run_request catches it everywhere else)
        return Ended({"ok": False, "error": {"kind": "system", "message": "quit"}}, bdb.BdbQuit())
    return ended


def _failed_before(inputs: JobInputs) -> bool:
    return inputs.ended is not None and not inputs.ended.get("ok")


def _post_mortem(debugger: AppDebugger, raised: BaseException) -> None:
    target = raised.__cause__ or raised  # a result that could not be shown: where it went wrong
    if target.__traceback__ is None:
        return
    debugger.reset()
    debugger.interaction(None, target.__traceback__)


def replay(
    inputs: JobInputs,
    app_dir: Path,
    connection: Redis,
    *,
    debug: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> bool:
    """Import the app from ``app_dir``, run the kept job's method in this process; True when it succeeded."""
    request = inputs.job_request
    print(_describe(inputs, request), file=out, flush=True)
    os.chdir(app_dir)  # as in a worker, whose working directory is its copy of the app
    try:
        loaded = load_app(app_dir, name=request.app)
    except Exception as exc:  # noqa: BLE001 - an app that no longer loads is this replay's result
        print(f"the app failed to load: {type(exc).__name__}: {exc}", file=out, flush=True)
        print("".join(traceback.format_exception(exc)).rstrip(), file=out, flush=True)
        return False
    if loaded.code_version != inputs.code_version:
        print(
            f"warning: the app's code changed since the job ran (version {inputs.code_version} then, "
            f"{loaded.code_version} now): this replay runs the code as it is now",
            file=err,
            flush=True,
        )
    for missing in _missing_files(connection, request.app, inputs):
        print(f"warning: {missing}", file=err, flush=True)

    state = WorkerState(REPLAY_WORKER, production=False, app=loaded, source_dir=app_dir)  # tracebacks in full
    context = context_for(
        request,
        dataclasses.replace(state, production=inputs.production),  # memoize as the job did: shared or not
        job_id=inputs.job_id,
        connection=connection,
        replay=True,
    )
    clear_local(connection, request.app, REPLAY_WORKER)  # like a fresh worker: nothing memoized yet
    debugger = AppDebugger(app_dir) if debug else None
    job_context.enter(context)
    portability.install(app_dir)
    core._message_sink = _message_printer(out)
    try:
        if debugger is not None and not _failed_before(inputs):
            ended = _debug_run(debugger, state, request, inputs.job_id, out)
        else:  # a job that failed before: straight on to the post-mortem where it raises
            ended = run_request(state, request, inputs.job_id)
    finally:
        core._message_sink = None
        job_context.enter(None)
    if isinstance(ended.raised, bdb.BdbQuit):
        print("quit the debugger before the method finished", file=out, flush=True)
        return False
    print(format_outcome(ended.outcome), file=out, flush=True)
    if debugger is not None and ended.raised is not None:
        _post_mortem(debugger, ended.raised)
    elif debugger is not None and _failed_before(inputs):
        print("the job failed before, but did not fail this time: nothing to debug", file=out, flush=True)
    return bool(ended.outcome.get("ok"))
