"""``POST /api/entities/upload``: create an entity of a file entity type from an uploaded file.

The entity type's ``@ParamsFromFile`` limits (``max_size``, ``file_types``) are enforced while the
file streams in, before anything is stored or any job runs. The stored file then goes to an
``upload`` job, which runs the method and creates the entity (workers/runners/upload.py); the
answer is that job, followed like any other (``GET /api/jobs/{id}/events``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite.jobs import queue as jobs
from viktorlite.jobs.settings import JobSettings
from viktorlite.web import bodies
from viktorlite.web.errors import ApiError
from viktorlite.web.operations import UPLOAD, operation
from viktorlite.web.routes.uploads import UPLOAD_ERRORS, Uploaded, receive_file
from viktorlite.web.services import blocking, check_parent_allows, services


class EntityUploadQuery(BaseModel):
    entity_type: str = Field(description="a file entity type (one with @ParamsFromFile)")
    name: str | None = Field(default=None, description="the new entity's name (default: the file name)")
    parent_id: int | None = None


class EntityUploadStarted(bodies.JobStarted, Uploaded):
    """The ``upload`` job that creates the entity, and the stored file."""


def _optional_id(raw: str | None, what: str) -> int | None:
    if raw in (None, "", "null"):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ApiError(422, f"{what}: must be a whole number, not {raw!r}") from None


@operation(query=EntityUploadQuery, body=UPLOAD, responses={202: EntityUploadStarted, **UPLOAD_ERRORS})
async def upload_entity(request: Request) -> Response:
    """Query: ``entity_type``, optional ``name`` (default: the file name) and ``parent_id``."""
    svc = services(request)
    type_name = request.query_params.get("entity_type", "")
    if not type_name:
        raise ApiError(422, "entity_type: the query parameter is required")
    entity_type = await svc.entity_type(type_name)
    file_type = entity_type.get("file_type")
    if not file_type:
        raise ApiError(422, f"entity_type: {type_name} is not a file entity type; create it with POST /api/entities")
    parent_id = _optional_id(request.query_params.get("parent_id"), "parent_id")
    await check_parent_allows(svc, type_name, parent_id)
    name = request.query_params.get("name", "").strip()
    if len(name) > bodies.MAX_NAME_LENGTH:
        raise ApiError(422, f"name: at most {bodies.MAX_NAME_LENGTH} characters")
    received = await receive_file(request, file_type, f"a {entity_type.get('label') or type_name}")
    job_request = jobs.JobRequest(
        app=svc.app_name,
        entity_type=type_name,
        entity_name=name or received["filename"],
        method=file_type["method"],
        trigger="upload",
        upload=jobs.UploadRequest(file_id=received["file_id"], filename=received["filename"], parent_id=parent_id),
    )
    settings = JobSettings.from_json((await svc.manifest()).get("job_settings"))
    job_id = await blocking(jobs.enqueue, svc.redis, job_request, timeout=settings.timeout_for(job_request.method))
    return JSONResponse({"job_id": job_id, **received}, status_code=202)


routes = [Route("/api/entities/upload", upload_entity, methods=["POST"])]
