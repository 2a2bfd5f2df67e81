"""The job request: the one JSON argument of every job a worker runs (``run_job(request)``).

The web process (or ``viktorlite check``, or a test) builds it and viktorlite.jobs.queue puts it on
the RQ queue; the worker validates it when it dequeues it (:func:`parse_job_request`). It is closed
(``extra="forbid"``): a key the worker does not know, from a client that misspelt it or a newer
viktorlite, makes the job fail with a message naming the key instead of running without it.
Keys a request lacks take their defaults, so requests queued by an older version still run.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

Trigger = Literal["view", "button", "input", "step", "upload", "callback", "summary"]
MAX_SELECTED = 10_000


class InteractionEvent(BaseModel):
    """What the user selected for a button's interaction: ``{"type": "map_select", "value": [ids]}``."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["map_select"]
    value: list[int | str] = Field(max_length=MAX_SELECTED, description="identifiers of the selected features")


def _event(value: dict[str, Any]) -> dict[str, Any]:
    return InteractionEvent.model_validate(value).model_dump()


class UploadRequest(BaseModel):
    """An ``upload`` job's file and where the entity it creates goes."""

    model_config = ConfigDict(extra="forbid")

    file_id: str = Field(min_length=1, max_length=64)
    filename: str = Field(min_length=1, max_length=255)
    parent_id: int | None = None


class JobRequest(BaseModel):
    """Everything one job needs: one controller method, its entity and a params snapshot."""

    model_config = ConfigDict(extra="forbid")

    app: str
    entity_id: int | None = None
    entity_type: str
    entity_name: str = ""
    method: str
    trigger: Trigger = "view"
    params: dict[str, Any] = Field(default_factory=dict)
    workspace_id: int = 1
    #: The editor session the job belongs to (Storage scope "session"); optional.
    session_id: str | None = Field(default=None, min_length=1, max_length=200)
    #: What the user selected for a button's interaction (an :class:`InteractionEvent`, kept as its JSON).
    event: Annotated[dict[str, Any], AfterValidator(_event)] | None = None
    #: The logged-in user who started the job (``local user`` without a login); see JobContext.user.
    user: str = Field(default="local user", min_length=1, max_length=200)
    #: The uploaded file of an ``upload`` job (a new entity of a file entity type).
    upload: UploadRequest | None = None


class MalformedJobRequest(ValueError):
    """A dequeued job whose argument is not a job request; the message names every key that is wrong."""


def parse_job_request(data: object) -> JobRequest:
    """The request a worker dequeued, validated; :class:`MalformedJobRequest` when it is not one."""
    try:
        return JobRequest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'request'}: {error['msg']}" for error in exc.errors()
        )
        raise MalformedJobRequest(f"malformed job request: {problems}") from None
