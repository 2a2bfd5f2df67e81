"""Views, buttons and messages end to end: real Redis, real worker processes, the real web app."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from starlette.testclient import TestClient

from support import SAMPLE_APPS

SHOWCASE_RESULTS = {
    "data": "DataResult",
    "plot": "PlotlyResult",
    "plot_and_data": "PlotlyAndDataResult",
    "image": "ImageResult",
    "image_and_data": "ImageAndDataResult",
    "pdf": "PDFResult",
    "web": "WebResult",
    "web_and_data": "WebAndDataResult",
    "table": "TableResult",
    "geometry": "GeometryResult",
    "geometry_and_data": "GeometryAndDataResult",
    "gltf_file": "GeometryResult",
    "map": "MapResult",
    "geojson": "GeoJSONResult",
    "map_and_data": "MapAndDataResult",
    "download_report": "DownloadResult",
    "download_zip": "DownloadResult",
    "make_square": "SetParamsResult",
    "optimize": "OptimizationResult",
}


def new_entity(client: TestClient, entity_type: str) -> int:
    response = client.post("/api/entities", json={"entity_type": entity_type, "name": "e"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def start(client: TestClient, entity_id: int, method: str, params: dict | None = None) -> str:
    body: dict = {"method": method}
    if params is not None:
        body["params"] = params
    response = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


def finish(client: TestClient, job_id: str, timeout: float = 60) -> dict:
    response = client.get(f"/api/jobs/{job_id}", params={"wait": timeout})
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] in ("finished", "failed", "stopped"), job
    return job


def run(client: TestClient, entity_id: int, method: str, params: dict | None = None) -> dict:
    return finish(client, start(client, entity_id, method, params))


# One worker per app for the module (start_module_app): each test makes its own entity.
@pytest.fixture
def showcase(start_module_app):
    running = start_module_app(SAMPLE_APPS / "showcase")
    with running.client() as client:
        yield client, new_entity(client, "Showcase")


@pytest.fixture
def results_app(start_module_app):
    running = start_module_app("results")
    with running.client() as client:
        yield client, new_entity(client, "Results")


def test_every_view_and_button_of_the_showcase_returns_its_result(showcase):
    client, entity_id = showcase
    for method, result_type in SHOWCASE_RESULTS.items():
        job = run(client, entity_id, method)
        assert job["status"] == "finished", (method, job.get("error"))
        assert job["result"]["type"] == result_type, method


def test_binary_results_are_blobs_served_with_their_type_and_a_safe_policy(showcase):
    client, entity_id = showcase
    params = client.get(f"/api/entities/{entity_id}").json()["params"]
    params["views"]["image_type"] = "svg"
    image = run(client, entity_id, "image", params)["result"]["image"]
    response = client.get(f"/api/blobs/{image['blob']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]  # the SVG's <script> cannot run here
    assert b"<svg" in response.content

    html = run(client, entity_id, "web")["result"]["html"]
    response = client.get(f"/api/blobs/{html['blob']}")
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "sandbox allow-scripts" in policy and "allow-same-origin" not in policy

    pdf = run(client, entity_id, "pdf")["result"]["file"]
    response = client.get(f"/api/blobs/{pdf['blob']}")
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF-")

    model = run(client, entity_id, "geometry")["result"]
    assert model["names"][:3] == ["beam 1", "beam 2", "beam 3"]
    glb = client.get(f"/api/blobs/{model['model']['blob']}").content
    assert glb[:4] == b"glTF"

    assert client.get("/api/blobs/0123456789abcdef0123456789abcdef").status_code == 404
    assert client.get("/api/blobs/..%2F..%2Fetc").status_code == 404


def test_downloads_are_attachments_with_sanitised_names_and_zips_hold_every_file(showcase, results_app):
    client, entity_id = showcase
    ref = run(client, entity_id, "download_zip")["result"]["file"]
    response = client.get(f"/api/blobs/{ref['blob']}", params={"download": "1"})
    assert response.headers["content-disposition"].startswith('attachment; filename="all files.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["image.png", "report.txt"]

    client, entity_id = results_app
    ref = run(client, entity_id, "download")["result"]["file"]
    response = client.get(f"/api/blobs/{ref['blob']}", params={"download": "1"})
    assert response.content == b"\x00\x01data"
    disposition = response.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "x-injected" not in response.headers
    assert 'filename="evil___X-Injected: 1.bin"' in disposition  # the name kept, but no quote and no CR/LF


def test_user_messages_reach_the_outcome_and_the_entity_job_log(results_app):
    client, entity_id = results_app
    job = run(client, entity_id, "data")
    assert [(m["kind"], m["message"]) for m in job["messages"]] == [("info", "n is 1"), ("warning", "careful")]
    run(client, entity_id, "act")
    log = client.get(f"/api/entities/{entity_id}/jobs").json()["jobs"]
    assert [entry["method"] for entry in log[:2]] == ["act", "data"]  # newest first
    assert log[0]["messages"][0]["message"] == "acted" and log[0]["status"] == "ok"
    assert log[1]["trigger"] == "view" and len(log[1]["messages"]) == 2
    assert client.get("/api/entities/999/jobs").status_code == 404


def test_progress_updates_stream_while_the_job_runs(results_app):
    client, entity_id = results_app
    params = {"n": 1, "sleep": 3, "show_wide": False}
    job_id = start(client, entity_id, "progress", params)
    arrivals: list[tuple[float, str, dict]] = []
    began = time.monotonic()
    with client.stream("GET", f"/api/jobs/{job_id}/events") as stream:
        event = None
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event:
                arrivals.append((time.monotonic() - began, event, json.loads(line.split(":", 1)[1])))
                if event == "end":
                    break
    progress = [(t, data) for t, kind, data in arrivals if kind == "progress"]
    end_time = next(t for t, kind, _ in arrivals if kind == "end")
    # The worker passes at most 50 updates a second (job_messages.PROGRESS_INTERVAL_SECONDS): how many of the
    # 100 arrive depends on the machine's load, but they arrive in order and the last one always does.
    percentages = [data["percentage"] for _, data in progress]
    assert percentages == sorted(set(percentages)) and percentages[-1] == 100, percentages
    # (the stream may open after the first steps were published: pub/sub keeps nothing for late listeners)
    assert all(data["message"] == f"step {data['percentage']:.0f}" for _, data in progress)
    assert progress[len(progress) // 2][0] < end_time - 0.5  # they arrive during the job, not at its end
    assert all(data["message"] != "step 100" or data["percentage"] == 100 for _, data in progress)


@pytest.mark.parametrize(
    ("method", "problem"),
    [
        ("wrong_type", "DataView 'wrong_type' must return a DataResult, not dict"),
        ("not_json", "PlotlyView 'not_json' returned a result that cannot be shown: PlotlyResult: the figure"),
        ("too_big", "DataView 'too_big' returned a result that cannot be shown: DataResult is"),
    ],
)
def test_bad_results_name_the_method_and_the_problem_and_the_worker_keeps_serving(results_app, method, problem):
    client, entity_id = results_app
    job = run(client, entity_id, method)
    assert job["status"] == "failed"
    assert job["error"]["kind"] == "app"
    assert job["error"]["message"].startswith(problem), job["error"]["message"]
    assert run(client, entity_id, "data")["status"] == "finished"


def test_a_button_returning_another_buttons_result_is_named_in_a_warning(results_app):
    # The SDK's job handler passes any button result on (tests/workers/test_runners_returned_values.py).
    client, entity_id = results_app
    job = run(client, entity_id, "wrong_download")
    assert job["status"] == "finished" and job["result"]["type"] == "SetParamsResult"
    expected = "DownloadButton 'wrong_download' returned a SetParamsResult, not the documented DownloadResult"
    assert job["messages"][0]["kind"] == "warning" and job["messages"][0]["message"].startswith(expected)


def test_a_newer_run_of_a_view_stops_the_older_one(results_app):
    client, entity_id = results_app
    first = start(client, entity_id, "slow", {"n": 1, "sleep": 20, "show_wide": False})
    deadline = time.monotonic() + 120
    while client.get(f"/api/jobs/{first}").json()["status"] != "started":
        assert time.monotonic() < deadline, "the first job never started"
        time.sleep(0.05)
    queued = start(client, entity_id, "slow", {"n": 2, "sleep": 20, "show_wide": False})
    last = start(client, entity_id, "slow", {"n": 3, "sleep": 0, "show_wide": False})
    assert finish(client, first, timeout=60)["status"] in ("stopped", "failed")  # stopped mid-sleep
    assert finish(client, queued, timeout=60)["status"] in ("stopped", "failed")  # dropped before it ran
    newest = finish(client, last)
    assert newest["status"] == "finished" and newest["result"]["data"][0]["value"] == 3


def test_view_visible_callbacks_come_back_with_the_callback_job(results_app):
    client, entity_id = results_app
    app = client.get("/api/app").json()
    wide = next(v for v in app["entity_types"][0]["views"] if v["method"] == "wide")
    assert wide["visible"] == {"dynamic": True}
    assert app["entity_types"][0]["parametrization"]["has_callbacks"] is True
    for shown in (False, True):
        params = {"n": 1, "sleep": 0, "show_wide": shown}
        response = client.post(f"/api/entities/{entity_id}/callbacks", json={"params": params})
        assert response.status_code == 202, response.text
        job = finish(client, response.json()["job_id"])
        assert job["result"]["values"]["wide"] == {"visible": shown}


def test_unexpected_errors_show_a_traceback_in_dev_and_a_short_message_with_the_job_id_in_production(start_module_app):
    dev = start_module_app("results")
    with dev.client() as client:
        error = run(client, new_entity(client, "Results"), "crash")["error"]
        assert error["message"] == "RuntimeError: boom" and 'raise RuntimeError("boom")' in error["traceback"]
    production = start_module_app("results", production=True)
    with production.client() as client:
        job_id = start(client, new_entity(client, "Results"), "crash")
        error = finish(client, job_id)["error"]
        assert "traceback" not in error and "boom" not in error["message"]
        assert job_id in error["message"]


def test_a_map_select_interaction_hands_the_selection_to_the_method_as_event(results_app):
    client, entity_id = results_app
    body = {"method": "pick", "event": {"type": "map_select", "value": [1]}}
    response = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert response.status_code == 202, response.text
    job = finish(client, response.json()["job_id"])
    assert job["messages"][0]["message"] == "picked map_select [1]"  # identifiers keep their type

    too_many = {"method": "pick", "event": {"type": "map_select", "value": [1, 2]}}
    response = client.post(f"/api/entities/{entity_id}/jobs", json=too_many)
    assert response.status_code == 422 and "select exactly 1 features, not 2" in response.json()["error"]
    no_interaction = {"method": "act", "event": {"type": "map_select", "value": [1]}}
    response = client.post(f"/api/entities/{entity_id}/jobs", json=no_interaction)
    assert response.status_code == 422 and "not a button with an interaction" in response.json()["error"]
