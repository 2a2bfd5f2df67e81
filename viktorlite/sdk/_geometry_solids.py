"""``viktor.geometry``'s Sphere and Cone: solids given by a centre or base point, a size and a direction.

Both keep their parameters (and report the SDK's figures: volume, areas); their meshes are
trimesh's UV sphere and a revolved section (:mod:`._geometry_meshing`), placed as the SDK places them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from . import _geometry_meshing as meshing
from ._geometry_3d import TransformableObject
from ._geometry_curves import Line
from ._geometry_materials import Material, _default_material
from ._geometry_maths import translation_matrix
from ._geometry_meshing import _Solid
from ._geometry_points import Point, Vector, _xyz

if TYPE_CHECKING:
    import numpy as np
    import trimesh
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["Cone", "Sphere"]

#: The sections of a Cone's base circle (the SDK's).
CONE_SECTIONS = 60


class Sphere(TransformableObject, _Solid):
    """A sphere around ``centre_point``."""

    def __init__(
        self,
        centre_point: Point,
        radius: float,
        width_segments: float = 30,
        height_segments: float = 30,
        material: Material | None = None,
        *,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        self.centre_point = centre_point
        self.radius = radius
        self.width_segments = width_segments
        self.height_segments = height_segments
        self.material = material if material is not None else _default_material()

    def diameter(self) -> float:
        return self.radius * 2

    def circumference(self) -> float:
        return 2 * math.pi * self.radius

    def surface_area(self) -> float:
        return 4 * math.pi * self.radius**2

    def volume(self) -> float:
        return 4 / 3 * math.pi * self.radius**3

    def _mesh(self) -> trimesh.Trimesh:
        """A UV sphere as the SDK's: ``width_segments`` by ``height_segments`` lines (at least 3 and 2)."""
        count = max(int(self.width_segments), 3), max(int(self.height_segments), 2)
        return meshing.sphere(_xyz(self.centre_point, "Sphere centre_point"), abs(self.radius), *count)


class Cone(TransformableObject, _Solid):
    """A cone with its base (``diameter``) at ``origin`` and its apex ``height`` along ``orientation``."""

    def __init__(
        self,
        diameter: float,
        height: float,
        *,
        origin: Point | None = None,
        orientation: Vector | None = None,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        if not diameter > 0:
            raise ValueError("Cone diameter should be larger than 0")
        if not height > 0:
            raise ValueError("Cone height should be larger than 0")
        self._diameter, self._height = diameter, height
        self._origin = Point(0, 0, 0) if origin is None else origin
        self._orientation = Vector(0, 0, 1) if orientation is None else orientation
        self.material = material if material is not None else _default_material()

    @classmethod
    def from_line(
        cls, diameter: float, line: Line, *, material: Material | None = None, identifier: str | None = None
    ) -> Cone:
        """A cone with its base centre at the line's start and its apex at the line's end."""
        return cls(
            diameter,
            line.length,
            origin=line.start_point,
            orientation=line.direction(),
            material=material,
            identifier=identifier,
        )

    def _mesh(self) -> trimesh.Trimesh:
        """As the SDK: the base and the slant revolved about local y, which turns to ``orientation``."""
        section = np.array([[0.0, 0.0], [self._diameter / 2, 0.0], [0.0, self._height]])
        axis = _xyz(self._orientation, "Cone orientation")
        turn = meshing.turn_y_to(axis) if np.linalg.norm(axis) else meshing.turn_y_to(np.array([0.0, 0.0, 1.0]))
        matrix = translation_matrix(_xyz(self._origin, "Cone origin")) @ turn
        return meshing.revolve_about_y(section, sections=CONE_SECTIONS, matrix=matrix)
