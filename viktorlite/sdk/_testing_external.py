"""``viktor.testing``'s mocks of the external programs: ``mock_Excel`` and each ``mock_<Program>Analysis``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from ._testing_patch import F, _patching, _returner, _unbound
from .core import File


def mock_Excel(  # noqa: N802
    get_named_cell_result: Any = None, get_direct_cell_result: Any = None, get_filled_template: Any = None
) -> Callable[[F], F]:
    """``viktor.external.excel.Excel`` executes instantly and answers from these results."""
    return _mock_program(
        "excel",
        "Excel",
        get_named_cell_result=get_named_cell_result,
        get_direct_cell_result=get_direct_cell_result,
        get_filled_template=get_filled_template,
    )


def _external_class(module: str, class_name: str) -> Any:
    """The stand-in class itself, so the patch holds however the app imported it."""
    import importlib

    return getattr(importlib.import_module(f".external.{module}", __package__), class_name)


def _output_files(files: dict[str, Any], what: str) -> Callable[..., Any]:
    """``get_output_file={'.shd': File, ...}``: the file for the extension (or filename) the app asks for."""

    def get_output_file(*args: Any, **kwargs: Any) -> Any:
        key = args[0] if args else kwargs.get("extension", kwargs.get("filename"))
        if key is None and len(files) == 1:
            return next(iter(files.values()))
        if key not in files:
            raise KeyError(f"{what}: the mock has no output file {key!r} (it has: {', '.join(map(str, files))})")
        return files[key]

    return get_output_file


def _mock_program(module: str, class_name: str, **results: Any) -> Callable[[F], F]:
    def patches(stack: ExitStack) -> None:
        program = _external_class(module, class_name)
        stack.enter_context(mock.patch.object(program, "execute", lambda self, *a, **k: None))
        for method, value in results.items():
            what = f"{class_name}.{method}"
            if method == "get_output_file" and isinstance(value, dict):
                answer = _unbound(_output_files(value, what))
            else:
                answer = _unbound(_returner(value, lambda: File.from_data("mocked content"), what))
            stack.enter_context(mock.patch.object(program, method, answer, create=True))

    return _patching(patches)


_OUTPUT = ("get_output_file",)
#: ``mock_<Program>Analysis(<getter>=None, ...)`` for each external analysis, with the getters the SDK's
#: mock takes: execute() does nothing, each getter answers from its argument.
_ANALYSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "SciaAnalysis": ("scia", ("get_engineering_report", "get_updated_esa_model", "get_xml_output_file")),
    "DSettlementAnalysis": ("dsettlement", ("get_output_file", "get_sld_file")),
    "DSheetPilingAnalysis": ("dsheetpiling", _OUTPUT),
    "DStabilityAnalysis": ("dstability", _OUTPUT),
    "DGeoStabilityAnalysis": ("dgeostability", _OUTPUT),
    "DFoundationsAnalysis": ("dfoundations", _OUTPUT),
    "GRLWeapAnalysis": ("grlweap", _OUTPUT),
    "IdeaRcsAnalysis": ("idea_rcs", ("get_output_file", "get_idea_rcs_file")),
    "RobotAnalysis": ("robot", ("get_model_file", "get_results")),
    "AxisVMAnalysis": ("axisvm", ("get_model_file", "get_result_file", "get_results")),
    "GenericAnalysis": ("generic", _OUTPUT),
    "MatlabAnalysis": ("matlab", _OUTPUT),
    "DynamoAnalysis": ("dynamo", _OUTPUT),
    "PythonAnalysis": ("python", _OUTPUT),
    "ETABSAnalysis": ("etabs", _OUTPUT),
    "PlaxisAnalysis": ("plaxis", _OUTPUT),
    "RevitAnalysis": ("revit", _OUTPUT),
    "SAP2000Analysis": ("sap2000", _OUTPUT),
    "TeklaAnalysis": ("tekla", _OUTPUT),
    "RFEMAnalysis": ("rfem", ("get_model", "get_result")),
}


def _analysis_mock(module: str, class_name: str, getters: tuple[str, ...]) -> Callable[..., Callable[[F], F]]:
    """``mock_<class_name>``: its signature is the getters (each ``=None``), and it takes only those."""
    signature = inspect.Signature(
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None) for name in getters]
    )

    def mocker(*args: Any, **kwargs: Any) -> Callable[[F], F]:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"mock_{class_name}(): {error}") from None
        return _mock_program(module, class_name, **bound.arguments)

    mocker.__name__ = mocker.__qualname__ = f"mock_{class_name}"
    mocker.__doc__ = f"``viktor.external.{module}.{class_name}`` executes instantly; its getters answer from these."
    mocker.__signature__ = signature  # type: ignore[attr-defined]
    return mocker


#: ``mock_<Program>Analysis`` by name, in the order of ``_ANALYSES`` (``viktor.testing`` exposes each).
ANALYSIS_MOCKS: dict[str, Callable[..., Callable[[F], F]]] = {
    f"mock_{_name}": _analysis_mock(_module, _name, _getters) for _name, (_module, _getters) in _ANALYSES.items()
}
