"""What methods return, and how they are declared, at the edges of what the SDK's job handler accepts.

Written against the SDK's submodules (not ``import viktor as vkt``) so the same file runs on 13.x
and 14.x of the real SDK (tools/job_handler_calls.py) and on viktorlite (real workers). Every case
is one method: ``<kind>__<case>``; tests/workers/test_runners_returned_values.py lists the expectations
and docs/compatibility.md the matrix.
"""

import io

from viktor import views
from viktor.core import File, InitialEntity, ParamsFromFile, ViktorController
from viktor.parametrization import (
    ActionButton,
    DownloadButton,
    NumberField,
    OptimizationButton,
    Parametrization,
    SetParamsButton,
    Step,
)
from viktor.result import DownloadResult, OptimizationResult, OptimizationResultElement, SetParamsResult


def _group():
    return views.DataGroup(views.DataItem("n", 1))


def _data():
    return views.DataResult(_group())


def _plotly():
    return views.PlotlyResult({"data": [], "layout": {}})


#: The view decorators both SDK majors know; 14.x adds TableView (added below when present).
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
]
if hasattr(views, "TableView"):
    VIEWS.append("TableView")

#: What a view returns in each view case.
VIEW_RETURNS = {
    "none": lambda: None,
    "dict": lambda: {"type": "DataResult", "data": []},
    "wrong": lambda: None,  # replaced per view: a result of another view type
}

BUTTONS = {
    "SetParamsButton": SetParamsButton,
    "DownloadButton": DownloadButton,
    "ActionButton": ActionButton,
    "OptimizationButton": OptimizationButton,
}

#: What a button returns in each button case.
BUTTON_RETURNS = {
    "none": lambda: None,
    "dict": lambda: {"n": 2},
    "str": lambda: "done",
    "true": lambda: True,
    "data": _data,
    "setparams": lambda: SetParamsResult({"n": 2}),
    "download": lambda: DownloadResult(b"abc", "a.txt"),
    "optimization": lambda: OptimizationResult([OptimizationResultElement({"n": 3}, {"score": 1})]),
}

#: SetParamsResult and DownloadResult contents (on a SetParamsButton / DownloadButton).
SET_PARAMS = {
    "unknown": lambda: SetParamsResult({"nope": 1}),
    "badtype": lambda: SetParamsResult({"n": "abc"}),
    "nested_unknown": lambda: SetParamsResult({"tab": {"deep": 1}}),
    "empty": lambda: SetParamsResult({}),
    "notdict": lambda: SetParamsResult("abc"),
}
DOWNLOADS = {
    "str": lambda: DownloadResult("abc", "a.txt"),
    "bytes": lambda: DownloadResult(b"abc", "a.txt"),
    "file": lambda: DownloadResult(File.from_data(b"abc"), "a.txt"),
    "bytesio": lambda: DownloadResult(io.BytesIO(b"abc"), "a.txt"),
    "stringio": lambda: DownloadResult(io.StringIO("abc"), "a.txt"),
    "empty": lambda: DownloadResult(b"", "a.txt"),
    "zip_file": lambda: DownloadResult(zipped_files={"a.txt": File.from_data("abc")}, file_name="z.zip"),
    "zip_bytesio": lambda: DownloadResult(zipped_files={"a.txt": io.BytesIO(b"abc")}, file_name="z.zip"),
    "zip_bytes": lambda: DownloadResult(zipped_files={"a.txt": b"abc"}, file_name="z.zip"),
    "int": lambda: DownloadResult(123, "a.txt"),
    "noname": lambda: DownloadResult(b"abc", None),
}


def _method(name, make):
    def method(self, params, **kwargs):
        return make()

    method.__name__ = method.__qualname__ = name
    return method


def _wrong_view_result(view):
    return _plotly if view == "DataView" else _data


_fields = {"n": NumberField("N", default=1)}
_attrs = {"label": "Returns"}
for _view in VIEWS:
    for _case, _make in VIEW_RETURNS.items():
        _make = _wrong_view_result(_view) if _case == "wrong" else _make
        _name = f"{_view}__{_case}"
        _attrs[_name] = getattr(views, _view)(_name, duration_guess=1)(_method(_name, _make))
for _button, _button_type in BUTTONS.items():
    for _case, _make in BUTTON_RETURNS.items():
        _name = f"{_button}__{_case}"
        _fields[_name] = _button_type(_name, _name)
        _attrs[_name] = _method(_name, _make)
for _group_name, _button, _cases in (
    ("setparams", "SetParamsButton", SET_PARAMS),
    ("download", "DownloadButton", DOWNLOADS),
):
    for _case, _make in _cases.items():
        _name = f"{_group_name}__{_case}"
        _fields[_name] = BUTTONS[_button](_name, _name)
        _attrs[_name] = _method(_name, _make)


# Declarations: how the method's parameters are written (a view and a SetParamsButton each).
def _view_params_only(self, params):
    return _data()


def _view_kw_renamed(self, params, **kw):
    return _data()


def _view_self_only(self):
    return _data()


def _view_entity_id(self, params, entity_id, **kwargs):
    return views.DataResult(views.DataGroup(views.DataItem("entity", entity_id)))


def _view_kwargs_only(self, **kwargs):
    return views.DataResult(views.DataGroup(views.DataItem("n", kwargs["params"]["n"])))


def _view_params_renamed(self, p, **kwargs):
    return _data()


def _button_params_only(self, params):
    return SetParamsResult({"n": 2})


def _button_kw_renamed(self, params, **kw):
    return SetParamsResult({"n": 2})


def _button_self_only(self):
    return SetParamsResult({"n": 2})


def _button_entity_id(self, params, entity_id, **kwargs):
    return SetParamsResult({"n": entity_id})


def _button_kwargs_only(self, **kwargs):
    return SetParamsResult({"n": kwargs["params"]["n"] + 1})


def _button_params_renamed(self, p, **kwargs):
    return SetParamsResult({"n": 2})


_DECLARATIONS = ("params_only", "kw_renamed", "self_only", "entity_id", "kwargs_only", "params_renamed")
for _case in _DECLARATIONS:
    _name = f"signature_view__{_case}"
    _attrs[_name] = views.DataView(_name, duration_guess=1)(globals()[f"_view_{_case}"])
    _name = f"signature_button__{_case}"
    _fields[_name] = SetParamsButton(_name, _name)
    _attrs[_name] = globals()[f"_button_{_case}"]

_attrs["parametrization"] = type("ReturnsParametrization", (Parametrization,), _fields)
Returns = type("Returns", (ViktorController,), _attrs)


def _next_returns_nothing(params, **kwargs):
    return None


def _next_returns_a_dict(params, **kwargs):
    return {"n": 2}


class _Steps(Parametrization):
    step_1 = Step("One", on_next=_next_returns_nothing)
    step_1.n = NumberField("N", default=1)
    step_2 = Step("Two", on_next=_next_returns_a_dict)
    step_2.m = NumberField("M", default=1)
    step_3 = Step("Three")


class Stepped(ViktorController):
    label = "Stepped"
    parametrization = _Steps


def _upload_type(name, returned):
    def process(self, file, **kwargs):
        return returned

    return type(name, (ViktorController,), {"label": name, "process": ParamsFromFile()(process)})


#: File entity types whose @ParamsFromFile method returns these.
UPLOADS = {"UploadNone": None, "UploadDict": {"n": 2}, "UploadEmpty": {}, "UploadList": [["n", 2]], "UploadStr": "n"}
for _name, _returned in UPLOADS.items():
    globals()[_name] = _upload_type(_name, _returned)


class Project(ViktorController):
    label = "Project"
    children = ["Returns", "Stepped", *UPLOADS]
    show_children_as = "Table"


initial_entities = [InitialEntity("Project", "Demo")]
