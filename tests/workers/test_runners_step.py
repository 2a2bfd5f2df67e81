"""workers/runners/step.py in the test process: a Step's on_next lets the user on or holds them back.

The same steps through real worker processes: ``test_parametrization_jobs.py``.
"""

from __future__ import annotations

from support import SAMPLE_APPS


def test_on_next_holds_the_user_back_with_a_user_error_and_lets_them_on_when_fixed(in_process):
    app = in_process(SAMPLE_APPS / "inputs")
    blocked = app.run("site", {}, trigger="step", entity_type="Survey")
    assert blocked.error["kind"] == "user"
    assert blocked.error["input_violations"] == [{"message": "A site needs a name", "fields": ["site.name"]}]
    params = {"site": {"name": "Delft", "has_soil": True}}
    passed = app.run("site", params, trigger="step", entity_type="Survey")
    assert passed.result == {"type": "StepResult", "step": "site"}


def test_a_step_without_on_next_passes_and_one_that_is_not_there_is_refused(in_process):
    app = in_process(SAMPLE_APPS / "inputs")
    assert app.run("soil", {}, trigger="step", entity_type="Survey").result == {"type": "StepResult", "step": "soil"}
    for method in ("nope", "__class__", "overview"):
        ran = app.run(method, {}, trigger="step", entity_type="Survey")
        assert ran.error == {"kind": "system", "message": f"Survey has no step {method!r}"}
