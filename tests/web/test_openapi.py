"""``/openapi.json`` is generated from the route table: no ``/api`` route or method can be left out."""

from __future__ import annotations

import re

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from viktorlite.web.app import create_app
from viktorlite.web.routes import ROUTES
from viktorlite.web.routes.openapi import UndescribedRoute, build_openapi

#: Never connected to: /openapi.json needs no Redis; without ``with`` the app's background tasks never start.
NO_REDIS = "redis://127.0.0.1:1/0"


def published() -> dict:
    app = create_app(NO_REDIS, "described")
    response = TestClient(app).get("/openapi.json")
    assert response.status_code == 200, response.text
    return response.json()


def api_routes_of_the_app() -> dict[tuple[str, str], set[str]]:
    """(METHOD, OpenAPI path) -> its path parameters, for every route the app answers under /api."""
    found = {}
    for route in create_app(NO_REDIS, "described").routes:
        path = getattr(route, "path", "")
        if not path.startswith("/api"):
            continue
        assert isinstance(route, Route), f"{path}: a {type(route).__name__} under /api, which the document cannot see"
        for method in route.methods or ():
            if method != "HEAD":  # Starlette answers HEAD for every GET
                found[(method, re.sub(r"{(\w+)(:\w+)?}", r"{\1}", path))] = set(route.param_convertors)
    return found


def test_every_api_route_and_method_is_described_with_its_parameters():
    spec = published()
    routes = api_routes_of_the_app()
    described = {(method.upper(), path) for path, methods in spec["paths"].items() for method in methods}
    assert described == set(routes)
    assert len(routes) >= 25
    assert ("POST", "/api/jobs/{job_id}/stop") in routes and ("GET", "/api/dashboard") in routes
    for (method, path), parameters in routes.items():
        operation = spec["paths"][path][method.lower()]
        in_path = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert in_path == parameters, (method, path)
        assert any(status.startswith("2") for status in operation["responses"]), (method, path)
    ids = [operation["operationId"] for methods in spec["paths"].values() for operation in methods.values()]
    assert len(ids) == len(set(ids))


def test_the_job_stop_route_answers_with_the_job():
    stop = published()["paths"]["/api/jobs/{job_id}/stop"]["post"]
    answer = stop["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/JobState"}
    assert stop["summary"].startswith("Stop a running job")


def test_event_streams_are_described_event_by_event():
    spec = published()
    streams = {
        path: operation["responses"]["200"]
        for path, methods in spec["paths"].items()
        for operation in methods.values()
        if "text/event-stream" in operation["responses"].get("200", {}).get("content", {})
    }
    assert set(streams) == {"/api/events", "/api/jobs/{job_id}/events", "/api/dashboard/events"}
    job_events = streams["/api/jobs/{job_id}/events"]["content"]["text/event-stream"]["schema"]["oneOf"]
    names = [event["properties"]["event"]["const"] for event in job_events]
    assert names == ["status", "progress", "message", "end", "gone"]
    end = job_events[names.index("end")]["properties"]["data"]
    assert end["contentMediaType"] == "application/json"
    assert end["contentSchema"] == {"$ref": "#/components/schemas/JobState"}
    assert "DashboardState" in spec["components"]["schemas"]


async def forgotten(request: Request) -> Response:
    return Response()


def test_a_route_that_declares_nothing_stops_the_generator_naming_it():
    with pytest.raises(UndescribedRoute, match=r"POST /api/forgotten: forgotten declares no @operation"):
        build_openapi([*ROUTES, Route("/api/forgotten", forgotten, methods=["POST"])])
    build_openapi([*ROUTES, Route("/forgotten", forgotten, methods=["POST"])])  # pages are not the API
