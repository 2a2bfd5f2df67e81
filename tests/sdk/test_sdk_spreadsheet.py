"""``viktor.external.spreadsheet`` runs locally: openpyxl fills the workbook, ``formulas`` recalculates it.

Workbooks are built here with openpyxl in the platform's layout (viktor-input-sheet and
viktor-output-sheet, columns A=Parameters, B=Unit, C=Comment, D=Values) with real formula chains.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from viktorlite.sdk import File
from viktorlite.sdk.errors import SpreadsheetError
from viktorlite.sdk.external.spreadsheet import (
    DirectInputCell,
    InputCellRange,
    NamedInputCell,
    SpreadsheetCalculation,
    SpreadsheetCalculationInput,
    SpreadsheetTemplate,
    render_spreadsheet,
)

HEADER = ["Parameters", "Unit", "Comment", "Values"]


def calculation_workbook(*, extra_outputs: tuple[tuple[str, str], ...] = (), without: str = "") -> bytes:
    """A beam check: moment = q*L^2/8, stress = M/W, unity check and a verdict, via a calculation sheet."""
    workbook = openpyxl.Workbook()
    calc = workbook.active
    calc.title = "calculation"
    inputs = workbook.create_sheet("viktor-input-sheet")
    outputs = workbook.create_sheet("viktor-output-sheet")
    inputs.append(HEADER)
    inputs.append(["length", "m", "span", 5])
    inputs.append(["load", "kN/m", "", 10])
    inputs.append(["section_modulus", "cm3", "", 500])
    calc["A1"] = "='viktor-input-sheet'!D3*'viktor-input-sheet'!D2^2/8"
    calc["A2"] = "=A1*1000/'viktor-input-sheet'!D4"
    calc["A3"] = "=ROUND(A2/235,3)"
    calc["A4"] = '=IF(A3<=1,"OK","NOT OK")'
    outputs.append(HEADER)
    outputs.append(["moment", "kNm", "", "=calculation!A1"])
    outputs.append(["stress", "MPa", "", "=calculation!A2"])
    outputs.append(["unity_check", "-", "", "=calculation!A3"])
    outputs.append(["verdict", "", "", "=calculation!A4"])
    outputs.append(["divided", "", "", "=1/0"])
    for name, formula in extra_outputs:
        outputs.append([name, "", "", formula])
    if without:
        workbook.remove(workbook[without])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_outputs_follow_the_formula_chain_for_each_input_set():
    data = calculation_workbook()
    first = SpreadsheetCalculation(io.BytesIO(data), []).evaluate()  # the defaults in column D
    assert first.values == {
        "moment": 31.25,
        "stress": 62.5,
        "unity_check": 0.266,
        "verdict": "OK",
        "divided": "#DIV/0!",  # the sheet's own error, as Excel shows it
    }
    inputs = [SpreadsheetCalculationInput("length", 12), SpreadsheetCalculationInput("load", 20.0)]
    second = SpreadsheetCalculation(File.from_data(data), inputs).evaluate()
    assert second.get_value("moment") == 360.0
    assert second.get_value("stress") == 720.0
    assert second.values["unity_check"] == 3.064 and second.values["verdict"] == "NOT OK"


def test_the_filled_file_holds_the_inputs_and_keeps_the_formulas(tmp_path: Path):
    (tmp_path / "calc.xlsx").write_bytes(calculation_workbook())
    calculation = SpreadsheetCalculation.from_path(tmp_path / "calc.xlsx", [SpreadsheetCalculationInput("load", 7)])
    without_file = calculation.evaluate()
    with pytest.raises(SpreadsheetError, match="include_filled_file=True"):
        without_file.file_content  # noqa: B018 - the property raises
    result = calculation.evaluate(include_filled_file=True)
    assert calculation.result is result
    filled = openpyxl.load_workbook(io.BytesIO(result.file_content))
    assert [filled["viktor-input-sheet"][f"D{row}"].value for row in (2, 3, 4)] == [5, 7, 500]
    assert filled["viktor-output-sheet"]["D2"].value == "=calculation!A1"


def test_spreadsheet_errors_name_the_sheet_the_input_and_the_function():
    with pytest.raises(
        SpreadsheetError, match=r"no sheet 'viktor-input-sheet' \(its sheets: 'calculation', 'viktor-out"
    ):
        SpreadsheetCalculation(io.BytesIO(calculation_workbook(without="viktor-input-sheet")), []).evaluate()
    with pytest.raises(SpreadsheetError, match=r"no input 'width' in column A of sheet 'viktor-input-sheet' \(inputs"):
        SpreadsheetCalculation(io.BytesIO(calculation_workbook()), [SpreadsheetCalculationInput("width", 1)]).evaluate()
    unsupported = calculation_workbook(extra_outputs=(("odd", "=FANCYCALC(calculation!A1)"),))
    with pytest.raises(SpreadsheetError, match=r"output 'odd' \(viktor-output-sheet!D7\).*function FANCYCALC"):
        SpreadsheetCalculation(io.BytesIO(unsupported), []).evaluate()
    with pytest.raises(SpreadsheetError, match="not an .xlsx workbook"):
        SpreadsheetCalculation(io.BytesIO(b"a,b\n1,2\n"), []).evaluate()
    result = SpreadsheetCalculation(io.BytesIO(calculation_workbook()), []).evaluate()
    with pytest.raises(SpreadsheetError, match="no output 'nope'"):
        result.get_value("nope")
    with pytest.raises(TypeError, match="a cell value must be"):
        SpreadsheetCalculationInput("length", [1, 2])  # type: ignore[arg-type]


def test_render_spreadsheet_fills_direct_named_and_range_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "report"
    sheet["D1"] = "=B2*2"
    workbook.defined_names["project"] = DefinedName("project", attr_text="report!$A$1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = [
        NamedInputCell("Project", "Bridge 7"),  # Excel names are case-insensitive
        DirectInputCell("report", "B", 2, 21),
        InputCellRange("report", "A", 4, [[1, 2], ["x", "y"]]),
    ]
    filled = openpyxl.load_workbook(render_spreadsheet(io.BytesIO(buffer.getvalue()), cells).open_binary())["report"]
    assert [filled[c].value for c in ("A1", "B2", "A4", "B4", "A5", "B5", "D1")] == [
        "Bridge 7",
        21,
        1,
        2,
        "x",
        "y",
        "=B2*2",
    ]
    template = SpreadsheetTemplate(io.BytesIO(buffer.getvalue()), [DirectInputCell("missing", "A", 1, 1)])
    with pytest.raises(SpreadsheetError, match="no sheet 'missing'"):
        template.render()
    with pytest.raises(SpreadsheetError, match="no named cell 'nope'"):
        render_spreadsheet(io.BytesIO(buffer.getvalue()), [NamedInputCell("nope", 1)])
