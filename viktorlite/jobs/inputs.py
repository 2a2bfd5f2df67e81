"""Each job's inputs, kept for a while so ``viktorlite replay`` can run the job again.

The worker writes the record (it alone knows the code version it loaded and the app's
``keep_job_inputs_hours``); it expires on its own. The record is JSON: the job's
:class:`~viktorlite.jobs.queue.JobRequest`, the app and code it ran with, and the ids of the uploaded
files it references, so a replay can tell when one of them has been deleted since.

Issue 18: kept as long as the job's outcome or longer (the default), the record travels in the
outcome's own write (its ``inputs`` member, :func:`with_outcome`), and the outcome says how the job
ended; kept for less, it has a key of its own, written when the job starts, and how the job ended is
read from the outcome, which outlives it. Either way no second write notes the end.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from redis.client import Pipeline

from viktorlite.jobs.queue import KEEP_SECONDS, JobRequest
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

#: What an RQ job id looks like (a uuid4 by default); anything else cannot name a kept record.
_JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


@dataclass(frozen=True)
class JobInputs:
    job_id: str
    request: dict[str, Any]
    #: The app folder the worker was started for (the worker ran a private copy of it).
    app_dir: str
    code_version: str
    worker: str
    production: bool
    keep_hours: float
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    #: The uploaded files the job's params or upload name: ``{"file_id", "filename"}``.
    files: list[dict[str, str]] = field(default_factory=list)
    #: How the job ended, once it has: ``{"ok": true}`` or ``{"ok": false, "error": "<message>"}``.
    ended: dict[str, Any] | None = None

    @property
    def job_request(self) -> JobRequest:
        return JobRequest.model_validate(self.request)

    @classmethod
    def of(cls, request: JobRequest, *, data: dict[str, Any] | None = None, **details: Any) -> JobInputs:
        """``data``: ``request`` as JSON already, as the queue carried it (so it is not encoded again:
        3.8 ms for a table of 5,000 rows, issue 18)."""
        if data is None:
            data = request.model_dump(mode="json")
        files = {found["file_id"]: found for found in referenced_files(data)}
        return cls(request=data, files=list(files.values()), **details)

    def to_json(self) -> str:
        """The record as JSON. Not ``dataclasses.asdict``, which deep-copies the params first only
        to have them encoded: 27 against 2.6 ms for a table of 5,000 rows (issue 18)."""
        return json.dumps({member.name: getattr(self, member.name) for member in fields(self)})


def referenced_files(request: dict[str, Any]) -> list[dict[str, str]]:
    """Uploaded files: FileField values ``{"file_id": ...}`` anywhere in the params, and an upload's file."""
    found: list[dict[str, str]] = []
    _add_files(request.get("params"), found)
    _add_files(request.get("upload"), found)
    return found


def _add_files(value: Any, found: list[dict[str, str]]) -> None:
    """Appends instead of yielding through a chain of generators as deep as the params: 2.0 against
    3.3 ms for a table of 5,000 rows (issue 18)."""
    if isinstance(value, dict):
        if isinstance(value.get("file_id"), str):
            found.append({"file_id": value["file_id"], "filename": str(value.get("filename") or "")})
            return
        for item in value.values():
            if isinstance(item, (dict, list)):
                _add_files(item, found)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _add_files(item, found)


@dataclass(frozen=True)
class KeptInputs:
    """The record as the outcome's ``inputs`` member (its JSON text) and how long the outcome is then kept."""

    text: str
    seconds: int


def kept_apart(inputs: JobInputs) -> bool:
    """The record must go before the outcome does (or is not kept at all): it is not written with it."""
    return round(inputs.keep_hours * 3600) < KEEP_SECONDS


def with_outcome(inputs: JobInputs | None) -> KeptInputs | None:
    """The record to write in the job's outcome; None when there is none, or it is kept apart."""
    if inputs is None or kept_apart(inputs):
        return None
    return KeptInputs(inputs.to_json(), round(inputs.keep_hours * 3600))


def keep(connection: Redis | Pipeline, app: str, inputs: JobInputs) -> None:
    """Store the record for ``inputs.keep_hours`` (0: not at all); a failure only costs the replay."""
    seconds = round(inputs.keep_hours * 3600)
    if seconds <= 0:
        return
    try:
        connection.set(Keys(app).job_inputs(inputs.job_id), inputs.to_json(), ex=seconds)
    except Exception:  # noqa: BLE001 - the job itself must run whether or not its inputs are kept
        log.warning("could not keep the inputs of job %s for replay", inputs.job_id, exc_info=True)


def valid_job_id(job_id: str) -> bool:
    return _JOB_ID.fullmatch(job_id) is not None


def read(connection: Redis, app: str | None, job_id: str) -> tuple[str, JobInputs] | None:
    """The app and record of ``job_id``, or None when none is kept; without ``app``, any app's.

    Raises ValueError for a record that cannot be read.
    """
    if not valid_job_id(job_id):
        return None
    if app is not None:
        keys = Keys(app)
        raw, outcome = connection.mget([keys.job_inputs(job_id), keys.job_outcome(job_id)])
        found = _found(raw, outcome)
        return (app, found) if found is not None else None
    for pattern in (Keys("*").job_inputs(job_id), Keys("*").job_outcome(job_id)):
        for key in connection.scan_iter(match=pattern, count=1000):
            prefix = key.decode().rsplit(":job:", 1)[0] if isinstance(key, bytes) else str(key).rsplit(":job:", 1)[0]
            raw, outcome = connection.mget([f"{prefix}:job:{job_id}:inputs", f"{prefix}:job:{job_id}:outcome"])
            found = _found(raw, outcome)
            if found is not None:
                return str(found.request.get("app")), found
    return None


def _found(raw: bytes | str | None, raw_outcome: bytes | str | None) -> JobInputs | None:
    """The record from its own key or from the outcome's ``inputs`` member, with how the job ended."""
    outcome: dict[str, Any] | None = None
    if raw_outcome is not None:
        try:
            decoded = json.loads(raw_outcome)
            outcome = decoded if isinstance(decoded, dict) else None
        except ValueError:
            outcome = None
    if raw is None:
        if outcome is None or not isinstance(outcome.get("inputs"), dict):
            return None
        record = _parse(json.dumps(outcome["inputs"]))
    else:
        record = _parse(raw)
    if record.ended is None and outcome is not None and isinstance(outcome.get("ok"), bool):
        record = replace(record, ended=_ended(outcome))
    return record


def _ended(outcome: dict[str, Any]) -> dict[str, Any]:
    error = outcome.get("error") or {}
    return {"ok": True} if outcome.get("ok") else {"ok": False, "error": str(error.get("message", ""))}


def _parse(raw: bytes | str) -> JobInputs:
    """The record, or a ValueError saying it is not one (written by another version, or damaged)."""
    try:
        return JobInputs(**json.loads(raw))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the kept record is not readable: {exc}") from None
