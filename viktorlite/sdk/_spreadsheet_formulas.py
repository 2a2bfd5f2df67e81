"""Recalculation with ``formulas``, a pure-Python Excel engine, compiled once per workbook.

``formulas`` compiles every formula cell into a small graph of its own (milliseconds each: seconds for
a few thousand formulas) before it computes anything. The compiled model of a workbook does not
depend on the inputs: they are cells holding constants, which :func:`compute` hands to the model as
overrides. So a model is compiled once per workbook content (keyed by its hash) and kept in this
process for the evaluations that follow (an app evaluating load cases in a loop, the tests). Before
compiling, references to whole columns are cut to the used range (:mod:`._spreadsheet_bounds`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _spreadsheet_bounds
from .errors import SpreadsheetError

#: The file name the engine sees; node names read ``'[workbook.xlsx]SHEET'!A1``.
WORKBOOK_NAME = "workbook.xlsx"
#: Compiled models kept per process, least recently used dropped first (a large one holds ~100 MB).
CACHE_SIZE = 4

Cell = tuple[str, str]  # (sheet name, coordinate such as "D2")


@dataclass(frozen=True)
class _Compiled:
    model: Any  # a finished formulas.ExcelModel
    nodes: dict[str, str]  # upper-case node name -> the model's node name
    formulas: frozenset[str]  # upper-case node names of the cells that hold a formula


_cache: OrderedDict[str, _Compiled] = OrderedDict()
_lock = threading.Lock()


def compute(data: bytes, overrides: Mapping[Cell, Any], outputs: list[Cell], caller: str) -> dict[Cell, Any]:
    """``outputs`` -> value, for the .xlsx workbook ``data`` with ``overrides`` written into its cells.

    Outputs the engine does not hold (empty cells) are left out.

    An override can be given to the model only where the original cell holds a constant; otherwise
    (a formula, an empty cell no formula reads, a text starting with ``=``) the workbook is compiled
    with the overrides written in, and that model is not kept.
    """
    key = hashlib.sha256(data).hexdigest()
    compiled = _cached(key)
    if compiled is None:
        compiled = _compile(*_bounded(data, {}), caller)
        _keep(key, compiled)
    inputs: dict[str, Any] = {}
    for (sheet, coordinate), value in overrides.items():
        node = compiled.nodes.get(_node_name(sheet, coordinate))
        if node is None or node.upper() in compiled.formulas or _is_formula_text(value):
            compiled = _compile(*_bounded(data, overrides), caller)
            inputs = {}
            break
        inputs[node] = _as_cell_constant(value)
    wanted = {}
    for cell in outputs:
        node = compiled.nodes.get(_node_name(*cell))
        if node is not None:
            wanted[node] = cell
    if not wanted:
        return {}
    try:
        solution = compiled.model.calculate(inputs=inputs, outputs=list(wanted))
    except Exception as error:
        raise SpreadsheetError(f"{caller}: the formula engine (formulas) failed to recalculate: {error}") from None
    return {cell: plain(solution[node]) for node, cell in wanted.items() if node in solution}


def clear_cache() -> None:
    """Forget every compiled model (tests, and a process that no longer needs the memory)."""
    with _lock:
        _cache.clear()


def cached_models() -> int:
    """How many compiled models this process keeps."""
    return len(_cache)


def _cached(key: str) -> _Compiled | None:
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def _keep(key: str, compiled: _Compiled) -> None:
    with _lock:
        _cache[key] = compiled
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def _bounded(data: bytes, overrides: Mapping[Cell, Any]) -> tuple[bytes, frozenset[str]]:
    """The workbook with ``overrides`` written in and whole-column references cut, as .xlsx bytes,
    and the node names of its formula cells."""
    from openpyxl import load_workbook

    copy = load_workbook(io.BytesIO(data))
    for (sheet, coordinate), value in overrides.items():
        copy[sheet][coordinate] = value
    _spreadsheet_bounds.bound_workbook(copy)
    with_formula = frozenset(
        _node_name(sheet.title, cell.coordinate)
        for sheet in copy.worksheets
        for cell in sheet._cells.values()
        if cell.data_type == "f"
    )
    buffer = io.BytesIO()
    copy.save(buffer)
    return buffer.getvalue(), with_formula


def _compile(data: bytes, with_formula: frozenset[str], caller: str) -> _Compiled:
    import formulas

    _silence_progress_bars()
    with tempfile.TemporaryDirectory(prefix="viktorlite-spreadsheet-") as folder:
        path = Path(folder) / WORKBOOK_NAME
        path.write_bytes(data)
        try:
            model = formulas.ExcelModel().loads(str(path)).finish()
        except Exception as error:  # the engine's parse errors are of many kinds; name the engine
            message = f"{caller}: the formula engine (formulas) cannot read the workbook: {error}"
            raise SpreadsheetError(message) from None
    nodes = {node.upper(): node for node in model.dsp.data_nodes if isinstance(node, str)}
    return _Compiled(model, nodes, with_formula)


def _node_name(sheet: str, coordinate: str) -> str:
    return f"'[{WORKBOOK_NAME}]{sheet}'!{coordinate}".upper()


def _is_formula_text(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")  # openpyxl writes such text as a formula


def _as_cell_constant(value: Any) -> Any:
    """A value as ``formulas`` reads it from a cell (it rounds stored floats to 15 decimals)."""
    return round(value, 15) if isinstance(value, float) else value


def plain(result: Any) -> Any:
    """A cell's value as a Python value: the top-left of a range, numpy scalars unwrapped, empty = None."""
    import schedula

    value = getattr(result, "value", result)
    while hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
        value = value.flat[0] if value.size else None
    if value is schedula.EMPTY:
        return None
    if is_engine_error(value):
        return value
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str) else value


def is_engine_error(value: Any) -> bool:
    from formulas.tokens.operand import XlError

    return isinstance(value, XlError)


@functools.cache
def _silence_progress_bars() -> None:
    """``formulas`` draws a tqdm progress bar on stderr while it compiles a workbook; not in a job's output."""
    from types import SimpleNamespace

    import formulas.excel
    import tqdm

    if hasattr(formulas.excel, "tqdm"):
        formulas.excel.tqdm = SimpleNamespace(tqdm=functools.partial(tqdm.tqdm, disable=True))
