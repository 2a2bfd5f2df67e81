"""numpy is in a worker, and so in every job forked from it, only when the app's code needs it.

Every job runs in a fork of its worker, and the kernel's cost of a fork, of its copy-on-write and of
its exit grows with what the worker holds (issue 18). ``import viktor`` no longer imports numpy
(viktor.geometry imports it on first use); the worker imports it once for an app whose code imports
numpy or names a viktor.geometry object, so such an app's jobs never import it themselves.
"""

from __future__ import annotations

from starlette.testclient import TestClient


def data(client: TestClient, entity_type: str) -> dict[str, object]:
    entity_id = client.post("/api/entities", json={"entity_type": entity_type, "name": "e"}).json()["id"]
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json={"method": "modules"}).json()["job_id"]
    job = client.get(f"/api/jobs/{job_id}", params={"wait": 120}).json()
    assert job["status"] == "finished", job
    return {item["label"]: item["value"] for item in job["result"]["data"]}


def test_a_job_of_an_app_that_needs_no_numpy_starts_without_it_and_gets_it_on_first_use(start_app):
    with start_app("numpy_free").client() as client:
        assert data(client, "Plain") == {"numpy at start": "False", "numpy after geometry": "True", "x": 3.0}


def test_a_job_of_an_app_naming_geometry_finds_numpy_imported_by_its_worker(start_app):
    with start_app("numpy_geometry").client() as client:
        assert data(client, "Shapes") == {"numpy at start": "True", "x": 3.0}
