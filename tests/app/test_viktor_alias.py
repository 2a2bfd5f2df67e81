"""``import viktor`` inside the runtime is viktorlite's SDK, the very same module objects."""

from __future__ import annotations

import importlib
import sys

from viktorlite.app import viktor_alias


def test_viktor_and_its_submodules_are_viktorlite_sdk_modules():
    viktor_alias.install()
    viktor_alias.install()  # idempotent
    assert sum(isinstance(f, viktor_alias.ViktorAliasFinder) for f in sys.meta_path) == 1
    import viktor
    import viktor.parametrization
    from viktor.views import DataView

    import viktorlite.sdk
    import viktorlite.sdk.parametrization
    import viktorlite.sdk.views

    assert viktor is viktorlite.sdk
    assert viktor.parametrization is viktorlite.sdk.parametrization
    assert DataView is viktorlite.sdk.views.DataView
    assert importlib.import_module("viktor.errors").UserError is viktorlite.sdk.errors.UserError


def test_the_sdk_slice_and_old_aliases_are_exported_at_top_level():
    viktor_alias.install()
    import viktor as vkt

    for name in [
        "Controller", "ViktorController", "Parametrization", "ViktorParametrization", "Page", "Tab", "Section",
        "NumberField", "IntegerField", "TextField", "OptionField", "BooleanField", "ToggleButton", "Text",
        "LineBreak", "DataView", "DataResult", "DataGroup", "DataItem", "PlotlyView", "PlotlyResult", "UserError",
    ]:  # fmt: skip
        assert hasattr(vkt, name), name
    assert vkt.ViktorController is vkt.Controller
    assert vkt.ToggleButton is vkt.BooleanField


def test_unknown_viktor_submodule_is_not_found():
    viktor_alias.install()
    try:
        importlib.import_module("viktor.does_not_exist")
    except ModuleNotFoundError as exc:
        assert "viktor.does_not_exist" in str(exc)
    else:
        raise AssertionError("importing a missing submodule should fail")
