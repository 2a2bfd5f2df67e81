"""Evaluate the JSON form of a parametrization constraint (docs/protocol.md) without app code.

The browser evaluates the same JSON (web/static/js/constraints.js); the web process uses this
module to tell which fields are visible and what their limits are when it checks posted params.
Anything that needs Python (``{"callback": true}``, ``{"function_lookup": true}``) is
:class:`Unknown` here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class Unknown(Exception):
    """Only a callback job can tell (a callback or a FunctionLookup)."""


class Broken(Exception):
    """The constraint cannot be evaluated (wrong operand types); its fallback applies."""


def _bools(op: str, values: list[Any]) -> list[bool]:
    if not all(isinstance(v, bool) for v in values):
        raise Broken(f"{op} needs booleans")
    return values


_OPS: dict[str, Callable[[list[Any]], bool]] = {
    "and": lambda v: all(_bools("and", v)),
    "or": lambda v: any(_bools("or", v)),
    "not": lambda v: not _bools("not", v)[0],
    "eq": lambda v: v[0] == v[1],
    "ne": lambda v: v[0] != v[1],
    "is_true": lambda v: _bools("is_true", v)[0] is True,
    "is_false": lambda v: _bools("is_false", v)[0] is False,
    "is_not_none": lambda v: v[0] is not None,
}


def evaluate(expr: Any, lookup: Callable[[str], Any], row: Mapping[str, Any] | None = None) -> Any:
    """The value of a constraint; ``lookup`` reads a field by dotted path, ``row`` is the array row."""
    if isinstance(expr, list):
        return [evaluate(e, lookup, row) for e in expr]
    if not isinstance(expr, Mapping):
        return expr
    if "lookup" in expr:
        return lookup(str(expr["lookup"]))
    if "row_lookup" in expr:
        return None if row is None else row.get(str(expr["row_lookup"]))
    if "op" in expr:
        op = _OPS.get(str(expr["op"]))
        operands = expr.get("operands")
        if op is None or not isinstance(operands, list):
            raise Broken(f"unknown operator {expr.get('op')!r}")
        return op([evaluate(o, lookup, row) for o in operands])
    if expr.get("callback") or expr.get("function_lookup"):
        raise Unknown()
    return dict(expr)


def evaluate_or(expr: Any, fallback: Any, lookup: Callable[[str], Any], row: Mapping[str, Any] | None = None) -> Any:
    """Like :func:`evaluate`, but a broken constraint gives ``fallback`` (Unknown still raises)."""
    try:
        return evaluate(expr, lookup, row)
    except Broken:
        return fallback
