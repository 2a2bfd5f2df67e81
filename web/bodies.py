"""Request and response bodies of the JSON API and its typed URL parts; these models are also the OpenAPI schemas."""

from __future__ import annotations

from typing import Any, TypeVar

import anyio.to_thread
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer
from starlette.requests import Request

from viktorlite.protocol.job_request import InteractionEvent
from viktorlite.protocol.outcome import JobError as JobError
from viktorlite.protocol.outcome import RawJSON, UserMessage
from viktorlite.protocol.result import Result

from .errors import ApiError, describe_validation_error

MAX_NAME_LENGTH = 200
M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateEntity(Body):
    entity_type: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH)
    parent_id: int | None = None
    params: dict[str, Any] | None = None


class SaveParams(Body):
    params: dict[str, Any]
    autosave: bool = Field(default=False, description="saved by the editor's autosave, not by hand")
    label: str | None = Field(default=None, max_length=100, description="a name for this revision (manual saves)")
    base_revision: int | None = Field(
        default=None,
        description="refuse (409) if the latest revision is not this one: an autosave never overwrites a newer save",
    )


class StartJob(Body):
    method: str = Field(min_length=1, max_length=200)
    params: dict[str, Any] | None = None
    event: InteractionEvent | None = Field(default=None, description="a button interaction's selection")
    session_id: str | None = Field(
        default=None, min_length=1, max_length=200, description="editor session (Storage scope 'session')"
    )


class EntitySummary(BaseModel):
    id: int
    name: str
    entity_type: str
    parent_id: int | None
    created_at: str | None = None
    file_id: str | None = Field(default=None, description="the uploaded file of a file entity type (a blob id)")
    summary: dict[str, Any] = Field(
        default_factory=dict, description="Controller.summary of the last saved revision: key -> {label, value, ...}"
    )
    updated_at: str | None = Field(default=None, description="when the last revision was saved (ISO 8601, UTC)")
    author: str | None = Field(default=None, description="who saved the last revision")


class EntityDetail(EntitySummary):
    params: dict[str, Any]
    revision: int


class DeletedEntities(BaseModel):
    deleted: list[int] = Field(description="the entity and its descendants, all deleted with their Storage")


class SavedRevision(BaseModel):
    revision: int


class JobStarted(BaseModel):
    job_id: str


class JobState(BaseModel):
    """A job as the API shows it: its outcome's result or error (viktorlite.protocol) once it ended."""

    id: str
    status: str = Field(description="queued | started | finished | failed | stopped")
    worker: str | None = None
    result: Result | None = None
    error: JobError | None = None
    messages: list[UserMessage] = Field(default_factory=list)

    @field_serializer("result")
    def _result_as_stored(self, result: BaseModel | None) -> dict[str, Any] | None:
        """The result as the worker wrote it: its null values are part of it (``exclude_none`` is not)."""
        return None if result is None else result.model_dump(mode="json", exclude_unset=True)


def job_state_json(described: dict[str, Any]) -> str:
    """A job's description (``viktorlite.jobs.queue.describe``) as :class:`JobState` JSON; a result
    still in its stored JSON text is passed on as it is, never decoded and encoded again (for a
    large figure that cost the web process hundreds of ms)."""
    result = described.get("result")
    if not isinstance(result, RawJSON):
        return JobState(**described).model_dump_json(exclude_none=True)
    state = JobState(**{key: value for key, value in described.items() if key != "result"})
    head = state.model_dump_json(exclude_none=True)
    return f'{head[:-1]},"result":{result}}}'


class ErrorBody(BaseModel):
    error: str


class EntityPath(BaseModel):
    """URLs under ``/api/entities/{entity_id}`` (a whole number; anything else is a 404)."""

    entity_id: int


class RevisionPath(EntityPath):
    revision: int


#: Bodies larger than this are decoded in a thread (a thread hop costs more than a small decode).
THREAD_BODY_BYTES = 64 * 1024


async def parse_body(request: Request, model: type[M]) -> M:
    """Read and validate a JSON body; a 400/422 names what is wrong.

    A body over :data:`THREAD_BODY_BYTES` is decoded in a worker thread, off the event loop.
    """
    raw = await request.body()
    try:
        if len(raw) > THREAD_BODY_BYTES:
            return await anyio.to_thread.run_sync(model.model_validate_json, raw)
        return model.model_validate_json(raw or b"null")
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise ApiError(400, "the request body is not valid JSON") from None
        message, problems = describe_validation_error(exc)
        raise ApiError(422, message, problems=problems) from None


class UpdateEntity(Body):
    """Rename an entity, move it to another parent (``parent_id: null`` = top level), or both."""

    name: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_LENGTH)
    parent_id: int | None = None


class RevisionInfo(BaseModel):
    revision: int
    created_at: str
    author: str
    kind: str = Field(default="manual", description="manual | auto (the editor's autosave) | restore")
    label: str | None = Field(default=None, description="the name a manual save gave it")


class RevisionDetail(RevisionInfo):
    params: dict[str, Any]
