"""``viktor.testing.mock_params``: plain (JSON) params as a controller receives them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from munch import Munch, munchify

from ._testing_entities import MockedEntity, MockedFileResource
from .core import File
from .geometry import GeoPoint, GeoPolygon, GeoPolyline
from .parametrization.schema import _MISSING, _get_path, _set_munch_path, fields, top_items

_ENTITY_FIELDS = {"EntityOptionField", "ChildEntityOptionField", "SiblingEntityOptionField"}
_ENTITY_LISTS = {"EntityMultiSelectField", "ChildEntityMultiSelectField", "SiblingEntityMultiSelectField"}


def mock_params(
    params: dict[str, Any] | File,
    parametrization: Any,
    file_resources: dict[int, MockedFileResource] | None = None,
    entities: dict[int, MockedEntity] | None = None,
) -> Munch:
    """Plain (JSON) params as a controller receives them: only date, entity, geo and file values are converted."""
    plain = json.loads(params.getvalue()) if isinstance(params, File) else params
    result: Munch = munchify(dict(plain))
    files, known = file_resources or {}, entities or {}

    def entity(value: Any) -> Any:
        return None if value is None else known.get(value) or MockedEntity(entity_id=value)

    def file(value: Any) -> Any:
        return None if value is None else files.get(value) or MockedFileResource()

    converters: dict[str, Callable[[Any], Any]] = {
        "DateField": lambda v: v if v is None or isinstance(v, datetime.date) else datetime.date.fromisoformat(v),
        "GeoPointField": lambda v: v if v is None or isinstance(v, GeoPoint) else GeoPoint(v["lat"], v["lon"]),
        "GeoPolylineField": lambda v: v if v is None else GeoPolyline(*_points(v)),
        "GeoPolygonField": lambda v: v if v is None else GeoPolygon(*_points(v)),
        "FileField": file,
        "MultiFileField": lambda v: [file(x) for x in v or []],
        **{name: entity for name in _ENTITY_FIELDS},
        **{name: (lambda v: [entity(x) for x in v or []]) for name in _ENTITY_LISTS},
    }
    for path, field in fields(top_items(parametrization)):
        convert = converters.get(type(field).__name__)
        storage = field._storage(path)
        value = _get_path(result, storage)
        if convert is not None and value is not _MISSING:
            _set_munch_path(result, storage, convert(value))
    return result


def _points(value: Any) -> list[GeoPoint]:
    points = value.get("points", []) if isinstance(value, dict) else value
    return [p if isinstance(p, GeoPoint) else GeoPoint(p["lat"], p["lon"]) for p in points]
