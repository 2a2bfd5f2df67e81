"""Managing entities: rename, move between parents, and the revision history with restore."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite.store.entities import EntityNotFound
from viktorlite.web import bodies
from viktorlite.web.errors import ApiError
from viktorlite.web.middleware.access import current_user
from viktorlite.web.operations import ListOf, operation
from viktorlite.web.services import blocking, check_parent_allows, entity_id_from_path, existing_entity, services


def _revision_number(request: Request) -> int:
    raw = request.path_params["revision"]
    if not raw.isdigit():
        raise ApiError(404, f"revision must be a whole number, not {raw!r}")
    return int(raw)


@operation(
    path=bodies.EntityPath,
    body=bodies.UpdateEntity,
    responses={200: bodies.EntitySummary, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
)
async def update_entity(request: Request) -> Response:
    """Rename an entity and/or move it to another parent."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    record = await existing_entity(svc, entity_id)
    body = await bodies.parse_body(request, bodies.UpdateEntity)
    if body.name is not None:
        name = body.name.strip()
        if not name:
            raise ApiError(422, "name: must not be blank")
        record = await blocking(svc.entities.rename, entity_id, name)
    if "parent_id" in body.model_fields_set:
        await check_parent_allows(svc, record.entity_type, body.parent_id)
        try:
            record = await blocking(svc.entities.move, entity_id, body.parent_id)
        except ValueError as exc:
            raise ApiError(422, f"parent_id: {exc}") from None
    return JSONResponse(bodies.EntitySummary(**record.to_json()).model_dump())


@operation(path=bodies.EntityPath, responses={200: ListOf(bodies.RevisionInfo), 404: bodies.ErrorBody})
async def list_revisions(request: Request) -> Response:
    """Every saved revision of an entity, oldest first, without their params."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    await existing_entity(svc, entity_id)
    revisions = await blocking(svc.entities.revisions, entity_id)
    return JSONResponse([bodies.RevisionInfo(**r.to_json()).model_dump() for r in revisions])


@operation(path=bodies.RevisionPath, responses={200: bodies.RevisionDetail, 404: bodies.ErrorBody})
async def get_revision(request: Request) -> Response:
    """One saved revision with its params."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    await existing_entity(svc, entity_id)
    try:
        revision = await blocking(svc.entities.revision, entity_id, _revision_number(request))
    except EntityNotFound as exc:
        raise ApiError(404, str(exc)) from None
    return JSONResponse(bodies.RevisionDetail(**revision.to_json()).model_dump())


@operation(path=bodies.RevisionPath, responses={200: bodies.SavedRevision, 404: bodies.ErrorBody})
async def restore_revision(request: Request) -> Response:
    """Save an old revision's params again, as a new revision: restoring never loses history."""
    svc = services(request)
    entity_id = entity_id_from_path(request)
    await existing_entity(svc, entity_id)
    try:
        old = await blocking(svc.entities.revision, entity_id, _revision_number(request))
    except EntityNotFound as exc:
        raise ApiError(404, str(exc)) from None
    saved = await blocking(
        svc.entities.save_params, entity_id, old.params, author=current_user(request), kind="restore"
    )
    return JSONResponse(bodies.SavedRevision(revision=saved.revision).model_dump())


routes = [
    Route("/api/entities/{entity_id}", update_entity, methods=["PATCH"]),
    Route("/api/entities/{entity_id}/revisions", list_revisions, methods=["GET"]),
    Route("/api/entities/{entity_id}/revisions/{revision}", get_revision, methods=["GET"]),
    Route("/api/entities/{entity_id}/revisions/{revision}/restore", restore_revision, methods=["POST"]),
]
