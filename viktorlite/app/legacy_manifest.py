"""The legacy app layout (VIKTOR SDK < 13): ``manifest/manifest.yml`` beside the ``app`` package.

Read the way the SDK's own upgrade to v13 reads it, so such apps run unchanged::

    version: '1'
    entity_types:                  # the entity types, by name
      Project: {has_designer: false, show_properties: false}
      Beam: {has_designer: true}
    entities:                      # created at start, like ``initial_entities``
    - entity_type: Project
      properties: {name: Example project}          # the entity's name plus its params ...
      children:
      - entity_type: Beam
        properties: fixtures/beam_1.json           # ... or a JSON file (relative to manifest/) holding them
    metadata: {uses_privileged_api: false}

The controller of entity type ``X`` is the class that ``app/__init__.py`` binds as ``XController``
(the v13 upgrade renames those bindings to ``X``, which is accepted too). Such apps have no
``app_type``: they are tree apps. ``has_designer`` and ``show_properties`` only changed the old
platform's layout and are accepted as they are.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import yaml

from viktorlite.app.config import AppConfigError

if TYPE_CHECKING:  # the SDK loads only for an app that has a manifest.yml (issue 18: serve and web start fast)
    from viktorlite.sdk.core import Controller, InitialEntity

MANIFEST_FILES = (Path("manifest") / "manifest.yml", Path("manifest") / "manifest.yaml")
_FLAGS = ("has_designer", "show_properties")


@dataclass(frozen=True)
class LegacyManifest:
    path: Path
    #: Entity type names in the order the manifest declares them.
    entity_types: list[str]
    #: ``entities`` as the InitialEntity objects ``initial_entities`` would hold.
    entities: list[InitialEntity]
    uses_privileged_api: bool | None

    def controllers(self, module: ModuleType, entry: Path) -> dict[str, type[Controller]]:
        """Each declared entity type's controller, bound in the app package as ``<Type>Controller``."""
        from viktorlite.sdk.core import Controller

        bindings = vars(module)
        found: dict[str, type[Controller]] = {}
        for name in self.entity_types:
            value = bindings.get(f"{name}Controller", bindings.get(name))
            if not (inspect.isclass(value) and issubclass(value, Controller)):
                raise AppConfigError(
                    f"{self.path}: entity_types.{name}: {entry} binds no controller named {name}Controller"
                )
            found[name] = value
        return found


def legacy_manifest_path(directory: Path) -> Path | None:
    return next((directory / name for name in MANIFEST_FILES if (directory / name).is_file()), None)


def read_legacy_manifest(directory: Path) -> LegacyManifest | None:
    """The app's ``manifest/manifest.yml``, checked; None for an app in today's layout."""
    path = legacy_manifest_path(directory)
    if path is None:
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AppConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise AppConfigError(f"{path}: must hold a mapping with entity_types (and entities)")
    entity_types = _entity_types(path, data.get("entity_types"))
    entities = data.get("entities") or []
    if not isinstance(entities, list):
        raise AppConfigError(f"{path}: entities must be a list")
    reader = _EntityReader(path, directory, entity_types)
    initial = [reader.read(entity, f"entities[{index}]") for index, entity in enumerate(entities)]
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise AppConfigError(f"{path}: metadata must be a mapping")
    privileged = metadata.get("uses_privileged_api")
    if privileged is not None and not isinstance(privileged, bool):
        raise AppConfigError(f"{path}: metadata.uses_privileged_api must be true or false")
    return LegacyManifest(path, entity_types, initial, privileged)


def _entity_types(path: Path, declared: object) -> list[str]:
    if not isinstance(declared, dict) or not declared:
        raise AppConfigError(f"{path}: entity_types must map each entity type name to its settings")
    for name, settings in declared.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise AppConfigError(f"{path}: entity_types: {name!r} is not a valid entity type name")
        if settings is not None and not isinstance(settings, dict):
            raise AppConfigError(f"{path}: entity_types.{name} must be a mapping of settings")
        for flag in _FLAGS:
            if not isinstance((settings or {}).get(flag, False), bool):
                raise AppConfigError(f"{path}: entity_types.{name}.{flag} must be true or false")
    return list(declared)


@dataclass(frozen=True)
class _EntityReader:
    path: Path
    app_root: Path
    entity_types: list[str]

    def read(self, entity: object, key: str) -> InitialEntity:
        from viktorlite.sdk.core import InitialEntity

        if not isinstance(entity, dict):
            raise AppConfigError(f"{self.path}: {key} must be a mapping with entity_type and properties")
        entity_type = entity.get("entity_type")
        if entity_type not in self.entity_types:
            known = ", ".join(self.entity_types)
            raise AppConfigError(
                f"{self.path}: {key}.entity_type {entity_type!r} is not in entity_types (known: {known})"
            )
        name, params = self._properties(entity.get("properties"), key)
        children = entity.get("children") or []
        if not isinstance(children, list):
            raise AppConfigError(f"{self.path}: {key}.children must be a list")
        return InitialEntity(
            entity_type,
            name,
            params=params,
            children=[self.read(child, f"{key}.children[{index}]") for index, child in enumerate(children)],
        )

    def _properties(self, properties: object, key: str) -> tuple[str, dict[str, Any] | None]:
        """The entity's name and params (None: the defaults) from inline properties or their JSON file."""
        where = f"{key}.properties"
        if isinstance(properties, str):
            from viktorlite.app.structure import read_params_file

            relative = properties
            try:
                properties = read_params_file(self.app_root, self.path.parent, relative, where)
            except AppConfigError as exc:
                raise AppConfigError(f"{self.path}: {exc}") from None
            where = f"{where} file {relative!r}"
        if not isinstance(properties, dict):
            raise AppConfigError(f"{self.path}: {where} must be a mapping with a name, or the path of a .json file")
        params = dict(properties)
        name = params.pop("name", None)
        if not isinstance(name, str) or not name.strip():
            raise AppConfigError(f"{self.path}: {where} needs a name (a non-empty string)")
        return name, params or None
