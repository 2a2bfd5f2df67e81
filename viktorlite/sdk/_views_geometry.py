"""GeometryView's result: viktor.geometry objects (converted to GLB in the worker) or a glTF/GLB file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ._geometry_3d import TransformableObject
from ._geometry_points import Point, _xyz
from ._result_io import SerializeContext, read_bytes
from ._views_data import DataGroup, data_json
from ._views_results import _check_data, _ViewResult
from .core import Color

__all__ = ["GeometryAndDataResult", "GeometryResult", "Label"]

_GEOMETRY_TYPES = ("gltf", "3dm")
_BLACK = Color(0, 0, 0)


class Label:
    """A text label at a point of the 3D scene (several texts are several lines)."""

    def __init__(self, point: Point, *text: str, size_factor: float = 1, color: Color = _BLACK) -> None:
        if not 0 < float(size_factor) <= 10:
            raise ValueError(f"Label size_factor must be within (0, 10], got {size_factor!r}")
        self._point = Point(*_xyz(point, "Label point"))
        self._texts: tuple[Any, ...] = text  # kept as given: ``.text`` returns them so, as the SDK does
        self.size_factor = float(size_factor)
        self.color = color

    @property
    def point(self) -> Point:
        return self._point

    @property
    def text(self) -> Any:
        """The text, or the texts (one per line) when there are several, as the SDK gives them."""
        return self._texts[0] if len(self._texts) == 1 else self._texts

    def serialize(self) -> dict[str, Any]:
        return {
            "position": [self._point.x, self._point.y, self._point.z],
            "text": [str(t) for t in self._texts],
            "size_factor": self.size_factor,
            "color": self.color.hex if isinstance(self.color, Color) else str(self.color),
        }


def _gltf_file(data: bytes) -> tuple[str, str]:
    """(format, content type) of a glTF file from its bytes."""
    if data[:4] == b"glTF":
        return "glb", "model/gltf-binary"
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        parsed = None
    if isinstance(parsed, dict) and isinstance(parsed.get("asset"), dict):
        return "gltf", "model/gltf+json"
    raise ValueError(f"GeometryResult: the file is neither GLB nor glTF JSON ({len(data)} bytes)")


class GeometryResult(_ViewResult):
    """Result of a GeometryView."""

    def __init__(self, geometry: Any, labels: list[Label] | None = None, *, geometry_type: str = "gltf") -> None:
        if geometry_type not in _GEOMETRY_TYPES:
            raise ValueError(f"GeometryResult geometry_type must be 'gltf' or '3dm', got {geometry_type!r}")
        for label in labels or []:
            if not isinstance(label, Label):
                raise TypeError(f"GeometryResult labels must be Labels, got {type(label).__name__}")
        self.geometry = geometry
        self.labels = list(labels or [])
        self.geometry_type = geometry_type

    def _objects(self) -> list[Any] | None:
        geometry = self.geometry
        if isinstance(geometry, (TransformableObject, Point)):
            return [geometry]
        if isinstance(geometry, Sequence) and not isinstance(geometry, (str, bytes)):
            return list(geometry)
        return None

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        if self.geometry_type == "3dm":
            raise ValueError("GeometryResult: geometry_type '3dm' (Rhino) is not supported by viktorlite; use glTF")
        objects = self._objects()
        if objects is not None:
            from viktorlite.sdk._gltf import to_glb  # the converter needs trimesh: load it only when a model is built

            glb = to_glb(objects)
            model = ctx.blob(glb.data, content_type="model/gltf-binary", filename="model.glb")
            fmt, names = "glb", glb.names
        else:
            data = read_bytes(self.geometry, "GeometryResult geometry")
            fmt, content_type = _gltf_file(data)
            model = ctx.blob(data, content_type=content_type, filename=f"model.{fmt}")
            names = []
        return {
            "type": "GeometryResult",
            "model": model,
            "format": fmt,
            "names": names,
            "labels": [label.serialize() for label in self.labels],
        }


class GeometryAndDataResult(GeometryResult):
    """Result of a GeometryAndDataView."""

    def __init__(
        self, geometry: Any, data: DataGroup, labels: list[Label] | None = None, *, geometry_type: str = "gltf"
    ) -> None:
        super().__init__(geometry, labels, geometry_type=geometry_type)
        self.data = _check_data(data, "GeometryAndDataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {**super()._to_json(ctx), "type": "GeometryAndDataResult", "data": data_json(self.data)}
