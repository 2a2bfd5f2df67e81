"""Import an app the way the platform does: ``import viktor`` is ours, controllers are entity types.

Only workers call this; the web process never imports app code.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from viktorlite.app import viktor_alias
from viktorlite.app.app_files import app_files
from viktorlite.app.config import AppConfig, AppConfigError, entry_point, read_config
from viktorlite.app.legacy_manifest import read_legacy_manifest
from viktorlite.app.structure import check_entity_types, resolve_initial_entities
from viktorlite.sdk.core import Controller

APP_MODULE = "app"
#: The module name of an ``app.py`` that sits beside an ``app/`` package, which keeps the name ``app``.
ENTRY_MODULE = "app_entry"


@dataclass
class LoadedApp:
    config: AppConfig
    module: ModuleType
    entity_types: dict[str, type[Controller]]
    code_version: str
    #: ``initial_entities`` resolved to JSON (see :mod:`viktorlite.app.structure`).
    initial_entities: list[dict[str, Any]]

    def controller(self, entity_type: str) -> type[Controller]:
        try:
            return self.entity_types[entity_type]
        except KeyError:
            raise LookupError(f"the app has no entity type {entity_type!r}") from None


def code_version(directory: Path) -> str:
    """A short hash of the app's files, names and contents: which code ran a job, and whether an
    open editor must rebuild. Data files count too, since apps read them via ``Path(__file__)``;
    every copy of the same files, on any machine, has the same version."""
    digest = hashlib.sha1()
    for path in app_files(directory):
        relative = path.relative_to(directory)
        digest.update(f"{relative}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def find_entity_types(module: ModuleType) -> dict[str, type[Controller]]:
    """Controller subclasses bound in the app module, named by their binding name."""
    found: dict[str, type[Controller]] = {}
    for binding, value in vars(module).items():
        if (
            inspect.isclass(value)
            and issubclass(value, Controller)
            and value is not Controller
            and value not in found.values()
        ):
            found[binding] = value
    return found


def _import_file(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # before it runs, as for any import (dataclasses and pickle look it up)
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def _import_entry(directory: Path, legacy: bool) -> tuple[ModuleType, Path]:
    """The app module and its file: ``app.py``, or the ``app/`` package, as the platform documents them.

    ``app.py`` is the entry point; an ``app/__init__.py`` replaces it. When both are there, app.py
    is imported as its own module, so that ``import app`` in it still finds the package (apps keep
    helpers there); an app.py that binds no Controller is a leftover, and the package is the entry
    point. A legacy (manifest.yml) app always has the package as its entry point.
    """
    entry = entry_point(directory)
    package = directory / APP_MODULE / "__init__.py"
    if entry != package and package.is_file() and not legacy:
        module = _import_file(entry, ENTRY_MODULE)
        if find_entity_types(module):
            return module, entry
        entry = package
    module = importlib.import_module(APP_MODULE)
    if Path(module.__file__ or "").resolve() != entry.resolve():
        raise AppConfigError(f"'import app' found {module.__file__}, not {entry}: rename the clashing module")
    return module, entry


def load_app(directory: str | Path, *, name: str | None = None) -> LoadedApp:
    """Import the app in ``directory`` (its app.py or app/ package) with ``viktor`` aliased.

    An app in the legacy layout takes its entity types and initial entities from manifest/manifest.yml.
    """
    config = read_config(directory, name=name)
    viktor_alias.install()
    for name in [m for m in sys.modules if m in (APP_MODULE, ENTRY_MODULE) or m.startswith(APP_MODULE + ".")]:
        del sys.modules[name]
    root = str(config.directory)
    if root not in sys.path:
        sys.path.insert(0, root)
    importlib.invalidate_caches()
    legacy = read_legacy_manifest(config.directory)
    module, entry = _import_entry(config.directory, legacy is not None)
    declared = getattr(module, "initial_entities", None)
    if legacy is None:
        entity_types = find_entity_types(module)
    else:
        if declared is not None:
            raise AppConfigError(f"{entry}: initial_entities and {legacy.path} both declare initial entities")
        entity_types, declared = legacy.controllers(module, entry), legacy.entities
    if not entity_types:
        raise AppConfigError(f"{entry}: no Controller subclass is reachable from the app file")
    if config.app_type in ("editor", "simple") and len(entity_types) != 1:
        names = ", ".join(entity_types)
        raise AppConfigError(
            f"{entry}: a {config.app_type} app has exactly one entity type, found {len(entity_types)}: {names}"
        )
    try:
        initial = resolve_initial_entities(declared, entity_types, config.directory, entry.parent)
    except AppConfigError as exc:
        raise AppConfigError(f"{legacy.path if legacy else entry}: {exc}") from None  # where they are declared
    check_entity_types(config.app_type, entity_types, initial)
    return LoadedApp(config, module, entity_types, code_version(config.directory), initial)
