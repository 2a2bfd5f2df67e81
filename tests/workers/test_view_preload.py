"""The worker parent preloads the view libraries the app imports, so a forked job imports none itself.

The test app's views import plotly and matplotlib inside the method and report which of their
modules the job had to import (tests/apps/preload): none, when the parent preloaded them.
"""

from __future__ import annotations

from starlette.testclient import TestClient


def run(client: TestClient, entity_id: int, method: str) -> dict:
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json={"method": method}).json()["job_id"]
    job = client.get(f"/api/jobs/{job_id}", params={"wait": 120}).json()
    assert job["status"] == "finished", job
    return job["result"]


def test_a_plotly_view_job_imports_no_plotly_module_of_its_own(start_app):
    running = start_app("preload")
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Charts", "name": "c"}).json()["id"]
        for _ in range(2):  # every job, not only the first: each is a fresh fork of the parent
            result = run(client, entity_id, "chart")
            assert result["type"] == "PlotlyResult"
            assert result["figure"]["layout"]["meta"] == []
            assert result["figure"]["data"][0]["type"] == "bar"
        drawing = {item["label"]: item["value"] for item in run(client, entity_id, "drawing")["data"]}
        assert drawing == {"Backend": "agg", "Imported": "none"}
        assert run(client, entity_id, "image")["type"] == "ImageResult"
