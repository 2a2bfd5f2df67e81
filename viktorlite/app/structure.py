"""Check an app's entity-type structure and resolve its initial entities, as the platform does at start.

Runs in the worker (it needs the imported app); the result goes into the manifest as plain JSON,
so the web process can create the entities without importing app code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from viktorlite.app.config import AppConfigError
from viktorlite.sdk.core import Controller, InitialEntity
from viktorlite.sdk.parametrization import default_params

SHOW_CHILDREN_AS = ("Table", "Cards")


def check_entity_types(app_type: str, entity_types: dict[str, type[Controller]], initial: list[Any]) -> None:
    """Raise :class:`AppConfigError` naming the first structural problem of the app."""
    for name, controller in entity_types.items():
        children = getattr(controller, "children", None) or []
        if not isinstance(children, list | tuple) or not all(isinstance(c, str) for c in children):
            raise AppConfigError(f"{name}.children must be a list of entity type names")
        for child in children:
            if child not in entity_types:
                known = ", ".join(entity_types)
                raise AppConfigError(f"{name}.children names {child!r}, which is not an entity type (known: {known})")
        shown = getattr(controller, "show_children_as", None)
        if shown is not None and shown not in SHOW_CHILDREN_AS:
            raise AppConfigError(f"{name}.show_children_as must be 'Table' or 'Cards', not {shown!r}")
        if children and app_type != "tree":
            raise AppConfigError(f"{name} has children, which only a tree app can have (app_type is {app_type!r})")
    if app_type == "tree" and not initial:
        raise AppConfigError("a tree app needs at least one entry in initial_entities")


def read_params_file(app_root: Path, base: Path, relative: str, owner: str) -> dict[str, Any]:
    """Read params from ``relative`` (to the app file's folder ``base``), never outside ``app_root``."""
    path = (base / relative).resolve()
    if not path.is_relative_to(app_root.resolve()):
        raise AppConfigError(f"initial entity {owner!r}: params path {relative!r} leaves the app folder")
    if path.suffix.lower() != ".json" or not path.is_file():
        raise AppConfigError(f"initial entity {owner!r}: params file {relative!r} is not a .json file in the app")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise AppConfigError(f"initial entity {owner!r}: {relative} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise AppConfigError(f"initial entity {owner!r}: {relative} must hold a JSON object")
    return data


def resolve_initial_entities(
    declared: object,
    entity_types: dict[str, type[Controller]],
    app_root: Path,
    base: Path,
    *,
    parent: str | None = None,
) -> list[dict[str, Any]]:
    """``initial_entities`` as JSON: params read from their files, defaults filled in, types checked."""
    if declared is None:
        return []
    if not isinstance(declared, list | tuple):
        raise AppConfigError("initial_entities must be a list of InitialEntity")
    resolved = []
    for entity in declared:
        if not isinstance(entity, InitialEntity):
            raise AppConfigError(f"initial_entities holds {entity!r}, not an InitialEntity")
        controller = entity_types.get(entity.entity_type_name)
        if controller is None:
            raise AppConfigError(f"initial entity {entity.name!r} has unknown entity type {entity.entity_type_name!r}")
        if parent is not None:
            allowed = getattr(entity_types[parent], "children", None) or []
            if entity.entity_type_name not in allowed:
                raise AppConfigError(
                    f"initial entity {entity.name!r}: {entity.entity_type_name} is not in {parent}.children"
                )
        if isinstance(entity.params, str):
            params = read_params_file(app_root, base, entity.params, entity.name)
        elif entity.params is not None:
            params = json.loads(json.dumps(entity.params, default=str))
        else:
            params = default_params(getattr(controller, "parametrization", None))
        resolved.append(
            {
                "entity_type": entity.entity_type_name,
                "name": entity.name,
                "params": params,
                "show_on_dashboard": entity.show_on_dashboard,
                "use_as_start_page": entity.use_as_start_page,
                "children": resolve_initial_entities(
                    entity.children, entity_types, app_root, base, parent=entity.entity_type_name
                ),
            }
        )
    return resolved
