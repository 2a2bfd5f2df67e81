"""``viktor.geometry``'s extrusions: a profile along a line (Extrusion, its boxes), along an arc, or a cylinder.

An extrusion keeps its parameters while its transformation changes. Extrusion puts its local frame
(origin at the line's start, local z along it, turned ``profile_rotation`` degrees) in that
transformation, as the SDK does; its mesh is a prism in that frame. An ArcExtrusion is, as the SDK
draws it, one such prism per chord of the arc. A CircularExtrusion is a cylinder revolved about its
line (:mod:`._geometry_meshing`).
"""

from __future__ import annotations

import math
import uuid
from typing import TYPE_CHECKING

from . import _geometry_meshing as meshing
from ._geometry_3d import TransformableObject, _Compound
from ._geometry_curves import Arc, Line
from ._geometry_materials import Material, _default_material, _PartsMaterial
from ._geometry_maths import rotation_matrix, translation_matrix
from ._geometry_meshing import _Solid
from ._geometry_points import Point
from ._geometry_profiles import _profile_ring

if TYPE_CHECKING:
    import numpy as np
    import trimesh
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["ArcExtrusion", "CircularExtrusion", "Extrusion", "RectangularExtrusion", "SquareBeam"]

#: The sections of a CircularExtrusion's circle (the SDK's).
CIRCLE_SECTIONS = 32


class _AlongLine:
    """``line`` and ``length`` of a solid drawn along a line."""

    _line: Line

    @property
    def line(self) -> Line:
        return self._line

    @property
    def length(self) -> float:
        return self._line.length


def _placement(start: np.ndarray, end: np.ndarray, profile_rotation: float) -> np.ndarray:
    """The SDK's local frame of an extrusion from ``start`` to ``end``: origin at the start, local z
    towards the end, turned ``profile_rotation`` degrees about it."""
    dx, dy, dz = (end - start) / np.linalg.norm(end - start)
    tilt = -math.atan2(dy, math.hypot(dx, dz))
    heading = math.atan2(dx, dz)
    return (
        translation_matrix(start)
        @ rotation_matrix(heading, [0, 1, 0])
        @ rotation_matrix(tilt, [1, 0, 0])
        @ rotation_matrix(math.radians(profile_rotation), [0, 0, 1])
    )


class Extrusion(_Compound, _PartsMaterial, _AlongLine, _Solid):
    """A 2D profile (points in the local xy-plane, clockwise) extruded along a line from its start point."""

    def __init__(
        self,
        profile: list[Point],
        line: Line,
        profile_rotation: float = 0,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__([], identifier=identifier)
        self._profile = profile
        self._line = line
        self._profile_rotation = profile_rotation
        self._material = material if material is not None else _default_material()
        self._ring = _profile_ring(profile, type(self).__name__)
        line.length  # noqa: B018 (a line is required: anything else fails here, as in the SDK)
        self._transformation = _placement(*line._ends(), profile_rotation)

    @property
    def profile(self) -> list[Point]:
        return self._profile

    @property
    def uuid(self) -> str:
        if not hasattr(self, "_uuid"):
            self._uuid = str(uuid.uuid1())
        return self._uuid

    @property
    def geometries(self) -> Line:
        return self._line

    @property
    def transformation(self) -> np.ndarray:
        """The local frame (origin at the line's start, z along it) combined with the app's transforms."""
        return self._transformation

    def _mesh(self) -> trimesh.Trimesh:
        return meshing.prism([self._ring], self.length)


class RectangularExtrusion(Extrusion):
    """A box of ``width`` (local x) by ``height`` (local y) along a line."""

    def __init__(
        self,
        width: float,
        height: float,
        line: Line,
        profile_rotation: float = 0,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        w, h = width / 2, height / 2
        profile = [Point(-w, h), Point(w, h), Point(w, -h), Point(-w, -h), Point(-w, h)]
        super().__init__(profile, line, profile_rotation, material=material, identifier=identifier)
        self._width, self._height = width, height

    @property
    def width(self) -> float:
        return self._width

    @property
    def height(self) -> float:
        return self._height

    @property
    def cross_sectional_area(self) -> float:
        return self._width * self._height

    @property
    def inner_volume(self) -> float:
        return self.cross_sectional_area * self.length


class SquareBeam(RectangularExtrusion):
    """A box of ``length_x`` x ``length_y`` x ``length_z`` centred on the origin."""

    def __init__(
        self,
        length_x: float,
        length_y: float,
        length_z: float,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        line = Line(Point(0, 0, -length_z / 2), Point(0, 0, length_z / 2))
        super().__init__(length_x, length_y, line, material=material, identifier=identifier)


class ArcExtrusion(_Compound, _Solid):
    """A 2D profile along an arc: as in the SDK, the profile extruded along each of ``n_segments`` chords,
    each chord placed as an Extrusion's line (so local x is global +z or -z as the chord runs to -x or +x)."""

    def __init__(
        self,
        profile: list[Point],
        arc: Arc,
        profile_rotation: float = 0,
        n_segments: int = 50,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__([], identifier=identifier)
        if not isinstance(arc, Arc):
            raise TypeError(f"ArcExtrusion needs an Arc, got {type(arc).__name__}")
        self._profile = profile
        self._arc = arc
        self._profile_rotation = profile_rotation
        self._n_segments = max(int(n_segments), 1)
        self.material = material if material is not None else _default_material()
        self._ring = _profile_ring(profile, "ArcExtrusion")

    def _mesh(self) -> trimesh.Trimesh:
        path = self._arc._points(self._n_segments + 1)
        chords = [(a, b) for a, b in zip(path, path[1:], strict=False) if np.linalg.norm(b - a) > 0]
        placements = [
            _placement(a, b, self._profile_rotation) @ np.diag([1.0, 1.0, float(np.linalg.norm(b - a)), 1.0])
            for a, b in chords
        ]
        return meshing.prisms([self._ring], placements)


class CircularExtrusion(TransformableObject, _AlongLine, _Solid):
    """A cylinder (or tube, with ``shell_thickness``) of ``diameter`` along a line."""

    def __init__(
        self,
        diameter: float,
        line: Line,
        *,
        shell_thickness: float | None = None,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        line.start_point  # noqa: B018 (a line is required, as in the SDK)
        if shell_thickness is not None:
            if shell_thickness < 0:
                raise ValueError("'shell_thickness' of CircularExtrusion cannot be smaller than 0")
            if shell_thickness > diameter / 2:
                raise ValueError(
                    f"'shell_thickness' of CircularExtrusion cannot be larger than its radius "
                    f"({shell_thickness}/{diameter / 2})"
                )
        self._diameter = diameter
        self._line = line
        self._shell_thickness = shell_thickness
        self.material = material if material is not None else _default_material()

    @property
    def diameter(self) -> float:
        return self._diameter

    @property
    def radius(self) -> float:
        return self._diameter / 2

    @property
    def shell_thickness(self) -> float | None:
        return self._shell_thickness

    @property
    def cross_sectional_area(self) -> float:
        """The area of the full circle (the SDK does not subtract a shell's hollow)."""
        return math.pi * self.radius**2

    def _mesh(self) -> trimesh.Trimesh:
        """As the SDK: the (radius, height) section revolved about local y, which runs along the line from
        its middle; local x is level."""
        start, end = self._line._ends()
        radius, half = abs(self._diameter) / 2 or 1e-6, float(np.linalg.norm(end - start)) / 2
        inner = radius - float(self._shell_thickness) if self._shell_thickness else 0.0
        if inner > 0:
            section = [[inner, -half], [radius, -half], [radius, half], [inner, half]]
        else:
            section = [[0.0, -half], [radius, -half], [radius, half], [0.0, half]]
        matrix = translation_matrix((start + end) / 2) @ meshing.frame_y_along(end - start)
        tube = inner > 0  # a closed ring; else the section meets the axis (a closed cylinder)
        return meshing.revolve_about_y(np.array(section), sections=CIRCLE_SECTIONS, closed_profile=tube, matrix=matrix)
