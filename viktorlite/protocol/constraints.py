"""The one Python evaluator of the constraint language (docs/protocol.md, "Constraints").

The browser evaluates the same JSON (web/static/js/constraints.js); the web process uses this
module to tell which fields are visible and what their limits are when it checks posted params,
and the SDK's evaluator (callback jobs) applies its operators with :func:`apply_operator`.
tests/vectors/constraints.json holds the cases all of them must agree on. Anything that needs
Python (``{"callback": true}``, ``{"function_lookup": true}``) is :class:`Unknown` here.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from typing import Any


class Unknown(Exception):
    """Only a callback job can tell (a callback or a FunctionLookup)."""


class Broken(Exception):
    """The constraint cannot be evaluated (wrong operand types); its fallback applies."""


_JSON_KINDS = (numbers.Number, Mapping, list, tuple)


def same(a: Any, b: Any) -> bool:
    """``eq`` as the SDK means it: a bool is never a number, numbers compare by value (JSON cannot
    tell 1 from 1.0), lists in order, objects whatever their key order, the same rule all the way down."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, numbers.Number) and isinstance(b, numbers.Number):
        return bool(a == b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, _JSON_KINDS) or isinstance(b, _JSON_KINDS):
        return False  # different kinds of JSON value
    return bool(a == b)  # SDK values (dates, colours, entities) as Python compares them


def _bools(op: str, values: list[Any]) -> list[bool]:
    if not all(isinstance(v, bool) for v in values):
        raise Broken(f"{op} needs booleans, got {values!r}")
    return values


#: operator -> (number of operands or None for any, what it computes)
_OPS: dict[str, tuple[int | None, Callable[[list[Any]], bool]]] = {
    "and": (None, lambda v: all(_bools("and", v))),
    "or": (None, lambda v: any(_bools("or", v))),
    "not": (1, lambda v: not _bools("not", v)[0]),
    "eq": (2, lambda v: same(v[0], v[1])),
    "ne": (2, lambda v: not same(v[0], v[1])),
    "is_true": (1, lambda v: v[0] is True),
    "is_false": (1, lambda v: v[0] is False),
    "is_not_none": (1, lambda v: v[0] is not None),
}


def apply_operator(op: str, values: list[Any]) -> bool:
    """The value of operator ``op`` on evaluated operands; :class:`Broken` for a wrong operator,
    a wrong number of operands, or operands of the wrong type."""
    entry = _OPS.get(op)
    if entry is None:
        raise Broken(f"unknown operator {op!r}")
    arity, apply = entry
    if arity is not None and len(values) != arity:
        raise Broken(f"{op} takes {arity} operand(s), got {len(values)}")
    return apply(values)


def needs_job(expr: Any) -> bool:
    """Whether ``expr`` holds a callback or a FunctionLookup (then only a callback job can tell)."""
    if isinstance(expr, list):
        return any(needs_job(e) for e in expr)
    if not isinstance(expr, Mapping):
        return False
    if expr.get("callback") is True or expr.get("function_lookup") is True:
        return True
    operands = expr.get("operands")
    return isinstance(operands, list) and any(needs_job(o) for o in operands)


def _evaluate(expr: Any, lookup: Callable[[str], Any], row: Mapping[str, Any] | None) -> Any:
    if isinstance(expr, list):
        return [_evaluate(e, lookup, row) for e in expr]
    if not isinstance(expr, Mapping):
        return expr
    if "lookup" in expr:
        return lookup(str(expr["lookup"]))
    if "row_lookup" in expr:
        if row is None:
            raise Broken(f"RowLookup({expr['row_lookup']!r}) outside a DynamicArray row")
        return row.get(str(expr["row_lookup"]))
    if "op" in expr:
        operands = expr.get("operands")
        if not isinstance(operands, list):
            raise Broken(f"operator {expr.get('op')!r} without a list of operands")
        return apply_operator(str(expr["op"]), [_evaluate(o, lookup, row) for o in operands])
    return dict(expr)  # a plain object value (a colour, a point)


def evaluate(expr: Any, lookup: Callable[[str], Any], row: Mapping[str, Any] | None = None) -> Any:
    """The value of a constraint; ``lookup`` reads a field by dotted path, ``row`` is the array row.

    :class:`Unknown` when any part of it needs a callback job, :class:`Broken` when it cannot work.
    """
    if needs_job(expr):
        raise Unknown()
    return _evaluate(expr, lookup, row)


def evaluate_or(expr: Any, fallback: Any, lookup: Callable[[str], Any], row: Mapping[str, Any] | None = None) -> Any:
    """Like :func:`evaluate`, but a broken constraint gives ``fallback`` (Unknown still raises)."""
    try:
        return evaluate(expr, lookup, row)
    except Broken:
        return fallback


def lookup_in(
    params: Mapping[str, Any], attr_to_storage: Mapping[str, str], empty_of: Mapping[str, Any]
) -> Callable[[str], Any]:
    """A lookup over stored params (as the browser's ``lookupIn``): an attribute or storage path of a
    field; a field missing from ``params`` has its empty value, a path that is no field is Broken."""

    def lookup(target: str) -> Any:
        storage = attr_to_storage.get(target, target)
        if storage not in empty_of:
            raise Broken(f"no field {target!r}")
        value: Any = params
        for key in storage.split("."):
            if not isinstance(value, Mapping) or key not in value:
                return empty_of[storage]
            value = value[key]
        return value

    return lookup
