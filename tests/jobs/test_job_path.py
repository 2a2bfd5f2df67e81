"""A trigger, end to end: web API -> RQ job in real Redis -> real worker process -> result."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest
from starlette.testclient import TestClient

from viktorlite.jobs.queue import RUN_JOB, JobRequest, enqueue
from viktorlite.jobs.supersede import supersede


@pytest.fixture
def calculator(start_module_app):
    running = start_module_app("calculator")  # one worker for the module; each test has its own entity
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "Calc 1"})
        assert entity.status_code == 201, entity.text
        yield running, client, entity.json()["id"]


def run(client: TestClient, entity_id: int, method: str, params: dict[str, Any] | None = None) -> dict:
    body: dict[str, Any] = {"method": method}
    if params is not None:
        body["params"] = params
    started = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert started.status_code == 202, started.text
    job = client.get(f"/api/jobs/{started.json()['job_id']}", params={"wait": 60})
    assert job.status_code == 200, job.text
    return job.json()


def values(result: dict) -> dict[str, Any]:
    return {item["label"]: item["value"] for item in result["data"]}


def test_manifest_describes_the_entity_type(calculator):
    _, client, _ = calculator
    manifest = client.get("/api/app").json()
    assert manifest["app_type"] == "simple"
    (entity_type,) = manifest["entity_types"]
    assert entity_type["name"] == "Calculator"
    assert entity_type["label"] == "Calculator"
    assert [v["method"] for v in entity_type["views"]][:2] == ["result", "context"]
    assert entity_type["views"][0] == {
        "method": "result",
        "type": "DataView",
        "label": "Result",
        "duration_guess": 1,
        "update_label": None,
        "description": None,
        "visible": True,
    }
    assert entity_type["default_params"] == {"numbers": {"a": 1, "b": 2}, "mode": "sum"}


def test_view_uses_unsaved_params_when_given_and_saved_ones_otherwise(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "result", {"numbers": {"a": 5, "b": 7}, "mode": "product"})
    assert job["status"] == "finished"
    assert job["worker"] == "worker-1"
    assert job["result"]["type"] == "DataResult"
    assert values(job["result"]) == {"Value": 35}
    assert values(run(client, entity_id, "result")["result"]) == {"Value": 3}


def test_method_gets_entity_context_as_keyword_arguments(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "context")
    assert values(job["result"]) == {"Entity id": entity_id, "Entity name": "Calc 1", "Workspace id": 1}


def test_method_without_params_parameter_works(calculator):
    _, client, entity_id = calculator
    assert values(run(client, entity_id, "constant")["result"]) == {"Answer": 42}


def test_missing_params_get_empty_values(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "result", {"numbers": {"a": 2}})
    assert job["status"] == "failed"
    assert job["error"]["kind"] == "app"
    assert "TypeError" in job["error"]["message"]  # 2 + None: b arrived as its empty value


def test_user_error_is_shown_with_its_input_violations(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "divide", {"numbers": {"a": 1, "b": 0}, "mode": "sum"})
    assert job["status"] == "failed"
    assert job["error"] == {
        "kind": "user",
        "message": "B must not be zero.",
        "input_violations": [{"message": "Cannot divide by zero", "fields": ["numbers.b"]}],
    }


def test_unexpected_exception_comes_back_with_its_traceback(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "crash")
    assert job["status"] == "failed"
    assert job["error"]["kind"] == "app"
    assert job["error"]["message"] == "KeyError: 'missing'"
    assert 'app.py", line' in job["error"]["traceback"]
    # the worker survives and serves the next job
    assert values(run(client, entity_id, "result")["result"]) == {"Value": 3}


def test_wrong_result_type_is_named(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "wrong_type")
    assert job["error"]["kind"] == "app"
    assert "DataView 'wrong_type' must return a DataResult, not dict" in job["error"]["message"]


def test_plotly_view_returns_the_figure(calculator):
    _, client, entity_id = calculator
    job = run(client, entity_id, "plot")
    assert job["result"] == {"type": "PlotlyResult", "figure": {"data": [{"x": [0, 1], "y": [1, 2]}]}}


def test_each_job_runs_in_a_fresh_child_but_local_files_stay_on_the_workers_disk(calculator):
    running, client, entity_id = calculator
    first = values(run(client, entity_id, "memory")["result"])
    second = values(run(client, entity_id, "memory")["result"])
    assert first["Calls seen in this process"] == second["Calls seen in this process"] == 1
    assert first["Process"] != second["Process"]
    assert first["Parent process"] == second["Parent process"]  # the same worker forked both
    assert (first["Marker existed"], second["Marker existed"]) == ("False", "True")
    # the file landed on the worker's private copy of the app, not in the app folder itself
    assert not (running.directory / "marker.txt").exists()
    assert (running.data_dir / "workers" / "worker-1" / "app" / "marker.txt").exists()


def test_jobs_travel_as_json_naming_only_the_viktorlite_entry_point(calculator, redis_client):
    _, client, entity_id = calculator
    started = client.post(f"/api/entities/{entity_id}/jobs", json={"method": "result"}).json()
    raw = redis_client.hget(f"rq:job:{started['job_id']}", "data")
    func_name, _instance, args, kwargs = json.loads(zlib.decompress(raw))  # RQ zlib-compresses it
    assert func_name == RUN_JOB
    assert args[0]["method"] == "result"
    assert args[0]["params"] == {"numbers": {"a": 1, "b": 2}, "mode": "sum"}


def test_job_events_stream_ends_with_the_outcome(calculator):
    _, client, entity_id = calculator
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json={"method": "result"}).json()["job_id"]
    events = []
    with client.stream("GET", f"/api/jobs/{job_id}/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, json.loads(line.split(":", 1)[1])))
    assert events[-1][0] == "end"
    assert events[-1][1]["status"] == "finished"
    assert values(events[-1][1]["result"]) == {"Value": 3}


@pytest.mark.parametrize(
    "params",
    [
        {"numbers": 5},
        {"numbers": {"a": "text", "b": [1, 2]}, "mode": {"nested": True}},
        {"numbers": None, "mode": None, "unknown": {"deep": [None]}},
    ],
)
def test_params_of_the_wrong_shape_fail_the_job_not_the_worker(calculator, params, redis_client):
    running, client, entity_id = calculator
    # the API refuses such params (tests/web/test_api_input.py); a job can still carry them
    # when it was queued by another client or against an older manifest, so go around the API
    request = JobRequest(
        app=running.name, entity_id=entity_id, entity_type="Calculator", method="result", params=params
    )
    job_id = enqueue(redis_client, request)
    job = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
    assert job["status"] == "failed"
    assert job["error"]["kind"] == "app"
    assert job["error"]["message"]
    assert all(worker.alive() for worker in running.pool.workers)
    assert values(run(client, entity_id, "result")["result"]) == {"Value": 3}


def test_a_view_job_that_a_newer_run_replaced_before_it_started_ends_as_stopped(calculator, redis_client):
    running, client, entity_id = calculator
    params = {"numbers": {"a": 1, "b": 2}, "mode": "sum"}
    request = JobRequest(
        app=running.name, entity_id=entity_id, entity_type="Calculator", method="result", params=params
    )
    older, newer = "older-view-job", "newer-view-job"
    supersede(redis_client, running.name, entity_id, "result", older)
    supersede(redis_client, running.name, entity_id, "result", newer)  # recorded before the older one is queued
    enqueue(redis_client, request, job_id=older)
    job = client.get(f"/api/jobs/{older}", params={"wait": 60}).json()
    assert job["status"] == "stopped"
    assert job["error"]["message"] == "A newer run of this view replaced this job before it ran."
    enqueue(redis_client, request, job_id=newer)
    done = client.get(f"/api/jobs/{newer}", params={"wait": 60}).json()
    assert done["status"] == "finished", done
