"""The job outcome: how a job ended, as the worker writes it back (``viktorlite:{app}:job:{id}:outcome``).

The worker builds one for every job it takes, whatever happened (viktorlite.workers.execute);
the web process reads it back (viktorlite.jobs.queue.describe) and shows it as the job's state
(docs/protocol.md, "Jobs"). Succeeded and failed outcomes are told apart by ``ok``.

Outcomes are open (``extra="allow"``) like the results they carry: they are stored for 24 h and
read by web processes that may be of another version during an upgrade; the keys below are the
ones the runtime writes and acts on. How long a job took is in its job log entry, not here.
"""

from __future__ import annotations

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
