"""``viktor.testing`` as an app's own unit tests use it: imported through the ``viktor`` alias,
with the app code importing the patched classes its own way (module attribute or ``from`` import)."""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Any

import pytest

from viktorlite.app import viktor_alias
from viktorlite.sdk._offline import UnavailableOffline

viktor_alias.install()
vkt = importlib.import_module("viktor")
testing = importlib.import_module("viktor.testing")
etabs = importlib.import_module("viktor.external.etabs")
from viktor.external.sap2000 import SAP2000Connection  # noqa: E402 - bound before any patch, as app code does


def test_every_name_viktor_api_9a_lists_is_importable() -> None:
    names = [
        "mock_ParamsFromFile", "mock_View", "mock_Storage", "mock_API", "mock_params", "MockedEntityType",
        "MockedEntityRevision", "MockedUser", "MockedFileResource", "MockedEntity", "MockedEntityList",
        "mock_SciaAnalysis", "mock_DSettlementAnalysis", "mock_DSheetPilingAnalysis", "mock_DStabilityAnalysis",
        "mock_DGeoStabilityAnalysis", "mock_DFoundationsAnalysis", "mock_GRLWeapAnalysis", "mock_IdeaRcsAnalysis",
        "mock_RobotAnalysis", "mock_AxisVMAnalysis", "mock_GenericAnalysis", "mock_MatlabAnalysis",
        "mock_DynamoAnalysis", "mock_PythonAnalysis", "mock_ETABSAnalysis", "mock_PlaxisAnalysis",
        "mock_RevitAnalysis", "mock_SAP2000Analysis", "mock_TeklaAnalysis", "mock_Excel", "mock_RFEMAnalysis",
        "mock_ETABSConnection", "mock_SAP2000Connection", "mock_AutoCADConnection", "mock_Civil3DConnection",
    ]  # fmt: skip
    assert [name for name in names if not callable(getattr(testing, name, None))] == []


def test_without_a_mock_an_external_program_is_unavailable_offline() -> None:
    with pytest.raises(UnavailableOffline, match="ETABS"):
        etabs.connect().open_model("beam.edb")


def test_without_a_mock_a_call_deep_into_a_connection_names_its_whole_path() -> None:
    connection = SAP2000Connection(session=None)  # as connect() makes it
    with pytest.raises(UnavailableOffline, match=r"SAP2000Connection\.SapModel\.FrameObj\.GetNameList\(\) needs"):
        connection.SapModel.FrameObj.GetNameList(0)


# -- analysis mocks: the sequence / single / None convention ------------------------------------


def test_an_analysis_mock_gives_sequence_items_in_order_then_fails_when_exhausted() -> None:
    first, second = vkt.File.from_data("a"), vkt.File.from_data("b")

    @testing.mock_SciaAnalysis(get_engineering_report=[first, second])
    def run() -> list[Any]:
        analysis = vkt.external.scia.SciaAnalysis(input_file=None, xml_def_file=None, scia_model=None)
        analysis.execute(timeout=10)  # does nothing under the mock
        answers = [analysis.get_engineering_report(as_file=True) for _ in range(2)]
        with pytest.raises(RuntimeError, match="SciaAnalysis.get_engineering_report was called more often"):
            analysis.get_engineering_report(as_file=True)
        return answers

    assert run() == [first, second]


def test_an_analysis_mock_returns_a_single_object_forever_and_a_default_file_for_none() -> None:
    model = {"nodes": 3}

    @testing.mock_RFEMAnalysis(get_model=model, get_result=None)
    def run() -> tuple[Any, Any, Any]:
        analysis = vkt.external.rfem.RFEMAnalysis(rfx_file=None, actions=[])
        analysis.execute()
        return analysis.get_model(), analysis.get_model(), analysis.get_result(1)

    once, again, default = run()
    assert once is model and again is model
    assert default.getvalue() == "mocked content"


def test_the_patch_is_gone_after_the_test() -> None:
    @testing.mock_RFEMAnalysis(get_model={"x": 1})
    def run() -> Any:
        return vkt.external.rfem.RFEMAnalysis(rfx_file=None, actions=[]).get_model()

    assert run() == {"x": 1}
    with pytest.raises(UnavailableOffline):
        vkt.external.rfem.RFEMAnalysis(rfx_file=None, actions=[]).get_model()


def test_d_series_output_files_are_looked_up_by_extension() -> None:
    shd, sho = vkt.File.from_data("shd"), vkt.File.from_data("sho")

    @testing.mock_DSheetPilingAnalysis(get_output_file={".shd": shd, ".sho": sho})
    def run() -> list[Any]:
        analysis = vkt.external.dsheetpiling.DSheetPilingAnalysis(input_file=None)
        analysis.execute(timeout=10)
        found = [analysis.get_output_file(".sho"), analysis.get_output_file(extension=".shd", as_file=True)]
        with pytest.raises(KeyError, match=r"no output file '\.err' \(it has: \.shd, \.sho\)"):
            analysis.get_output_file(".err")
        return found

    assert run() == [sho, shd]


def test_mock_excel_answers_named_and_direct_cells() -> None:
    @testing.mock_Excel(get_named_cell_result=[1.5, 2.5], get_direct_cell_result="B2")
    def run() -> list[Any]:
        excel = vkt.external.excel.Excel(template=None)
        excel.execute(timeout=10)
        return [
            excel.get_named_cell_result("a"),
            excel.get_named_cell_result("b"),
            excel.get_direct_cell_result("S", "B", 2),
            excel.get_filled_template().getvalue(),
        ]

    assert run() == [1.5, 2.5, "B2", "mocked content"]


# -- connection mocks ----------------------------------------------------------------------------


def test_a_connection_mock_answers_from_a_dict_by_full_path_or_method_name() -> None:
    results = {"SapModel.FrameObj.GetNameList": [2, ["F1", "F2"], 0], "GetModelFilename": ["beam.edb"]}

    @testing.mock_ETABSConnection(results=results)
    def run() -> list[Any]:
        with etabs.connect() as connection:
            return [connection.SapModel.FrameObj.GetNameList(), connection.SapModel.GetModelFilename(True)]

    assert run() == [[2, ["F1", "F2"], 0], ["beam.edb"]]


def test_a_connection_mock_names_a_call_it_has_no_result_for() -> None:
    @testing.mock_ETABSConnection(results={"GetModelFilename": ["m.edb"]})
    def run() -> None:
        etabs.connect().SapModel.Analyze.RunAnalysis()

    with pytest.raises(
        KeyError, match="mock_ETABSConnection: the mock has no result for 'SapModel.Analyze.RunAnalysis'"
    ):
        run()


def test_a_connection_mock_asks_a_callable_with_the_method_and_its_arguments() -> None:
    calls: list[tuple[str, list[Any]]] = []

    def answer(method: str, args: list[Any]) -> list[Any]:
        calls.append((method, args))
        return [0, len(args)]

    @testing.mock_SAP2000Connection(results=answer)
    def run() -> list[Any]:
        # SAP2000Connection was imported at the top of this module, before the patch: it still holds.
        return SAP2000Connection(session=None).SapModel.PointObj.AddCartesian(1.0, 2.0, 0.0)

    assert run() == [0, 3]
    assert calls == [("SapModel.PointObj.AddCartesian", [1.0, 2.0, 0.0])]


@pytest.mark.parametrize(
    ("mocker", "module", "class_name"),
    [
        ("mock_AutoCADConnection", "autocad", "AutoCADConnection"),
        ("mock_Civil3DConnection", "civil3d", "Civil3DConnection"),
    ],
)
def test_without_results_every_connection_call_answers_an_empty_list(mocker: str, module: str, class_name: str) -> None:
    connection_class = getattr(importlib.import_module(f"viktor.external.{module}"), class_name)

    @getattr(testing, mocker)()
    def run() -> list[Any]:
        with connection_class(session=None) as connection:
            return connection.Application.ActiveDocument.SendCommand("LINE 0,0 1,1 ")

    assert run() == []
    with pytest.raises(UnavailableOffline):
        connection_class(session=None).open_document("site.dwg")


def test_connection_results_of_the_wrong_type_are_refused_with_the_mock_named() -> None:
    with pytest.raises(TypeError, match="mock_Civil3DConnection: results must be"):
        testing.mock_Civil3DConnection(results=["not", "a", "dict"])  # type: ignore[arg-type]


def test_the_alias_is_the_same_module() -> None:
    assert sys.modules["viktor.testing"] is testing


def test_an_analysis_mock_takes_the_sdks_getters_by_position_or_name_and_nothing_else() -> None:
    report = vkt.File.from_data("report")

    @testing.mock_SciaAnalysis(report)  # get_engineering_report, the first getter, as in the SDK
    def run() -> Any:
        analysis = vkt.external.scia.SciaAnalysis(input_file=None, xml_def_file=None, scia_model=None)
        return analysis.get_engineering_report(as_file=True)

    assert run() is report
    assert list(inspect.signature(testing.mock_DSettlementAnalysis).parameters) == ["get_output_file", "get_sld_file"]
    with pytest.raises(TypeError, match="mock_SciaAnalysis"):
        testing.mock_SciaAnalysis(get_output_file=report)
    with pytest.raises(TypeError):
        testing.mock_API(get_workspace=None)


def test_a_mocked_entity_reads_like_the_apis_and_its_methods_take_any_further_arguments() -> None:
    file = vkt.File.from_data("x")
    child = testing.MockedEntity(entity_id=8, entity_type=testing.MockedEntityType("Floor"))
    entity = testing.MockedEntity(entity_id=7, get_file=file, children=[child])
    assert entity.id == 7 and isinstance(entity, vkt.api_v1.Entity)
    with pytest.raises(AttributeError):
        entity.id = 8  # type: ignore[misc]
    assert entity.get_file(privileged=True) is file  # as the SDK's mock: extra arguments are ignored
    assert list(entity.children(include_params=False, entity_type_names=["Floor"], privileged=True)) == [child]
    assert entity.rename("New", privileged=True).name == "New"
