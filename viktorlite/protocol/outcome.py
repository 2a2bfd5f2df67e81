"""The job outcome: how a job ended, as the worker writes it back (``viktorlite:{app}:job:{id}:outcome``).

The worker builds one for every job it takes, whatever happened (viktorlite.workers.execute);
the web process reads it back (viktorlite.jobs.queue.describe) and shows it as the job's state
(docs/protocol.md, "Jobs"). Succeeded and failed outcomes are told apart by ``ok``.

Outcomes are open (``extra="allow"``) like the results they carry: they are stored for 24 h and
read by web processes that may be of another version during an upgrade; the keys below are the
ones the runtime writes and acts on. How long a job took is in its job log entry, not here.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from viktorlite.protocol.result import Result

ErrorKind = Literal["user", "app", "timeout", "system"]


class InputViolation(BaseModel):
    """A ``viktor.errors.InputViolation``: a message for the fields the user must change."""

    model_config = ConfigDict(extra="allow")

    message: str
    fields: list[str]


class JobError(BaseModel):
    """Why a job failed: a UserError of the app (``user``), the app's own failure (``app``), its time
    limit (``timeout``), or the runtime (``system``: a refused or lost job, a memory limit)."""

    model_config = ConfigDict(extra="allow")

    kind: ErrorKind = Field(description="user | app | timeout | system")
    message: str
    traceback: str | None = Field(default=None, description="dev mode only")
    input_violations: list[InputViolation] | None = None


class UserMessage(BaseModel):
    """A ``viktor.UserMessage`` the job sent while it ran."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["info", "warning", "success"]
    message: str
    at: str | None = Field(default=None, description="ISO 8601 time it was sent")


class _Outcome(BaseModel):
    model_config = ConfigDict(extra="allow")

    worker: str | None = Field(default=None, description="the worker that ran the job")


class Succeeded(_Outcome):
    ok: Literal[True]
    result: Result
    messages: list[UserMessage] = Field(default_factory=list)
    result_bytes: int | None = Field(
        default=None,
        description="the length of the result's JSON text, stored as the outcome's last key: "
        "a reader may pass it on without decoding it (viktorlite.protocol.outcome.split_result)",
    )


class Failed(_Outcome):
    ok: Literal[False]
    error: JobError
    #: Stopped before it ran or finished (a newer run of the same view replaced it).
    stopped: bool = False
    messages: list[UserMessage] = Field(default_factory=list)


Outcome = Annotated[Succeeded | Failed, Field(discriminator="ok")]
OUTCOME: TypeAdapter[Succeeded | Failed] = TypeAdapter(Outcome)


def outcome_json(outcome: Succeeded | Failed) -> dict[str, Any]:
    """The outcome as stored and published: the keys that were set (an unset ``traceback`` stays absent)."""
    return outcome.model_dump(mode="json", exclude_unset=True)


def encode_with_result(outcome: Succeeded, result_text: str) -> str:
    """The stored text of a succeeded outcome whose result is already encoded (``result_text``):
    the envelope's keys, ``result_bytes``, then the result as it is, last; nothing encoded twice."""
    envelope = outcome.model_dump(mode="json", exclude_unset=True, exclude={"result", "result_bytes"})
    envelope["result_bytes"] = len(result_text)
    head = json.dumps(envelope, separators=(",", ":"))
    return f'{head[:-1]},"result":{result_text}}}'


class RawJSON(str):
    """JSON text passed on as it is (a stored result the web process serves without decoding)."""


MESSAGES: TypeAdapter[list[UserMessage]] = TypeAdapter(list[UserMessage])
_DECODER = json.JSONDecoder()


def split_result(raw: str) -> tuple[dict[str, Any], str] | None:
    """A stored outcome written by :func:`encode_with_result` as its envelope (decoded) and its
    result's JSON text (not decoded); None for any other outcome, which is read whole."""
    if not raw.startswith("{"):
        return None
    envelope: dict[str, Any] = {}
    index = 1
    try:
        while True:
            key, index = _DECODER.raw_decode(raw, index)
            if not isinstance(key, str) or raw[index] != ":":
                return None
            if key == "result":
                size = envelope.get("result_bytes")
                start = index + 1
                if not isinstance(size, int) or raw[start + size :] != "}":
                    return None
                return envelope, raw[start : start + size]
            value, index = _DECODER.raw_decode(raw, index + 1)
            envelope[key] = value
            if raw[index] != ",":
                return None
            index += 1
    except (ValueError, IndexError):
        return None
