"""The JSON form of what ``memoize`` accepts: JSON types, tuples, and the params value types.

Supported: ``None``, bool, int, float, str, list, tuple (stored as a list), dict (keys as JSON
makes them: str, or int/float/bool/None turned into str), :class:`Color`, ``datetime.date``,
``datetime.datetime``, ``GeoPoint``/``GeoPolyline``/``GeoPolygon`` and ``api_v1.FileResource``
(by its source id), nested freely. ``Entity`` is refused, as on the platform. Anything else is
refused with a message naming where it sits.
"""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any

from ._file import File
from .core import Color

#: Marks an encoded non-JSON value; a dict of the app's own with this key is refused.
TAG = "__viktorlite_type__"
_TAG_BYTES = TAG.encode()

ALLOWED = "None, bool, int, float, str, list, tuple, dict, Color, date, datetime, Geo values and FileResource"


class NotMemoizable(TypeError):
    """A value memoize cannot store; the message names where it is."""


def encode(value: Any, where: str, path: str = "") -> Any:
    """``value`` as plain JSON data; ``where`` and ``path`` name it in errors (``argument 'x'``, ``[0]``)."""
    if value is None or isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, Color):
        return {TAG: "Color", "rgb": [value.r, value.g, value.b]}
    if isinstance(value, datetime.datetime):
        return {TAG: "datetime", "iso": value.isoformat()}
    if isinstance(value, datetime.date):
        return {TAG: "date", "iso": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [encode(item, where, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict):
        return _encode_dict(value, where, path)
    special = _encode_lazy_type(value, where, path)
    if special is not None:
        return special
    if isinstance(value, File):
        raise NotMemoizable(f"{_at(where, path)} is a File, which memoize cannot store; use Storage for files")
    kind = type(value)
    raise NotMemoizable(
        f"{_at(where, path)} is a {kind.__module__}.{kind.__qualname__}, which memoize cannot store "
        f"(it stores {ALLOWED}, nested in lists and dicts)"
    )


def _at(where: str, path: str) -> str:
    return f"{where} at {path}" if path else where


def _encode_dict(value: dict[Any, Any], where: str, path: str) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(key, str):
            name = key
        elif key is None or isinstance(key, (bool, int, float)):
            name = json.dumps(key)  # what JSON does with such keys: 1 -> "1", True -> "true"
        else:
            raise NotMemoizable(
                f"{_at(where, path)} has a key of type {type(key).__name__} ({key!r}); memoize needs str keys"
            )
        if name == TAG:
            raise NotMemoizable(f"{_at(where, path)} uses the key {TAG!r}, which memoize reserves")
        encoded[name] = encode(item, where, f"{path}[{key!r}]")
    return encoded


def _encode_lazy_type(value: Any, where: str, path: str) -> dict[str, Any] | None:
    """Types of modules imported on demand: if a module was never imported, none of its objects exist."""
    geometry = sys.modules.get(f"{__package__}.geometry")
    if geometry is not None:
        if isinstance(value, geometry.GeoPoint):
            return {TAG: "GeoPoint", "lat": value.lat, "lon": value.lon}
        if isinstance(value, geometry.GeoPolyline):  # GeoPolygon included
            points = [[point.lat, point.lon] for point in value.points]
            kind = "GeoPolygon" if isinstance(value, geometry.GeoPolygon) else "GeoPolyline"
            return {TAG: kind, "points": points}
    api_v1 = sys.modules.get(f"{__package__}.api_v1")
    if api_v1 is None:
        return None
    if isinstance(value, api_v1.FileResource):
        return {TAG: "FileResource", "workspace_id": value.workspace_id, "source_id": value.source_id}
    if isinstance(value, api_v1.Entity):
        raise NotMemoizable(f"{_at(where, path)} is an Entity, which memoize cannot store; pass its id instead")
    return None


def _decode_object(obj: dict[str, Any]) -> Any:
    kind = obj.get(TAG)
    if kind is None:
        return obj
    if kind == "Color":
        return Color(*obj["rgb"])
    if kind == "datetime":
        return datetime.datetime.fromisoformat(obj["iso"])
    if kind == "date":
        return datetime.date.fromisoformat(obj["iso"])
    if kind in ("GeoPoint", "GeoPolyline", "GeoPolygon"):
        from . import geometry

        if kind == "GeoPoint":
            return geometry.GeoPoint(obj["lat"], obj["lon"])
        points = [geometry.GeoPoint(lat, lon) for lat, lon in obj["points"]]
        return getattr(geometry, kind)(*points)
    if kind == "FileResource":
        from .api_v1 import FileResource

        return FileResource(obj["workspace_id"], obj["source_id"])
    raise ValueError(f"memoize: unknown stored type {kind!r}")


def dumps(encoded: Any) -> bytes:
    """Compact, key-sorted JSON: equal values give equal bytes (and equal cache keys)."""
    return json.dumps(encoded, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def loads(raw: bytes) -> Any:
    """A fresh copy of a stored value, with Color, dates and FileResources rebuilt."""
    if _TAG_BYTES not in raw:  # plain JSON: the parser without a hook is faster
        return json.loads(raw)
    return json.loads(raw, object_hook=_decode_object)
