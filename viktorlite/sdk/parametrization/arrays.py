"""DynamicArray and Table: a list of rows, each a dict keyed by the column (field) names.

Columns are set with dot-notation like the items of a group (``array.length = NumberField(...)``);
inside a row, RowLookup reads a sibling column.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ._base import SchemaContext, _Item, children, nodes, warn
from .constraints import constraint_json
from .fields import BooleanField, Field, HiddenField, IntegerField, NumberField, TextField
from .munched import new_munch
from .options import AutocompleteField, OptionField

__all__ = ["DynamicArray", "Table", "TableInput"]


class _Rows(Field):
    """Shared by DynamicArray and Table: a field whose value is a list of rows."""

    _empty: ClassVar[Any] = []
    _default_flex = 100

    if TYPE_CHECKING:  # columns are set with dot-notation; let type checkers of apps accept that

        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def _allowed(self, column: _Item) -> bool:
        raise NotImplementedError

    def _columns(self) -> Iterator[tuple[str, Field]]:
        """The usable columns; anything not allowed in this kind of array is reported and skipped."""
        for attr, item in children(self):
            if not self._allowed(item):
                self._report(item)
            elif isinstance(item, Field):
                yield attr, item

    def _report(self, item: _Item) -> None:
        if not getattr(item, "_reported", False):
            warn(f"{type(self).__name__} {self._ui_name!r}: a {type(item).__name__} cannot be in it; ignored")
            item._reported = True  # type: ignore[attr-defined]

    def _column_items(self) -> Iterator[tuple[str, _Item]]:
        """Columns plus the display items a DynamicArray row may show (OutputField, LineBreak)."""
        for attr, item in children(self):
            if self._allowed(item):
                yield attr, item

    def _to_stored(self, value: Any) -> Any:
        rows = []
        columns = list(self._columns()) if value else []  # once, not once a row (5,000 rows are a normal table)
        for row in value:
            stored = {}
            for attr, column in columns:
                cell = row.get(attr) if isinstance(row, Mapping) else None
                stored[attr] = column._empty_value() if cell is None else column._to_stored(cell)
            rows.append(stored)
        return rows

    def _from_stored(self, value: Any) -> Any:
        if not isinstance(value, list):
            return []
        rows = []
        columns = list(self._columns()) if value else []
        for row in value:
            if not isinstance(row, Mapping):
                continue
            built = new_munch(row)
            for attr, column in columns:
                built[attr] = column._from_stored(row[attr]) if attr in row else column._empty_value()
            rows.append(built)
        return rows

    def _row_template(self) -> dict[str, Any]:
        """A new row: every column's default (or empty value)."""
        return {attr: column._default_stored() for attr, column in self._columns()}

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        node = super()._node(attr, path, ctx)
        inner = SchemaContext(ctx.fields, path, frozenset(a for a, _ in self._columns()))
        node["items"] = nodes(self._column_items(), path + ".", inner)
        node["row_template"] = self._row_template()
        ctx.needs_job = ctx.needs_job or inner.needs_job
        return node


class DynamicArray(_Rows):
    """Rows the user adds and removes, each showing the array's fields."""

    def __init__(
        self,
        ui_name: str,
        min: Any = None,
        max: Any = None,
        copylast: bool | None = None,
        visible: Any = True,
        default: list[dict[str, Any]] | None = None,
        *,
        name: str | None = None,
        description: str | None = None,
        row_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name, name=name, default=default, visible=visible, description=description, **kwargs
        )
        self._min = min
        self._max = max
        self._copylast = bool(copylast)
        if row_label is not None and len(row_label) > 30:
            warn(f"DynamicArray {ui_name!r}: row_label is longer than 30 characters")
        self._row_label = row_label

    def _allowed(self, column: _Item) -> bool:
        from .display import LineBreak, OutputField  # noqa: PLC0415 - display imports fields too

        if isinstance(column, (_Rows, HiddenField)):
            return False
        return isinstance(column, (Field, OutputField, LineBreak))

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "min": constraint_json(self._min, "min", where, ctx),
            "max": constraint_json(self._max, "max", where, ctx),
            "copylast": self._copylast,
            "row_label": self._row_label,
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible, "min": self._min, "max": self._max}


_TABLE_COLUMNS = (TextField, NumberField, IntegerField, BooleanField, OptionField, AutocompleteField)


class Table(_Rows):
    """A grid: one column per field; rows are added, removed or pasted as a block of cells."""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        *,
        default: list[dict[str, Any]] | None = None,
        visible: Any = True,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name, name=name, default=default, visible=visible, description=description, **kwargs
        )

    def _allowed(self, column: _Item) -> bool:
        return isinstance(column, _TABLE_COLUMNS)

    def _row_template(self) -> dict[str, Any]:
        """Table rows start empty: column defaults are not supported (viktor_api.md §3.5)."""
        return {attr: column._empty_value() for attr, column in self._columns()}


TableInput = Table
