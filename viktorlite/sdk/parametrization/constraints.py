"""Lookups and boolean operators: attributes (``visible``, ``min``, ``max``, ...) that depend on params.

A declarative constraint (Lookup, RowLookup, the operators) is sent to the browser as JSON and
evaluated there without a job; anything that calls Python (a callback, a FunctionLookup) is
marked ``{"callback": true}`` / ``{"function_lookup": true}`` and evaluated by a callback job
(workers/runners/callback.py) with :func:`evaluate`. docs/protocol.md describes the JSON form.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from viktorlite.protocol.constraints import Broken, apply_operator

from ._base import SchemaContext, warn

__all__ = [
    "And",
    "BoolOperator",
    "DynamicArrayConstraint",
    "FunctionLookup",
    "IsEqual",
    "IsFalse",
    "IsNotEqual",
    "IsNotNone",
    "IsTrue",
    "Lookup",
    "Not",
    "Or",
    "RowLookup",
]

#: What an attribute falls back to when its constraint cannot be evaluated (viktor_api.md §3.6).
FALLBACKS: dict[str, Any] = {"visible": True, "enabled": True, "min": None, "max": None, "value": None}

ROW_PREFIX = "$row."


class Lookup:
    """The value of another field, by dotted path (``Lookup("tab.section.x")``)."""

    def __init__(self, target: str) -> None:
        self._target = target

    @property
    def target(self) -> str:
        return self._target

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._target!r})"


class RowLookup(Lookup):
    """The value of a field in the same DynamicArray row."""


class FunctionLookup:
    """``func(*func_args, **kwargs)`` with Lookup/operator arguments resolved first."""

    def __init__(self, func: Callable[..., Any], *func_args: Any, **kwargs: Any) -> None:
        self._func = func
        self._args = func_args
        self._kwargs = kwargs

    def __repr__(self) -> str:
        return f"FunctionLookup({getattr(self._func, '__name__', self._func)!r}, ...)"


class BoolOperator(abc.ABC):
    """Base of the boolean operators; operands are Lookups, operators or plain values.

    Evaluated by the one Python evaluator of the constraint language (viktorlite.protocol.constraints).
    """

    _op: ClassVar[str]
    _operands: tuple[Any, ...]

    @abc.abstractmethod
    def _apply(self, values: list[Any]) -> bool:
        """The operator's value for its evaluated operands (abstract: the SDK's base takes no arguments)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self._operands))})"


class _Operator(BoolOperator):
    """The concrete operators, all applied by the one evaluator of viktorlite.protocol.constraints."""

    def _apply(self, values: list[Any]) -> bool:
        try:
            return apply_operator(self._op, values)
        except Broken as exc:
            raise ConstraintError(str(exc)) from None


class And(_Operator):
    _op = "and"

    def __init__(self, *operands: Any) -> None:
        self._operands = operands


class Or(_Operator):
    _op = "or"

    def __init__(self, *operands: Any) -> None:
        self._operands = operands


class Not(_Operator):
    _op = "not"

    def __init__(self, operand: Any) -> None:
        self._operands = (operand,)


class IsEqual(_Operator):
    _op = "eq"

    def __init__(self, operand1: Any, operand2: Any) -> None:
        self._operands = (operand1, operand2)


class IsNotEqual(IsEqual):
    _op = "ne"


class IsTrue(_Operator):
    _op = "is_true"

    def __init__(self, operand: Any) -> None:
        self._operands = (operand,)


class IsFalse(IsTrue):
    _op = "is_false"


class IsNotNone(IsTrue):
    _op = "is_not_none"


class DynamicArrayConstraint:
    """Evaluate ``operand`` per row of a DynamicArray; lookups use ``'$row.<field>'``."""

    def __init__(self, dynamic_array_name: str, operand: Any) -> None:
        self._array = dynamic_array_name
        self._operand = operand

    def __repr__(self) -> str:
        return f"DynamicArrayConstraint({self._array!r}, {self._operand!r})"


class ConstraintError(Exception):
    """A constraint cannot be evaluated: a missing target or operands of the wrong type."""


# -- JSON form (for the browser) ---------------------------------------------------------------


def needs_job(value: Any) -> bool:
    """Whether evaluating ``value`` calls Python (a callback or a FunctionLookup)."""
    if isinstance(value, FunctionLookup):
        return True
    if isinstance(value, BoolOperator):
        return any(needs_job(v) for v in value._operands)
    if isinstance(value, DynamicArrayConstraint):
        return needs_job(value._operand)
    if isinstance(value, (list, tuple)):  # serialised element by element, as the browser reads it
        return any(needs_job(v) for v in value)
    return callable(value) and not isinstance(value, type)


def _json(value: Any, ctx: SchemaContext) -> Any:
    if isinstance(value, Lookup):
        target = value.target
        if isinstance(value, RowLookup) or target.startswith(ROW_PREFIX):
            column = target.removeprefix(ROW_PREFIX)
            if column not in ctx.row_fields:
                where = f"a column of {ctx.array!r}" if ctx.array else "inside a DynamicArray"
                raise ConstraintError(f"{value!r}: {column!r} is not {where}")
            return {"row_lookup": column}
        if not ctx.is_lookup_target(target):
            raise ConstraintError(f"{value!r}: no field {target!r}")
        return {"lookup": target}
    if isinstance(value, FunctionLookup):
        return {"function_lookup": True}
    if isinstance(value, BoolOperator):
        return {"op": value._op, "operands": [_json(v, ctx) for v in value._operands]}
    if isinstance(value, DynamicArrayConstraint):
        return _json(value._operand, ctx)
    if callable(value) and not isinstance(value, type):
        return {"callback": True}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json(v, ctx) for v in value]
    to_json = getattr(value, "_to_json", None)
    if to_json is not None:
        return to_json()
    raise ConstraintError(f"{value!r} is not a value, Lookup, operator or callback")


def constraint_json(value: Any, attr: str, where: str, ctx: SchemaContext) -> Any:
    """The JSON form of attribute ``attr`` of the item at ``where``.

    A reference that cannot work (a Lookup of a field that does not exist, a RowLookup outside
    an array) is reported in the worker log and replaced by the attribute's fallback.
    """
    try:
        result = _json(value, ctx)
    except ConstraintError as exc:
        fallback = FALLBACKS.get(attr)
        warn(f"{where}: {attr}: {exc}; using {fallback!r} instead")
        return fallback
    if needs_job(value):
        ctx.needs_job = True
    return result


# -- evaluation in Python (callback jobs) --------------------------------------------------------


class Env:
    """Where a constraint is evaluated: the job's params, the current row, the callback kwargs."""

    def __init__(
        self,
        params: Mapping[str, Any],
        fields: Mapping[str, str],
        call: Callable[[Callable[..., Any]], Any],
        row: Mapping[str, Any] | None = None,
    ) -> None:
        self.params = params
        self.fields = fields
        self.call = call
        self.row = row

    def with_row(self, row: Mapping[str, Any] | None) -> Env:
        return Env(self.params, self.fields, self.call, row)

    def lookup(self, target: str) -> Any:
        path = self.fields.get(target, target)
        value: Any = self.params
        for key in path.split("."):
            if not isinstance(value, Mapping) or key not in value:
                raise ConstraintError(f"no field {target!r}")
            value = value[key]
        return value

    def row_lookup(self, column: str) -> Any:
        if self.row is None:
            raise ConstraintError(f"RowLookup({column!r}) outside a DynamicArray row")
        return self.row.get(column)  # a column not set in this row (yet) is null, as in the browser


def uses_row(value: Any) -> bool:
    """Whether ``value`` reads the current DynamicArray row (so it has one result per row)."""
    if isinstance(value, Lookup):
        return isinstance(value, RowLookup) or value.target.startswith(ROW_PREFIX)
    if isinstance(value, FunctionLookup):
        return any(uses_row(v) for v in (*value._args, *value._kwargs.values()))
    if isinstance(value, BoolOperator):
        return any(uses_row(v) for v in value._operands)
    return isinstance(value, DynamicArrayConstraint)


def evaluate(value: Any, env: Env) -> Any:
    """The value of a declared attribute: constants as they are, the rest computed."""
    if isinstance(value, Lookup):
        target = value.target
        if isinstance(value, RowLookup) or target.startswith(ROW_PREFIX):
            return env.row_lookup(target.removeprefix(ROW_PREFIX))
        return env.lookup(target)
    if isinstance(value, FunctionLookup):  # its arguments as the SDK resolves them: lists stay as they are
        args = [v if isinstance(v, (list, tuple)) else evaluate(v, env) for v in value._args]
        kwargs = {k: v if isinstance(v, (list, tuple)) else evaluate(v, env) for k, v in value._kwargs.items()}
        return value._func(*args, **kwargs)
    if isinstance(value, BoolOperator):
        return value._apply([evaluate(v, env) for v in value._operands])
    if isinstance(value, DynamicArrayConstraint):
        return evaluate(value._operand, env)
    if callable(value) and not isinstance(value, type):
        return env.call(value)
    if isinstance(value, (list, tuple)) and not hasattr(value, "_asdict"):  # as its JSON form: each element
        return [evaluate(v, env) for v in value]
    return value
