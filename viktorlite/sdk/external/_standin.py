"""The ``viktor.external`` programs' names, made at import time from a catalog of the real SDK's namespace.

A program's module (``viktor.external.scia``, ...) calls :func:`materialise` with its globals. The
names the real SDK's module has, and the module does not define by hand, are then made from
``_catalog/<program>.json`` (written by ``tools/gen_external_catalog.py``): classes whose signature is
the real one and whose methods and properties raise :class:`UnavailableOffline` naming the program and
the call, real :class:`enum.Enum` classes with the real members and values, functions that raise, and
the very objects of other modules where the SDK re-exports them (``scia.File`` is ``viktor.File``).
A stand-in keeps its constructor arguments: a property or attribute of the same name reads them back.
Names the SDK's last 13.x had here and 14.x removed still import, with a DeprecationWarning.
"""

from __future__ import annotations
import __future__

import builtins
import enum
import importlib
import inspect
import json
import types
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .._offline import UnavailableOffline, _OfflineMember

_CATALOG = Path(__file__).with_name("_catalog")
_REAL_ROOT, _OUR_ROOT = "viktor", "viktorlite.sdk"
_KINDS = {
    "p": inspect.Parameter.POSITIONAL_ONLY,
    "pk": inspect.Parameter.POSITIONAL_OR_KEYWORD,
    "*": inspect.Parameter.VAR_POSITIONAL,
    "k": inspect.Parameter.KEYWORD_ONLY,
    "**": inspect.Parameter.VAR_KEYWORD,
}
_ENUM_BASES: dict[str, type[enum.Enum]] = {
    "Enum": enum.Enum,
    "IntEnum": enum.IntEnum,
    "StrEnum": enum.StrEnum,
    "Flag": enum.Flag,
    "IntFlag": enum.IntFlag,
}


@cache
def _catalog(program: str) -> dict[str, Any]:
    catalog: dict[str, Any] = json.loads((_CATALOG / f"{program}.json").read_text())
    return catalog


def _real_name(module: str) -> str:
    return _REAL_ROOT + module[len(_OUR_ROOT) :]


def _our_name(module: str) -> str:
    return _OUR_ROOT + module[len(_REAL_ROOT) :] if module.startswith(_REAL_ROOT) else module


def materialise(namespace: dict[str, Any], needs: str) -> None:
    """Fill a ``viktor.external`` module's ``namespace`` with the real SDK's names it lacks.

    Hand-written definitions (already in ``namespace``) win. ``needs`` names the program in errors.
    """
    real = _real_name(namespace["__name__"])
    parts = real.split(".")
    entry = _catalog(parts[2] if len(parts) > 2 else "__init__")["modules"][real]
    _Builder(namespace, entry["names"], needs).build_all()
    if "all" in entry:
        namespace["__all__"] = list(entry["all"])
    if isinstance(namespace.get("annotations"), __future__._Feature):
        del namespace["annotations"]  # ``from __future__ import annotations`` is no name of the SDK's
    if entry.get("legacy"):
        namespace["__getattr__"] = _legacy_getattr(namespace, real, entry["legacy"], needs)


def _legacy_getattr(namespace: dict[str, Any], real: str, legacy: dict[str, Any], needs: str) -> Callable[[str], Any]:
    """A module ``__getattr__``: the names 14.x removed from the module, with a DeprecationWarning."""
    made: dict[str, Any] = {}

    def __getattr__(name: str) -> Any:
        if name not in legacy:
            raise AttributeError(f"module {real!r} has no attribute {name!r}")
        warnings.warn(
            f"{real}.{name} is deprecated: the VIKTOR SDK 14 no longer has it in this module",
            DeprecationWarning,
            stacklevel=2,
        )
        if name not in made:
            scratch = dict(namespace)
            _Builder(scratch, {name: legacy[name]}, needs).build_all()
            made[name] = scratch[name]
        return made[name]

    return __getattr__


def resolve(ref: str) -> Any:
    """The object of a catalog reference ``"module:Qual.Name"`` (``viktor.X`` is viktorlite's)."""
    module_name, _, qualname = ref.partition(":")
    obj: Any = builtins if module_name == "builtins" else importlib.import_module(_our_name(module_name))
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


class _Builder:
    """Makes one module's catalog entries, each once, in the order their references need."""

    def __init__(self, namespace: dict[str, Any], entries: dict[str, Any], needs: str) -> None:
        self.namespace = namespace
        self.module = namespace["__name__"]
        self.real = _real_name(self.module)
        self.entries = entries
        self.needs = needs
        self.pending_signatures: list[tuple[type, list[list[Any]]]] = []
        self.pending_functions: list[str] = []

    def build_all(self) -> None:
        for name in self.entries:
            self.ensure(name)
        # Signatures and functions last: their defaults may name enums made later, or nested in classes.
        for cls, parameters in self.pending_signatures:
            cls.__signature__ = self.signature(parameters)  # type: ignore[attr-defined]
        for name in self.pending_functions:
            self.namespace[name] = _function(
                name, self.module, self.signature(self.entries[name]["parameters"]), self.needs
            )

    def ensure(self, name: str) -> Any:
        if name not in self.namespace:
            spec = self.entries[name]
            if isinstance(spec, str):
                self.namespace[name] = self.resolve(spec[1:])
            elif spec["kind"] == "function":
                self.pending_functions.append(name)
                return None
            elif spec["kind"] == "constant":
                self.namespace[name] = spec["value"]
            else:
                self.namespace[name] = self.definition(name, name, spec)
        return self.namespace[name]

    def resolve(self, ref: str) -> Any:
        module_name, _, qualname = ref.partition(":")
        if module_name != self.real:
            return resolve(ref)
        outer, *inner = qualname.split(".")
        obj = self.ensure(outer)
        for part in inner:
            obj = getattr(obj, part)
        return obj

    def value(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        if "enum" in value:
            return getattr(self.resolve(value["enum"]), value["member"])
        if "tuple" in value:
            return tuple(value["tuple"])
        return list(value["list"])

    def signature(self, parameters: list[list[Any]]) -> inspect.Signature:
        return inspect.Signature(
            [
                inspect.Parameter(
                    name,
                    _KINDS[kind],
                    default=self.value(default[0]) if default else inspect.Parameter.empty,
                )
                for name, kind, *default in parameters
            ]
        )

    def definition(self, name: str, qualname: str, spec: dict[str, Any]) -> type:
        if spec["kind"] == "enum":
            base: Any = _ENUM_BASES[spec["base"]]  # the functional API: Enum(name, members, module=...)
            members = [(member, value) for member, value in spec["members"]]
            made: type = base(name, members, module=self.module, qualname=qualname)
            return made
        bases = tuple(self.resolve(base) for base in spec["bases"]) or (
            (Exception,) if spec["kind"] == "exception" else (object,)
        )
        body: dict[str, Any] = {"__module__": self.module, "__qualname__": qualname, "_viktorlite_needs": self.needs}
        attributes = list(spec.get("attributes", []))
        for member, (kind, *detail) in spec.get("members", {}).items():
            where = f"{qualname}.{member}"
            if kind == "method":
                body[member] = _Method(where, detail[0], self)
            elif kind == "classmethod":
                body[member] = classmethod(_Method(where, [["cls", "pk"], *detail[0]], self))
            elif kind == "staticmethod":
                body[member] = staticmethod(_Method(where, detail[0], self))
            elif kind == "property":
                body[member] = _property(member, where)
            elif kind == "class":
                body[member] = self.definition(member, where, detail[0])
            elif detail:  # an attribute with its value
                body[member] = self.resolve(detail[0]["ref"]) if isinstance(detail[0], dict) else detail[0]
            else:
                attributes.append(member)
        if attributes:
            body["__annotations__"] = dict.fromkeys(attributes, "Any")
        if spec["kind"] == "class":
            dunders = spec.get("dunders", [])
            body.update(__init__=_init, __getattr__=_getattr, _viktorlite_attributes=frozenset(attributes))
            body["_viktorlite_dynamic"] = "__getattr__" in dunders
            body.update({dunder: _DUNDERS[dunder] for dunder in dunders if dunder != "__getattr__"})
        cls = type(name, bases, body)
        if spec.get("parameters") is not None:
            self.pending_signatures.append((cls, spec["parameters"]))
        return cls


class _Method:
    """A stand-in's method: ``inspect.signature`` shows the real parameters; a call raises UnavailableOffline."""

    def __init__(self, qualname: str, parameters: list[list[Any]], builder: _Builder) -> None:
        self.__qualname__ = qualname
        self.__name__ = qualname.rsplit(".", 1)[-1]
        self.__module__ = builder.module
        self._parameters = parameters
        self._builder = builder
        self._needs = builder.needs
        self._signature: inspect.Signature | None = None

    @property
    def __signature__(self) -> inspect.Signature:
        if self._signature is None:
            self._signature = self._builder.signature(self._parameters)
        return self._signature

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return self if instance is None else types.MethodType(self, instance)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        _bind(self.__signature__, self.__qualname__, args, kwargs)
        raise UnavailableOffline(f"{self.__qualname__}()", self._needs)

    def __repr__(self) -> str:
        return f"<viktorlite stand-in {self.__qualname__}>"


def _bind(signature: inspect.Signature, what: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments by parameter name, or the TypeError the real SDK's call would raise."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as error:
        raise TypeError(f"{what}(): {error}") from None
    bound.apply_defaults()
    return dict(bound.arguments)


def _function(name: str, module: str, signature: inspect.Signature, needs: str) -> Callable[..., Any]:
    def standin(*args: Any, **kwargs: Any) -> Any:
        _bind(signature, name, args, kwargs)
        raise UnavailableOffline(f"{name}()", needs)

    standin.__name__ = standin.__qualname__ = name
    standin.__module__ = module
    standin.__signature__ = signature  # type: ignore[attr-defined]
    return standin


def _values(instance: object) -> dict[str, Any]:
    values: dict[str, Any] = instance.__dict__.setdefault("_viktorlite_values", {})
    return values


def _init(self: object, *args: Any, **kwargs: Any) -> None:
    """Checks the arguments against the real signature and keeps them (by parameter name)."""
    cls = type(self)
    signature = getattr(cls, "__signature__", None)
    if isinstance(signature, inspect.Signature):
        _values(self).update(_bind(signature, cls.__qualname__, args, kwargs))


def _getattr(self: object, name: str) -> Any:
    """A constructor argument read back; the real class's attributes raise; a proxy class's go deeper."""
    if name.startswith("__"):
        raise AttributeError(name)
    values = self.__dict__.get("_viktorlite_values", {})
    if name in values:
        return values[name]
    cls = type(self)
    where = f"{cls.__qualname__}.{name}"
    if name in getattr(cls, "_viktorlite_attributes", ()):
        raise UnavailableOffline(where, cls._viktorlite_needs)  # type: ignore[attr-defined]
    if getattr(cls, "_viktorlite_dynamic", False):  # a connection: any path of the program's API
        return _OfflineMember(where, cls._viktorlite_needs)  # type: ignore[attr-defined]
    raise AttributeError(f"{cls.__qualname__!r} object has no attribute {name!r}")


def _property(name: str, where: str) -> property:
    """Reads what was given (to the constructor or by assignment); otherwise the program would compute it."""

    def get(self: object) -> Any:
        values = _values(self)
        if name in values:
            return values[name]
        raise UnavailableOffline(where, type(self)._viktorlite_needs)  # type: ignore[attr-defined]

    def set_(self: object, value: Any) -> None:
        _values(self)[name] = value

    return property(get, set_)


def _unavailable_dunder(dunder: str) -> Callable[..., Any]:
    def method(self: object, *args: Any, **kwargs: Any) -> Any:
        cls = type(self)
        origin = self.__dict__.get("_viktorlite_origin")
        raise UnavailableOffline(origin or f"{cls.__qualname__}.{dunder}()", cls._viktorlite_needs)  # type: ignore[attr-defined]

    method.__name__ = dunder
    return method


def _exit(self: object, *exc: object) -> None:
    return None


_DUNDERS: dict[str, Callable[..., Any]] = {
    "__enter__": _unavailable_dunder("__enter__"),
    "__exit__": _exit,
    "__iter__": _unavailable_dunder("__iter__"),
    "__len__": _unavailable_dunder("__len__"),
    "__getitem__": _unavailable_dunder("__getitem__"),
    "__call__": _unavailable_dunder("__call__"),
}


def connection_functions(namespace: dict[str, Any], class_name: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """``connect(timeout=60)`` and ``attach(timeout=60)`` of a program module with a live connection.

    Offline each returns a connection that fails when entered or used, naming the call; the testing
    mocks (``mock_ETABSConnection``, ...) patch the connection class, so under them it answers.
    """
    program = namespace["__name__"].rsplit(".", 1)[-1]

    def make(name: str) -> Callable[..., Any]:
        def function(timeout: int = 60) -> Any:
            connection = namespace[class_name](None)
            connection.__dict__["_viktorlite_origin"] = f"{program}.{name}(timeout={timeout})"
            return connection

        function.__name__ = function.__qualname__ = name
        function.__module__ = namespace["__name__"]
        return function

    return make("connect"), make("attach")
