"""Write the catalog of the real SDK's ``viktor.external`` namespace that viktorlite's stand-ins are made from.

Run it with the Python of an environment holding the real SDK (the namespace parity test keeps one in
``build/real-sdk/``)::

    build/real-sdk/viktor-14.36.2/bin/python tools/gen_external_catalog.py \\
        --legacy-python build/real-sdk/viktor-13.8.0/bin/python

It records facts only, read by introspection: which public names each module has, of which kind, the
parameters (names, kinds, defaults) of functions, classes and methods, the public members of classes,
the members and values of enums, and where a name is another module's object. No code, no docstrings.
The catalog is one JSON file per program under ``viktorlite/sdk/external/_catalog/``, read by
``viktorlite/sdk/external/_standin.py`` when the program's module is imported.

Names the last 13.x had in a module and 14.x removed are recorded as the module's legacy names
(``--legacy-python`` runs this script in a 13.x environment to describe them).
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import json
import subprocess
import sys
import types
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sdk_surface import belongs_to_sdk, public_modules  # noqa: E402 - the surface tool's own rules

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "viktorlite" / "sdk" / "external" / "_catalog"
PACKAGE = "viktor.external"
#: Parameter kinds, short.
KINDS = {
    "POSITIONAL_ONLY": "p",
    "POSITIONAL_OR_KEYWORD": "pk",
    "VAR_POSITIONAL": "*",
    "KEYWORD_ONLY": "k",
    "VAR_KEYWORD": "**",
}
PLAIN = (type(None), bool, int, float, str)
#: Special methods a stand-in reproduces (each raises UnavailableOffline, but its presence is a fact:
#: ``with connect() as sap`` needs ``__enter__``, ``sap.FrameObj`` needs ``__getattr__``).
DUNDERS = ("__enter__", "__exit__", "__getattr__", "__iter__", "__len__", "__getitem__", "__call__")


class Catalog:
    """Reads the imported real ``viktor.external`` modules into JSON-able definitions."""

    def __init__(self, modules: list[str]) -> None:
        self.modules = modules
        self.objects: dict[str, dict[str, Any]] = {}
        for name in modules:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(name)
            self.objects[name] = {
                attr: obj
                for attr, obj in sorted(vars(module).items())
                if not attr.startswith("_")
                and not isinstance(obj, types.ModuleType)
                and belongs_to_sdk(attr, obj, ("viktor",))
            }
        self.homes = self._homes()

    def _homes(self) -> dict[int, tuple[str, str]]:
        """Where each external class or function is defined: its own module if that is public and has
        it, else the most specific public module that exports it (``etabs.etabs`` before ``etabs``)."""
        exporters: dict[int, list[tuple[str, str]]] = {}
        for module, names in self.objects.items():
            for attr, obj in names.items():
                if isinstance(obj, type) or callable(obj):
                    exporters.setdefault(id(obj), []).append((module, attr))
        homes = {}
        for names in self.objects.values():
            for obj in names.values():
                if id(obj) in homes or not (isinstance(obj, type) or callable(obj)):
                    continue
                own = getattr(obj, "__module__", "")
                if not own.startswith(PACKAGE):
                    continue
                places = exporters[id(obj)]
                if (own, obj.__name__) in places:
                    homes[id(obj)] = (own, obj.__name__)
                else:
                    homes[id(obj)] = max(places, key=lambda place: (place[0].count("."), len(place[0]), place))
        return homes

    # -- references -------------------------------------------------------------------------------

    def ref(self, obj: Any) -> str | None:
        """``"module:qualname"`` of a public object, or None for a private one."""
        if id(obj) in self.homes:
            module, name = self.homes[id(obj)]
            return f"{module}:{name}"
        module = getattr(obj, "__module__", None) or ""
        qualname = getattr(obj, "__qualname__", "")
        if module == "builtins":
            return f"builtins:{qualname}"
        if not module.startswith("viktor") or any(part.startswith("_") for part in module.split(".")[1:]):
            return None
        if "." in qualname and not qualname.startswith("_"):  # a class nested in a public class
            outer_name, _, inner = qualname.rpartition(".")
            outer = importlib.import_module(module)
            for part in outer_name.split("."):
                outer = getattr(outer, part, None)
            outer_ref = self.ref(outer) if isinstance(outer, type) else None
            return f"{outer_ref}.{inner}" if outer_ref else None
        if module.startswith(PACKAGE) or qualname.startswith("_"):
            return None
        return f"{module}:{qualname}"

    def value(self, value: Any, where: str) -> Any:
        """A default or constant as JSON: plain values as they are, the rest tagged."""
        if isinstance(value, enum.Enum):
            enum_ref = self.ref(type(value))
            assert enum_ref, f"{where}: default {value!r} is of a private enum"
            return {"enum": enum_ref, "member": value.name}
        if type(value) in PLAIN:
            return value
        if isinstance(value, tuple | list) and all(type(item) in PLAIN for item in value):
            return {type(value).__name__: list(value)}
        return {"object": type(value).__name__}

    def parameters(self, obj: Any, where: str) -> list[list[Any]] | None:
        try:
            signature = inspect.signature(obj)
        except (TypeError, ValueError):
            return None
        found = []
        for parameter in signature.parameters.values():
            entry: list[Any] = [parameter.name, KINDS[parameter.kind.name]]
            if parameter.default is not inspect.Parameter.empty:
                entry.append(self.value(parameter.default, f"{where}({parameter.name})"))
            found.append(entry)
        return found

    # -- definitions ------------------------------------------------------------------------------

    def definition(self, obj: Any, where: str) -> dict[str, Any]:
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            return self.enum_definition(obj, where)
        if isinstance(obj, type):
            return self.class_definition(obj, where)
        return {"kind": "function", "parameters": self.parameters(obj, where)}

    def enum_definition(self, cls: type[enum.Enum], where: str) -> dict[str, Any]:
        base = next(b for b in (enum.IntFlag, enum.Flag, enum.IntEnum, enum.StrEnum, enum.Enum) if issubclass(cls, b))
        members = []
        for name, member in cls.__members__.items():
            assert type(member.value) in PLAIN, f"{where}.{name}: value {member.value!r} is not plain"
            members.append([name, member.value])
        return {"kind": "enum", "base": base.__name__, "members": members}

    def kept_bases(self, cls: type) -> list[type]:
        """Public bases as they are; a private base is replaced by its own bases."""
        kept: list[type] = []
        for base in cls.__bases__:
            if base is object:
                continue
            if self.ref(base) is not None:
                kept.append(base)
            else:
                kept.extend(b for b in self.kept_bases(base) if b not in kept)
        return kept

    def class_definition(self, cls: type, where: str) -> dict[str, Any]:
        bases = self.kept_bases(cls)
        inherited = {klass for base in bases for klass in base.__mro__}
        definition: dict[str, Any] = {
            "kind": "exception" if issubclass(cls, BaseException) else "class",
            "bases": [self.ref(base) for base in bases],
            "parameters": self.parameters(cls, where),
        }
        attributes = sorted(
            {
                name
                for klass in cls.__mro__
                if klass not in inherited
                for name in vars(klass).get("__annotations__", {})
                if not name.startswith("_")
            }
        )
        if attributes:
            definition["attributes"] = attributes
        members: dict[str, list[Any]] = {}
        for name in dir(cls):
            if name.startswith("_"):
                continue
            owner = next((klass for klass in cls.__mro__ if name in vars(klass)), None)
            if owner is None or owner in inherited:
                continue
            members[name] = self.member(cls, name, vars(owner)[name], f"{where}.{name}")
        for name, raw in vars(cls).items():  # private nested classes: the defaults of public methods use some
            nested = isinstance(raw, type) and raw.__qualname__ == f"{cls.__qualname__}.{name}"
            if nested and name.startswith("_") and not name.startswith("__"):
                members[name] = ["class", self.definition(raw, f"{where}.{name}")]
        if members:
            definition["members"] = members
        dunders = [
            name
            for name in DUNDERS
            if any(name in vars(klass) for klass in cls.__mro__ if klass not in inherited and klass is not object)
        ]
        if dunders:
            definition["dunders"] = dunders
        return definition

    def member(self, cls: type, name: str, raw: Any, where: str) -> list[Any]:
        if isinstance(raw, property) or type(raw).__name__ in ("getset_descriptor", "cached_property"):
            return ["property"]
        if isinstance(raw, classmethod | staticmethod):
            return [type(raw).__name__, self.parameters(getattr(cls, name), where)]
        if isinstance(raw, type):
            ref = self.ref(raw)
            if ref and not ref.startswith(f"{self.ref(cls)}."):  # another public class bound as a member
                return ["attribute", {"ref": ref}]
            return ["class", self.definition(raw, where)]
        if callable(raw) or type(raw).__name__ in ("method_descriptor", "cython_function_or_method"):
            return ["method", self.parameters(getattr(cls, name), where)]
        value = self.value(raw, where)
        return ["attribute", value] if not isinstance(value, dict) or "object" not in value else ["attribute"]

    def module_entries(self, module: str, names: list[str] | None = None) -> dict[str, Any]:
        """``{name: definition or "=module:qualname" reference or {"constant": value}}``."""
        entries: dict[str, Any] = {}
        for attr, obj in self.objects[module].items():
            if names is not None and attr not in names:
                continue
            where = f"{module}.{attr}"
            if not (isinstance(obj, type) or callable(obj)):
                value = self.value(obj, where)
                assert not isinstance(value, dict) or "object" not in value, f"{where}: constant {obj!r}"
                entries[attr] = {"kind": "constant", "value": value}
            elif self.homes.get(id(obj)) == (module, attr):
                entries[attr] = self.definition(obj, where)
            else:
                ref = self.ref(obj)
                assert ref, f"{where}: {obj!r} is neither defined here nor a public object"
                entries[attr] = "=" + ref
        return entries


def program_of(module: str) -> str:
    """The catalog file a module belongs to: its program (``viktor.external.scia.object`` -> ``scia``)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else "__init__"


def external_modules() -> list[str]:
    return [name for name in public_modules("viktor") if name == PACKAGE or name.startswith(PACKAGE + ".")]


def legacy_entries(legacy_python: str, removed: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """The definitions of names 14.x removed, read by this script in the 13.x environment."""
    completed = subprocess.run(
        [legacy_python, __file__, "--describe", json.dumps(removed)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    described: dict[str, dict[str, Any]] = json.loads(completed.stdout)
    return described


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legacy-python", help="a Python with the last 13.x SDK, for the names 14.x removed")
    parser.add_argument("--describe", help=argparse.SUPPRESS)  # internal: {module: [names]} -> entries
    parser.add_argument("--output", type=Path, default=CATALOG_DIR)
    args = parser.parse_args()
    import viktor

    catalog = Catalog(external_modules())
    if args.describe:
        wanted: dict[str, list[str]] = json.loads(args.describe)
        json.dump({module: catalog.module_entries(module, names) for module, names in wanted.items()}, sys.stdout)
        return
    files: dict[str, dict[str, Any]] = {}
    for module in catalog.modules:
        entry: dict[str, Any] = {"names": catalog.module_entries(module)}
        exported = getattr(sys.modules[module], "__all__", None)
        if exported is not None:
            entry["all"] = sorted(exported)
        files.setdefault(program_of(module), {})[module] = entry
    if args.legacy_python:
        legacy_modules = json.loads(
            subprocess.run(
                [args.legacy_python, "-c", _LIST_NAMES, json.dumps(catalog.modules)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout
        )
        removed = {
            module: sorted(set(names) - set(catalog.objects.get(module, {})))
            for module, names in legacy_modules.items()
            if module in catalog.objects and set(names) - set(catalog.objects[module])
        }
        for module, entries in legacy_entries(args.legacy_python, removed).items():
            files[program_of(module)][module]["legacy"] = entries
    args.output.mkdir(parents=True, exist_ok=True)
    for old in args.output.glob("*.json"):
        old.unlink()
    for program, modules in sorted(files.items()):
        (args.output / f"{program}.json").write_text(catalog_text(viktor.__version__, modules))
    total = sum(len(entry["names"]) for modules in files.values() for entry in modules.values())
    print(f"{len(catalog.modules)} modules, {total} names, {len(files)} files in {args.output}", file=sys.stderr)


def catalog_text(version: str, modules: dict[str, dict[str, Any]]) -> str:
    """Compact JSON with one line per name, so that a new SDK's catalog diffs name by name."""

    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))

    blocks = []
    for module, entry in sorted(modules.items()):
        head = {key: value for key, value in sorted(entry.items()) if key != "names"}
        names = ",\n".join(f"{compact(name)}:{compact(spec)}" for name, spec in sorted(entry["names"].items()))
        fields = "".join(f"{compact(key)}:{compact(value)}," for key, value in head.items())
        blocks.append(f'{compact(module)}:{{{fields}"names":{{\n{names}\n}}}}')
    return f'{{"sdk":{compact(version)},"modules":{{\n' + ",\n".join(blocks) + "\n}}\n"


#: Run in the 13.x environment: the public names of each of these modules that it has.
_LIST_NAMES = """
import importlib, json, sys, types, warnings
sys.path.insert(0, 'tools')
from sdk_surface import belongs_to_sdk
found = {}
for name in json.loads(sys.argv[1]):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            module = importlib.import_module(name)
    except ImportError:
        continue
    found[name] = [a for a, o in vars(module).items() if not a.startswith('_')
                   and not isinstance(o, types.ModuleType) and belongs_to_sdk(a, o, ('viktor',))]
print(json.dumps(found))
"""


if __name__ == "__main__":
    main()
