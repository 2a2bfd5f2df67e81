"""A name the SDK exposes from several modules is one object everywhere; names SDK 14 removed still work, warning."""

from __future__ import annotations

import importlib
import warnings

import pytest

from viktorlite.app.viktor_alias import install
from viktorlite.sdk.views import serialize_result

install()

#: ``(name, module it is defined in, modules the SDK re-exports it from)``
REEXPORTS = [
    ("Color", "viktor.core", ["viktor.views", "viktor.parametrization", "viktor.utils", "viktor.api_v1"]),
    ("File", "viktor.core", ["viktor.views", "viktor.result", "viktor.utils", "viktor.api_v1", "viktor.testing"]),
    ("UserError", "viktor.errors", ["viktor", "viktor.core", "viktor.parametrization"]),
    ("SummaryError", "viktor.errors", ["viktor.core", "viktor.views"]),
    ("ViewError", "viktor.errors", ["viktor.views"]),
    ("ExecutionError", "viktor.errors", ["viktor.utils"]),
    ("EntityNotFoundError", "viktor.errors", ["viktor.core", "viktor.api_v1", "viktor.testing"]),
    ("API", "viktor.api_v1", ["viktor.views", "viktor.parametrization", "viktor.result", "viktor.utils"]),
    ("FileResource", "viktor.api_v1", ["viktor.views", "viktor.parametrization", "viktor.utils", "viktor.testing"]),
    ("ChatConversation", "viktor.api_v1", ["viktor.parametrization", "viktor.result", "viktor.utils"]),
    ("Entity", "viktor.api_v1", ["viktor.parametrization", "viktor.testing"]),
    ("GeoPoint", "viktor.geometry", ["viktor.views", "viktor.parametrization", "viktor.utils"]),
    ("Point", "viktor.geometry", ["viktor.views"]),
    ("ColorField", "viktor.parametrization", ["viktor.utils"]),
    ("Parametrization", "viktor.parametrization", ["viktor.testing"]),
    ("AutodeskFile", "viktor.external.autodesk", ["viktor.views", "viktor.parametrization", "viktor.utils"]),
]


@pytest.mark.parametrize(("name", "home", "others"), REEXPORTS, ids=[r[0] for r in REEXPORTS])
def test_a_name_the_sdk_exposes_from_several_modules_is_the_same_object_in_each(name, home, others):
    original = getattr(importlib.import_module(home), name)
    for module in others:
        namespace: dict = {}
        exec(f"from {module} import {name}", namespace)  # as an app writes it
        assert namespace[name] is original, f"{module}.{name} is not {home}.{name}"


def test_the_core_constants_and_the_old_internal_error_name():
    from viktor.core import DEFAULT_RETRIES, ISCLOSE_ATOL, ISCLOSE_RTOL, ViktorInternalError, sdk_version
    from viktor.errors import InternalError
    from viktor.parametrization import ISCLOSE_ATOL as atol

    assert (DEFAULT_RETRIES, ISCLOSE_ATOL, ISCLOSE_RTOL, atol) == (0, 1e-08, 1e-12, 1e-08)
    assert sdk_version == importlib.import_module("viktor").__version__ == "14.36.2"
    assert ViktorInternalError is InternalError


@pytest.mark.parametrize(
    ("module", "name", "replacement"),
    [
        ("viktor", "UserException", "UserError"),
        ("viktor.core", "UserException", "UserError"),
        ("viktor.parametrization", "UserException", "UserError"),
        ("viktor.result", "ImageResult", "viktor.views.ImageResult"),
        ("viktor.result", "PNGResult", "viktor.views.ImageResult"),
        ("viktor.views", "JPGView", "ImageView"),
        ("viktor.views", "SVGAndDataResult", "ImageAndDataResult"),
    ],
)
def test_a_name_sdk_14_removed_imports_with_a_warning_naming_it_and_its_replacement(module, name, replacement):
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{name} was removed .* use {replacement}") as caught:
        namespace: dict = {}
        exec(f"from {module} import {name}", namespace)
    assert namespace[name] is not None
    assert caught[0].filename == "<string>"  # attributed to the app's line, not to viktorlite


def test_removed_names_stay_out_of_the_namespace_and_unknown_names_are_still_errors():
    views = importlib.import_module("viktor.views")
    assert "SVGView" not in vars(views) and "SVGView" not in views.__all__
    assert "UserException" not in vars(importlib.import_module("viktor"))
    with pytest.raises(ImportError):
        exec("from viktor.views import SVGViews", {})
    with pytest.raises(AttributeError):
        importlib.import_module("viktor.core").UserExceptions  # noqa: B018


def test_user_exception_is_user_error_so_the_worker_reports_it_as_one():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from viktor import UserError, UserException

    assert UserException is UserError


def test_old_image_views_still_draw_as_image_views_and_take_either_argument_order():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from viktor.views import DataGroup, DataItem, JPGAndDataResult, JPGAndDataView, JPGResult, JPGView

    assert JPGView("Photo")._spec.type == "ImageView"
    assert JPGAndDataView("Photo")._spec.type == "ImageAndDataView"
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 16
    assert serialize_result(JPGResult(jpeg))["type"] == "ImageResult"
    data = DataGroup(DataItem("n", 1))
    for arguments in ((jpeg, data), (data, jpeg)):
        payload = serialize_result(JPGAndDataResult(*arguments))
        assert payload["type"] == "ImageAndDataResult" and payload["data"][0]["value"] == 1
