"""``GET /openapi.json``: generated from the route table and what each endpoint declares (web/operations.py).

Every ``/api`` route, every method but the HEAD that Starlette adds to each GET, is described; a
route whose endpoint declares nothing stops the generator, so none can be forgotten.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

import viktorlite
from viktorlite.web.bodies import ErrorBody
from viktorlite.web.operations import Answer, Content, EventStream, ListOf, Operation, Union, operation_of
from viktorlite.web.routes import ROUTES

#: What any route may answer: not logged in (401), cross-site or non-local host (403), no manifest yet (503).
COMMON_ERRORS = (401, 403, 503)
#: What a route with parameters may answer besides: nothing there (404), a parameter that does not fit (422).
PARAMETER_ERRORS = (404, 422)
#: What a route that reads a body may answer besides: not JSON (400), too large (413), invalid (422).
BODY_ERRORS = (400, 413, 422)
_PARAMETER = re.compile(r"{(\w+)(?::\w+)?}")


class UndescribedRoute(TypeError):
    """An ``/api`` route whose endpoint has no ``@operation(...)``, or one that does not fit its path."""


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[tuple[str, Route]]:
    """``(method, route)`` for every ``/api`` route of ``routes``: what the document must describe."""
    for route in routes:
        if isinstance(route, Route) and route.path.startswith("/api/"):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield method, route


def openapi_path(route: Route) -> str:
    """``/api/assets/{path:path}`` -> ``/api/assets/{path}``."""
    return _PARAMETER.sub(r"{\1}", route.path)


REF_TEMPLATE = "#/components/schemas/{model}"


class _Schemas:
    """The document's ``components/schemas``, filled as models are referenced: each model's JSON
    schema, and the models it refers to (the protocol's messages among them) by name."""

    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def of(self, answer: type[BaseModel] | ListOf | Union) -> dict[str, Any]:
        if isinstance(answer, ListOf):
            return {"type": "array", "items": self.of(answer.model)}
        if isinstance(answer, Union):
            name, schema = answer.name, answer.adapter.json_schema(ref_template=REF_TEMPLATE)
        else:
            name, schema = answer.__name__, answer.model_json_schema(ref_template=REF_TEMPLATE)
        for found, found_schema in [*schema.pop("$defs", {}).items(), (name, schema)]:
            if self.components.setdefault(found, found_schema) != found_schema:
                raise UndescribedRoute(f"two different schemas are named {found!r}; rename one of the models")
        return {"$ref": REF_TEMPLATE.format(model=name)}


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A URL parameter's schema: without pydantic's title, and ``X | None`` as plain X (a URL has no null)."""
    schema = {key: value for key, value in schema.items() if key != "title"}
    options = schema.pop("anyOf", None)
    if options is not None:
        present = [option for option in options if option.get("type") != "null"]
        if len(present) == 1:
            schema.update(present[0])
        else:
            schema["anyOf"] = present
    if schema.get("default", ...) is None:
        del schema["default"]
    return schema


def _model_parameters(model: type[BaseModel], where: str, names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    parameters = []
    for name in names if names is not None else list(properties):
        if name not in properties:
            parameters.append({"name": name, "in": where, "required": True, "schema": {"type": "string"}})
            continue
        plain = _plain(properties[name])
        parameter: dict[str, Any] = {"name": name, "in": where, "required": where == "path" or name in required}
        if "description" in plain:
            parameter["description"] = plain.pop("description")
        parameters.append({**parameter, "schema": plain})
    return parameters


def _parameters(route: Route, declared: Operation) -> list[dict[str, Any]]:
    names = list(route.param_convertors)
    if declared.path is not None and not set(declared.path.model_fields) <= set(names):
        extra = sorted(set(declared.path.model_fields) - set(names))
        raise UndescribedRoute(f"{route.path}: {route.name}'s path model names {extra}, which the path has not")
    if declared.path is not None:
        parameters = _model_parameters(declared.path, "path", names)
    else:
        parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in names]
    if declared.query is not None:
        parameters += _model_parameters(declared.query, "query")
    return parameters


def _event_schema(name: str, data: type[BaseModel], schemas: _Schemas) -> dict[str, Any]:
    """One Server-Sent Event as the stream parser reads it: its name, and its data as JSON of ``data``."""
    json_data = {"type": "string", "contentMediaType": "application/json", "contentSchema": schemas.of(data)}
    properties = {"event": {"const": name}, "data": json_data, "id": {"type": "string"}, "retry": {"type": "integer"}}
    return {"type": "object", "properties": properties, "required": ["event", "data"]}


def _content(answer: Answer, schemas: _Schemas) -> tuple[str, dict[str, Any], str]:
    """(media type, schema, description) of a body or answer.

    An event stream's schema describes each of its events, as OpenAPI before 3.2 has it (3.2 names
    that ``itemSchema``); the description names them.
    """
    if isinstance(answer, Content):
        return answer.media_type, answer.schema, answer.description
    if isinstance(answer, EventStream):
        events = [_event_schema(name, data, schemas) for name, data in answer.events.items()]
        description = "Server-Sent Events, each one of: " + ", ".join(answer.events)
        return "text/event-stream", {"oneOf": events}, description
    return "application/json", schemas.of(answer), ""


def _operation(route: Route, declared: Operation, schemas: _Schemas) -> dict[str, Any]:
    endpoint = route.endpoint
    summary = (inspect.getdoc(endpoint) or endpoint.__name__.replace("_", " ")).splitlines()[0]
    described: dict[str, Any] = {"operationId": endpoint.__name__, "summary": summary, "responses": {}}
    statuses = list(COMMON_ERRORS)
    parameters = _parameters(route, declared)
    if parameters:
        described["parameters"] = parameters
        statuses += PARAMETER_ERRORS
    if declared.body is not None:
        media, schema, _ = _content(declared.body, schemas)
        described["requestBody"] = {"required": True, "content": {media: {"schema": schema}}}
        statuses += BODY_ERRORS
    answers: dict[int, Answer] = {**declared.responses}
    answers.update({status: ErrorBody for status in statuses if status not in answers})
    for status, answer in answers.items():
        media, schema, description = _content(answer, schemas)
        described["responses"][str(status)] = {
            "description": description or str(status),
            "content": {media: {"schema": schema}},
        }
    return described


def build_openapi(routes: Sequence[BaseRoute] = ROUTES) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every ``/api`` route in ``routes``."""
    schemas = _Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for method, route in api_routes(routes):
        declared = operation_of(route.endpoint)
        if declared is None:
            raise UndescribedRoute(
                f"{method} {route.path}: {route.name} declares no @operation(...) (web/operations.py), "
                "so /openapi.json cannot describe it"
            )
        paths.setdefault(openapi_path(route), {})[method.lower()] = _operation(route, declared, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "viktorlite", "version": viktorlite.__version__},
        "paths": paths,
        "components": {"schemas": schemas.components},
    }


async def openapi_json(request: Request) -> Response:
    return JSONResponse(build_openapi(request.app.routes))
