"""``viktor.external``: every name of the real SDK's program modules, and nothing more, as stand-ins.

The names, signatures and enum values come from a catalog of the real SDK 14.36.2 (written by
tools/gen_external_catalog.py). Constructing works and checks the arguments as the SDK does; running
the program raises UnavailableOffline (a ConnectionError) naming the program and the call.
"""

from __future__ import annotations

import enum
import importlib
import importlib.util
import inspect
import json
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from real_sdk import LAST_13, LATEST_14, ROOT, SURFACE_TOOL, real_sdk_python
from viktorlite.app import viktor_alias
from viktorlite.sdk._offline import UnavailableOffline

viktor_alias.install()
vkt = importlib.import_module("viktor")
CATALOG = ROOT / "viktorlite" / "sdk" / "external" / "_catalog"


def external(name: str) -> ModuleType:
    return importlib.import_module(f"viktor.external.{name}" if name else "viktor.external")


def test_a_misspelt_name_does_not_import() -> None:
    with pytest.raises(ImportError, match="SciaAnalysys"):
        from viktor.external.scia import SciaAnalysys  # noqa: F401
    with pytest.raises(AttributeError, match="eUnitz"):
        _ = external("etabs").eUnitz


def test_each_module_has_exactly_the_real_sdks_names() -> None:
    """The catalog's names, counted as the namespace parity tool counts them: no invented helper or import."""
    spec = importlib.util.spec_from_file_location("sdk_surface", SURFACE_TOOL)
    assert spec is not None and spec.loader is not None
    surface = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(surface)
    wrong = {}
    for path in sorted(CATALOG.glob("*.json")):
        for real_name, entry in json.loads(path.read_text())["modules"].items():
            module = importlib.import_module(real_name)
            ours = {
                name
                for name, obj in vars(module).items()
                if not name.startswith("_")
                and not isinstance(obj, ModuleType)
                and surface.belongs_to_sdk(name, obj, ("viktor", "viktorlite"))
            }
            if ours != set(entry["names"]):
                wrong[real_name] = sorted(ours.symmetric_difference(entry["names"]))
    assert wrong == {}
    assert sum(len(json.loads(p.read_text())["modules"]) for p in CATALOG.glob("*.json")) == 41


def test_the_catalog_is_what_the_real_sdk_has(tmp_path: Path) -> None:
    """The committed catalog is the generator's reading of the real SDK (re-run it after a new SDK)."""
    subprocess.run(
        [
            str(real_sdk_python(LATEST_14)),
            str(ROOT / "tools" / "gen_external_catalog.py"),
            "--legacy-python",
            str(real_sdk_python(LAST_13)),
            "--output",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    made = {path.name: path.read_text() for path in tmp_path.glob("*.json")}
    committed = {path.name: path.read_text() for path in CATALOG.glob("*.json")}
    assert made.keys() == committed.keys()
    assert [name for name in made if made[name] != committed[name]] == []


def test_stand_ins_show_the_real_parameters() -> None:
    scia = external("scia")
    assert str(inspect.signature(scia.SciaAnalysis)) == (
        "(input_file, xml_def_file, scia_model, calculation_setting=<CalcSetting.LIN: 'LIN'>, "
        "xml_doc_name='output', *, result_type=<ResultType.MODEL: 'MODEL'>, output_document='')"
    )
    assert str(inspect.signature(scia.Model.create_node)) == "(self, name, x, y, z)"
    assert str(inspect.signature(scia.Model().create_node)) == "(name, x, y, z)"
    connect = inspect.signature(external("etabs").connect)
    assert [(p.name, p.kind.name, p.default) for p in connect.parameters.values()] == [
        ("timeout", "POSITIONAL_OR_KEYWORD", 60)
    ]
    assert str(inspect.signature(external("dynamo").get_dynamo_result)) == "(file, id_)"
    assert str(inspect.signature(scia.SciaAnalysis.get_xml_def_name)) == "(input_file)"  # a staticmethod


def test_constructing_checks_the_arguments_as_the_sdk_does() -> None:
    rfem = external("rfem")
    with pytest.raises(TypeError, match=r"RFEMAnalysis\(\): missing a required argument: 'actions'"):
        rfem.RFEMAnalysis(rfx_file=vkt.File.from_data("model"))
    with pytest.raises(TypeError, match="unexpected keyword argument 'result_typ'"):
        external("scia").SciaAnalysis(None, None, None, result_typ=None)
    rfem.RFEMAnalysis(vkt.File.from_data("model"), [rfem.WriteResultsAction([1])])


def test_running_the_program_raises_unavailable_offline_naming_it_and_the_call() -> None:
    rfem = external("rfem")
    analysis = rfem.RFEMAnalysis(rfx_file=vkt.File.from_data("model"), actions=[])
    with pytest.raises(UnavailableOffline, match=r"^RFEMAnalysis\.execute\(\) needs RFEM, not available offline"):
        analysis.execute(timeout=60)
    with pytest.raises(ConnectionError, match=r"^RFEMAnalysis\.get_result\(\) needs RFEM"):
        analysis.get_result(1, as_file=True)
    with pytest.raises(TypeError, match="get_result"):  # a wrong call is the app's error, as in the SDK
        analysis.get_result()
    with pytest.raises(UnavailableOffline, match=r"^ETABSAnalysis\.execute\(\) needs ETABS"):
        external("etabs").ETABSAnalysis(script=vkt.File.from_data("print(1)")).execute()
    with pytest.raises(UnavailableOffline, match=r"^get_dynamo_result\(\) needs Dynamo"):
        external("dynamo").get_dynamo_result(vkt.File.from_data("{}"), "node")
    with pytest.raises(UnavailableOffline, match=r"^Excel\.filled_template needs Microsoft Excel"):
        _ = external("excel").Excel(template=vkt.File.from_data("")).filled_template


def test_a_stand_in_reads_back_what_it_was_given() -> None:
    dfoundations = external("dfoundations")
    kind = dfoundations.CalculationType.COMPLETE_CALCULATION
    options = dfoundations.BearingPilesCalculationOptions(kind, rigid=True, xi3=1.2)
    assert (options.calculation_type, options.rigid, options.xi3, options.gamma_b) == (kind, True, 1.2, None)
    with pytest.raises(AttributeError, match="no attribute 'rigidity'"):
        _ = options.rigidity


def test_enums_are_real_enums_with_the_programs_values() -> None:
    etabs, sap2000, scia = external("etabs"), external("sap2000"), external("scia")
    assert issubclass(etabs.eUnits, enum.IntEnum) and etabs.eUnits.kN_m_C == 6
    assert etabs.eUnits is importlib.import_module("viktor.external.etabs.enums").eUnits
    assert sap2000.eUnits(6) is sap2000.eUnits.kN_m_C and sap2000.eUnits is not etabs.eUnits
    assert scia.CalcSetting("LIN") is scia.CalcSetting.LIN
    assert [m.value for m in scia.object.Concrete.ECPart] == [0, 1]
    assert scia.object.Concrete.ECPart.__qualname__ == "Concrete.ECPart"
    assert scia.object.HingeOnBeam.Freedom.RIGID.value == 1
    assert external("dfoundations").CalculationType.DESIGN_CALCULATION.value == 0
    civil3d_enums = importlib.import_module("viktor.external.civil3d.enums")
    assert sum(isinstance(obj, enum.EnumMeta) for obj in vars(civil3d_enums).values()) == 398


def test_a_name_the_sdk_re_exports_is_the_same_object() -> None:
    scia, excel, spreadsheet = external("scia"), external("excel"), external("spreadsheet")
    assert scia.SciaAnalysis is scia.scia.SciaAnalysis and scia.Beam is scia.object.Beam
    assert scia.scia.File is vkt.File and excel.ExecutionError is vkt.ExecutionError
    assert excel.NamedInputCell is spreadsheet.NamedInputCell  # the working, hand-written class
    assert external("").PythonAnalysis is external("python").PythonAnalysis
    analysis = scia.SciaAnalysis(scia.Model(), vkt.File.from_data("<xml/>"), vkt.File.from_data("<def/>"))
    assert isinstance(analysis, external("external_program").ExternalProgram)
    assert issubclass(external("etabs").ETABSAnalysis, external("python").PythonAnalysis)


def test_the_program_shortcuts_are_the_modules() -> None:
    assert vkt.scia is sys.modules["viktor.external.scia"]
    assert vkt.civil3d.Civil3DConnection is importlib.import_module("viktor.external.civil3d.civil3d").Civil3DConnection


def test_a_live_connection_fails_when_entered_naming_the_call() -> None:
    etabs = external("etabs")
    with pytest.raises(UnavailableOffline, match=r"^etabs\.connect\(timeout=30\) needs ETABS"), etabs.connect(30):
        pass
    connection = external("autocad").attach()
    with pytest.raises(UnavailableOffline, match=r"^AutoCADConnection\.ActiveDocument\.ModelSpace\.AddLine\(\)"):
        connection.ActiveDocument.ModelSpace.AddLine([0, 0, 0], [6, 0, 0])
    with pytest.raises(UnavailableOffline, match=r"^AutoCADConnection\.open\(\) needs AutoCAD"):
        connection.open()


def test_names_the_last_13x_had_import_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"viktor\.external\.scia\.SciaParsingError"):
        assert external("scia").SciaParsingError is vkt.errors.SciaParsingError
    with pytest.warns(DeprecationWarning, match="GEFData"):
        from viktor.external.dfoundations import GEFData
    assert GEFData is importlib.import_module("viktor.geo").GEFData
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        external("scia").SciaAnalysis  # noqa: B018 - a 14.x name: no warning


def test_spreadsheet_output_cells_and_values_as_the_sdk_has_them(caplog: Any) -> None:
    spreadsheet = external("spreadsheet")
    cell = spreadsheet.NamedOutputCell("total")
    with pytest.raises(RuntimeError, match="not yet available"):
        _ = cell.result
    cell.result = 12.5
    assert cell.result == 12.5
    assert [spreadsheet.stringify_value(v) for v in (True, 3, 1.5, "a")] == ["True", "3", "1.5", "a"]
    assert spreadsheet.stringify_value(None) == "None" and "probably not supported" in caplog.text
