"""What app methods return, end to end through real workers, compared with the real SDK's job handler.

tests/apps/returned_values holds one method per case (views and buttons returning None, a dict, a
result of another type; SetParamsResult and DownloadResult contents; ways to declare a method;
Step ``on_next`` and @ParamsFromFile returns). The matrix in docs/compatibility.md ("What methods
may return") is what these tests check: the expected outcome of every case here, and, when the
real SDK's throwaway environment exists, the same cases run through its own job handler
(tools/job_handler_calls.py) must end the same way.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from starlette.testclient import TestClient

from real_sdk import LAST_13, LATEST_14, ROOT, real_sdk_python
from support import APPS, copy_app, wait_for_manifest, wait_until
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

APP = APPS / "returned_values"
HANDLER_TOOL = ROOT / "tools" / "job_handler_calls.py"

VIEWS = [
    "DataView",
    "PlotlyView",
    "PlotlyAndDataView",
    "MapView",
    "MapAndDataView",
    "GeoJSONView",
    "GeoJSONAndDataView",
    "WebView",
    "WebAndDataView",
    "ImageView",
    "ImageAndDataView",
    "PDFView",
    "GeometryView",
    "GeometryAndDataView",
    "TableView",
]
BUTTONS = ["SetParamsButton", "DownloadButton", "ActionButton", "OptimizationButton"]
#: The result kind each button type documents (viktor_api.md §11); ActionButton documents none.
OWN_RESULT = {"SetParamsButton": "set_params", "DownloadButton": "download", "OptimizationButton": "optimization"}

ERROR = {"outcome": "error"}
NOTHING = {"outcome": "nothing"}


def result(kind: str, **details: Any) -> dict[str, Any]:
    return {"outcome": "result", "kind": kind, **details}


def _zip_of_abc() -> dict[str, Any]:
    return result("download", zip={"a.txt": "abc"})


#: Every case of the app: (entity type, method, trigger) -> how the real SDK's handler ends it.
EXPECTED: dict[tuple[str, str, str], dict[str, Any]] = {}
for _view in VIEWS:
    for _case in ("none", "dict", "wrong"):
        EXPECTED["Returns", f"{_view}__{_case}", "view"] = ERROR
for _button in BUTTONS:
    EXPECTED["Returns", f"{_button}__none", "button"] = NOTHING
    for _case in ("dict", "str", "true"):
        EXPECTED["Returns", f"{_button}__{_case}", "button"] = ERROR
    EXPECTED["Returns", f"{_button}__data", "button"] = result("view")
    EXPECTED["Returns", f"{_button}__setparams", "button"] = result("set_params", params={"n": 2})
    EXPECTED["Returns", f"{_button}__download", "button"] = result("download", content="abc")
    EXPECTED["Returns", f"{_button}__optimization", "button"] = result("optimization")
EXPECTED.update(
    {
        ("Returns", "setparams__unknown", "button"): result("set_params", params={"nope": 1}),
        ("Returns", "setparams__badtype", "button"): result("set_params", params={"n": "abc"}),
        ("Returns", "setparams__nested_unknown", "button"): result("set_params", params={"tab": {"deep": 1}}),
        ("Returns", "setparams__empty", "button"): result("set_params", params={}),
        ("Returns", "setparams__notdict", "button"): ERROR,
        ("Returns", "download__str", "button"): result("download", content="abc"),
        ("Returns", "download__bytes", "button"): result("download", content="abc"),
        ("Returns", "download__file", "button"): result("download", content="abc"),
        ("Returns", "download__bytesio", "button"): result("download", content="abc"),
        ("Returns", "download__stringio", "button"): result("download", content="abc"),
        ("Returns", "download__empty", "button"): result("download", content=""),
        ("Returns", "download__zip_file", "button"): _zip_of_abc(),
        ("Returns", "download__zip_bytesio", "button"): _zip_of_abc(),
        ("Returns", "download__zip_bytes", "button"): ERROR,
        ("Returns", "download__int", "button"): ERROR,
        ("Returns", "download__noname", "button"): ERROR,
        ("Returns", "signature_view__params_only", "view"): ERROR,
        ("Returns", "signature_view__kw_renamed", "view"): ERROR,
        ("Returns", "signature_view__self_only", "view"): ERROR,
        ("Returns", "signature_view__entity_id", "view"): result("view"),
        ("Returns", "signature_view__kwargs_only", "view"): result("view"),
        ("Returns", "signature_view__params_renamed", "view"): ERROR,
        ("Returns", "signature_button__params_only", "button"): ERROR,
        ("Returns", "signature_button__kw_renamed", "button"): ERROR,
        ("Returns", "signature_button__self_only", "button"): result("set_params", params={"n": 2}),
        ("Returns", "signature_button__entity_id", "button"): result("set_params", params={"n": "ENTITY_ID"}),
        ("Returns", "signature_button__kwargs_only", "button"): result("set_params", params={"n": 2}),
        ("Returns", "signature_button__params_renamed", "button"): ERROR,
        ("Stepped", "step_1", "step"): NOTHING,
        ("Stepped", "step_2", "step"): ERROR,
        ("Stepped", "step_3", "step"): NOTHING,
        ("UploadNone", "process", "upload"): result("preprocess", stored=None),
        ("UploadEmpty", "process", "upload"): result("preprocess", stored=None),
        ("UploadDict", "process", "upload"): result("preprocess", stored={"n": 2}),
        ("UploadList", "process", "upload"): ERROR,
        ("UploadStr", "process", "upload"): ERROR,
    }
)

STEP_PARAMS = {"step_1": {"n": 1}, "step_2": {"m": 1}}

#: Where the platform shows nothing although the app probably meant something: the job log says so.
WARNED = {
    **{("Returns", f"{b}__none", "button"): "returned None" for b in OWN_RESULT},
    **{("Returns", f"{b}__data", "button"): "a view result" for b in BUTTONS},
    **{
        ("Returns", f"{b}__{kind}", "button"): "not the documented"
        for b, own in OWN_RESULT.items()
        for kind in ("setparams", "download", "optimization")
        if own != {"setparams": "set_params"}.get(kind, kind)
    },
    ("UploadNone", "process", "upload"): "returned None",
}


def in_viktorlite(key: tuple[str, str, str], real: dict[str, Any]) -> dict[str, Any]:
    """How viktorlite ends a case the real handler ends with ``real``: the same, but a view result from
    a button (which the platform's button cannot show) is nothing."""
    if key[2] == "button" and real.get("kind") == "view":
        return NOTHING
    return real


def _zip_contents(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


class Viktorlite:
    """Runs the cases through the real web app and real workers and says how each ended."""

    def __init__(self, client: TestClient, project_id: int) -> None:
        self.client = client
        self.project_id = project_id
        self.entities: dict[str, int] = {}

    def entity(self, entity_type: str) -> int:
        if entity_type not in self.entities:
            body = {"entity_type": entity_type, "name": entity_type, "parent_id": self.project_id}
            response = self.client.post("/api/entities", json=body)
            assert response.status_code == 201, response.text
            self.entities[entity_type] = int(response.json()["id"])
        return self.entities[entity_type]

    def start(self, entity_type: str, method: str, trigger: str) -> str:
        if trigger == "upload":
            files = {"file": ("a.csv", b"a,b", "text/csv")}
            query = {"entity_type": entity_type, "parent_id": str(self.project_id)}
            response = self.client.post("/api/entities/upload", params=query, files=files)
        elif trigger == "step":
            path = f"/api/entities/{self.entity(entity_type)}/steps/{method}/next"
            response = self.client.post(path, json={"params": STEP_PARAMS})
        else:
            path = f"/api/entities/{self.entity(entity_type)}/jobs"
            response = self.client.post(path, json={"method": method, "params": {"n": 1}})
        assert response.status_code == 202, response.text
        return str(response.json()["job_id"])

    def finish(self, job_id: str) -> dict[str, Any]:
        job = self.client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
        assert job["status"] in ("finished", "failed"), job
        return job

    def outcome(self, job: dict[str, Any]) -> dict[str, Any]:
        if job["status"] == "failed":
            return {"outcome": "error", "error": job["error"]["message"]}
        answer = job["result"]
        kind = answer.get("type")
        if kind in (None, "ActionResult", "StepResult"):
            return NOTHING
        if kind == "SetParamsResult":
            return result("set_params", params=answer["params"])
        if kind == "DownloadResult":
            data = self.client.get(f"/api/blobs/{answer['file']['blob']}").content
            if data.startswith(b"PK"):
                return result("download", zip=_zip_contents(data))
            return result("download", content=data.decode())
        if kind == "OptimizationResult":
            return result("optimization")
        if kind == "UploadResult":
            params = self.client.get(f"/api/entities/{answer['entity']['id']}").json()["params"]
            return result("preprocess", stored=params or None)
        return result("view")


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[dict[str, Any]]:
    """Every case run once through a real worker: its job, its outcome, and the client to look further."""
    parent = tmp_path_factory.mktemp("returned")
    directory = copy_app(APP, parent)
    pool = WorkerPool(directory, redis_url, parent / "data", 1)
    pool.start()
    try:
        connection = redis.Redis.from_url(redis_url)
        wait_for_manifest(connection, directory.name)
        connection.close()
        with TestClient(create_app(redis_url, directory.name, app_dir=directory)) as client:
            wait_until(lambda: client.get("/api/entities").json(), 120, "the initial project")
            project_id = next(e["id"] for e in client.get("/api/entities").json() if e["name"] == "Demo")
            runner = Viktorlite(client, project_id)
            started = {key: runner.start(*key) for key in EXPECTED}
            jobs = {key: runner.finish(job_id) | {"id": job_id} for key, job_id in started.items()}
            yield {
                "jobs": jobs,
                "outcomes": {key: runner.outcome(job) for key, job in jobs.items()},
                "runner": runner,
            }
    finally:
        pool.stop()


def expected_here(key: tuple[str, str, str], runner: Viktorlite) -> dict[str, Any]:
    expected = in_viktorlite(key, EXPECTED[key])
    if expected.get("params") == {"n": "ENTITY_ID"}:
        expected = result("set_params", params={"n": runner.entities["Returns"]})
    return expected


def same_ending(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Errors are alike whatever their words; results must be equal."""
    if expected["outcome"] == "error":
        return actual["outcome"] == "error"
    return actual == expected


def test_every_case_ends_as_the_sdk_job_handler_ends_it(ran):
    wrong = {
        key: (ran["outcomes"][key], expected_here(key, ran["runner"]))
        for key in EXPECTED
        if not same_ending(ran["outcomes"][key], expected_here(key, ran["runner"]))
    }
    assert not wrong, json.dumps({"/".join(k): v for k, v in wrong.items()}, indent=1)


def test_errors_name_the_method_and_what_it_returned(ran):
    errors = {key[1]: outcome["error"] for key, outcome in ran["outcomes"].items() if outcome["outcome"] == "error"}
    assert (
        errors["SetParamsButton__dict"]
        == "SetParamsButton 'SetParamsButton__dict' must return a button result or None, not dict"
    )
    assert (
        errors["ActionButton__str"] == "ActionButton 'ActionButton__str' must return a button result or None, not str"
    )
    assert errors["DataView__none"] == "DataView 'DataView__none' must return a DataResult, not NoneType"
    assert errors["signature_view__params_only"] == (
        "Signature of view method 'signature_view__params_only' should be of format func(self, ..., **kwargs)"
    )
    assert errors["signature_button__kw_renamed"] == (
        "Signature of method 'signature_button__kw_renamed' should be of format func(..., **kwargs)"
    )
    assert "step 'step_2' shouldn't return anything" in errors["step_2"]
    assert "'a.txt'" in errors["download__zip_bytes"] and "bytes" in errors["download__zip_bytes"]


def test_where_the_platform_shows_nothing_the_job_log_has_a_warning(ran):
    for key, job in ran["jobs"].items():
        warnings = [m["message"] for m in job.get("messages") or [] if m["kind"] == "warning"]
        if key in WARNED:
            assert len(warnings) == 1 and key[1] in warnings[0] and WARNED[key] in warnings[0], (key, warnings)
        else:
            assert not warnings, (key, warnings)
    runner = ran["runner"]
    key = ("Returns", "SetParamsButton__none", "button")
    log = runner.client.get(f"/api/entities/{runner.entities['Returns']}/jobs").json()["jobs"]
    entry = next(entry for entry in log if entry["job_id"] == ran["jobs"][key]["id"])
    assert entry["status"] == "ok" and entry["messages"][0]["kind"] == "warning"
    assert "SetParamsButton 'SetParamsButton__none' returned None" in entry["messages"][0]["message"]


def _real_handler(version: str) -> list[dict[str, Any]]:
    try:
        python = real_sdk_python(version)
    except AssertionError as exc:  # no registry here: nothing to compare with
        pytest.skip(f"the real SDK {version} could not be installed: {exc}")
    cases = [
        {
            "entity_type": e,
            "method": m,
            "kind": {"upload": "preprocess"}.get(t, t),
            "params": STEP_PARAMS if t == "step" else {"n": 1},
            "file": "a,b",
        }
        for e, m, t in EXPECTED
    ]
    completed = subprocess.run(
        [str(python), str(HANDLER_TOOL), str(APP)], input=json.dumps(cases), capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


#: What 13.x does differently: a StringIO download arrived in 14.
DIFFERENT_IN_13 = {("Returns", "download__stringio", "button"): ERROR}


@pytest.mark.parametrize("version", [LATEST_14, LAST_13])
def test_the_real_sdk_job_handler_ends_every_case_as_expected(version):
    """The other half: the same app through the real SDK's own handler (tools/job_handler_calls.py)."""
    answers = dict(zip(EXPECTED, _real_handler(version), strict=True))
    wrong = {}
    for key, answer in answers.items():
        expected = EXPECTED[key] if version != LAST_13 else DIFFERENT_IN_13.get(key, EXPECTED[key])
        actual = dict(answer)
        if expected.get("params") == {"n": "ENTITY_ID"}:
            expected = result("set_params", params={"n": 1})  # the tool runs every job for entity 1
        if not same_ending(actual, expected):
            wrong["/".join(key)] = (actual, expected)
    assert not wrong, json.dumps(wrong, indent=1)
