"""The spreadsheet services' engine: openpyxl fills the workbook, and ``formulas`` or LibreOffice recalculates it.

On the platform a VIKTOR service fills and evaluates the workbook. Here openpyxl fills it (keeping
its formulas); the ``formulas`` package, a pure-Python Excel engine, computes the outputs of small
workbooks (:mod:`._spreadsheet_formulas`), and LibreOffice, when installed, those of workbooks too
large for it (:mod:`._spreadsheet_soffice`, which also turns .xls workbooks into .xlsx). The engines
are imported on first use: ``formulas`` pulls in scipy, too slow for ``import viktor``.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..optional_library import require
from . import _spreadsheet_formulas as formulas_engine
from . import _spreadsheet_precedents as precedents
from . import _spreadsheet_soffice as soffice
from .errors import SpreadsheetError

log = logging.getLogger(__name__)

INPUT_SHEET = "viktor-input-sheet"
OUTPUT_SHEET = "viktor-output-sheet"
_VALUE_COLUMN = "D"  # names are in column A
#: From this many formula cells on, LibreOffice (when installed) recalculates instead of ``formulas``:
#: ``formulas`` needs milliseconds per formula cell (compiling and computing), LibreOffice seconds to
#: start and little per formula (benchmarks/bench_spreadsheet.py: 10,000 formulas, 171 s against 5.6 s).
LIBREOFFICE_FROM_FORMULAS = 500


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
    workbook = _load(_as_xlsx(data, caller), caller)
    for write in writes:
        if isinstance(write, NamedWrite):
            for sheet, coordinate in _named_destinations(workbook, write.name, caller):
                _sheet(workbook, sheet, caller)[coordinate] = write.value
        else:
            cell = _cell_coordinate(write.column, write.row, caller)
            _sheet(workbook, write.sheet, caller)[cell] = write.value
    return _save(workbook)


def calculate(data: bytes, inputs: dict[str, Any], caller: str, *, want_filled: bool = True) -> tuple[dict, bytes]:
    """The outputs of a calculation workbook for ``inputs``, and the workbook with the inputs filled.

    Inputs go into column D of ``viktor-input-sheet`` on the row whose column A holds their name;
    outputs are column D of ``viktor-output-sheet`` by the names in column A, after recalculation.
    The filled workbook is .xlsx (an .xls is converted); ``want_filled=False`` skips writing it.
    """
    require("openpyxl", feature=caller)
    require("formulas", feature=caller)
    data = _as_xlsx(data, caller)
    workbook = _load(data, caller)
    input_rows = _parameter_rows(_sheet(workbook, INPUT_SHEET, caller))
    writes: dict[tuple[str, str], Any] = {}
    for name, value in inputs.items():
        if name not in input_rows:
            known = ", ".join(repr(n) for n in input_rows) or "none"
            raise SpreadsheetError(
                f"{caller}: there is no input {name!r} in column A of sheet {INPUT_SHEET!r} (inputs there: {known})"
            )
        writes[(INPUT_SHEET, f"{_VALUE_COLUMN}{input_rows[name]}")] = value
    output_rows = _parameter_rows(_sheet(workbook, OUTPUT_SHEET, caller))
    output_cells = {name: f"{_VALUE_COLUMN}{row}" for name, row in output_rows.items()}
    formula_cells = _count_formulas(workbook)
    use_libreoffice = formula_cells >= LIBREOFFICE_FROM_FORMULAS and soffice.available()
    for (sheet, cell), value in writes.items():
        workbook[sheet][cell] = value
    filled = _save(workbook) if want_filled or use_libreoffice else b""
    if use_libreoffice:
        computed = soffice.recalculate(filled, OUTPUT_SHEET, list(output_cells.values()), formula_cells, caller)
        # LibreOffice gives errors as their text (#DIV/0!, and #NAME? for a function it lacks too)
        return {name: computed.get(cell) for name, cell in output_cells.items()}, filled
    if formula_cells >= LIBREOFFICE_FROM_FORMULAS:
        log.warning(
            "%s: %d formula cells recalculated by the Python engine (formulas), which may take minutes; "
            "LibreOffice does it in seconds: apt-get install %s",
            caller,
            formula_cells,
            soffice.PACKAGE,
        )
    wanted = [(OUTPUT_SHEET, cell) for cell in output_cells.values()]
    by_cell = {cell: value for (_, cell), value in formulas_engine.compute(data, writes, wanted, caller).items()}
    values = {}
    for name, cell in output_cells.items():
        written = workbook[OUTPUT_SHEET][cell]
        if cell not in by_cell and written.data_type == "f":  # the engine left it out: never its formula text
            _raise_not_computed(workbook, name, cell, caller, "the formula engine (formulas) gave no value")
        value = by_cell.get(cell, written.value)
        if formulas_engine.is_engine_error(value):
            _raise_if_unsupported(workbook, name, cell, caller)
            value = str(value)  # an error the sheet itself makes (#DIV/0!, #N/A, ...): as Excel shows it
        values[name] = value
    return values, filled


# -- workbook access (openpyxl) ---------------------------------------------------------------------


def _as_xlsx(data: bytes, caller: str) -> bytes:
    """An .xls workbook converted to .xlsx (by LibreOffice); any other file as it is."""
    return soffice.xls_to_xlsx(data, caller) if soffice.is_xls(data) else data


def _load(data: bytes, caller: str) -> Any:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError(f"{caller}: the file is not an .xlsx workbook, nor an .xls (another format?)")
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


# -- recalculation ---------------------------------------------------------------------------------


def _count_formulas(workbook: Any) -> int:
    return sum(1 for sheet in workbook.worksheets for cell in sheet._cells.values() if cell.data_type == "f")


def _raise_if_unsupported(workbook: Any, output: str, cell: str, caller: str) -> None:
    """An error value from a function the engine lacks, somewhere on the output's formula chain: name it."""
    cause = _cause(workbook, cell)
    if cause is not None and cause.function is not None:
        raise SpreadsheetError(
            f"{caller}: output {output!r} ({OUTPUT_SHEET}!{cell}) cannot be computed: {cause.describe()}"
        )


def _raise_not_computed(workbook: Any, output: str, cell: str, caller: str, why: str) -> None:
    """An output the engine has no value for: the error names the cell and, when found, the cause."""
    cause = _cause(workbook, cell)
    because = cause.describe() if cause is not None else f"{why} for {workbook[OUTPUT_SHEET][cell].value}"
    raise SpreadsheetError(f"{caller}: output {output!r} ({OUTPUT_SHEET}!{cell}) cannot be computed: {because}")


def _cause(workbook: Any, cell: str) -> Any:
    import formulas

    known = frozenset(name.upper() for name in formulas.get_functions())
    return precedents.find_cause(workbook, (OUTPUT_SHEET, cell), known)
