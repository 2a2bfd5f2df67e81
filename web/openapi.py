"""``GET /openapi.json``: the API described from the same pydantic models that validate it."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

import viktorlite

from . import api, bodies, entity_routes, entity_uploads, param_routes, result_routes


@dataclass(frozen=True)
class ListOf:
    """A response that is a JSON array of ``model``."""

    model: type[BaseModel]


ResponseModel = type[BaseModel] | ListOf | None
#: Path parameters that are whole numbers (the routes answer 404 to anything else).
INTEGER_PARAMETERS = frozenset({"entity_id", "revision"})
#: Routes whose 200 answer is the stored file's bytes, in the type it was stored with.
RAW_BODY_ENDPOINTS = frozenset({"get_blob", "get_asset"})
#: What any route may answer: not logged in (401), cross-site or non-local host (403), no manifest yet (503).
COMMON_ERRORS = (401, 403, 503)
#: What a route that reads a body may answer besides: not JSON (400), too large (413), invalid (422).
BODY_ERRORS = (400, 413, 422)

# (method, path, endpoint, request body model, {status: response model or None for free JSON})
OPERATIONS: list[tuple[str, str, Any, type[BaseModel] | None, dict[int, ResponseModel]]] = [
    ("get", "/api/app", api.get_app, None, {200: None, 503: bodies.ErrorBody}),
    ("get", "/api/entities", api.list_entities, None, {200: ListOf(bodies.EntitySummary)}),
    (
        "post",
        "/api/entities",
        api.create_entity,
        bodies.CreateEntity,
        {201: bodies.EntitySummary, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
    ("get", "/api/entities/{entity_id}", api.get_entity, None, {200: bodies.EntityDetail, 404: bodies.ErrorBody}),
    (
        "delete",
        "/api/entities/{entity_id}",
        api.delete_entity,
        None,
        {200: bodies.DeletedEntities, 404: bodies.ErrorBody},
    ),
    (
        "put",
        "/api/entities/{entity_id}/params",
        api.save_params,
        bodies.SaveParams,
        {200: bodies.SavedRevision, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
    (
        "post",
        "/api/entities/{entity_id}/jobs",
        api.start_job,
        bodies.StartJob,
        {202: bodies.JobStarted, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
    ("get", "/api/jobs/{job_id}", api.get_job, None, {200: bodies.JobState, 404: bodies.ErrorBody}),
    ("get", "/api/entities/{entity_id}/jobs", result_routes.get_job_log, None, {200: result_routes.JobLog}),
    ("get", "/api/blobs/{blob_id}", result_routes.get_blob, None, {200: None, 404: bodies.ErrorBody}),
    (
        "patch",
        "/api/entities/{entity_id}",
        entity_routes.update_entity,
        bodies.UpdateEntity,
        {200: bodies.EntitySummary, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
    (
        "get",
        "/api/entities/{entity_id}/revisions",
        entity_routes.list_revisions,
        None,
        {200: ListOf(bodies.RevisionInfo), 404: bodies.ErrorBody},
    ),
    (
        "get",
        "/api/entities/{entity_id}/revisions/{revision}",
        entity_routes.get_revision,
        None,
        {200: bodies.RevisionDetail, 404: bodies.ErrorBody},
    ),
    (
        "post",
        "/api/entities/{entity_id}/revisions/{revision}/restore",
        entity_routes.restore_revision,
        None,
        {200: bodies.SavedRevision, 404: bodies.ErrorBody},
    ),
    (
        "post",
        "/api/entities/{entity_id}/callbacks",
        param_routes.run_callbacks,
        param_routes.ParamsBody,
        {202: bodies.JobStarted, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
    (
        "post",
        "/api/entities/{entity_id}/steps/{step}/next",
        param_routes.next_step,
        param_routes.ParamsBody,
        {202: bodies.JobStarted, 404: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
    ("get", "/api/assets/{path}", param_routes.get_asset, None, {200: None, 404: bodies.ErrorBody}),
    (
        "post",
        "/api/uploads",
        param_routes.upload_file,
        None,  # multipart/form-data: the file in a part named "file"
        {
            201: param_routes.Uploaded,
            404: bodies.ErrorBody,
            413: bodies.ErrorBody,
            415: bodies.ErrorBody,
            422: bodies.ErrorBody,
        },
    ),
    (
        "post",
        "/api/entities/upload",
        entity_uploads.upload_entity,
        None,  # multipart/form-data: the file in a part named "file"
        {
            202: bodies.JobStarted,
            404: bodies.ErrorBody,
            413: bodies.ErrorBody,
            415: bodies.ErrorBody,
            422: bodies.ErrorBody,
        },
    ),
]


def _schema_ref(model: type[BaseModel] | ListOf, components: dict[str, Any]) -> dict[str, Any]:
    if isinstance(model, ListOf):
        return {"type": "array", "items": _schema_ref(model.model, components)}
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}


def _parameter_schema(name: str) -> dict[str, Any]:
    return {"type": "integer"} if name in INTEGER_PARAMETERS else {"type": "string"}


def _with_errors(responses: dict[int, ResponseModel], operation: dict[str, Any]) -> dict[int, ResponseModel]:
    """The declared answers plus the errors every route of this shape can give (all ``{"error": ...}``)."""
    statuses = list(COMMON_ERRORS)
    if "parameters" in operation:
        statuses += [404, 422]
    if "requestBody" in operation:
        statuses += BODY_ERRORS
    return {**responses, **{status: bodies.ErrorBody for status in statuses if status not in responses}}


def build_openapi() -> dict[str, Any]:
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for method, path, endpoint, request_model, responses in OPERATIONS:
        operation: dict[str, Any] = {
            "operationId": endpoint.__name__,
            "summary": (inspect.getdoc(endpoint) or endpoint.__name__.replace("_", " ")).splitlines()[0],
            "responses": {},
        }
        parameters: list[dict[str, Any]] = [
            {"name": name, "in": "path", "required": True, "schema": _parameter_schema(name)}
            for name in ("entity_id", "job_id", "revision", "step", "path", "blob_id")
            if "{" + name + "}" in path
        ]
        if endpoint is result_routes.get_blob:
            parameters.append({"name": "download", "in": "query", "schema": {"type": "string"}})
        if endpoint is api.get_job:
            parameters.append({"name": "wait", "in": "query", "schema": {"type": "number", "minimum": 0}})
        if endpoint is param_routes.upload_file:
            parameters += [
                {"name": name, "in": "query", "required": True, "schema": {"type": "string"}}
                for name in ("entity_type", "field")
            ]
        if parameters:
            operation["parameters"] = parameters
        if request_model is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": _schema_ref(request_model, components)}},
            }
        if endpoint is entity_uploads.upload_entity:
            parameters += [
                {"name": "entity_type", "in": "query", "required": True, "schema": {"type": "string"}},
                {"name": "name", "in": "query", "schema": {"type": "string"}},
                {"name": "parent_id", "in": "query", "schema": {"type": "integer"}},
            ]
            operation["parameters"] = parameters
        if endpoint in (param_routes.upload_file, entity_uploads.upload_entity):
            operation["requestBody"] = UPLOAD_BODY
        for status, model in _with_errors(responses, operation).items():
            content = {"schema": _schema_ref(model, components)} if model else {"schema": {}}
            media = "*/*" if status == 200 and endpoint.__name__ in RAW_BODY_ENDPOINTS else "application/json"
            operation["responses"][str(status)] = {"description": str(status), "content": {media: content}}
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "viktorlite", "version": viktorlite.__version__},
        "paths": paths,
        "components": {"schemas": components},
    }


async def openapi_json(request: Request) -> Response:
    return JSONResponse(build_openapi())
