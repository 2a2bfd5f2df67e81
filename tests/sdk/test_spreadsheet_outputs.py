"""Spreadsheet outputs the engine cannot compute are errors naming the cell and the cause, never formula text;
a 3-row lookup written over whole columns of a hyphenated sheet computes (issue 21, item 4).

Workbooks are built with openpyxl in the platform's layout (viktor-input-sheet, viktor-output-sheet,
column A the names, column D the values) and go through the whole service,
``SpreadsheetCalculation(...).evaluate()``, with the pure-Python engine (``formulas``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from viktorlite.sdk.errors import SpreadsheetError
from viktorlite.sdk.external.spreadsheet import SpreadsheetCalculation, SpreadsheetCalculationInput

HEADER = ["Parameters", "Unit", "Comment", "Values"]
CALC = "'calculation-sheet'"


def workbook(fill: Callable[[Any], None], outputs: list[tuple[str, str]]) -> bytes:
    """An input ``id`` (2), a sheet ``calculation-sheet`` filled by ``fill``, and ``outputs``."""
    book = openpyxl.Workbook()
    inputs = book.active
    inputs.title = "viktor-input-sheet"
    inputs.append(HEADER)
    inputs.append(["id", "-", "", 2])
    fill(book.create_sheet("calculation-sheet"))
    sheet = book.create_sheet("viktor-output-sheet")
    sheet.append(HEADER)
    for name, formula in outputs:
        sheet.append([name, "", "", formula])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def three_rows(sheet: Any) -> None:
    sheet.append(["id", "name", "value"])
    for row in ([1, "a", 10.5], [2, "b", 20.25], [3, "c", 30.0]):
        sheet.append(row)


def evaluate(data: bytes, identifier: float) -> dict[str, Any]:
    return SpreadsheetCalculation(io.BytesIO(data), [SpreadsheetCalculationInput("id", identifier)]).evaluate().values


def test_a_three_row_lookup_over_whole_columns_computes():
    given = "'viktor-input-sheet'!D2"

    def fill(sheet: Any) -> None:
        three_rows(sheet)
        sheet["E2"] = f"=VLOOKUP({given},A:C,3,FALSE)"  # outside the columns it reads
        sheet["F2"] = f"=INDEX(B:B,MATCH({given},A:A,0))"

    data = workbook(
        fill,
        [
            ("vlookup", f"=VLOOKUP({given},{CALC}!A:C,3,FALSE)"),
            ("index_match", f"=INDEX({CALC}!B:B,MATCH({given},{CALC}!A:A,0))"),
            ("through_the_sheet", f"={CALC}!E2"),
            ("name_there", f"={CALC}!F2"),
            ("column_sum", f"=SUM({CALC}!C:C)"),
        ],
    )
    for identifier, value, name in ((2, 20.25, "b"), (3, 30.0, "c"), (1, 10.5, "a")):
        assert evaluate(data, identifier) == {
            "vlookup": value,
            "index_match": name,
            "through_the_sheet": value,
            "name_there": name,
            "column_sum": 60.75,
        }


def test_an_output_on_a_circular_reference_is_an_error_naming_the_cell_not_its_formula_text():
    def fill(sheet: Any) -> None:
        three_rows(sheet)
        sheet["B6"] = "=VLOOKUP('viktor-input-sheet'!D2,A:C,3,FALSE)"  # inside B:B, which it reads

    data = workbook(fill, [("fine", f"={CALC}!C2"), ("looked_up", f"={CALC}!B6")])
    with pytest.raises(SpreadsheetError) as raised:
        evaluate(data, 2)
    message = str(raised.value)
    assert "output 'looked_up' (viktor-output-sheet!D3) cannot be computed" in message
    assert "circular reference through calculation-sheet!B6" in message
    assert "VLOOKUP" in message


def test_a_function_the_engine_lacks_is_named_where_the_output_uses_it_not_elsewhere():
    def fill(sheet: Any) -> None:
        three_rows(sheet)
        sheet["E2"] = "=NOSUCHFUNCTION(C2)+1"
        sheet["E3"] = "=E2*2"
        sheet["F1"] = "=ANOTHERUNKNOWN(1)"  # an unknown function no output uses, met first in the sheet

    data = workbook(fill, [("value", f"={CALC}!C3"), ("doubled", f"={CALC}!E3")])
    with pytest.raises(SpreadsheetError) as raised:
        evaluate(data, 2)
    message = str(raised.value)
    assert "output 'doubled' (viktor-output-sheet!D3) cannot be computed" in message
    assert "does not know the function NOSUCHFUNCTION used in calculation-sheet!E2" in message
    assert "ANOTHERUNKNOWN" not in message
    fine = workbook(fill, [("value", f"={CALC}!C3")])
    assert evaluate(fine, 2) == {"value": 20.25}  # the unknown function elsewhere harms nobody
