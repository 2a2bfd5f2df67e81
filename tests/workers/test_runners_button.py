"""workers/runners/button.py in the test process: each button type gets the result its type promises.

The same buttons through real worker processes: ``test_views_and_buttons.py``.
"""

from __future__ import annotations

import pytest

from support import SAMPLE_APPS
from viktorlite.store.blobs import BlobStore


def test_a_download_button_stores_its_file_as_a_blob_under_a_sanitised_name(in_process):
    app = in_process("results")
    result = app.run("download", trigger="button").result
    assert result["type"] == "DownloadResult"
    blobs = BlobStore(app.connection, app.name)
    assert blobs.open(result["file"]["blob"]).read() == b"\x00\x01data"
    assert "\r" not in result["file"]["filename"] and "\n" not in result["file"]["filename"]


def test_a_button_returning_another_buttons_result_passes_it_on_with_a_warning(in_process):
    # As the SDK's job handler does (tests/workers/test_runners_returned_values.py).
    ran = in_process("results").run("wrong_download", trigger="button")
    assert ran.result["type"] == "SetParamsResult"
    expected = "DownloadButton 'wrong_download' returned a SetParamsResult, not the documented DownloadResult"
    assert ran.messages[0]["kind"] == "warning" and ran.messages[0]["message"].startswith(expected)


def test_an_action_button_answers_an_action_result_and_its_messages(in_process):
    ran = in_process("results").run("act", trigger="button")
    assert ran.result == {"type": "ActionResult"}
    assert [(m["kind"], m["message"]) for m in ran.messages] == [("success", "acted")]


def test_an_interaction_hands_the_selection_to_the_method_as_event(in_process):
    ran = in_process("results").run("pick", trigger="button", event={"type": "map_select", "value": [1]})
    assert ran.result == {"type": "ActionResult"}
    assert ran.messages[0]["message"] == "picked map_select [1]"  # identifiers keep their type


@pytest.mark.parametrize("method", ["data", "nope", "__init__", "_private"])
def test_a_method_no_button_names_is_refused_before_any_app_code_runs(in_process, method):
    ran = in_process("results").run(method, trigger="button")
    assert ran.error["kind"] == "system"
    assert ran.error["message"] == f"Results has no button for method {method!r}"
    assert ran.messages == []


def test_set_params_and_optimization_buttons_of_the_inputs_sample(in_process):
    app = in_process(SAMPLE_APPS / "inputs")
    reset = app.run("reset_span", trigger="button", entity_type="Design").result
    assert reset == {"type": "SetParamsResult", "params": {"basics": {"numbers": {"span": 6}}}}
    optimised = app.run("optimise", trigger="button", entity_type="Design").result
    assert optimised["type"] == "OptimizationResult" and optimised["input_columns"] == ["basics.numbers.span"]
    assert [row["analysis_result"] for row in optimised["rows"]] == [{"weight": 40}, {"weight": 60}, {"weight": 80}]
    assert optimised["output_headers"] == [{"key": "weight", "title": "Weight"}]
