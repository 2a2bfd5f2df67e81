"""``viktor.geometry``'s transformable objects and groups: what a GeometryView shows (viktor_api.md §8).

Every object keeps a 4x4 transformation that ``translate``/``rotate``/``mirror``/``scale`` compose;
the glTF conversion (:mod:`._gltf`) gives each object a node carrying it. A Group is a node with
children. The kinds of objects live by concept: points (:mod:`._geometry_points`), materials
(:mod:`._geometry_materials`), curves (:mod:`._geometry_curves`), extrusions, revolves, polygons,
spheres and cones, patterns; their meshes are built in :mod:`._geometry_meshing`.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._geometry_maths import reflection_matrix, rotation_matrix, scaling_matrix, translation_matrix
from ._geometry_points import Point, Vector, _xyz

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["Group", "TransformableObject"]

_T = TypeVar("_T", bound="TransformableObject")


class TransformableObject(abc.ABC):  # noqa: B024 (abstract by intent, as in the SDK: see __init__)
    """Base of everything a GeometryView shows; transforms compose into ``_transformation``."""

    def __init__(self, *, identifier: str | None = None) -> None:
        if type(self) is TransformableObject:
            raise TypeError("Can't instantiate abstract class TransformableObject")
        self._transformation = np.identity(4)
        self._identifier = identifier

    def _transform(self: _T, matrix: np.ndarray) -> _T:
        self._transformation = matrix @ self._transformation
        return self

    def translate(self, translation_vector: Vector | Sequence[float]) -> TransformableObject:
        """Move along ``translation_vector``."""
        return self._transform(translation_matrix(_raw_vector(translation_vector)))

    def rotate(
        self, angle: float, direction: Vector | Sequence[float], point: Point | Sequence[float] | None = None
    ) -> TransformableObject:
        """Turn ``angle`` radians about the axis along ``direction`` through ``point`` (right-hand rule)."""
        axis = _xyz(direction, "rotation direction")
        if not np.linalg.norm(axis):
            raise ValueError("rotation direction must not be a null vector")
        origin = None if point is None else _xyz(point, "rotation point")
        return self._transform(rotation_matrix(angle, axis, origin))

    def mirror(self, point: Point | Sequence[float], normal: Vector | Sequence[float]) -> TransformableObject:
        """Mirror in the plane through ``point`` with ``normal``."""
        n = _xyz(normal, "mirror normal")
        if not np.linalg.norm(n):
            raise ValueError("mirror normal must not be a null vector")
        return self._transform(reflection_matrix(_xyz(point, "mirror point"), n))

    def scale(self, scaling_vector: Vector | Sequence[float]) -> TransformableObject:
        """Scale about the origin by ``(sx, sy, sz)``."""
        return self._transform(scaling_matrix(_raw_vector(scaling_vector)))


def _raw_vector(vector: Any) -> list[float]:
    return list(vector) if not isinstance(vector, (Point, Vector)) else [vector.x, vector.y, vector.z]


class Group(TransformableObject):
    """Objects that transform together; a node with children in the glTF."""

    def __init__(self, objects: Sequence[TransformableObject], *, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        self._children: list[Any] = []
        self.add(objects)

    def add(self, objects: Sequence[TransformableObject] | TransformableObject) -> None:
        if isinstance(objects, (list, tuple)):
            self._children.extend(objects)
        else:
            self._children.append(objects)

    @property
    def children(self) -> list[TransformableObject]:
        return self._children

    def duplicate(self) -> Group:
        """A new group (same transformation) holding the same objects."""
        group = Group(list(self._children))
        group._transformation = self._transformation.copy()
        return group


class _Compound(Group):
    """A solid the SDK builds as a group of parts: it is a Group, but its parts are not its ``children``."""

    @property
    def children(self) -> None:  # type: ignore[override]
        raise AttributeError(f"'{type(self).__name__}' has no attribute 'children'")
