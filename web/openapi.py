"""``GET /openapi.json``: the API described from the same pydantic models that validate it."""

from __future__ import annotations

import inspect
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

import viktorlite

from . import api, bodies, param_routes, result_routes

# (method, path, endpoint, request body model, {status: response model or None for free JSON})
OPERATIONS: list[tuple[str, str, Any, type[BaseModel] | None, dict[int, type[BaseModel] | None]]] = [
    ("get", "/api/app", api.get_app, None, {200: None, 503: bodies.ErrorBody}),
    ("get", "/api/entities", api.list_entities, None, {200: bodies.EntitySummary}),
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
        {201: param_routes.Uploaded, 404: bodies.ErrorBody, 413: bodies.ErrorBody, 422: bodies.ErrorBody},
    ),
]


def _schema_ref(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


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
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in ("entity_id", "job_id", "blob_id", "step", "path")
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
        for status, model in responses.items():
            content = {"schema": _schema_ref(model, components)} if model else {"schema": {}}
            operation["responses"][str(status)] = {"description": str(status), "content": {"application/json": content}}
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "viktorlite", "version": viktorlite.__version__},
        "paths": paths,
        "components": {"schemas": components},
    }


async def openapi_json(request: Request) -> Response:
    return JSONResponse(build_openapi())
