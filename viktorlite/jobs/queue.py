"""Jobs: what a trigger puts on the RQ queue, and how its end is read back.

Shared by the web process (enqueue, read) and the workers (write the outcome). RQ carries JSON
only; the function a job names is always :data:`RUN_JOB`, never something a client chose.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from redis import Redis
from redis.client import Pipeline
from rq import Callback, Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

# The job request is defined by the protocol; these names stay importable from here.
from viktorlite.protocol.job_request import JobRequest as JobRequest
from viktorlite.protocol.job_request import Trigger as Trigger
from viktorlite.protocol.job_request import UploadRequest as UploadRequest
from viktorlite.protocol.outcome import (
    MESSAGES,
    OUTCOME,
    Failed,
    JobError,
    RawJSON,
    Succeeded,
    outcome_json,
    split_result,
)
from viktorlite.store.keys import Keys

if TYPE_CHECKING:
    from viktorlite.jobs.inputs import KeptInputs

RUN_JOB = "viktorlite.workers.execute.run_job"
ANNOUNCE_FAILURE = "viktorlite.jobs.queue.announce_failure"
#: What RQ records for a job whose work horse it killed on a stop command.
STOPPED_BY_USER = "stopped by user"
DEFAULT_JOB_TIMEOUT = 300
KEEP_SECONDS = 24 * 3600


def queue_for(connection: Redis, app: str) -> Queue:
    return Queue(Keys(app).queue, connection=connection, serializer=JSONSerializer)


def enqueue(
    connection: Redis,
    request: JobRequest,
    *,
    timeout: int = DEFAULT_JOB_TIMEOUT,
    retry_safe: bool = False,
    job_id: str | None = None,
) -> str:
    """Put one job on the app's queue and return its id (:func:`enqueue_job`)."""
    return enqueue_job(connection, request, timeout=timeout, retry_safe=retry_safe, job_id=job_id).id


def enqueue_job(
    connection: Redis,
    request: JobRequest,
    *,
    timeout: int = DEFAULT_JOB_TIMEOUT,
    retry_safe: bool = False,
    job_id: str | None = None,
    newest_of: str | None = None,
) -> EnqueuedJob:
    """Put one job on the app's queue and return its id (``job_id`` when given: one chosen beforehand).

    One round trip (issue 18): RQ's job record and queue push (the dashboard's recent jobs are read from
    RQ's queue and registries, viktorlite.jobs.recent_jobs) and, with
    ``newest_of`` (a view's latest-job key), the record that this job is now the view's newest,
    whose previous value is returned as ``previous`` (:mod:`viktorlite.jobs.supersede` ends it).

    ``retry_safe`` jobs run once more when their worker dies mid-job; others are reported failed.
    """
    with connection.pipeline() as pipe:
        pipe.multi()  # RQ's enqueue wants a transaction begun (it starts one unless one is)
        if newest_of is not None and job_id is not None:
            pipe.set(newest_of, job_id, ex=KEEP_SECONDS, get=True)
        job = queue_for(connection, request.app).enqueue_call(
            RUN_JOB,
            job_id=job_id,
            args=(request.model_dump(mode="json"),),
            timeout=timeout,
            result_ttl=KEEP_SECONDS,
            failure_ttl=KEEP_SECONDS,
            description=f"{request.entity_type}.{request.method} ({request.trigger})",
            meta={"app": request.app, "entity_id": request.entity_id, "method": request.method},
            retry=Retry(max=1) if retry_safe else None,
            on_failure=Callback(ANNOUNCE_FAILURE),
            pipeline=pipe,
        )
        replies = pipe.execute()
    previous = replies[0] if newest_of is not None and job_id is not None else None
    if isinstance(previous, bytes):
        previous = previous.decode()
    return EnqueuedJob(job.id, previous or None)


@dataclass(frozen=True)
class EnqueuedJob:
    id: str
    #: The job recorded as the view's newest before this one (``enqueue(newest_of=...)``), if any.
    previous: str | None = None


def announce_failure(job: Job, connection: Redis, *exc_info: Any) -> None:
    """RQ failure callback: wake whoever waits for a job that died without writing an outcome."""
    app = job.meta.get("app")
    if app:
        connection.publish(Keys(app).job_events(job.id), json.dumps({"event": "end"}))


#: Outcomes up to this size travel with their end announcement, so a waiter needs no read of its own
#: (issue 18); larger ones are only announced (pub/sub would copy them to every subscriber).
PUSHED_OUTCOME_BYTES = 256 * 1024


def publish_outcome(
    connection: Redis | Pipeline,
    app: str,
    job_id: str,
    outcome: Succeeded | Failed,
    *,
    inputs: KeptInputs | None = None,
) -> None:
    """Store a job's outcome and tell whoever waits for it (the worker calls this)."""
    publish_outcome_text(connection, app, job_id, json.dumps(outcome_json(outcome)), inputs=inputs)


def publish_outcome_text(
    connection: Redis | Pipeline, app: str, job_id: str, text: str, *, inputs: KeptInputs | None = None
) -> None:
    """:func:`publish_outcome` for an outcome encoded already (``protocol.outcome.encode_with_result``).

    The outcome is written and announced in one round trip; a small one rides in the announcement
    (``{"event": "end", "outcome": ...}``). On a pipeline, both are only queued there. ``inputs``: the
    job's replay record (``viktorlite.jobs.inputs.with_outcome``), stored as the outcome's first member
    (never announced), the outcome then kept as long as the record.
    """
    keys = Keys(app)
    pipe = connection if isinstance(connection, Pipeline) else connection.pipeline(transaction=False)
    stored, seconds = stored_outcome(text, inputs)
    pipe.set(keys.job_outcome(job_id), stored, ex=seconds)
    pipe.publish(keys.job_events(job_id), end_announcement(text))
    if pipe is not connection:
        pipe.execute()


def stored_outcome(text: str, inputs: KeptInputs | None) -> tuple[str, int]:
    """The outcome's stored text, with the replay record as its first member, and its expiry in seconds."""
    if inputs is None or not text.startswith("{"):
        return text, KEEP_SECONDS
    rest = text[1:].lstrip()  # no space after the comma: split_result reads the members as they come
    stored = '{"inputs":' + inputs.text + ("" if rest.startswith("}") else ",") + rest
    return stored, max(KEEP_SECONDS, inputs.seconds)


def end_announcement(outcome_text: str | None = None) -> str:
    """The end event on a job's channel, with the outcome's text when it is small enough to push."""
    if outcome_text is None or len(outcome_text) > PUSHED_OUTCOME_BYTES:
        return json.dumps({"event": "end"})
    return '{"event": "end", "outcome": ' + json.dumps(outcome_text) + "}"


def pushed_outcome(announcement: str | bytes | None) -> str | None:
    """The outcome's text an end announcement (:func:`end_announcement`) carries, if it carries one."""
    if announcement is None:
        return None
    try:
        data = json.loads(announcement)
    except ValueError:
        return None
    outcome = data.get("outcome") if isinstance(data, dict) and data.get("event") == "end" else None
    return outcome if isinstance(outcome, str) else None


def _failure_without_outcome(job: Job) -> dict[str, Any]:
    """A job that ended without writing an outcome: killed, timed out or stopped."""
    latest = job.latest_result()
    exc_info = (latest.exc_string if latest is not None else None) or ""
    if "AbandonedJobError" in exc_info:
        return {"kind": "system", "message": f"The worker running this job ({job.worker_name}) died; the job was lost."}
    if "terminated unexpectedly" in exc_info:
        return {"kind": "system", "message": "The process running this job was killed before it finished."}
    if "JobTimeoutException" in exc_info:
        return {"kind": "timeout", "message": f"The job ran longer than its time limit ({job.timeout} s)."}
    if STOPPED_BY_USER in exc_info or job.get_status(refresh=False) in (JobStatus.STOPPED, JobStatus.CANCELED):
        return {"kind": "system", "message": "The job was stopped before it finished."}
    last_line = exc_info.strip().splitlines()[-1] if exc_info.strip() else "the worker gave no reason"
    return {"kind": "system", "message": f"The job ended without a result: {last_line}"}


def read_outcome(raw: str | bytes) -> dict[str, Any]:
    """A stored outcome, checked against the protocol; one that is not an outcome reads as a
    failed job saying so. Returned as stored (validation only checks it)."""
    try:
        data = json.loads(raw)
        OUTCOME.validate_python(data)
    except (ValueError, ValidationError) as exc:
        if isinstance(exc, ValidationError):
            problems = "; ".join(
                f"{'.'.join(str(part) for part in error['loc']) or 'outcome'}: {error['msg']}"
                for error in exc.errors()[:5]
            )
        else:
            problems = "not JSON"
        failed = Failed(
            ok=False, error=JobError(kind="system", message=f"The job's outcome cannot be read: {problems}")
        )
        return outcome_json(failed)
    return dict(data)


def _passed_through(raw: str | bytes) -> dict[str, Any] | None:
    """A succeeded outcome stored with its result last (``encode_with_result``): its envelope checked,
    its result as :class:`RawJSON` (the worker checked it against the protocol before storing it)."""
    split = split_result(raw.decode() if isinstance(raw, bytes) else raw)
    if split is None:
        return None
    envelope, result_text = split
    if envelope.get("ok") is not True or not isinstance(envelope.get("worker", ""), (str, type(None))):
        return None
    try:
        MESSAGES.validate_python(envelope.get("messages", []))
    except ValidationError:
        return None
    return {**envelope, "result": RawJSON(result_text)}


def describe(connection: Redis, app: str, job_id: str, *, raw_result: bool = False) -> dict[str, Any] | None:
    """The job as the API shows it, or None when there is no such job.

    ``raw_result``: a result stored as JSON text is given as :class:`RawJSON`, not decoded (the API
    passes it on as it is); else every result is a decoded dict.
    """
    try:
        job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
    except (NoSuchJobError, ValueError):  # ValueError: not even a valid job id
        return None
    if job.func_name != RUN_JOB or job.meta.get("app", app) != app:
        return None
    status = job.get_status()
    described: dict[str, Any] = {
        "id": job_id,
        "status": str(status.value if isinstance(status, JobStatus) else status),
        "worker": job.worker_name,
    }
    raw_outcome = connection.get(Keys(app).job_outcome(job_id))
    if raw_outcome is not None:
        return described_from_outcome(job_id, raw_outcome, raw_result=raw_result, worker=job.worker_name)
    if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        error = _failure_without_outcome(job)
        stopped = status != JobStatus.FAILED or error["message"] == "The job was stopped before it finished."
        described["status"] = "stopped" if stopped else "failed"
        described["error"] = error
    elif status == JobStatus.FINISHED:
        # RQ finished but the outcome key is gone (expired or never written).
        described["status"] = "failed"
        described["error"] = {"kind": "system", "message": "The job's result has expired."}
    return described


def described_from_outcome(
    job_id: str, raw_outcome: str | bytes, *, raw_result: bool = False, worker: str | None = None
) -> dict[str, Any]:
    """The description of an ended job from its stored (or pushed) outcome alone: no other read."""
    outcome = (_passed_through(raw_outcome) if raw_result else None) or read_outcome(raw_outcome)
    described: dict[str, Any] = {"id": job_id, "worker": outcome.get("worker") or worker}
    described["messages"] = outcome.get("messages", [])
    if outcome["ok"]:
        described["status"] = "finished"
        described["result"] = outcome["result"]
    else:
        described["status"] = "stopped" if outcome.get("stopped") else "failed"
        described["error"] = outcome["error"]
    return described


def has_ended(described: dict[str, Any]) -> bool:
    return described["status"] in ("finished", "failed", "stopped")


def wait_for_end(connection: Redis, app: str, job_id: str, timeout: float) -> dict[str, Any] | None:
    """Block up to ``timeout`` seconds until the job ends; return its description.

    Woken by the worker's pub/sub announcement; RQ's own status is re-read twice a second to
    catch jobs that end without announcing (a killed work horse, a timeout).
    """
    deadline = time.monotonic() + timeout
    pubsub = connection.pubsub(ignore_subscribe_messages=True)
    try:
        pubsub.subscribe(Keys(app).job_events(job_id))
        while True:
            described = describe(connection, app, job_id)
            remaining = deadline - time.monotonic()
            if described is None or has_ended(described) or remaining <= 0:
                return described
            pubsub.get_message(timeout=min(0.5, remaining))
    finally:
        pubsub.close()
