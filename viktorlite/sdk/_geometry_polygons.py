"""``viktor.geometry``'s flat shapes: Triangle, TriangleAssembly (a mesh of triangles) and Polygon.

They report the SDK's figures (areas, centroids, moments of inertia, computed as the SDK computes
them) and are drawn as triangles (:mod:`._geometry_meshing`), visible from both sides as in the SDK.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from . import _geometry_meshing as meshing
from ._geometry_3d import TransformableObject
from ._geometry_curves import Line
from ._geometry_extrusions import Extrusion
from ._geometry_materials import Material, _default_material
from ._geometry_meshing import _Solid
from ._geometry_points import Point
from ._geometry_profiles import _check_polygon, _second_moments, _signed_area

if TYPE_CHECKING:
    import numpy as np
    import trimesh
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["Polygon", "Triangle", "TriangleAssembly"]


class Triangle:
    """Three corner points of a TriangleAssembly face."""

    def __init__(self, point1: Point, point2: Point, point3: Point) -> None:
        self.profile = [point1, point2, point3]
        self.vertices = [[p.x, p.y, p.z] for p in self.profile]

    def __repr__(self) -> str:
        return f"<Triangle ({', '.join(map(repr, self.profile))})>"

    def area(self) -> float:
        a, b, c = (np.array(v, dtype=float) for v in self.vertices)
        return float(np.linalg.norm(np.cross(b - a, c - a)) / 2)

    @property
    def centroid(self) -> tuple[float, float, float]:
        return (
            sum(p.x for p in self.profile) / 3,
            sum(p.y for p in self.profile) / 3,
            sum(p.z for p in self.profile) / 3,
        )

    @property
    def moment_of_inertia(self) -> tuple[float, float]:
        """``(Ix, Iy)`` about the centroid, as the SDK computes them: the moments about the axes along and
        across the first edge (point1 to point2), turned back to x and y without their product term, so
        they are exact only when that edge is parallel to an axis (or the product term is zero)."""
        p1, p2, p3 = (np.array([p.x, p.y], dtype=float) for p in self.profile)
        edge, apex = p2 - p1, p3 - p1
        base = np.float64(np.linalg.norm(edge))
        with np.errstate(divide="ignore", invalid="ignore"):  # a degenerate triangle gives nan, as in the SDK
            height = abs(edge[0] * apex[1] - edge[1] * apex[0]) / base
            offset = np.dot(apex, edge) / base
        along = base * height**3 / 36
        across = (base**3 * height - base**2 * height * offset + base * height * offset**2) / 36
        turn = math.cos(2 * math.atan2(edge[1], edge[0])) * (along - across) / 2
        return (np.float64((along + across) / 2 + turn), np.float64((along + across) / 2 - turn))


class TriangleAssembly(TransformableObject, _Solid):
    """A mesh given as triangles (right-hand rule on each triangle's points: its outside)."""

    def __init__(
        self,
        triangles: list[Triangle],
        *,
        material: Material | None = None,
        skip_duplicate_vertices_check: bool = False,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        self._triangles = triangles
        self._skip_duplicate_vertices_check = skip_duplicate_vertices_check
        self.material = material if material is not None else _default_material()

    def _mesh(self) -> trimesh.Trimesh:
        for triangle in self._triangles:
            if not isinstance(triangle, Triangle):
                raise TypeError(f"TriangleAssembly holds Triangles, got {type(triangle).__name__}")
        vertices = np.array([v for t in self._triangles for v in t.vertices], dtype=float).reshape(-1, 3)
        return meshing.triangles(vertices, np.arange(len(vertices)).reshape(-1, 3))


class Polygon(TransformableObject, _Solid):
    """A flat, filled polygon in the xy-plane (closed implicitly), without holes."""

    def __init__(
        self,
        points: list[Point],
        *,
        surface_orientation: bool = False,
        material: Material | None = None,
        skip_duplicate_vertices_check: bool = False,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        _check_polygon(points)
        self.points = points
        self.material = material if material is not None else _default_material()
        self._surface_orientation = surface_orientation
        self._skip_duplicate_vertices_check = skip_duplicate_vertices_check

    def _ring(self) -> np.ndarray:
        return np.array([[p.x, p.y] for p in self.points], dtype=float)

    def has_clockwise_circumference(self) -> bool:
        return _signed_area(self._ring()) < 0

    @property
    def cross_sectional_area(self) -> float:
        return abs(_signed_area(self._ring()))

    @property
    def centroid(self) -> tuple[float, float]:
        ring = self._ring()
        x, y = ring[:, 0], ring[:, 1]
        x1, y1 = np.roll(x, -1), np.roll(y, -1)
        cross = x * y1 - x1 * y
        area = cross.sum() / 2
        return (float(((x + x1) * cross).sum() / (6 * area)), float(((y + y1) * cross).sum() / (6 * area)))

    @property
    def moment_of_inertia(self) -> tuple[float, float]:
        """``(Ix, Iy)`` about the centroid."""
        return _second_moments(self._ring())

    def extrude(
        self,
        line: Line,
        *,
        profile_rotation: float = 0,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> Extrusion:
        """This polygon (made clockwise and closed) extruded along ``line``."""
        points = list(self.points)
        if not self.has_clockwise_circumference():
            points = [points[0], *points[:0:-1]]
        return Extrusion(
            [*points, points[0]], line, profile_rotation=profile_rotation, material=material, identifier=identifier
        )

    def _mesh(self) -> trimesh.Trimesh:
        return meshing.flat_polygon(self._ring())
