"""The parametrization at run time: callback jobs, step jobs, params checks, uploads and assets.

Runs sample_apps/inputs on real worker processes behind the real web app.
"""

from __future__ import annotations

from typing import Any

import pytest
import redis
from starlette.testclient import TestClient

from support import SAMPLE_APPS
from viktorlite.store.blobs import BlobStore


@pytest.fixture
def inputs(start_module_app):
    running = start_module_app(SAMPLE_APPS / "inputs")  # one worker for the module; each test has its own entities
    with running.client() as client:
        project = client.post("/api/entities", json={"entity_type": "Project", "name": "P"}).json()
        design = client.post("/api/entities", json={"entity_type": "Design", "name": "D", "parent_id": project["id"]})
        assert design.status_code == 201, design.text
        yield running, client, design.json()["id"]


def wait(client: TestClient, started) -> dict[str, Any]:
    assert started.status_code == 202, started.text
    job = client.get(f"/api/jobs/{started.json()['job_id']}", params={"wait": 60})
    assert job.status_code == 200, job.text
    return job.json()


def design_params(client: TestClient, entity_id: int) -> dict[str, Any]:
    return client.get(f"/api/entities/{entity_id}").json()["params"]


def callbacks(client: TestClient, entity_id: int, params: dict[str, Any]) -> dict[str, Any]:
    job = wait(client, client.post(f"/api/entities/{entity_id}/callbacks", json={"params": params}))
    assert job["status"] == "finished", job
    assert job["result"]["type"] == "CallbackResult"
    return job["result"]


def test_manifest_lists_buttons_and_marks_callbacks(inputs):
    _, client, _ = inputs
    design = next(t for t in client.get("/api/app").json()["entity_types"] if t["name"] == "Design")
    assert design["parametrization"]["has_callbacks"] is True
    assert [(b["method"], b["type"]) for b in design["buttons"]] == [
        ("run_analysis", "ActionButton"),
        ("run_analysis", "ActionButton"),  # AnalyseButton is ActionButton's old name
        ("download_report", "DownloadButton"),
        ("reset_span", "SetParamsButton"),
        ("optimise", "OptimizationButton"),
        ("run_analysis", "ActionButton"),
    ]
    assert design["buttons"][2]["longpoll"] is False and design["buttons"][0]["longpoll"] is True
    assert design["buttons"][5]["interaction"]["type"] == "map_select"


def test_one_callback_job_evaluates_every_dynamic_attribute(inputs):
    _, client, entity_id = inputs
    params = design_params(client, entity_id)
    result = callbacks(client, entity_id, params)
    values = result["values"]
    assert values["basics.choices.grade"]["options"] == [
        {"value": v, "label": v, "visible": True} for v in ("S235", "S355", "S460")
    ]
    assert values["basics.numbers.area"]["value"] == 0.15  # 0.3 * 0.5
    assert values["basics.numbers.eccentricity"]["max"] == 3.0  # half the span
    assert values["constraints.by_callback"]["visible"] is False  # load 20 is not heavy
    assert values["constraints.doubled_span"]["value"] == 12  # FunctionLookup(doubled, span 6)
    assert values["rows.beams.total"]["value"] == {"per_row": [4]}  # one value per row
    assert result["warnings"] == []
    # declarative constraints stay in the browser: no values for them
    assert "constraints.by_lookup" not in values

    params["basics"]["choices"]["material"] = "concrete"
    params["basics"]["numbers"]["load"] = 80
    params["rows"]["beams"].append({"length": 2, "count": 3, "kind": "timber"})
    values = callbacks(client, entity_id, params)["values"]
    assert values["basics.choices.grade"]["options"] == [{"value": "C30/37", "label": "C30/37", "visible": True}]
    assert values["constraints.by_callback"]["visible"] is True
    assert values["rows.beams.total"]["value"] == {"per_row": [4, 6]}


def test_a_failing_callback_is_a_warning_not_a_failed_form(inputs):
    _, client, entity_id = inputs
    params = design_params(client, entity_id)
    params["basics"]["numbers"]["span"] = None  # half_span: None / 2 raises TypeError
    result = callbacks(client, entity_id, params)
    assert {(w["path"], w["attribute"]) for w in result["warnings"]} >= {("basics.numbers.eccentricity", "max")}
    assert "TypeError" in result["warnings"][0]["message"]
    assert "basics.choices.grade" in result["values"]  # the others still came back


def test_step_on_next_blocks_with_a_user_error_and_lets_through_when_fixed(inputs):
    _, client, _ = inputs
    project = client.post("/api/entities", json={"entity_type": "Project", "name": "P2"}).json()
    survey = client.post("/api/entities", json={"entity_type": "Survey", "name": "S", "parent_id": project["id"]})
    survey_id = survey.json()["id"]
    blocked = wait(client, client.post(f"/api/entities/{survey_id}/steps/site/next", json={"params": {}}))
    assert blocked["status"] == "failed"
    assert blocked["error"]["kind"] == "user"
    assert blocked["error"]["input_violations"] == [{"message": "A site needs a name", "fields": ["site.name"]}]
    params = {"site": {"name": "Delft", "has_soil": True}}
    passed = wait(client, client.post(f"/api/entities/{survey_id}/steps/site/next", json={"params": params}))
    assert passed["status"] == "finished"
    assert passed["result"] == {"type": "StepResult", "step": "site"}
    # a step without on_next passes; a step that does not exist is a 404
    assert (
        wait(client, client.post(f"/api/entities/{survey_id}/steps/soil/next", json={"params": params}))["status"]
        == "finished"
    )
    missing = client.post(f"/api/entities/{survey_id}/steps/nope/next", json={"params": params})
    assert missing.status_code == 404 and "no step 'nope'" in missing.json()["error"]
    # the step callback of the survey's enabled constraint
    values = callbacks(client, survey_id, params)["values"]
    assert values["soil"]["enabled"] is True
    assert callbacks(client, survey_id, {"site": {"has_soil": False}})["values"]["soil"]["enabled"] is False


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"basics": {"numbers": {"span": "long"}}}, "basics.numbers.span", "must be a number"),
        ({"basics": {"numbers": {"span": 99}}}, "basics.numbers.span", "must be at most 40"),
        ({"basics": {"numbers": {"count": 2.5}}}, "basics.numbers.count", "whole number"),
        ({"basics": {"choices": {"material": "gold"}}}, "basics.choices.material", "'gold' is not one of the options"),
        ({"basics": {"choices": {"checks": ["bending", "torsion"]}}}, "basics.choices.checks", "'torsion'"),
        ({"basics": {"text": {"start": "2024-02-30"}}}, "basics.text.start", "not a date"),
        ({"basics": {"text": {"colour": {"r": 300, "g": 0, "b": 0}}}}, "basics.text.colour", "0-255"),
        ({"places": {"location": {"lat": 91, "lon": 0}}}, "places.location", "out of range"),
        ({"places": {"route": {"points": [{"lat": 1, "lon": 1}]}}}, "places.route", "at least 2 points"),
        ({"places": {"drawing": "file.txt"}}, "places.drawing", "uploaded file"),
        ({"places": {"sibling": "me"}}, "places.sibling", "entity id"),
        ({"rows": {"beams": [{"length": "x"}]}}, "rows.beams.0.length", "must be a number"),
        ({"rows": {"beams": [{"nope": 1}]}}, "rows.beams.0.nope", "no such column"),
        ({"rows": {"beams": []}}, "rows.beams", "at least 1 rows"),
        ({"basics": {"numbers": {"unknown": 1}}}, "basics.numbers.unknown", "no such field"),
        ({"basics": 5}, "basics", "must be an object"),
        (  # max=Lookup("basics.numbers.count"): read from the same params
            {"constraints": {"limited": 5}, "basics": {"numbers": {"count": 2}}},
            "constraints.limited",
            "must be at most 2",
        ),
    ],
)
def test_params_that_do_not_fit_are_refused_naming_the_field(inputs, change, field, says):
    _, client, entity_id = inputs
    before = client.get(f"/api/entities/{entity_id}").json()
    response = client.put(f"/api/entities/{entity_id}/params", json={"params": change})
    assert response.status_code == 422, response.text
    body = response.json()
    assert says in body["error"]
    assert field in [p["field"] for p in body["problems"]]
    assert client.get(f"/api/entities/{entity_id}").json() == before  # nothing saved
    # the same params are refused for a view job and a new entity too
    job = client.post(f"/api/entities/{entity_id}/jobs", json={"method": "summary", "params": change})
    assert job.status_code == 422 and says in job.json()["error"]


def test_hidden_fields_and_callback_jobs_skip_range_checks(inputs):
    _, client, entity_id = inputs
    # by_lookup is hidden (advanced is False): its value is not range-checked, only type-checked
    params = {"constraints": {"advanced": False, "by_lookup": 1e9}, "basics": {"numbers": {"span": 99}}}
    saved = client.put(f"/api/entities/{entity_id}/params", json={"params": {"constraints": params["constraints"]}})
    assert saved.status_code == 200, saved.text
    started = client.post(f"/api/entities/{entity_id}/callbacks", json={"params": params})
    assert started.status_code == 202  # callbacks run while a field is out of range
    refused = client.post(f"/api/entities/{entity_id}/callbacks", json={"params": {"basics": {"numbers": {"x": 1}}}})
    assert refused.status_code == 422 and "basics.numbers.x" in refused.json()["error"]


def test_saved_params_round_trip_with_every_value_type(inputs):
    running, client, entity_id = inputs
    params = design_params(client, entity_id)
    params["basics"]["text"]["start"] = "2025-03-04"
    params["places"]["location"] = {"lat": 52.0, "lon": 4.36}
    params["places"]["plot"] = {"points": [{"lat": 52, "lon": 4}, {"lat": 52.1, "lon": 4}, {"lat": 52, "lon": 4.1}]}
    params["hidden_value"] = {"anything": ["goes", 1]}
    saved = client.put(f"/api/entities/{entity_id}/params", json={"params": params})
    assert saved.status_code == 200, saved.text
    job = wait(client, client.post(f"/api/entities/{entity_id}/jobs", json={"method": "summary"}))
    values = {item["label"]: item["value"] for item in job["result"]["data"]}
    assert values["Start"] == "date 2025-03-04"  # a datetime.date in the app
    assert values["Colour"] == "#2b50ec"  # a Color in the app
    assert values["Location"] == "GeoPoint(lat=5.200e+01, lon=4.360e+00)"  # str() as the real SDK 14.36.2 gives it


def test_upload_checks_the_field_then_stores_the_file(inputs):
    running, client, entity_id = inputs
    url = "/api/uploads?entity_type=Design&field=places.drawing"
    ok = client.post(url, files={"file": ("notes.TXT", b"hello upload", "text/plain")})
    assert ok.status_code == 201, ok.text
    body = ok.json()
    assert (body["filename"], body["size"]) == ("notes.TXT", 12)  # the extension check ignores case
    store = BlobStore(redis.Redis.from_url(running.redis_url), running.name)
    assert store.open(body["file_id"]).read() == b"hello upload"

    wrong_type = client.post(url, files={"file": ("photo.png", b"png", "image/png")})
    assert wrong_type.status_code == 422 and "only .txt, .csv files" in wrong_type.json()["error"]
    too_big = client.post(url, files={"file": ("big.txt", b"x" * 2001, "text/plain")})
    assert too_big.status_code == 413 and "2000 bytes" in too_big.json()["error"]
    no_field = client.post("/api/uploads?entity_type=Design&field=basics.numbers.span", files={"file": ("a.txt", b"")})
    assert no_field.status_code == 404
    not_multipart = client.post(url, content=b"raw", headers={"content-type": "text/plain"})
    assert not_multipart.status_code == 415

    # the stored value reaches the app as a FileResource it can read
    params = design_params(client, entity_id)
    params["places"]["drawing"] = {"file_id": body["file_id"], "filename": body["filename"]}
    job = wait(client, client.post(f"/api/entities/{entity_id}/jobs", json={"method": "summary", "params": params}))
    assert {item["label"]: item["value"] for item in job["result"]["data"]}["Drawing"] == "hello upload"


def test_assets_are_served_from_the_assets_folder_only(inputs):
    running, client, _ = inputs
    image = client.get("/api/assets/beam.svg")
    assert image.status_code == 200
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert "sandbox" in image.headers["content-security-policy"]
    assert image.content == (running.directory / "assets" / "beam.svg").read_bytes()
    for bad in ("../app.py", "..%2Fapp.py", "%2E%2E/app.py", "nope.png", "/etc/passwd"):
        assert client.get(f"/api/assets/{bad}").status_code == 404, bad
