"""Print the public surface of an importable ``viktor`` package as JSON.

Run by the namespace parity test (tests/sdk/test_namespace_parity.py) twice: once with the
Python of a throwaway environment holding the real SDK from the registry, once with viktorlite's
(``--viktorlite``, which makes ``import viktor`` ours). Only the standard library is used, so the
same file runs in both.

The surface: every public module, every public name it exposes (its own or re-exported, not
the standard library's or third parties' names it happens to import), of which kind, and for
callables and classes the parameters (name, kind, default) and public members.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import json
import logging
import pkgutil
import sys
import types
import typing
import warnings
from pathlib import Path
from typing import Any

SKIPPED_MODULE_PARTS = ("_", "tests")


def public_modules(root_name: str) -> list[str]:
    """Module names as apps import them (viktorlite's modules call themselves viktorlite.sdk.X)."""
    root = importlib.import_module(root_name)
    names = [root_name]
    for info in pkgutil.walk_packages(root.__path__, prefix=root_name + "."):
        if any(part.startswith(SKIPPED_MODULE_PARTS) for part in info.name.split(".")[1:]):
            continue
        names.append(info.name)
    return sorted(names)


def belongs_to_sdk(name: str, obj: Any, sdk_roots: tuple[str, ...]) -> bool:
    """False for what a module merely uses: typing helpers, loggers, vendored third-party code."""
    if name == "TYPE_CHECKING" or isinstance(obj, typing.TypeVar | logging.Logger):
        return False
    module = getattr(obj, "__module__", None)
    if isinstance(obj, type | types.FunctionType | types.BuiltinFunctionType) or callable(obj):
        return isinstance(module, str) and module.split(".")[0] in sdk_roots and "._vendor" not in module
    return True


def kind_of(obj: Any) -> str:
    if isinstance(obj, type):
        if issubclass(obj, BaseException):
            return "exception"
        if issubclass(obj, enum.Enum):
            return "enum"
        return "class"
    if callable(obj):
        return "function"
    return "constant"


def describe_default(value: Any) -> Any:
    if value is inspect.Parameter.empty:
        return "<required>"
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, tuple | list) and all(isinstance(v, bool | int | float | str | None) for v in value):
        return list(value)
    return f"<{type(value).__name__}>"


def parameters_of(obj: Any) -> list[list[Any]] | None:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [[p.name, p.kind.name, describe_default(p.default)] for p in signature.parameters.values()]


def members_of(cls: type) -> dict[str, str]:
    """Public methods and properties; annotated instance attributes count as attributes."""
    members: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        for name in vars(klass).get("__annotations__", {}):
            if not name.startswith("_"):
                members[name] = "attribute"
    for name in dir(cls):
        if name.startswith("_"):
            continue
        try:
            raw = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(raw, property) or type(raw).__name__ in ("getset_descriptor", "cached_property"):
            members[name] = "property"
        elif isinstance(raw, classmethod):
            members[name] = "classmethod"
        elif isinstance(raw, staticmethod):
            members[name] = "staticmethod"
        elif callable(raw) or type(raw).__name__ in ("method_descriptor", "cython_function_or_method"):
            members[name] = "method"
        else:
            members[name] = "attribute"
    return members


def describe(obj: Any) -> dict[str, Any]:
    kind = kind_of(obj)
    entry: dict[str, Any] = {"kind": kind}
    if kind in ("class", "exception"):
        entry["parameters"] = parameters_of(obj)
        entry["members"] = members_of(obj)
    elif kind == "enum":
        entry["members"] = sorted(member.name for member in obj)
    elif kind == "function":
        entry["parameters"] = parameters_of(obj)
    return entry


def surface(root_name: str = "viktor") -> dict[str, Any]:
    root = importlib.import_module(root_name)
    sdk_roots = ("viktor", "viktorlite")
    modules: dict[str, Any] = {}
    for module_name in public_modules(root_name):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(module_name)
        except Exception as exc:  # a module that cannot import is itself a difference
            modules[module_name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        names: dict[str, Any] = {}
        for name in sorted(vars(module)):
            if name.startswith("_"):
                continue
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) or not belongs_to_sdk(name, obj, sdk_roots):
                continue
            names[name] = describe(obj)
        modules[module_name] = names
    version = getattr(root, "__version__", None) or getattr(sys.modules.get("viktor.__version__"), "__version__", None)
    return {"version": version, "modules": modules}


#: Member kinds an app cannot tell apart: ``obj.x`` reads the same from a property or an attribute.
READS_ALIKE = {"property": "value", "attribute": "value"}
#: viktorlite's fields and views take arguments of newer SDK versions with a warning (a trailing ``**kwargs``).
UNKNOWN_KEYWORDS = ["kwargs", "VAR_KEYWORD", "<required>"]


def differences(real: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    """Each way ``ours`` differs from ``real``, as ``"<qualified name>: <difference>"``.

    Names only ``ours`` has are not differences: the real SDK's apps never import them.
    """
    found: list[str] = []
    for module_name, real_names in sorted(real["modules"].items()):
        our_names = ours["modules"].get(module_name)
        if our_names is None:
            found.append(f"{module_name}: module missing")
            continue
        if "error" in our_names:
            found.append(f"{module_name}: module does not import ({our_names['error']})")
            continue
        for name, real_entry in sorted(real_names.items()):
            qualified = f"{module_name}.{name}"
            our_entry = our_names.get(name)
            if our_entry is None:
                found.append(f"{qualified}: missing")
                continue
            found.extend(f"{qualified}{difference}" for difference in entry_differences(real_entry, our_entry))
    return found


def entry_differences(real: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    if real["kind"] != ours["kind"]:
        return [f": is a {ours['kind']}, not a {real['kind']}"]
    found = []
    our_parameters = ours.get("parameters") or []
    if "parameters" in real and our_parameters == [*(real["parameters"] or []), UNKNOWN_KEYWORDS]:
        found.append(": also takes unknown keyword arguments (**kwargs)")
    elif "parameters" in real and real["parameters"] != ours.get("parameters"):
        found.append(
            f": parameters {format_parameters(ours.get('parameters'))}, not {format_parameters(real['parameters'])}"
        )
    if real["kind"] == "enum":
        found.extend(f".{member}: enum member missing" for member in real["members"] if member not in ours["members"])
    elif "members" in real:
        for member, kind in sorted(real["members"].items()):
            our_kind = ours["members"].get(member)
            if our_kind is None:
                found.append(f".{member}: {kind} missing")
            elif READS_ALIKE.get(our_kind, our_kind) != READS_ALIKE.get(kind, kind):
                found.append(f".{member}: is a {our_kind}, not a {kind}")
    return found


def summary(real: dict[str, Any], ours: dict[str, Any]) -> str:
    """The parity figures: names present, and names whose signature and members match."""
    names = present = with_signature = alike = 0
    for module_name, real_names in real["modules"].items():
        our_names = ours["modules"].get(module_name) or {}
        for name, real_entry in real_names.items():
            names += 1
            our_entry = our_names.get(name) if "error" not in our_names else None
            present += our_entry is not None
            if "parameters" in real_entry or "members" in real_entry:
                with_signature += 1
                alike += our_entry is not None and not entry_differences(real_entry, our_entry)
    return f"{present}/{names} names present, {alike}/{with_signature} signatures and members alike"


def format_parameters(parameters: list[list[Any]] | None) -> str:
    if parameters is None:
        return "(unknown)"
    marks = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}
    shown = []
    for name, kind, default in parameters:
        text = marks.get(kind, "") + name
        if kind == "KEYWORD_ONLY":
            text = "kw:" + text
        if default != "<required>" and kind not in marks:
            text += f"={default!r}"
        shown.append(text)
    return "(" + ", ".join(shown) + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viktorlite", action="store_true", help="make `import viktor` viktorlite's SDK first")
    parser.add_argument("--compare", nargs=2, metavar=("REAL.json", "OURS.json"), help="list the differences")
    args = parser.parse_args()
    if args.compare:
        real, ours = (json.loads(Path(path).read_text()) for path in args.compare)
        found = differences(real, ours)
        print("\n".join(found))
        print(f"# {summary(real, ours)}; {len(found)} differences", file=sys.stderr)
        return
    if args.viktorlite:
        from viktorlite.app.viktor_alias import install

        install()
    json.dump(surface(), sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
