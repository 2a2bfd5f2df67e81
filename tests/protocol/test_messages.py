"""The job request, the outcome and the result envelope are protocol models: what the SDK's results
serialise to fits them exactly, a malformed job request is refused with a named error, and the
``/openapi.json`` schemas of these messages check real response bodies."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import jsonschema_rs
import pytest

import viktorlite.sdk as vkt
from viktorlite.jobs.queue import read_outcome
from viktorlite.protocol.job_request import JobRequest, MalformedJobRequest, parse_job_request
from viktorlite.protocol.outcome import OUTCOME, Failed, JobError, outcome_json
from viktorlite.protocol.result import RESULT
from viktorlite.sdk._result_io import MemoryBlobSink
from viktorlite.sdk.result import serialize_button_result
from viktorlite.sdk.views import serialize_result
from viktorlite.web.routes.openapi import build_openapi

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
GLTF = json.dumps({"asset": {"version": "2.0"}, "scenes": [{"nodes": []}], "scene": 0}).encode()


def data() -> Any:
    return vkt.DataGroup(
        vkt.DataItem("Length", 2.5, suffix="m", status=vkt.DataStatus.WARNING, status_message="long"),
        total=vkt.DataItem("Total", 3, subgroup=vkt.DataGroup(part=vkt.DataItem("Part", "a"))),
    )


def sites() -> list[Any]:
    return [vkt.MapPoint(52.0, 4.0, title="west", identifier="w"), vkt.MapPoint(52.1, 4.4, identifier="e")]


FIGURE = {"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}], "layout": {}}
GEOJSON = {"type": "FeatureCollection", "features": []}
#: One SDK result of every kind a view or button can return, as an app builds it.
VIEW_RESULTS: dict[str, Callable[[], Any]] = {
    "DataResult": lambda: vkt.DataResult(data()),
    "PlotlyResult": lambda: vkt.PlotlyResult(FIGURE),
    "PlotlyAndDataResult": lambda: vkt.PlotlyAndDataResult(FIGURE, data()),
    "ImageResult": lambda: vkt.ImageResult(io.BytesIO(PNG)),
    "ImageAndDataResult": lambda: vkt.ImageAndDataResult(io.BytesIO(PNG), data()),
    "PDFResult": lambda: vkt.PDFResult(url="https://example.com/a.pdf"),
    "WebResult": lambda: vkt.WebResult(html="<p>hi</p>"),
    "WebAndDataResult": lambda: vkt.WebAndDataResult(html="<p>hi</p>", data=data()),
    "TableResult": lambda: vkt.TableResult([[1, "a", True], [2.5, None, False]], column_headers=["n", "s", "b"]),
    "GeometryResult": lambda: vkt.GeometryResult(io.BytesIO(GLTF)),
    "GeometryAndDataResult": lambda: vkt.GeometryAndDataResult(io.BytesIO(GLTF), data()),
    "MapResult": lambda: vkt.MapResult(sites(), interaction_groups={"west": [sites()[0]]}),
    "MapAndDataResult": lambda: vkt.MapAndDataResult(sites(), data()),
    "GeoJSONResult": lambda: vkt.GeoJSONResult(GEOJSON),
    "GeoJSONAndDataResult": lambda: vkt.GeoJSONAndDataResult(GEOJSON, data()),
}
BUTTON_RESULTS: dict[str, Callable[[], Any]] = {
    "DownloadResult": lambda: vkt.DownloadResult(b"bytes", "out.bin"),
    "SetParamsResult": lambda: vkt.SetParamsResult({"n": 2, "section": {"x": None}}),
    "OptimizationResult": lambda: vkt.OptimizationResult(
        [vkt.OptimizationResultElement({"n": 1}, {"cost": 3.0})], ["n"], output_headers={"cost": "Cost"}
    ),
}


def serialised(kind: str) -> dict[str, Any]:
    if kind in VIEW_RESULTS:
        payload = serialize_result(VIEW_RESULTS[kind](), MemoryBlobSink())
    else:
        payload = serialize_button_result(BUTTON_RESULTS[kind](), MemoryBlobSink())
    assert payload is not None
    return json.loads(json.dumps(payload))


@pytest.mark.parametrize("kind", [*VIEW_RESULTS, *BUTTON_RESULTS])
def test_every_result_the_sdk_serialises_fits_its_model_exactly(kind: str):
    payload = serialised(kind)
    model = RESULT.validate_python(payload)
    assert type(model).__name__ == kind
    assert model.model_extra == {}, f"{kind} sends keys its model does not declare: {model.model_extra}"
    assert model.model_dump(mode="json", exclude_unset=True) == payload


def test_a_result_of_an_unknown_type_or_without_its_parts_is_refused():
    for payload in ({"type": "SpreadsheetResult"}, {"type": "ImageResult"}, {"type": "DataResult", "data": [{}]}):
        with pytest.raises(ValueError):
            RESULT.validate_python(payload)


def test_a_malformed_job_request_is_refused_naming_every_key_that_is_wrong():
    with pytest.raises(MalformedJobRequest) as refused:
        parse_job_request({"app": "a", "method": "m", "trigger": "now", "colour": "red", "params": []})
    message = str(refused.value)
    assert message.startswith("malformed job request: ")
    for named in ("entity_type: Field required", "trigger:", "colour: Extra inputs are not permitted", "params:"):
        assert named in message
    with pytest.raises(MalformedJobRequest, match="request:"):
        parse_job_request(["not", "a", "request"])
    with pytest.raises(MalformedJobRequest, match="event"):
        parse_job_request({"app": "a", "entity_type": "T", "method": "m", "event": {"type": "lasso", "value": []}})


def test_a_job_request_round_trips_and_an_older_one_without_newer_keys_still_reads():
    request = JobRequest(
        app="a", entity_type="T", method="m", trigger="button", event={"type": "map_select", "value": [1, "x"]}
    )
    assert parse_job_request(json.loads(json.dumps(request.model_dump(mode="json")))) == request
    older = parse_job_request({"app": "a", "entity_type": "T", "method": "m"})
    assert (older.trigger, older.user, older.params, older.upload) == ("view", "local user", {}, None)


def test_outcomes_keep_only_the_keys_that_were_set():
    failed = OUTCOME.validate_python({"worker": "w", "ok": False, "error": {"kind": "user", "message": "no"}})
    assert outcome_json(failed) == {"worker": "w", "ok": False, "error": {"kind": "user", "message": "no"}}
    succeeded = OUTCOME.validate_python({"ok": True, "result": serialised("PDFResult"), "messages": []})
    assert outcome_json(succeeded)["result"] == {"type": "PDFResult", "url": "https://example.com/a.pdf", "file": None}


def test_a_stored_outcome_that_is_not_one_reads_as_a_failed_job_saying_why():
    for raw in (b"{", json.dumps({"ok": True}), json.dumps({"ok": False, "error": {"kind": "oops", "message": "x"}})):
        outcome = read_outcome(raw)
        assert outcome["ok"] is False
        assert outcome["error"]["kind"] == "system"
        assert outcome["error"]["message"].startswith("The job's outcome cannot be read")
    kept = outcome_json(Failed(ok=False, stopped=True, error=JobError(kind="system", message="replaced")))
    assert read_outcome(json.dumps(kept)) == kept


def response_validator(component: str) -> Any:
    """A validator of a response body against ``component`` of the published ``/openapi.json``."""
    document = build_openapi()
    return jsonschema_rs.validator_for(
        {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    )


def test_the_job_state_schema_in_openapi_checks_each_result_type():
    document = build_openapi()
    job_state = document["components"]["schemas"]["JobState"]
    result_refs = {option["$ref"] for option in job_state["properties"]["result"]["anyOf"][0]["oneOf"]}
    assert {f"#/components/schemas/{kind}" for kind in [*VIEW_RESULTS, *BUTTON_RESULTS]} <= result_refs
    assert job_state["properties"]["error"]["anyOf"][0] == {"$ref": "#/components/schemas/JobError"}
    validator = response_validator("JobState")
    for kind in [*VIEW_RESULTS, *BUTTON_RESULTS]:
        body = {"id": "j", "status": "finished", "result": serialised(kind), "messages": []}
        validator.validate(body)
        broken = {**body, "result": {**body["result"], "type": "NoSuchResult"}}
        assert not validator.is_valid(broken), kind
    failed = {"id": "j", "status": "failed", "error": {"kind": "user", "message": "m", "input_violations": []}}
    validator.validate(failed)
    assert not validator.is_valid({**failed, "error": {"kind": "mystery", "message": "m"}})


def test_start_job_takes_the_protocols_interaction_event():
    schemas = build_openapi()["components"]["schemas"]
    assert schemas["StartJob"]["properties"]["event"]["anyOf"][0] == {"$ref": "#/components/schemas/InteractionEvent"}
    assert schemas["InteractionEvent"]["additionalProperties"] is False
