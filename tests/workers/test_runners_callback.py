"""workers/runners/callback.py in the test process: one job evaluates every dynamic attribute.

The same callbacks through real worker processes: ``test_parametrization_jobs.py``.
"""

from __future__ import annotations

from support import SAMPLE_APPS


def callbacks(app, params, entity_type="Design") -> dict:
    result = app.run("callbacks", params, trigger="callback", entity_type=entity_type).result
    assert result["type"] == "CallbackResult"
    return result


def test_every_dynamic_attribute_is_evaluated_and_declarative_ones_are_left_to_the_browser(in_process):
    app = in_process(SAMPLE_APPS / "inputs")
    params = app.default_params("Design")
    result = callbacks(app, params)
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
    assert "constraints.by_lookup" not in values

    params["basics"]["choices"]["material"] = "concrete"
    params["basics"]["numbers"]["load"] = 80
    params["rows"]["beams"].append({"length": 2, "count": 3, "kind": "timber"})
    values = callbacks(app, params)["values"]
    assert values["basics.choices.grade"]["options"] == [{"value": "C30/37", "label": "C30/37", "visible": True}]
    assert values["constraints.by_callback"]["visible"] is True
    assert values["rows.beams.total"]["value"] == {"per_row": [4, 6]}


def test_a_failing_callback_is_a_warning_and_the_others_still_come_back(in_process):
    app = in_process(SAMPLE_APPS / "inputs")
    params = app.default_params("Design")
    params["basics"]["numbers"]["span"] = None  # half_span: None / 2 raises TypeError
    result = callbacks(app, params)
    assert {(w["path"], w["attribute"]) for w in result["warnings"]} >= {("basics.numbers.eccentricity", "max")}
    assert "TypeError" in result["warnings"][0]["message"]
    assert "basics.choices.grade" in result["values"]


def test_a_step_enabled_by_a_callback(in_process):
    app = in_process(SAMPLE_APPS / "inputs")
    assert callbacks(app, {"site": {"has_soil": True}}, "Survey")["values"]["soil"]["enabled"] is True
    assert callbacks(app, {"site": {"has_soil": False}}, "Survey")["values"]["soil"]["enabled"] is False


def test_a_views_visible_callback_comes_back_with_the_callback_job(in_process):
    app = in_process("results")
    for shown in (False, True):
        values = callbacks(app, {"n": 1, "sleep": 0, "show_wide": shown}, "Results")["values"]
        assert values["wide"] == {"visible": shown}


def test_an_unknown_entity_type_is_refused(in_process):
    ran = in_process("results").run("callbacks", {}, trigger="callback", entity_type="Nope")
    assert ran.error["kind"] == "system" and "Nope" in ran.error["message"]
