"""Check posted params against an entity type's parametrization schema, without app code.

Used by the web routes that accept params (create, save, jobs): a value of the wrong type, an
option that does not exist, a number out of range on a visible field or a field the
parametrization does not have is refused with a message naming the field, before anything is
stored or queued. Hidden fields are only type-checked; constraints that need a callback job
are not checked here (the editor shows those).
"""

from __future__ import annotations

import copy
import datetime
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from viktorlite.protocol.constraints import Unknown, evaluate_or, lookup_in
from viktorlite.protocol.schema import FIELD_KINDS, FieldKind

#: What a JSON object decodes to, first: ``isinstance`` on the dict itself is far cheaper than the ABC.
_MAPS = (dict, Mapping)
#: A node whose ``type`` is no registered field kind: its value is not checked.
_UNKNOWN = FieldKind("?", "any")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _iter_fields(items: list[Any], visible: bool | None) -> Iterator[tuple[dict[str, Any], bool | None]]:
    """Field nodes with whether their groups are visible (None = decided by a callback)."""
    for node in items:
        if not isinstance(node, Mapping):
            continue
        if node.get("kind") == "field":
            yield dict(node), visible
        elif node.get("kind") in ("page", "step", "tab", "section"):
            own = node.get("visible", True)
            group_visible = visible if own is True else (False if own is False else None)
            if visible is False:
                group_visible = False
            yield from _iter_fields(node.get("items") or [], group_visible)


Fast = Callable[[Any], bool]


def _literal(expr: Any) -> bool:
    return not isinstance(expr, (dict, list, Mapping))


def _fast_check(node: Mapping[str, Any]) -> Fast | None:
    """A check that passes only values the full check passes too (type and literal constraints),
    for the common case: a valid value costs one call. None when the node needs the full check
    (expressions, lists of values, objects); a value the fast check refuses gets the full check,
    which words the problem (and knows when an invisible field's constraints do not apply)."""
    kind = FIELD_KINDS.get(str(node.get("type")), _UNKNOWN).value
    low, high = node.get("min"), node.get("max")
    if not (_literal(low) and _literal(high) and _literal(node.get("visible", True))):
        return None
    low = low if _is_number(low) else -math.inf
    high = high if _is_number(high) else math.inf
    if kind in ("number", "integer"):
        whole = kind == "integer"

        def number(value: Any) -> bool:
            if value is None:
                return True
            kind_of = type(value)
            if kind_of is not int and kind_of is not float:
                return False
            if whole and kind_of is float and not value.is_integer():
                return False
            return bool(low <= value <= high)  # NaN and inf fail here (then the full check)

        return number
    if kind == "text":
        return lambda value: value is None or type(value) is str
    if kind == "bool":
        return lambda value: value is None or type(value) is bool
    if kind == "option" and not node.get("multiple") and isinstance(node.get("options"), list):
        allowed = set()
        for option in node["options"]:
            value = option.get("value") if isinstance(option, _MAPS) else None
            if isinstance(value, str) or _is_number(value):
                allowed.add(value)
        return lambda value: value is None or (type(value) in (str, int, float) and value in allowed)
    if kind == "any":
        return lambda value: True
    return None


class ParamsChecker:
    """The checks for one entity type; build it once per schema and call :meth:`check`."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._fields: dict[str, tuple[dict[str, Any], bool | None]] = {}
        self._attr_to_storage: dict[str, str] = {}
        for node, group_visible in _iter_fields(list(schema.get("items") or []), True):
            storage = str(node.get("storage") or node.get("path"))
            self._fields[storage] = (node, group_visible)
            self._attr_to_storage[str(node.get("path"))] = storage
        self._empty_of = {storage: node.get("empty") for storage, (node, _) in self._fields.items()}
        self._prefixes = {s.rsplit(".", i)[0] for s in self._fields for i in range(1, s.count(".") + 1)}
        self._params: Mapping[str, Any] = {}
        self._constraints = True
        #: Per option node (by id): its allowed values, listed once instead of once per value.
        self._allowed: dict[int, list[Any]] = {}
        #: Per field (by storage path): its fast check, or None.
        self._fast = {storage: _fast_check(node) for storage, (node, _) in self._fields.items()}

    # -- reading params

    def _lookup(self, target: str) -> Any:
        """A field's posted value, or its empty value when it was not posted; Broken for no field."""
        return lookup_in(self._params, self._attr_to_storage, self._empty_of)(target)

    def _eval(self, expr: Any, fallback: Any, row: Mapping[str, Any] | None = None) -> Any:
        """A constraint's value; :class:`Unknown` when only a callback job can tell."""
        if not isinstance(expr, (dict, list, Mapping)):  # a literal (most are): nothing to evaluate
            return expr
        return evaluate_or(expr, fallback, self._lookup, row)

    def _visible(self, node: Mapping[str, Any], group_visible: bool | None, row: Mapping[str, Any] | None) -> bool:
        """True only when the field is certainly visible (constraints are checked only then)."""
        if group_visible is not True or not self._constraints:
            return False
        try:
            return self._eval(node.get("visible", True), True, row) is not False
        except Unknown:
            return False

    # -- checks

    def check(self, params: Mapping[str, Any], *, constraints: bool = True) -> list[Problem]:
        """Problems of ``params``; ``constraints=False`` checks only shapes and types."""
        self._params = params
        self._constraints = constraints
        problems: list[Problem] = []
        self._walk(params, "", problems)
        return problems

    def _walk(self, data: Mapping[str, Any], prefix: str, problems: list[Problem]) -> None:
        fast_of = self._fast
        for key, value in data.items():
            path = key if not prefix and type(key) is str else f"{prefix}{key}"
            fast = fast_of.get(path)
            if fast is not None and fast(value):
                continue
            if path in self._fields:
                node, group_visible = self._fields[path]
                visible = self._visible(node, group_visible, None)
                problems.extend(self._check_value(node, value, path, visible, None))
            elif path in self._prefixes:
                if not isinstance(value, _MAPS):
                    problems.append(Problem(path, f"{path}: must be an object holding its fields"))
                else:
                    self._walk(value, path + ".", problems)
            else:
                problems.append(Problem(path, f"{path}: the parametrization has no such field"))

    def _check_value(
        self, node: Mapping[str, Any], value: Any, path: str, visible: bool, row: Mapping[str, Any] | None
    ) -> list[Problem]:
        kind = FIELD_KINDS.get(str(node.get("type")), _UNKNOWN)
        if value is None or kind.value == "any":
            return []
        message = self._type_problem(kind, node, value)
        if message is None and kind.value == "rows":
            return self._check_rows(node, value, path, visible)
        if message is None and visible:
            message = self._constraint_problem(kind, node, value, row)
        return [Problem(path, f"{path}: {message}")] if message else []

    def _type_problem(self, kind: FieldKind, node: Mapping[str, Any], value: Any) -> str | None:
        multiple = bool(node.get("multiple"))
        match kind.value:
            case "number":
                return None if _is_number(value) else "must be a number"
            case "integer":
                return None if _is_number(value) and float(value).is_integer() else "must be a whole number"
            case "text":
                return None if isinstance(value, str) else "must be text"
            case "bool":
                return None if isinstance(value, bool) else "must be true or false"
            case "date":
                return _date_problem(value)
            case "color":
                return _color_problem(value)
            case "geo_point":
                return _point_problem(value)
            case "geo_line":
                return _line_problem(kind.min_points, value)
            case "option":
                values = value if multiple else [value]
                if multiple and not isinstance(value, list):
                    return "must be a list of options"
                if not all(isinstance(v, str) or _is_number(v) for v in values):
                    return "must be an option value (text or a number)"
                return None
            case "entity":
                ids = value if multiple else [value]
                if multiple and not isinstance(value, list):
                    return "must be a list of entity ids"
                ok = all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in ids)
                return None if ok else "must be an entity id"
            case "file":
                files = value if multiple else [value]
                if multiple and not isinstance(value, list):
                    return "must be a list of uploaded files"
                ok = all(isinstance(f, _MAPS) and isinstance(f.get("file_id"), str) for f in files)
                return None if ok else 'must be an uploaded file ({"file_id": ..., "filename": ...})'
            case "geometry_names":
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
                return None if ok else "must be a list of object names"
            case "rows":
                ok = isinstance(value, list) and all(isinstance(r, _MAPS) for r in value)
                return None if ok else "must be a list of rows (objects)"
        return None

    def _constraint_problem(
        self, kind: FieldKind, node: Mapping[str, Any], value: Any, row: Mapping[str, Any] | None
    ) -> str | None:
        try:
            if kind.value in ("number", "integer"):
                low = self._eval(node.get("min"), None, row)
                high = self._eval(node.get("max"), None, row)
                if _is_number(low) and value < low:
                    return f"must be at least {low}"
                if _is_number(high) and value > high:
                    return f"must be at most {high}"
            if kind.value == "option" and isinstance(node.get("options"), list):
                allowed = self._allowed.get(id(node))
                if allowed is None:
                    allowed = [o.get("value") for o in node["options"] if isinstance(o, _MAPS)]
                    self._allowed[id(node)] = allowed
                for v in value if isinstance(value, list) else [value]:
                    if v not in allowed:
                        return f"{v!r} is not one of the options"
        except Unknown:
            return None
        return None

    def _check_rows(self, node: Mapping[str, Any], rows: list[Any], path: str, visible: bool) -> list[Problem]:
        columns = {
            str(c.get("name")): c
            for c in node.get("items") or []
            if isinstance(c, Mapping) and c.get("kind") == "field"
        }
        problems: list[Problem] = []
        if visible and node.get("type") == "DynamicArray":
            try:
                low = self._eval(node.get("min"), None)
                high = self._eval(node.get("max"), None)
            except Unknown:
                low = high = None
            if _is_number(low) and len(rows) < low:
                problems.append(Problem(path, f"{path}: needs at least {low} rows"))
            if _is_number(high) and len(rows) > high:
                problems.append(Problem(path, f"{path}: allows at most {high} rows"))
        fast_of = {name: _fast_check(column) for name, column in columns.items()}
        for index, row in enumerate(rows):
            for key, cell in row.items():
                fast = fast_of.get(key)
                if fast is not None and fast(cell):
                    continue
                cell_path = f"{path}.{index}.{key}"
                column = columns.get(str(key))
                if column is None:
                    problems.append(Problem(cell_path, f"{cell_path}: the table has no such column"))
                    continue
                cell_visible = visible and self._visible(column, True, row)
                problems.extend(self._check_value(column, cell, cell_path, cell_visible, row))
        return problems


def _date_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a date (YYYY-MM-DD)"
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a date (YYYY-MM-DD)"
    return None


def _color_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping) or set(value) != {"r", "g", "b"}:
        return 'must be a colour {"r", "g", "b"}'
    if not all(isinstance(value[c], int) and not isinstance(value[c], bool) and 0 <= value[c] <= 255 for c in "rgb"):
        return "colour channels must be whole numbers within 0-255"
    return None


def _point_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not _is_number(value.get("lat")) or not _is_number(value.get("lon")):
        return 'must be a point {"lat", "lon"}'
    if not -90 <= value["lat"] <= 90 or not -180 <= value["lon"] <= 180:
        return "coordinates out of range (lat -90..90, lon -180..180)"
    return None


def _line_problem(min_points: int, value: Any) -> str | None:
    points = value.get("points") if isinstance(value, Mapping) else None
    if not isinstance(points, list):
        return 'must be {"points": [{"lat", "lon"}, ...]}'
    if len(points) < min_points:
        return f"needs at least {min_points} points"
    return next((p for p in map(_point_problem, points) if p), None)


def check_params(
    schema: Mapping[str, Any] | None, params: Mapping[str, Any], *, constraints: bool = True
) -> list[Problem]:
    """Everything wrong with ``params`` for an entity type with this parametrization schema."""
    return checker_for(schema or {}).check(params, constraints=constraints)


#: Checkers of the schemas checked lately, by the schema object (the web process keeps one manifest
#: per published version): building one walks every field, which took longer than the check.
_CHECKERS: dict[int, tuple[Mapping[str, Any], ParamsChecker]] = {}
_KEEP_CHECKERS = 32


def checker_for(schema: Mapping[str, Any]) -> ParamsChecker:
    """A checker of its own (checks may run in several threads at once) for ``schema``, built once
    while that schema object lives (the entry holds it, so its id is not reused meanwhile)."""
    entry = _CHECKERS.get(id(schema))
    if entry is None or entry[0] is not schema:
        while len(_CHECKERS) >= _KEEP_CHECKERS:
            _CHECKERS.pop(next(iter(_CHECKERS)), None)
        entry = (schema, ParamsChecker(schema))
        _CHECKERS[id(schema)] = entry
    return copy.copy(entry[1])


def describe(problems: list[Problem]) -> str:
    """One sentence for an error body's ``error``."""
    shown = "; ".join(p.message for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return f"invalid params: {shown}{more}"
