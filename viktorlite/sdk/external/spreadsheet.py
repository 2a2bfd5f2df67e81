"""``viktor.external.spreadsheet``: a macro-free workbook as a calculator, and filling workbook templates.

:class:`SpreadsheetCalculation` writes its inputs into ``viktor-input-sheet`` and reads the outputs
from ``viktor-output-sheet`` (columns A=Parameters, B=Unit, C=Comment, D=Values) after
recalculating with the ``formulas`` engine; :func:`render_spreadsheet` writes values into cells.
Both run here instead of on a VIKTOR service (docs/services.md). The Excel program with macros is
:mod:`viktor.external.excel`, which needs a VIKTOR Excel worker and is a stand-in.
"""

from __future__ import annotations

import io
import logging
import os
from abc import ABC, abstractmethod
from typing import Any, BinaryIO

from ...optional_library import require as _require
from .. import _spreadsheet_engine as engine
from .._file import File
from .._result_io import read_bytes as _read_bytes
from .._result_io import read_path as _read_path
from ..errors import SpreadsheetError
from . import _standin

__all__ = [
    "DirectInputCell",
    "DirectOutputCell",
    "InputCellRange",
    "NamedInputCell",
    "NamedOutputCell",
    "SpreadsheetCalculation",
    "SpreadsheetCalculationInput",
    "SpreadsheetResult",
    "SpreadsheetTemplate",
    "render_spreadsheet",
]

_CellValue = bool | int | str | float
_log = logging.getLogger(__name__)

# -- cells ------------------------------------------------------------------------------------------


class _NamedCellBaseClass(ABC):
    """A cell found by its defined name (a workbook-level name in Excel)."""

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"{type(self).__name__}: name must be a non-empty str, not {name!r}")
        self.name = name

    @abstractmethod
    def serialize(self) -> dict: ...


class NamedInputCell(_NamedCellBaseClass):
    """A value for the named cell ``name``."""

    def __init__(self, name: str, value: _CellValue) -> None:
        super().__init__(name)
        self.value = _checked_value(value, f"{type(self).__name__} {name!r}")

    def serialize(self, convert_value_to_str: bool = False) -> dict:
        return {"name": self.name, "value": str(self.value) if convert_value_to_str else self.value}

    def serialize_for_fill_spreadsheet(self) -> dict:
        return {"name": self.name, "value": self.value}


class SpreadsheetCalculationInput(NamedInputCell):
    """An input of a :class:`SpreadsheetCalculation`: ``name`` as in column A of viktor-input-sheet."""


class _ReadBack:
    """The ``result`` an output cell gets once the Excel program has run (a RuntimeError before, as in the SDK)."""

    _result_value: Any = None

    @property
    def result(self) -> Any:
        if self._result_value is None:
            raise RuntimeError("Result for output cell is not yet available, execute first.")
        return self._result_value

    @result.setter
    def result(self, value: Any) -> None:
        self._result_value = value


class NamedOutputCell(_ReadBack, _NamedCellBaseClass):
    """A named cell whose value the Excel program reads back (:mod:`viktor.external.excel`)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._result_value = None

    def equals(self, named_cell_result: dict) -> bool:
        return named_cell_result.get("name") == self.name

    def serialize(self) -> dict:
        return {"name": self.name}


class _DirectCellBaseClass(ABC):
    """A cell found by sheet, column letter and row number."""

    def __init__(self, sheet_name: str, column: str, row: int) -> None:
        self.sheet_name = sheet_name
        self.column = column
        self.row = row

    @abstractmethod
    def serialize(self) -> dict: ...


class DirectInputCell(_DirectCellBaseClass):
    """A value for the cell ``column``+``row`` of sheet ``sheet_name``."""

    def __init__(self, sheet_name: str, column: str, row: int, value: _CellValue) -> None:
        super().__init__(sheet_name, column, row)
        self.value = _checked_value(value, f"DirectInputCell {sheet_name}!{column}{row}")

    def serialize(self, convert_value_to_str: bool = False) -> dict:
        value = str(self.value) if convert_value_to_str else self.value
        return {"sheet_name": self.sheet_name, "column": self.column, "row": self.row, "value": value}


class DirectOutputCell(_ReadBack, _DirectCellBaseClass):
    """A cell whose value the Excel program reads back (:mod:`viktor.external.excel`)."""

    def __init__(self, sheet_name: str, column: str, row: int) -> None:
        super().__init__(sheet_name, column, row)
        self._result_value = None

    def equals(self, direct_cell_result: dict) -> bool:
        theirs = tuple(direct_cell_result.get(key) for key in ("sheet_name", "column", "row"))
        return theirs == (self.sheet_name, self.column, self.row)

    def serialize(self) -> dict:
        return {"sheet_name": self.sheet_name, "column": self.column, "row": self.row}


class InputCellRange:
    """A rectangular block of values whose top-left cell is ``left_column``+``top_row``."""

    def __init__(self, sheet_name: str, left_column: str, top_row: int, data: list[list[float | str]]) -> None:
        rows = [list(row) for row in data]
        if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
            raise ValueError(f"InputCellRange {sheet_name}!{left_column}{top_row}: data must be a non-empty rectangle")
        self.sheet_name = sheet_name
        self.left_column = left_column
        self.top_row = top_row
        self.data = rows

    def serialize(self) -> dict:
        where = {"sheet_name": self.sheet_name, "left_column": self.left_column, "top_row": self.top_row}
        return {**where, "data": self.data}

    def _writes(self) -> list[engine.DirectWrite]:
        _require("openpyxl", feature="InputCellRange")
        from openpyxl.utils import column_index_from_string, get_column_letter

        try:
            left = column_index_from_string(str(self.left_column).upper())
        except ValueError:
            raise SpreadsheetError(f"InputCellRange: {self.left_column!r} is not a column (A, B, ..., XFD)") from None
        return [
            engine.DirectWrite(self.sheet_name, get_column_letter(left + x), self.top_row + y, value)
            for y, row in enumerate(self.data)
            for x, value in enumerate(row)
        ]


# -- results and services ---------------------------------------------------------------------------


class SpreadsheetResult:
    """What the spreadsheet services return: output ``values`` and/or the filled ``file``."""

    def __init__(self, *, values: dict | None = None, file: File | None = None) -> None:
        self._values = dict(values or {})
        self._file = file

    @property
    def values(self) -> dict:
        return self._values

    @property
    def file(self) -> File:
        if self._file is None:
            raise SpreadsheetError("this result has no filled file: call evaluate(include_filled_file=True)")
        return self._file

    @property
    def file_content(self) -> bytes:
        return self.file.getvalue_binary()

    def get_value(self, name: str) -> Any:
        if name not in self._values:
            known = ", ".join(repr(n) for n in self._values) or "none"
            raise SpreadsheetError(f"no output {name!r} in viktor-output-sheet (outputs: {known})")
        return self._values[name]


class SpreadsheetCalculation:
    """A workbook used as a calculator: inputs in, recalculated outputs out (no macros)."""

    def __init__(self, file: BinaryIO | File, inputs: list[SpreadsheetCalculationInput]) -> None:
        self._data = _read_bytes(file, "SpreadsheetCalculation file")
        self.inputs = list(inputs)
        for position, item in enumerate(self.inputs):
            if not isinstance(item, NamedInputCell):
                raise TypeError(
                    f"SpreadsheetCalculation inputs must be SpreadsheetCalculationInput; "
                    f"item {position} is a {type(item).__name__}"
                )
        self._result: SpreadsheetResult | None = None

    @classmethod
    def from_path(
        cls, file_path: str | bytes | os.PathLike[str], inputs: list[SpreadsheetCalculationInput]
    ) -> SpreadsheetCalculation:
        return cls(io.BytesIO(_read_path(os.fsdecode(file_path), "SpreadsheetCalculation")), inputs)

    @property
    def file(self) -> File:
        """The workbook to be calculated."""
        return File.from_data(self._data)

    def evaluate(self, include_filled_file: bool = False) -> SpreadsheetResult:
        """Fill in the inputs, recalculate, and return the outputs (and the filled workbook if asked)."""
        inputs = {item.name: item.value for item in self.inputs}
        values, filled = engine.calculate(
            self._data, inputs, "SpreadsheetCalculation.evaluate()", want_filled=include_filled_file
        )
        self._result = SpreadsheetResult(values=values, file=File.from_data(filled) if include_filled_file else None)
        return self._result

    @property
    def result(self) -> SpreadsheetResult:
        if self._result is None:
            raise SpreadsheetError("SpreadsheetCalculation.result: call evaluate() first")
        return self._result


_InputCell = DirectInputCell | NamedInputCell | InputCellRange


class SpreadsheetTemplate:
    """A workbook and the cells to fill in it; prefer :func:`render_spreadsheet`, which returns a File."""

    def __init__(self, file: BinaryIO, input_cells: list[_InputCell]) -> None:
        self._template = _read_bytes(file, "SpreadsheetTemplate file")  # now: the app may close the file
        self.input_cells = list(input_cells)
        self._result: SpreadsheetResult | None = None

    @classmethod
    def from_path(cls, file_path: str | bytes | os.PathLike[str], input_cells: list[_InputCell]) -> SpreadsheetTemplate:
        return cls(io.BytesIO(_read_path(os.fsdecode(file_path), "SpreadsheetTemplate")), input_cells)

    def render(self) -> SpreadsheetResult:
        filled = engine.fill(self._template, _writes(self.input_cells), "SpreadsheetTemplate.render()")
        self._result = SpreadsheetResult(file=File.from_data(filled))
        return self._result

    @property
    def result(self) -> SpreadsheetResult:
        if self._result is None:
            raise SpreadsheetError("SpreadsheetTemplate.result: call render() first")
        return self._result


def render_spreadsheet(template: BinaryIO, cells: list[_InputCell]) -> File:
    """The workbook ``template`` with ``cells`` filled in (formulas kept; recalculated when opened)."""
    data = _read_bytes(template, "render_spreadsheet() template")
    return File.from_data(engine.fill(data, _writes(cells), "render_spreadsheet()"))


def _writes(cells: list[_InputCell]) -> list[engine.DirectWrite | engine.NamedWrite]:
    writes: list[engine.DirectWrite | engine.NamedWrite] = []
    for position, cell in enumerate(cells):
        if isinstance(cell, DirectInputCell):
            writes.append(engine.DirectWrite(cell.sheet_name, cell.column, cell.row, cell.value))
        elif isinstance(cell, NamedInputCell):
            writes.append(engine.NamedWrite(cell.name, cell.value))
        elif isinstance(cell, InputCellRange):
            writes.extend(cell._writes())
        else:
            raise TypeError(
                "spreadsheet cells must be DirectInputCell, NamedInputCell or InputCellRange; "
                f"item {position} is a {type(cell).__name__}"
            )
    return writes


def stringify_value(value: Any) -> str:
    """A cell value as the text the Excel program is sent (``str``); other types than bool, int, float
    and str are logged as probably not supported, as the SDK does."""
    if not isinstance(value, bool | int | float | str):
        _log.warning("Type %s probably not supported for excel insertion.", type(value))
    return str(value)


def _checked_value(value: Any, what: str) -> Any:
    """Cell values are bool, int, float, str or None (empty); numpy numbers become Python numbers."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (str, bytes)):
        value = item()
    if value is not None and not isinstance(value, (bool, int, float, str)):
        raise TypeError(f"{what}: a cell value must be a bool, int, float or str, not {type(value).__name__}")
    return value


_standin.materialise(globals(), "a VIKTOR worker")
