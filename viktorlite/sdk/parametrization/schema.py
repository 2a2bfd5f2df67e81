"""A declaration read by the runtime: its schema, its default params and the params a job gets.

These are the only ways the runtime looks at a parametrization (docs/protocol.md describes the
schema); the callback runner also walks it with :func:`walk`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from munch import Munch

from ._base import SchemaContext, _Item, children, nodes
from .arrays import _Rows
from .fields import Field
from .layout import Parametrization, Step, _Group
from .munched import munchify_json

ParametrizationLike: TypeAlias = "type[Parametrization] | Parametrization | None"

_DEFAULT_WIDTH = 40
_MISSING: Any = object()
_LAYOUTS = {"page": "pages", "step": "steps", "tab": "tabs"}
_FREE_KINDS = frozenset({"text", "linebreak", "image"})  # may stand beside any layout


def top_items(parametrization: ParametrizationLike) -> list[tuple[str, _Item]]:
    """Top-level items in declaration order, base classes first (a subclass may override)."""
    if parametrization is None:
        return []
    cls = parametrization if isinstance(parametrization, type) else type(parametrization)
    if not issubclass(cls, Parametrization):
        raise TypeError(f"expected a Parametrization subclass or instance, got {parametrization!r}")
    items: dict[str, _Item] = {}
    for klass in reversed(cls.__mro__):
        if issubclass(klass, Parametrization):
            items.update(children(klass))
    if not isinstance(parametrization, type):
        items.update(children(parametrization))
    return list(items.items())


@dataclass(frozen=True)
class Placed:
    """An item with where it sits: attribute path, and for array columns the array it is in."""

    path: str
    item: _Item
    array: _Rows | None = None
    array_path: str | None = None


def walk(items: Iterable[tuple[str, _Item]], prefix: str = "") -> Iterator[Placed]:
    """Every item below ``items`` (groups, fields, array columns), parents before children."""
    for attr, item in items:
        path = prefix + attr
        yield Placed(path, item)
        if isinstance(item, _Group):
            yield from walk(children(item), path + ".")
        elif isinstance(item, _Rows):
            for column_attr, column in item._column_items():
                yield Placed(f"{path}.{column_attr}", column, item, path)


def fields(items: Iterable[tuple[str, _Item]]) -> Iterator[tuple[str, Field]]:
    """Every field with a value in params (not array columns), with its attribute path."""
    for placed in walk(items):
        if placed.array is None and isinstance(placed.item, Field):
            yield placed.path, placed.item


def field_paths(parametrization: ParametrizationLike) -> dict[str, str]:
    """Attribute path -> storage path of every field."""
    return {path: field._storage(path) for path, field in fields(top_items(parametrization))}


def find_step(parametrization: ParametrizationLike, name: str) -> Step | None:
    for attr, item in top_items(parametrization):
        if attr == name and isinstance(item, Step):
            return item
    return None


def schema_of(parametrization: ParametrizationLike) -> dict[str, Any]:
    """The JSON schema the editor renders (docs/protocol.md, "Parametrization schema")."""
    top = top_items(parametrization)
    ctx = SchemaContext(field_paths(parametrization))
    items = nodes(top, "", ctx)
    found = {_LAYOUTS.get(node["kind"], "fields") for node in items if node["kind"] not in _FREE_KINDS}
    layout = next((name for name in ("pages", "steps", "tabs") if name in found), "fields")
    if len(found) > 1:
        warnings.warn(
            f"Parametrization mixes top-level {sorted(found)}; showing it as {layout}",
            stacklevel=2,
        )
    width = parametrization._width if parametrization is not None else None
    return {
        "kind": "parametrization",
        "width": width if width is not None else _DEFAULT_WIDTH,
        "layout": layout,
        "has_callbacks": ctx.needs_job,
        "items": items,
    }


def _get_path(data: Mapping[str, Any], path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, Mapping) or key not in data:
            return _MISSING
        data = data[key]
    return data


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    data[last] = value


def default_params(parametrization: ParametrizationLike) -> dict[str, Any]:
    """Params of a new entity in stored form: each field's default, or its empty value."""
    params: dict[str, Any] = {}
    for path, field in fields(top_items(parametrization)):
        _set_path(params, field._storage(path), field._default_stored())
    return params


def build_params(parametrization: ParametrizationLike, stored: Mapping[str, Any] | None) -> Munch:
    """The ``params`` a controller method receives: every field present, nested by storage path.

    Missing fields get their empty value (not their default: defaults apply only when an entity
    is created); values are deserialised (dates, colours, files, entities, geo values); stored
    keys the parametrization does not know are kept as they are.
    """
    params = munchify_json(dict(stored or {}))
    for path, field in fields(top_items(parametrization)):
        storage = field._storage(path)
        value = _get_path(params, storage)
        value = field._empty_value() if value is _MISSING else field._from_stored(value)
        _set_munch_path(params, storage, value)
    return params


def _set_munch_path(data: Munch, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        if not isinstance(data.get(key), Munch):
            data[key] = Munch()
        data = data[key]
    data[last] = value


def buttons_of(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The buttons of a schema, for the manifest's ``buttons``: what the API may run by method name."""
    found: list[dict[str, Any]] = []

    def visit(items: Iterable[Any]) -> None:
        for node in items:
            if node.get("kind") == "button":
                keys = ("method", "type", "ui_name", "longpoll", "path", "interaction")
                found.append({key: node.get(key) for key in keys})
            visit(node.get("items") or [])

    visit(schema.get("items") or [])
    return found
