"""The spreadsheet services' engine: openpyxl writes values into a workbook, ``formulas`` recalculates it.

On the platform a VIKTOR service fills and evaluates the workbook. Here openpyxl fills it (keeping
its formulas) and the ``formulas`` package, a pure-Python Excel formula engine, computes the
outputs. Both are imported on first use: ``formulas`` pulls in scipy, too slow for ``import viktor``.
"""

from __future__ import annotations

import functools
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..optional_library import require
from .errors import SpreadsheetError

INPUT_SHEET = "viktor-input-sheet"
OUTPUT_SHEET = "viktor-output-sheet"
_VALUE_COLUMN = "D"  # names are in column A
_WORKBOOK_NAME = "workbook.xlsx"
#: Function names in a formula (text in double quotes removed first); ``_xlfn.`` marks newer functions.
_FUNCTION_CALL = re.compile(r"(?:_xlfn\.|_xlws\.)?([A-Za-z][A-Za-z0-9._]*)\s*\(")
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')


@dataclass(frozen=True)
class DirectWrite:
    """A value for the cell ``column``+``row`` of ``sheet``."""

    sheet: str
    column: str
    row: int
    value: Any


@dataclass(frozen=True)
class NamedWrite:
    """A value for the cell a workbook-level defined name points to."""

    name: str
    value: Any


def fill(data: bytes, writes: Iterable[DirectWrite | NamedWrite], caller: str) -> bytes:
    """The workbook with ``writes`` applied; formulas stay, recalculated when the file is next opened."""
    require("openpyxl", feature=caller)
    workbook = _load(data, caller)
    for write in writes:
        if isinstance(write, NamedWrite):
            for sheet, coordinate in _named_destinations(workbook, write.name, caller):
                _sheet(workbook, sheet, caller)[coordinate] = write.value
        else:
            cell = _cell_coordinate(write.column, write.row, caller)
            _sheet(workbook, write.sheet, caller)[cell] = write.value
    return _save(workbook)


def calculate(data: bytes, inputs: dict[str, Any], caller: str) -> tuple[dict[str, Any], bytes]:
    """The outputs of a calculation workbook for ``inputs``, and the workbook with the inputs filled.

    Inputs go into column D of ``viktor-input-sheet`` on the row whose column A holds their name;
    outputs are column D of ``viktor-output-sheet`` by the names in column A, after recalculation.
    """
    require("openpyxl", feature=caller)
    require("formulas", feature=caller)
    workbook = _load(data, caller)
    input_rows = _parameter_rows(_sheet(workbook, INPUT_SHEET, caller))
    for name, value in inputs.items():
        if name not in input_rows:
            known = ", ".join(repr(n) for n in input_rows) or "none"
            raise SpreadsheetError(
                f"{caller}: there is no input {name!r} in column A of sheet {INPUT_SHEET!r} (inputs there: {known})"
            )
        workbook[INPUT_SHEET][f"{_VALUE_COLUMN}{input_rows[name]}"] = value
    output_rows = _parameter_rows(_sheet(workbook, OUTPUT_SHEET, caller))
    filled = _save(workbook)
    computed = _compute(filled, [f"{_VALUE_COLUMN}{row}" for row in output_rows.values()], caller)
    values = {}
    for name, row in output_rows.items():
        cell = f"{_VALUE_COLUMN}{row}"
        value = computed.get(cell, workbook[OUTPUT_SHEET][cell].value)
        if _is_engine_error(value):
            if str(value) == "#NAME?":
                _raise_if_unsupported(workbook, name, cell, caller)
            value = str(value)  # an error the sheet itself makes (#DIV/0!, #N/A, ...): as Excel shows it
        values[name] = value
    return values, filled


# -- workbook access (openpyxl) ---------------------------------------------------------------------


def _load(data: bytes, caller: str) -> Any:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError(f"{caller}: the file is not an .xlsx workbook (an old .xls, or another format?)")
    try:
        return load_workbook(io.BytesIO(data))
    except Exception as error:  # openpyxl raises assorted errors for damaged or foreign zip files
        raise SpreadsheetError(f"{caller}: the file is not a readable .xlsx workbook ({error})") from None


def _save(workbook: Any) -> bytes:
    workbook.calculation.fullCalcOnLoad = True  # Excel/LibreOffice recompute on opening the filled file
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Any, name: str, caller: str) -> Any:
    if name not in workbook.sheetnames:
        known = ", ".join(repr(n) for n in workbook.sheetnames)
        raise SpreadsheetError(f"{caller}: the workbook has no sheet {name!r} (its sheets: {known})")
    return workbook[name]


def _parameter_rows(sheet: Any) -> dict[str, int]:
    """Parameter name (column A, from row 2) -> row number; blank names are skipped."""
    rows: dict[str, int] = {}
    for (cell,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        if cell.value is not None and str(cell.value).strip():
            rows.setdefault(str(cell.value).strip(), cell.row)
    return rows


def _cell_coordinate(column: str, row: int, caller: str) -> str:
    from openpyxl.utils import column_index_from_string

    try:
        column_index_from_string(str(column).upper())
    except ValueError:
        raise SpreadsheetError(f"{caller}: {column!r} is not a column (A, B, ..., XFD)") from None
    if isinstance(row, bool) or not isinstance(row, int) or row < 1:
        raise SpreadsheetError(f"{caller}: row must be a whole number from 1, not {row!r}")
    return f"{str(column).upper()}{row}"


def _named_destinations(workbook: Any, name: str, caller: str) -> Iterator[tuple[str, str]]:
    wanted = name.casefold()  # Excel names are case-insensitive
    for defined_name, definition in workbook.defined_names.items():
        if defined_name.casefold() == wanted:
            for sheet, cells in definition.destinations:
                yield sheet, cells.replace("$", "").split(":")[0]
            return
    known = ", ".join(repr(n) for n in workbook.defined_names) or "none"
    raise SpreadsheetError(f"{caller}: the workbook has no named cell {name!r} (its names: {known})")


# -- recalculation (formulas) -----------------------------------------------------------------------


def _compute(filled: bytes, output_cells: list[str], caller: str) -> dict[str, Any]:
    """Output cell (``D2``) -> value for the cells of the output sheet that the engine holds."""
    import formulas

    _silence_progress_bars()
    with tempfile.TemporaryDirectory(prefix="viktorlite-spreadsheet-") as folder:
        path = Path(folder) / _WORKBOOK_NAME
        path.write_bytes(filled)
        try:
            model = formulas.ExcelModel().loads(str(path)).finish()
        except Exception as error:  # the engine's parse errors are of many kinds; name the engine
            message = f"{caller}: the formula engine (formulas) cannot read the workbook: {error}"
            raise SpreadsheetError(message) from None
    nodes = {node.upper(): node for node in model.dsp.data_nodes if isinstance(node, str)}
    wanted = {}
    for cell in output_cells:
        node = nodes.get(f"'[{_WORKBOOK_NAME}]{OUTPUT_SHEET}'!{cell}".upper())
        if node is not None:
            wanted[node] = cell
    if not wanted:
        return {}
    try:
        solution = model.calculate(outputs=list(wanted))
    except Exception as error:
        raise SpreadsheetError(f"{caller}: the formula engine (formulas) failed to recalculate: {error}") from None
    return {cell: _plain(solution[node]) for node, cell in wanted.items() if node in solution}


def _plain(result: Any) -> Any:
    """A cell's value as a Python value: the top-left of a range, numpy scalars unwrapped, empty = None."""
    import schedula

    value = getattr(result, "value", result)
    while hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
        value = value.flat[0] if value.size else None
    if value is schedula.EMPTY:
        return None
    if _is_engine_error(value):
        return value
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str) else value


def _is_engine_error(value: Any) -> bool:
    from formulas.tokens.operand import XlError

    return isinstance(value, XlError)


def _raise_if_unsupported(workbook: Any, output: str, cell: str, caller: str) -> None:
    """A ``#NAME?`` output comes from a function the engine lacks: name it and where it is used."""
    import formulas

    known = formulas.get_functions()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for each in row:
                text = each.value if isinstance(each.value, str) else getattr(each.value, "text", None)
                if not isinstance(text, str) or not text.startswith("="):
                    continue
                for function in _FUNCTION_CALL.findall(_STRING_LITERAL.sub('""', text)):
                    if function.upper() not in known:
                        raise SpreadsheetError(
                            f"{caller}: output {output!r} ({OUTPUT_SHEET}!{cell}) cannot be computed: the formula "
                            f"engine (formulas) does not know the function {function.upper()} used in "
                            f"{sheet.title}!{each.coordinate} ({text})"
                        )


@functools.cache
def _silence_progress_bars() -> None:
    """``formulas`` draws a tqdm progress bar on stderr while it compiles a workbook; not in a job's output."""
    from types import SimpleNamespace

    import formulas.excel
    import tqdm

    if hasattr(formulas.excel, "tqdm"):
        formulas.excel.tqdm = SimpleNamespace(tqdm=functools.partial(tqdm.tqdm, disable=True))
