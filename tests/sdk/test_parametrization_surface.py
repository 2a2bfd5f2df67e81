"""The whole ``viktor.parametrization`` surface: names, signatures, values, constraints, arrays."""

from __future__ import annotations

import datetime
import inspect
import json
import warnings
from typing import Any

import pytest
from munch import Munch

import viktorlite.sdk as vkt
from viktorlite.sdk import parametrization as vp
from viktorlite.sdk.core import Color
from viktorlite.sdk.geometry import GeoPoint, GeoPolygon, GeoPolyline
from viktorlite.sdk.parametrization import build_params, default_params, schema_of
from viktorlite.sdk.parametrization.constraints import ConstraintError, Env, evaluate

SDK_NAMES = """
ActionButton AnalyseButton And AutocompleteField AutodeskFileField BoolOperator BooleanField Chat
ChildEntityManager ChildEntityMultiSelectField ChildEntityOptionField ColorField DateField DownloadButton
DynamicArray DynamicArrayConstraint EntityMultiSelectField EntityOptionField Field FileField FunctionLookup
GeoPointField GeoPolygonField GeoPolylineField GeometryMultiSelectField GeometrySelectField HiddenField Image
IntegerField Interaction IsEqual IsFalse IsNotEqual IsNotNone IsTrue LineBreak Lookup MapSelectInteraction
MultiFileField MultiSelectField MultipleSelectField Not NumberField OptimiseButton OptimizationButton OptionField
OptionListElement Or OutputField Page Parametrization RowLookup Section SetParamsButton
SiblingEntityMultiSelectField SiblingEntityOptionField Step Tab Table TableInput Text TextAreaField TextAreaInput
TextField ToggleButton ViktorParametrization
""".split()  # noqa: SIM905


def test_every_sdk_name_is_importable_from_parametrization_and_viktor():
    for name in SDK_NAMES:
        assert hasattr(vp, name), name
        assert getattr(vkt, name) is getattr(vp, name), name
    assert set(vp.__all__) == set(SDK_NAMES)


@pytest.mark.parametrize(
    ("alias", "target"),
    [
        ("ViktorParametrization", "Parametrization"),
        ("ToggleButton", "BooleanField"),
        ("AnalyseButton", "ActionButton"),
        ("OptimiseButton", "OptimizationButton"),
        ("MultipleSelectField", "MultiSelectField"),
        ("TableInput", "Table"),
        ("TextAreaInput", "TextAreaField"),
    ],
)
def test_old_names_are_the_same_classes(alias, target):
    assert getattr(vp, alias) is getattr(vp, target)


@pytest.mark.parametrize(
    ("cls", "positional", "keyword_only"),
    [
        (vp.NumberField, ["ui_name", "name", "prefix"], ["suffix", "default", "step", "min", "max", "num_decimals",
                                                        "visible", "flex", "variant", "description"]),
        (vp.IntegerField, ["ui_name", "name", "prefix"], ["suffix", "default", "step", "min", "max", "visible",
                                                         "flex", "description"]),
        (vp.TextAreaField, ["ui_name", "name", "default", "visible", "flex"], ["description"]),
        (vp.OptionField, ["ui_name", "options", "name", "prefix", "suffix", "default", "visible", "flex"],
         ["description", "variant", "autoselect_single_option"]),
        (vp.DateField, ["ui_name", "name"], ["default", "flex", "visible", "description"]),
        (vp.FileField, ["ui_name", "file_types"], ["max_size", "name", "visible", "flex", "description"]),
        (vp.ChildEntityOptionField, ["ui_name", "name", "visible", "flex"], ["entity_type_names", "description"]),
        (vp.DynamicArray, ["ui_name", "min", "max", "copylast", "visible", "default"],
         ["name", "description", "row_label"]),
        (vp.Table, ["ui_name", "name"], ["default", "visible", "description"]),
        (vp.Step, ["title"], ["views", "description", "enabled", "previous_label", "next_label", "on_next", "width"]),
        (vp.OutputField, ["ui_name"], ["value", "prefix", "suffix", "visible", "flex", "description"]),
        (vp.Image, ["path"], ["align", "caption", "flex", "max_width", "visible"]),
        (vp.ActionButton, ["ui_name", "method", "longpoll"], ["visible", "always_available", "flex", "description",
                                                             "interaction"]),
        (vp.MapSelectInteraction, ["view"], ["selection", "min_select", "max_select"]),
    ],
)  # fmt: skip
def test_signatures_follow_the_sdk(cls, positional, keyword_only):
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD] == positional
    assert [p.name for p in parameters if p.kind is p.KEYWORD_ONLY] == keyword_only


def test_unknown_arguments_warn_for_every_kind_of_item():
    items = [
        lambda: vp.DateField("D", future=1),
        lambda: vp.DynamicArray("A", future=1),
        lambda: vp.OutputField("O", future=1),
        lambda: vp.Image("x.png", future=1),
        lambda: vp.DownloadButton("B", "m", future=1),
        lambda: vp.Step("S", future=1),
        lambda: vp.Parametrization(width=40, future=1),
    ]
    for make in items:
        with pytest.warns(UserWarning, match="future"):
            make()


class Everything(vp.Parametrization):
    numbers = vp.Tab("Numbers")
    numbers.x = vp.NumberField("X", default=1.5, min=0, max=vp.Lookup("numbers.limit"))
    numbers.limit = vp.IntegerField("Limit", default=10)
    numbers.flag = vp.BooleanField("Flag")
    numbers.shown = vp.TextField("Shown", visible=vp.And(vp.Lookup("numbers.flag"), vp.Not(vp.IsFalse(True))))
    things = vp.Tab("Things")
    things.day = vp.DateField("Day", default=datetime.date(2024, 2, 29))
    things.colour = vp.ColorField("Colour", default=Color(1, 2, 3))
    things.point = vp.GeoPointField("Point", default=GeoPoint(52, 4))
    things.line = vp.GeoPolylineField("Line")
    things.area = vp.GeoPolygonField("Area")
    things.doc = vp.FileField("Doc", file_types=["PDF", ".Txt"], max_size=100)
    things.docs = vp.MultiFileField("Docs")
    things.other = vp.EntityOptionField("Other", entity_type_names=["X"])
    things.others = vp.SiblingEntityMultiSelectField("Others")
    things.secret = vp.HiddenField("Secret", name="secret")
    things.many = vp.MultiSelectField("Many", options=["a", "b"], default=["a"])
    things.out = vp.OutputField("Out", value=vp.Lookup("numbers.x"))
    things.text = vp.Text("Hello")
    things.image = vp.Image("pic.png")
    things.go = vp.SetParamsButton("Go", "go")
    arrays = vp.Tab("Arrays")
    arrays.rows = vp.DynamicArray("Rows", min=1, max=3, default=[{"when": datetime.date(2020, 1, 1), "n": 2}])
    arrays.rows.when = vp.DateField("When")
    arrays.rows.n = vp.IntegerField("N", default=5)
    arrays.rows.shown = vp.TextField("Shown", visible=vp.IsEqual(vp.RowLookup("n"), 2))
    arrays.rows.total = vp.OutputField("Total", value=lambda params, **kwargs: [1])
    arrays.grid = vp.Table("Grid")
    arrays.grid.a = vp.TextField("A", default="ignored")
    arrays.grid.b = vp.NumberField("B")


def _node(schema: dict[str, Any], path: str) -> dict[str, Any]:
    def find(items: list[dict[str, Any]]) -> dict[str, Any] | None:
        for node in items:
            if node.get("path") == path:
                return node
            found = find(node.get("items") or [])
            if found:
                return found
        return None

    node = find(schema["items"])
    assert node is not None, path
    return node


def test_schema_of_every_field_type_is_json_and_keeps_order():
    schema = schema_of(Everything)
    json.dumps(schema)
    assert [n["name"] for n in _node(schema, "things")["items"]] == [
        "day", "colour", "point", "line", "area", "doc", "docs", "other", "others", "secret", "many", "out",
        "text", "image", "go",
    ]  # fmt: skip
    assert _node(schema, "numbers.x")["max"] == {"lookup": "numbers.limit"}
    assert _node(schema, "numbers.shown")["visible"] == {
        "op": "and",
        "operands": [{"lookup": "numbers.flag"}, {"op": "not", "operands": [{"op": "is_false", "operands": [True]}]}],
    }
    assert _node(schema, "things.doc")["file_types"] == [".pdf", ".txt"]
    assert _node(schema, "things.others")["relation"] == "sibling" and _node(schema, "things.others")["multiple"]
    assert _node(schema, "things.out")["kind"] == "output" and _node(schema, "things.out")["value"] == {
        "lookup": "numbers.x"
    }
    assert _node(schema, "things.image") | {"src": "pic.png", "kind": "image"} == _node(schema, "things.image")
    assert _node(schema, "things.go")["kind"] == "button" and _node(schema, "things.go")["longpoll"] is True
    rows = _node(schema, "arrays.rows")
    assert (rows["min"], rows["max"], rows["row_template"]) == (1, 3, {"when": None, "n": 5, "shown": ""})
    assert rows["default"] == [{"when": "2020-01-01", "n": 2, "shown": ""}]
    assert _node(schema, "arrays.rows.shown")["visible"] == {"op": "eq", "operands": [{"row_lookup": "n"}, 2]}
    assert _node(schema, "arrays.rows.n")["storage"] == "n"  # a column: stored under its name in the row
    assert _node(schema, "arrays.rows.total")["value"] == {"callback": True}
    assert _node(schema, "arrays.grid")["row_template"] == {"a": "", "b": None}  # tables ignore column defaults
    assert schema["has_callbacks"] is True


def test_default_params_are_stored_json_and_skip_display_items():
    params = default_params(Everything)
    assert params["things"] == {
        "day": "2024-02-29",
        "colour": {"r": 1, "g": 2, "b": 3},
        "point": {"lat": 52.0, "lon": 4.0},
        "line": None,
        "area": None,
        "doc": None,
        "docs": [],
        "other": None,
        "others": [],
        "many": ["a"],
    }
    assert params["secret"] is None
    assert params["arrays"] == {"rows": [{"when": "2020-01-01", "n": 2, "shown": ""}], "grid": []}
    json.dumps(params)


def test_build_params_deserialises_values_and_rows():
    stored = default_params(Everything)
    stored["things"]["line"] = {"points": [{"lat": 1, "lon": 2}, {"lat": 3, "lon": 4}]}
    stored["things"]["area"] = {"points": [{"lat": 1, "lon": 2}, {"lat": 3, "lon": 4}, {"lat": 5, "lon": 6}]}
    stored["things"]["doc"] = {"file_id": "ab" * 16, "filename": "x.pdf"}
    stored["things"]["docs"] = [{"file_id": "cd" * 16, "filename": "y.txt"}, "junk"]
    stored["things"]["other"] = 7
    stored["things"]["others"] = [8, True, "x"]
    stored["arrays"]["rows"].append({"when": "not a date"})
    params = build_params(Everything, stored)
    things = params.things
    assert things.day == datetime.date(2024, 2, 29)
    assert things.colour == Color(1, 2, 3)
    assert things.point == GeoPoint(52, 4)
    assert isinstance(things.line, GeoPolyline) and len(things.line.points) == 2
    assert isinstance(things.area, GeoPolygon)
    assert (type(things.doc).__name__, things.doc.source_id) == ("FileResource", "ab" * 16)
    assert [d.source_id for d in things.docs] == ["cd" * 16]  # what is not a file is dropped
    assert (type(things.other).__name__, things.other.id) == ("Entity", 7)
    assert [e.id for e in things.others] == [8]
    rows = params.arrays.rows
    assert isinstance(rows[0], Munch) and rows[0].when == datetime.date(2020, 1, 1)
    assert rows[1].when is None and rows[1].n is None  # bad and missing cells become empty
    assert "out" not in things and "text" not in things and "go" not in things


def test_empty_values_follow_the_sdk():
    params = build_params(Everything, {})
    assert params.numbers.x is None and params.numbers.flag is False and params.numbers.shown == ""
    assert params.things.many == [] and params.things.docs == [] and params.things.others == []
    assert params.things.point is None and params.things.doc is None and params.secret is None
    assert params.arrays.rows == [] and params.arrays.grid == []


def test_broken_references_warn_and_fall_back():
    class Broken(vp.Parametrization):
        a = vp.NumberField("A", visible=vp.Lookup("nope"), min=vp.Lookup("gone"))
        b = vp.TextField("B", visible=vp.RowLookup("x"))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        schema = schema_of(Broken)
    a, b = schema["items"]
    assert (a["visible"], a["min"], b["visible"]) == (True, None, True)
    messages = [str(w.message) for w in caught]
    assert any("'nope'" in m and "using True" in m for m in messages)
    assert any("'gone'" in m and "using None" in m for m in messages)
    assert any("RowLookup('x')" in m for m in messages)


def test_python_evaluation_of_constraints_for_callback_jobs():
    calls: list[Any] = []

    def call(function):
        calls.append(function)
        return function({"a": 1})

    env = Env({"t": {"x": 3, "flag": True}}, {"tab.x": "t.x"}, call)
    assert evaluate(vp.Lookup("tab.x"), env) == 3  # attribute path -> storage path
    assert evaluate(vp.Lookup("t.x"), env) == 3
    assert evaluate(vp.FunctionLookup(lambda v, k=2: v * k, vp.Lookup("t.x")), env) == 6
    assert evaluate(vp.FunctionLookup(lambda v, k=2: v * k, vp.Lookup("t.x"), k=10), env) == 30
    assert evaluate(vp.Or(vp.IsNotNone(vp.Lookup("t.x")), False), env) is True
    assert evaluate(vp.IsNotEqual(vp.Lookup("t.x"), 3), env) is False
    assert evaluate(lambda params, **kwargs: params["a"] + 1, env) == 2
    assert evaluate(vp.RowLookup("n"), env.with_row({"n": 4})) == 4
    assert evaluate(vp.DynamicArrayConstraint("arr", vp.IsTrue(vp.Lookup("$row.on"))), env.with_row({"on": True}))
    with pytest.raises(ConstraintError):
        evaluate(vp.And(vp.Lookup("t.x"), True), env)  # operands of the wrong type
    with pytest.raises(ConstraintError):
        evaluate(vp.Lookup("missing"), env)


def test_layout_settings_are_checked_not_fatal():
    with pytest.warns(UserWarning, match="width must be within 20-80"):
        assert vp.Parametrization(width=95)._width == 80
    with pytest.warns(UserWarning, match="not reachable"):
        vp.NumberField("N", min=0, max=1, step=0.3)
    with pytest.warns(UserWarning, match="longer than 30"):
        vp.Step("S", next_label="x" * 31)

    class Bad(vp.Parametrization):
        arr = vp.DynamicArray("Arr")
        arr.inner = vp.DynamicArray("Inner")
        arr.text = vp.Text("not allowed")
        arr.ok = vp.NumberField("Ok")

    with pytest.warns(UserWarning, match="cannot be in it"):
        node = schema_of(Bad)["items"][0]
    assert [n["name"] for n in node["items"]] == ["ok"]


def test_option_list_element_visibility_and_callbacks_in_schema():
    def options(params, **kwargs):
        return ["x"]

    class P(vp.Parametrization):
        flag = vp.BooleanField("Flag")
        pick = vp.OptionField("Pick", [vp.OptionListElement("a", "A", visible=vp.Lookup("flag")), "b"])
        dyn = vp.MultiSelectField("Dyn", options=options)
        auto = vp.AutocompleteField("Auto", options=["c"])

    pick, dyn, auto = schema_of(P)["items"][1:]
    assert pick["options"] == [
        {"value": "a", "label": "A", "visible": {"lookup": "flag"}},
        {"value": "b", "label": "b", "visible": True},
    ]
    assert dyn["options"] == {"callback": True} and dyn["multiple"] is True
    assert auto["type"] == "AutocompleteField"
