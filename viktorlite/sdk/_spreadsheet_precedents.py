"""Why an output cell of a workbook cannot be computed: the cells it depends on, followed from its formula.

When the ``formulas`` engine gives no value for an output (it leaves out the cells of a circular
reference) or ``#NAME?`` (a function it does not implement), the error must name the output cell
and what in *its* formula chain is the cause, not whatever else the workbook holds. This walks the
formula of the output cell, then the formulas of every cell it refers to (ranges cut to the used
range, defined names followed), and reports the first function the engine lacks or the first cell
that depends on itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Cell = tuple[str, str]  # (sheet title, coordinate)

#: At most this many formula cells are followed (a workbook of 10,000 formulas is walked in well under a second).
MAX_CELLS = 200_000


@dataclass(frozen=True)
class Cause:
    """What keeps an output from being computed, in words for the error message."""

    cell: Cell  # where it is
    formula: str
    function: str | None = None  # a function the engine does not know
    circular: bool = False

    def describe(self) -> str:
        where = f"{self.cell[0]}!{self.cell[1]} ({self.formula})"
        if self.function is not None:
            return f"the formula engine (formulas) does not know the function {self.function} used in {where}"
        return f"it depends on itself: circular reference through {where}"


def find_cause(workbook: Any, start: Cell, known_functions: frozenset[str]) -> Cause | None:
    """The first unknown function or circular reference on the formula chain of ``start``, if any."""
    walker = _Walker(workbook, known_functions)
    return walker.visit(start)


class _Walker:
    def __init__(self, workbook: Any, known: frozenset[str]) -> None:
        self.workbook = workbook
        self.known = known
        self.sheets = {sheet.title.upper(): sheet for sheet in workbook.worksheets}
        self.done: set[Cell] = set()
        self.visited = 0

    def visit(self, start: Cell) -> Cause | None:
        """Depth-first with an explicit stack: a cell met again while on the path is a cycle."""
        on_path: set[Cell] = set()
        stack: list[tuple[Cell, Iterator[Cell] | None]] = [(start, None)]
        while stack:
            cell, children = stack[-1]
            if children is None:
                formula = self._formula(cell)
                if formula is None or cell in self.done or self.visited > MAX_CELLS:
                    stack.pop()
                    continue
                self.visited += 1
                unknown = self._unknown_function(formula)
                if unknown is not None:
                    return Cause(cell, formula, function=unknown)
                on_path.add(cell)
                children = iter(list(self._references(cell[0], formula)))
                stack[-1] = (cell, children)
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(cell)
                self.done.add(cell)
            elif child in on_path:
                return Cause(child, self._formula(child) or "", circular=True)
            elif child not in self.done:
                stack.append((child, None))
        return None

    def _formula(self, cell: Cell) -> str | None:
        sheet = self.sheets.get(cell[0].upper())
        if sheet is None:
            return None
        found = sheet._cells.get(_row_column(cell[1]))
        value = getattr(found, "value", None)
        text = value if isinstance(value, str) else getattr(value, "text", None)  # ArrayFormula
        return text if isinstance(text, str) and text.startswith("=") else None

    def _tokens(self, formula: str) -> list[Any]:
        from openpyxl.formula.tokenizer import Tokenizer

        try:
            return list(Tokenizer(formula).items)
        except Exception:  # noqa: BLE001 - a formula openpyxl cannot split has nothing to follow
            return []

    def _unknown_function(self, formula: str) -> str | None:
        from openpyxl.formula.tokenizer import Token

        for token in self._tokens(formula):
            if token.type == Token.FUNC and token.subtype == Token.OPEN:
                name = token.value[:-1].upper()
                for prefix in ("_XLFN.", "_XLWS."):
                    name = name.removeprefix(prefix)
                if name and name not in self.known:
                    return name
        return None

    def _references(self, sheet: str, formula: str) -> Iterator[Cell]:
        from openpyxl.formula.tokenizer import Token

        for token in self._tokens(formula):
            if token.type == Token.OPERAND and token.subtype == Token.RANGE:
                yield from self._cells_of(sheet, token.value)

    def _cells_of(self, sheet: str, reference: str) -> Iterator[Cell]:
        """The formula cells a reference covers (constants need no following)."""
        from openpyxl.utils.cell import range_boundaries

        target, bang, area = reference.rpartition("!")
        if bang:
            sheet = target.strip("'").replace("''", "'")
        else:
            defined = self._defined(sheet, reference)
            if defined is not None:
                for part in defined.split(","):
                    yield from self._cells_of(sheet, part)
                return
        found = self.sheets.get(sheet.upper())
        if found is None:
            return
        try:
            min_col, min_row, max_col, max_row = range_boundaries(area.replace("$", ""))
        except (ValueError, TypeError):
            return
        for (row, column), cell in found._cells.items():  # only the cells that exist
            if cell.data_type != "f":
                continue
            if (min_row or 1) <= row <= (max_row or row) and (min_col or 1) <= column <= (max_col or column):
                yield (found.title, cell.coordinate)

    def _defined(self, sheet: str, name: str) -> str | None:
        found = self.sheets.get(sheet.upper())
        for names in [getattr(found, "defined_names", {}), self.workbook.defined_names]:
            for key, definition in names.items():
                if key.upper() == name.upper() and definition.attr_text:
                    return str(definition.attr_text)
        return None


def _row_column(coordinate: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(coordinate.replace("$", ""))
