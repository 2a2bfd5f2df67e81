"""Bad input gets a 4xx that names the problem; saved data survives it."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(publish_app):
    running = publish_app("calculator")  # what is checked here is the web process's: no worker needed
    with running.client() as client:
        yield client


def test_entities_are_created_saved_as_revisions_and_read_back(client):
    created = client.post("/api/entities", json={"entity_type": "Calculator", "name": "  Beam A "})
    assert created.status_code == 201
    entity = created.json()
    assert entity["name"] == "Beam A" and entity["parent_id"] is None
    detail = client.get(f"/api/entities/{entity['id']}").json()
    assert detail["revision"] == 1
    assert detail["params"] == {"numbers": {"a": 1, "b": 2}, "mode": "sum"}
    saved = client.put(f"/api/entities/{entity['id']}/params", json={"params": {"numbers": {"a": 9, "b": 2}}})
    assert saved.json() == {"revision": 2}
    detail = client.get(f"/api/entities/{entity['id']}").json()
    assert detail["revision"] == 2 and detail["params"] == {"numbers": {"a": 9, "b": 2}}
    assert [e["name"] for e in client.get("/api/entities").json()] == ["Beam A"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "says"),
    [
        ("post", "/api/entities", b"{not json", 400, "not valid JSON"),
        ("post", "/api/entities", {"entity_type": "Calculator"}, 422, "name: Field required"),
        ("post", "/api/entities", {"entity_type": "Calculator", "name": " "}, 422, "name"),
        ("post", "/api/entities", {"entity_type": "Nope", "name": "x"}, 404, "unknown entity type 'Nope'"),
        ("post", "/api/entities", {"entity_type": "Calculator", "name": "x", "params": [1]}, 422, "params"),
        ("post", "/api/entities", {"entity_type": "Calculator", "name": "x", "extra": 1}, 422, "extra"),
        ("get", "/api/entities/999", None, 404, "entity 999 does not exist"),
        ("get", "/api/entities/abc", None, 404, "whole number"),
        ("put", "/api/entities/1/params", {"params": "x"}, 422, "params"),
        ("put", "/api/entities/1/params", b"", 422, "invalid request body"),
        ("post", "/api/entities/1/jobs", {"method": "nope"}, 404, "no view or button method 'nope'"),
        ("post", "/api/entities/1/jobs", {"method": 3}, 422, "method"),
        ("post", "/api/entities/1/jobs", {"method": "__init__"}, 404, "no view or button method"),
        ("get", "/api/jobs/not-a-job", None, 404, "no job"),
        ("get", "/api/jobs/x?wait=abc", None, 422, "wait"),
        ("get", "/api/jobs/x?wait=-1", None, 422, "wait"),
        ("get", "/api/nothing-here", None, 404, "Not Found"),
    ],
)
def test_bad_input_gets_a_4xx_naming_the_problem(client, method, path, body, status, says):
    created = client.post("/api/entities", json={"entity_type": "Calculator", "name": "keep me"})
    assert created.json()["id"] == 1
    kwargs = {"content": body} if isinstance(body, bytes) else ({"json": body} if body is not None else {})
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.text
    assert says in response.json()["error"]
    # the saved entity is untouched
    assert client.get("/api/entities/1").json()["params"] == {"numbers": {"a": 1, "b": 2}, "mode": "sum"}


def test_openapi_describes_every_api_route(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/api/app",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/entities/{entity_id}/params",
        "/api/entities/{entity_id}/jobs",
        "/api/jobs/{job_id}",
    }
    assert "CreateEntity" in spec["components"]["schemas"]
