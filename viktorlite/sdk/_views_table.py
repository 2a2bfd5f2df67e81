"""TableView's result: rows of cells with optional headers, colours and sorting/filtering rules."""

from __future__ import annotations

import datetime
import math
import numbers
from collections.abc import Sequence
from typing import Any

from ._result_io import SerializeContext
from ._views_results import _ViewResult

__all__ = ["TableCell", "TableHeader", "TableResult"]

_ALIGNS = (None, "center", "left", "right")
_TEXT_STYLES = (None, "bold", "italic")


def _color_hex(color: Any, what: str) -> str | None:
    if color is None:
        return None
    hex_value = getattr(color, "hex", None)
    if isinstance(hex_value, str):
        return hex_value
    if isinstance(color, str) and color.startswith("#") and len(color) in (4, 7):
        return color
    if isinstance(color, (tuple, list)) and len(color) == 3:
        return "#" + "".join(f"{int(c):02x}" for c in color)
    raise TypeError(f"{what} must be a Color, got {color!r}")


class TableCell:
    """A table value with its own text/background colour and text style."""

    def __init__(
        self,
        value: Any,
        *,
        text_color: Any = None,
        background_color: Any = None,
        text_style: str | None = None,
    ) -> None:
        if text_style not in _TEXT_STYLES:
            raise ValueError(f"TableCell text_style must be 'bold', 'italic' or None, got {text_style!r}")
        self.value = value
        self.text_color = text_color
        self.background_color = background_color
        self.text_style = text_style

    def __repr__(self) -> str:
        return f"TableCell({self.value!r})"


class TableHeader:
    """A row or column header: title plus alignment, decimals and width (width and flex exclude each other)."""

    def __init__(
        self,
        title: str,
        *,
        align: str | None = None,
        num_decimals: int | None = None,
        width: int | None = None,
        flex: float | None = None,
        min_width: int | None = None,
        max_width: int | None = None,
    ) -> None:
        if align not in _ALIGNS:
            raise ValueError(f"TableHeader align must be 'center', 'left', 'right' or None, got {align!r}")
        if width is not None and flex is not None:
            raise ValueError("TableHeader: width and flex cannot both be set")
        self.title = title
        self.align = align
        self.num_decimals = num_decimals
        self.width = width
        self.flex = flex
        self.min_width = min_width
        self.max_width = max_width

    def _to_json(self) -> dict[str, Any]:
        return {
            "title": str(self.title),
            "align": self.align,
            "num_decimals": self.num_decimals,
            "width": self.width,
            "flex": self.flex,
            "min_width": self.min_width,
            "max_width": self.max_width,
        }


def _header_json(header: Any) -> dict[str, Any]:
    if isinstance(header, TableHeader):
        return header._to_json()
    return TableHeader(str(header))._to_json()


def _value_kind(value: Any) -> str | None:
    """The sort/filter category of a cell value; None for an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, numbers.Real):
        return "number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "date"
    if isinstance(value, str):
        return "text"
    return "other"


def _value_json(value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalars
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    raise TypeError(f"TableResult: a cell holds a {type(value).__name__} ({value!r}); use str, number, bool or date")


def _styler_cells(styler: Any) -> tuple[Any, dict[tuple[int, int], dict[str, Any]]]:
    """The DataFrame behind a pandas Styler and the colours and text styles it computes."""
    styler._compute()
    styles: dict[tuple[int, int], dict[str, Any]] = {}
    for (row, col), properties in getattr(styler, "ctx", {}).items():
        style: dict[str, Any] = {}
        for name, value in properties:
            name, value = name.strip().lower(), str(value).strip()
            if name in ("background-color", "background"):
                style["background_color"] = value
            elif name == "color":
                style["text_color"] = value
            elif name == "font-weight" and value in ("bold", "700", "800", "900"):
                style["text_style"] = "bold"
            elif name == "font-style" and value == "italic":
                style["text_style"] = "italic"
        styles[(row, col)] = style
    return styler.data, styles


class TableResult(_ViewResult):
    """Result of a TableView: rows of values/TableCells, or a pandas DataFrame or Styler."""

    def __init__(
        self,
        data: Sequence[Sequence[Any]] | Any,
        *,
        column_headers: Sequence[str | TableHeader] | None = None,
        row_headers: Sequence[str | TableHeader] | None = None,
        enable_sorting_and_filtering: bool | None = None,
        enable_column_autosizing: bool = False,
        show_index: bool = True,
        index_header: TableHeader | None = None,
    ) -> None:
        styles: dict[tuple[int, int], dict[str, Any]] = {}
        if hasattr(data, "ctx") and hasattr(data, "data") and hasattr(data, "_compute"):
            data, styles = _styler_cells(data)
        if hasattr(data, "to_numpy") and hasattr(data, "columns"):  # a DataFrame
            frame: Any = data
            if column_headers is None:
                column_headers = [str(c) for c in frame.columns]
            if row_headers is None and not _is_default_index(frame.index):
                row_headers = [str(i) for i in frame.index]
            data = frame.to_numpy(dtype=object).tolist()
        if isinstance(data, (str, bytes)) or not isinstance(data, Sequence):
            raise TypeError(f"TableResult expects rows (a list of lists) or a DataFrame, got {type(data).__name__}")
        rows = [list(row) for row in data]
        for number, row in enumerate(data, start=1):
            if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
                raise TypeError(f"TableResult: row {number} must be a list of cells, got {type(row).__name__}")
        width = max((len(row) for row in rows), default=0)
        if any(len(row) != width for row in rows):
            raise ValueError("TableResult: every row must have the same number of cells")
        if column_headers is not None and len(column_headers) != width:
            raise ValueError(f"TableResult: {len(column_headers)} column headers for {width} columns")
        if row_headers is not None and len(row_headers) != len(rows):
            raise ValueError(f"TableResult: {len(row_headers)} row headers for {len(rows)} rows")
        self.rows = rows
        self.styles = styles
        self.column_headers = column_headers
        self.row_headers = row_headers
        self.column_kinds = [self._column_kind(c) for c in range(width)]
        homogeneous = all(kind != "mixed" for kind in self.column_kinds)
        if enable_sorting_and_filtering and not homogeneous:
            mixed = [self._column_title(c) for c, kind in enumerate(self.column_kinds) if kind == "mixed"]
            raise ValueError(
                "TableResult: enable_sorting_and_filtering=True needs every column to hold values of one type; "
                f"mixed: {', '.join(mixed)}"
            )
        self.sorting_and_filtering = (
            homogeneous if enable_sorting_and_filtering is None else enable_sorting_and_filtering
        )
        self.enable_column_autosizing = bool(enable_column_autosizing)
        self.show_index = bool(show_index)
        self.index_header = index_header

    def _column_title(self, column: int) -> str:
        if self.column_headers is not None:
            header = self.column_headers[column]
            return str(header.title if isinstance(header, TableHeader) else header)
        return str(column + 1)

    def _column_kind(self, column: int) -> str:
        kinds = {kind for row in self.rows if (kind := _value_kind(_cell_value(row[column]))) is not None}
        if not kinds:
            return "text"
        return kinds.pop() if len(kinds) == 1 else "mixed"

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        rows = []
        for r, row in enumerate(self.rows):
            cells = []
            for c, cell in enumerate(row):
                style = dict(self.styles.get((r, c), {}))
                if isinstance(cell, TableCell):
                    style.update(
                        {
                            k: v
                            for k, v in (
                                ("text_color", _color_hex(cell.text_color, "TableCell text_color")),
                                ("background_color", _color_hex(cell.background_color, "TableCell background_color")),
                                ("text_style", cell.text_style),
                            )
                            if v is not None
                        }
                    )
                cells.append({"value": _value_json(_cell_value(cell)), **style})
            rows.append(cells)
        width = len(self.column_kinds)
        columns = [
            {**_header_json(self.column_headers[c] if self.column_headers is not None else str(c + 1)), "kind": kind}
            for c, kind in enumerate(self.column_kinds)
        ]
        return {
            "type": "TableResult",
            "columns": columns[:width],
            "column_headers": self.column_headers is not None,
            "row_headers": [_header_json(h) for h in self.row_headers] if self.row_headers is not None else None,
            "rows": rows,
            "sorting_and_filtering": self.sorting_and_filtering,
            "column_autosizing": self.enable_column_autosizing,
            "show_index": self.show_index,
            "index_header": _header_json(self.index_header) if self.index_header is not None else None,
        }


def _cell_value(cell: Any) -> Any:
    return cell.value if isinstance(cell, TableCell) else cell


def _is_default_index(index: Any) -> bool:
    try:
        return list(index) == list(range(len(index)))
    except TypeError:
        return False
