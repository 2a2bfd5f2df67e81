"""View decorators, data objects and result serialisation."""

import base64
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from viktorlite.sdk.views import (
    DataGroup,
    DataItem,
    DataResult,
    DataStatus,
    DataView,
    PlotlyResult,
    PlotlyView,
    ViewSpec,
    serialize_result,
    view_spec_of,
)


class _Controller:
    @DataView("Results", duration_guess=5, update_label="Recompute", description="tooltip")
    def results(self, params, **kwargs):
        return DataResult(DataGroup(DataItem("a", 1)))

    @PlotlyView("Plot")
    def plot(self, params, **kwargs):
        return PlotlyResult({"data": []})

    def not_a_view(self, params, **kwargs):
        return None


def test_view_decorator_keeps_the_function_and_records_a_spec():
    spec = view_spec_of(_Controller.results)
    assert isinstance(spec, ViewSpec)
    assert (spec.type, spec.label, spec.duration_guess, spec.result_type) == (
        "DataView",
        "Results",
        5,
        DataResult,
    )
    assert view_spec_of(_Controller().results) == spec  # bound methods work too
    assert view_spec_of(_Controller.not_a_view) is None
    assert isinstance(_Controller().results(None), DataResult)  # still a plain method


def test_view_spec_json():
    spec = view_spec_of(_Controller.results)
    assert spec is not None
    assert spec.to_json("results") == {
        "method": "results",
        "type": "DataView",
        "label": "Results",
        "duration_guess": 5,
        "update_label": "Recompute",
        "description": "tooltip",
        "visible": True,
    }
    plot = view_spec_of(_Controller.plot)
    assert plot is not None
    assert plot.to_json("plot")["duration_guess"] == 1  # the documented default
    assert plot.result_type is PlotlyResult


def test_view_unknown_kwargs_warn():
    with pytest.warns(UserWarning, match="view_mode"):
        DataView("x", view_mode="2D")


def test_data_result_serialises_nested_subgroups():
    group = DataGroup(
        DataItem("plain", "text"),
        total=DataItem(
            "Total",
            np.float64(12.345),  # numpy values are common in apps
            DataGroup(part=DataItem("Part", np.int64(3), DataGroup(DataItem("Leaf", 1.0)))),  # type: ignore[arg-type]
            prefix="~",
            suffix="kN",
            number_of_decimals=1,
            status=DataStatus.WARNING,
            status_message="check",
            explanation_label="a + b",
        ),
    )
    result = serialize_result(DataResult(group))
    json.dumps(result)
    assert result["type"] == "DataResult"
    plain, total = result["data"]
    assert plain == {
        "key": None,
        "label": "plain",
        "value": "text",
        "prefix": "",
        "suffix": "",
        "number_of_decimals": None,
        "status": "info",
        "status_message": "",
        "explanation_label": "",
        "subgroup": None,
    }
    assert (total["key"], total["value"], total["status"], total["number_of_decimals"]) == (
        "total",
        12.345,
        "warning",
        1,
    )
    part = total["subgroup"][0]
    assert (part["key"], part["value"], type(part["value"])) == ("part", 3, int)
    assert part["subgroup"][0]["label"] == "Leaf"
    assert part["subgroup"][0]["subgroup"] is None


def test_non_finite_values_serialise_as_text():
    result = serialize_result(DataResult(DataGroup(DataItem("x", float("nan")))))
    assert result["data"][0]["value"] == "nan"


def test_data_group_item_limit():
    DataGroup(*[DataItem(str(i), i) for i in range(100)])
    with pytest.raises(AttributeError):
        DataGroup(*[DataItem(str(i), i) for i in range(101)])
    full = DataGroup(*[DataItem(str(i), i) for i in range(100)])
    with pytest.raises(AttributeError):
        full.add(DataItem("one more", 1))


def test_data_group_depth_limit():
    level_3 = DataGroup(DataItem("c", 1))
    level_2 = DataGroup(DataItem("b", 1, level_3))
    DataGroup(DataItem("a", 1, level_2))  # three levels are fine
    with pytest.raises(ValueError):
        DataItem("too deep", 1, DataGroup(DataItem("a", 1, level_2)))


def test_data_group_add_and_merge():
    group = DataGroup(a=DataItem("A", 1))
    group.add(DataItem("B", 2), DataItem("C", 3))
    assert [item.label for item in group.values()] == ["A", "B", "C"]

    merged = DataGroup.from_data_groups([group, DataGroup(DataItem("D", 4), d=DataItem("E", 5))])
    assert [item.label for item in merged.values()] == ["B", "C", "D", "A", "E"]  # as the SDK: unkeyed first
    assert merged["a"].label == "A"
    with pytest.raises(KeyError):
        DataGroup.from_data_groups([DataGroup(x=DataItem("1", 1)), DataGroup(x=DataItem("2", 2))])


def test_data_group_holds_only_data_items():
    with pytest.raises(TypeError):
        DataGroup("not an item")  # type: ignore[arg-type]


def test_number_of_decimals_needs_a_number():
    with pytest.raises(TypeError):
        DataItem("x", "text", number_of_decimals=2)
    DataItem("x", np.float32(1.5), number_of_decimals=2)  # type: ignore[arg-type]


def test_plotly_result_from_dict_and_string():
    figure = {"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}], "layout": {"title": {"text": "T"}}}
    from_dict = serialize_result(PlotlyResult(figure))
    assert from_dict == {"type": "PlotlyResult", "figure": figure}
    assert serialize_result(PlotlyResult(json.dumps(figure)))["figure"] == figure


def _plotly_array(value):
    """Plotly >= 6 sends numpy arrays as base64 typed arrays (plotly.js >= 2.28 reads them)."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.array(value, dtype=float)


def test_plotly_result_from_figure_with_numpy_arrays():
    figure = go.Figure(go.Scatter(x=np.arange(3), y=np.array([0.5, np.nan, 2.0])))
    figure.update_layout(title="Numpy")
    result = serialize_result(PlotlyResult(figure))
    json.dumps(result, allow_nan=False)
    trace = result["figure"]["data"][0]
    assert trace["type"] == "scatter"
    assert _plotly_array(trace["x"]).tolist() == [0, 1, 2]
    assert np.array_equal(_plotly_array(trace["y"]), [0.5, np.nan, 2.0], equal_nan=True)
    assert result["figure"]["layout"]["title"]["text"] == "Numpy"


def test_plotly_result_rejects_other_objects():
    with pytest.raises(TypeError, match="PlotlyResult"):
        PlotlyResult(42)
    with pytest.raises(ValueError, match="JSON"):
        serialize_result(PlotlyResult("{not json"))


def test_serialize_result_rejects_non_results():
    with pytest.raises(TypeError, match="DataResult"):
        serialize_result(None)
    with pytest.raises(TypeError, match="dict"):
        serialize_result({"type": "DataResult"})


def test_geometry_views_take_the_sdks_camera_arguments_and_hand_them_to_the_editor():
    from viktorlite.sdk.views import GeometryAndDataView, GeometryView

    class Controller:
        @GeometryView("Plan", view_mode="2D", default_shadow=True, up_axis="Y", x_axis_to_right=True)
        def plan(self, params, **kwargs): ...

        @GeometryAndDataView("Model", 2)
        def model(self, params, **kwargs): ...

    plan, model = view_spec_of(Controller.plan), view_spec_of(Controller.model)
    assert plan is not None and model is not None
    camera = {"view_mode": "2D", "default_shadow": True, "up_axis": "Y", "x_axis_to_right": True}
    assert plan.to_json("plan")["options"] == camera
    assert model.to_json("model")["options"] == {
        "view_mode": "3D",
        "default_shadow": False,
        "up_axis": "Z",
        "x_axis_to_right": None,
    }
    assert (model.type, model.duration_guess) == ("GeometryAndDataView", 2)
    with pytest.raises(ValueError, match="up_axis"):
        GeometryView("x", up_axis="X")
    with pytest.warns(UserWarning, match="camera"):
        GeometryView("x", camera="top")  # a newer SDK's argument: accepted with a warning


def test_a_data_items_subgroup_and_a_labels_point_and_text_read_as_in_the_sdk():
    from viktorlite.sdk.geometry import Point
    from viktorlite.sdk.views import Label

    inner = DataGroup(DataItem("b", 2))
    assert DataItem("a", 1, subgroup=inner).subgroup is inner
    assert DataItem("a", 1).subgroup is None
    with pytest.raises(AttributeError):
        DataItem("a", 1).subgroup = inner  # its depth was checked when it was made
    one, two = Label(Point(1, 2, 3), "top"), Label(Point(0, 0, 0), "line 1", "line 2")
    assert (one.point.x, one.point.y, one.point.z, one.text) == (1, 2, 3, "top")
    assert two.text == ("line 1", "line 2")
    assert two.serialize()["text"] == ["line 1", "line 2"]


def test_ifc_and_autodesk_results_take_the_sdks_arguments_and_say_why_they_cannot_be_shown():
    from viktorlite.sdk.core import File
    from viktorlite.sdk.views import AutodeskResult, IFCAndDataResult, IFCResult

    model = File.from_data(b"ISO-10303-21;")
    assert IFCResult(model).ifc is model
    assert IFCAndDataResult(model, DataGroup()).ifc is model
    result = AutodeskResult("https://acc.autodesk.com/x", access_token="t")
    assert (result.autodesk_file, result.access_token) == ("https://acc.autodesk.com/x", "t")
    with pytest.raises(TypeError):
        AutodeskResult("https://acc.autodesk.com/x")  # the token is required, as in the SDK
    with pytest.raises(ValueError, match="IFC models cannot be shown by viktorlite"):
        serialize_result(IFCResult(model))
