"""workers/runners/view.py in the test process: params in, a checked result (or a named error) out.

Every case here also holds through real worker processes; those tests (``test_views_and_buttons.py``,
``tests/jobs/test_job_path.py``) prove the path, these the runner's answers case by case.
"""

from __future__ import annotations

import pytest


def values(result: dict) -> dict:
    return {item["label"]: item["value"] for item in result["data"]}


def test_a_view_gets_the_given_params_and_its_messages_are_kept(in_process):
    app = in_process("results")
    ran = app.run("data", {"n": 7})
    assert ran.result["type"] == "DataResult" and values(ran.result) == {"N": 7}
    assert [(m["kind"], m["message"]) for m in ran.messages] == [("info", "n is 7"), ("warning", "careful")]


def test_the_entity_context_arrives_as_keyword_arguments_and_params_may_be_left_out(in_process):
    app = in_process("calculator")
    context = app.run("context", entity_id=5, entity_name="Calc 1", workspace_id=3).result
    assert values(context) == {"Entity id": 5, "Entity name": "Calc 1", "Workspace id": 3}
    assert values(app.run("constant").result) == {"Answer": 42}  # a method without a params parameter


def test_missing_params_arrive_as_empty_values(in_process):
    ran = in_process("calculator").run("result", {"numbers": {"a": 2}})
    assert ran.error["kind"] == "app" and ran.error["message"].startswith("TypeError")  # 2 + None


def test_a_user_error_comes_back_with_its_input_violations(in_process):
    ran = in_process("calculator").run("divide", {"numbers": {"a": 1, "b": 0}, "mode": "sum"})
    assert ran.error == {
        "kind": "user",
        "message": "B must not be zero.",
        "input_violations": [{"message": "Cannot divide by zero", "fields": ["numbers.b"]}],
    }


def test_a_plotly_view_returns_its_figure(in_process):
    ran = in_process("calculator").run("plot")
    assert ran.result == {"type": "PlotlyResult", "figure": {"data": [{"x": [0, 1], "y": [1, 2]}]}}


@pytest.mark.parametrize(
    ("method", "problem"),
    [
        ("wrong_type", "DataView 'wrong_type' must return a DataResult, not dict"),
        ("not_json", "PlotlyView 'not_json' returned a result that cannot be shown: PlotlyResult: the figure"),
        ("too_big", "DataView 'too_big' returned a result that cannot be shown: DataResult is"),
    ],
)
def test_a_bad_result_names_the_method_and_the_problem(in_process, method, problem):
    ran = in_process("results").run(method)
    assert ran.error["kind"] == "app"
    assert ran.error["message"].startswith(problem), ran.error["message"]


def test_an_unexpected_error_has_its_traceback_in_dev_and_only_the_job_id_in_production(in_process):
    dev = in_process("results").run("crash")
    assert dev.error["message"] == "RuntimeError: boom" and 'raise RuntimeError("boom")' in dev.error["traceback"]
    production = in_process("results", production=True).run("crash")
    assert "traceback" not in production.error and "boom" not in production.error["message"]
    assert production.job_id in production.error["message"]


@pytest.mark.parametrize(
    ("entity_type", "method", "says"),
    [
        ("Results", "nope", "Results has no view method 'nope'"),
        ("Results", "act", "Results has no view method 'act'"),  # a button's method is not a view
        ("Results", "__init__", "no view method"),
        ("Nope", "data", "Nope"),
    ],
)
def test_what_is_not_a_view_of_the_app_is_refused_before_any_app_code_runs(in_process, entity_type, method, says):
    ran = in_process("results").run(method, {}, entity_type=entity_type)
    assert ran.error["kind"] == "system" and says in ran.error["message"], ran.error
