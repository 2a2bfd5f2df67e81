"""Whole-column and whole-row references cut to the workbook's used range, for the ``formulas`` engine.

``formulas`` turns a reference such as ``A:A`` into an array of all 1,048,576 rows, which takes it
tens of seconds per formula (a workbook with a few ``VLOOKUP(x, data!A:C, 2, FALSE)`` gives no result
within a minute). Cells past the last used row are empty, so ``A:A`` computes as ``A1:A<last used>``.
Every reference that runs to the end of the sheet loses the same rows, so ranges that had equal
shapes (``SUMPRODUCT(A:A, B:B)``) keep them. A formula whose result depends on the size of a range
itself (``ROWS``, ``COUNTBLANK``, ...) or that counts blanks (``COUNTIF(A:A, "")``) is kept as written.
"""

from __future__ import annotations

import re
from typing import Any

#: The last row and column of a sheet in .xlsx (Excel 2007 on) and in .xls (converted files keep them).
_SHEET_END_ROWS = (1_048_576, 65_536)
_SHEET_END_COLUMNS = (16_384, 256)
#: Functions whose result depends on how large a range is, not only on the cells in it.
_SIZE_FUNCTIONS = frozenset({"ROW", "ROWS", "COLUMN", "COLUMNS", "COUNTBLANK", "AREAS"})
#: Counting functions, and their criteria that match blank cells: they count the rows cut off too.
_COUNTING_FUNCTIONS = frozenset({"COUNTIF", "COUNTIFS"})
_BLANK_CRITERIA = frozenset({'""', '"="'})
_AREA = re.compile(
    r"^(?P<c1d>\$?)(?P<c1>[A-Za-z]{1,3})?(?P<r1d>\$?)(?P<r1>\d+)?:(?P<c2d>\$?)(?P<c2>[A-Za-z]{1,3})?(?P<r2d>\$?)(?P<r2>\d+)?$"
)


def used_extent(workbook: Any) -> tuple[int, int]:
    """The last row and column that hold a value or formula in any sheet (at least 1, 1)."""
    last_row = last_column = 1
    for sheet in workbook.worksheets:
        for (row, column), cell in sheet._cells.items():  # openpyxl's cell store: no empty cells made
            if cell.value is not None:
                last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def bound_workbook(workbook: Any) -> int:
    """Cut whole-line references in every formula and defined name; returns how many formulas changed."""
    from openpyxl.worksheet.formula import ArrayFormula

    last_row, last_column = used_extent(workbook)
    changed = 0
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():
            value = cell.value
            if isinstance(value, ArrayFormula):
                bounded = bound_formula(value.text, last_row, last_column)
                if bounded != value.text:
                    value.text = bounded
                    changed += 1
            elif isinstance(value, str) and cell.data_type == "f":
                bounded = bound_formula(value, last_row, last_column)
                if bounded != value:
                    cell.value = bounded
                    changed += 1
    for names in [workbook.defined_names, *(sheet.defined_names for sheet in workbook.worksheets)]:
        for definition in names.values():
            if definition.attr_text:
                definition.attr_text = bound_formula("=" + definition.attr_text, last_row, last_column)[1:]
    return changed


def bound_formula(formula: str, last_row: int, last_column: int) -> str:
    """``formula`` with each reference that runs to the sheet's end cut at ``last_row``/``last_column``."""
    from openpyxl.formula.tokenizer import Token, Tokenizer

    if ":" not in formula:
        return formula
    try:
        tokens = Tokenizer(formula)
    except Exception:  # noqa: BLE001 - a formula openpyxl cannot split is left for the engine to report
        return formula
    calls: list[str] = []  # the functions the current token is an argument of, innermost last
    for token in tokens.items:
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name = token.value[:-1].upper().removeprefix("_XLFN.")
            if name in _SIZE_FUNCTIONS:
                return formula
            calls.append(name)
        elif token.type == Token.FUNC and token.subtype == Token.CLOSE and calls:
            calls.pop()
        elif token.subtype == Token.TEXT and token.value in _BLANK_CRITERIA and _COUNTING_FUNCTIONS.intersection(calls):
            return formula
    changed = False
    for token in tokens.items:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            bounded = _bound_reference(token.value, last_row, last_column)
            if bounded != token.value:
                token.value = bounded
                changed = True
    return tokens.render() if changed else formula


def _bound_reference(reference: str, last_row: int, last_column: int) -> str:
    """``data!A:C`` -> ``data!A1:C<last_row>``; ``2:4`` -> ``A2:<last column>4``; others unchanged."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    sheet, bang, area = reference.rpartition("!")
    match = _AREA.match(area)
    if match is None:
        return reference
    part = match.groupdict()
    whole_columns = part["c1"] and part["c2"] and not part["r1"] and not part["r2"]
    whole_rows = part["r1"] and part["r2"] and not part["c1"] and not part["c2"]
    if whole_columns:
        part.update(r1="1", r2=str(last_row))
    elif whole_rows:
        part.update(c1="A", c2=get_column_letter(last_column))
    elif part["c1"] and part["c2"] and part["r1"] and part["r2"]:
        start_row, end_row = int(part["r1"]), int(part["r2"])
        start_column = column_index_from_string(part["c1"].upper())
        end_column = column_index_from_string(part["c2"].upper())
        if end_row in _SHEET_END_ROWS and start_row <= last_row < end_row:
            part["r2"] = str(last_row)
        if end_column in _SHEET_END_COLUMNS and start_column <= last_column < end_column:
            part["c2"] = get_column_letter(last_column)
    else:
        return reference
    if (part["r1"], part["r2"], part["c1"], part["c2"]) == tuple(match.group("r1", "r2", "c1", "c2")):
        return reference
    area = f"{part['c1d']}{part['c1']}{part['r1d']}{part['r1']}:{part['c2d']}{part['c2']}{part['r2d']}{part['r2']}"
    return f"{sheet}{bang}{area}"
