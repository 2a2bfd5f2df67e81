"""``viktor.geometry``'s solids of revolution about the global y-axis: LineRevolve, ArcRevolve and Torus.

A revolve keeps its curve and reports the SDK's figures for it (surface area, inner volume,
height), computed exactly as the SDK computes them, signs and refusals included. Its mesh turns the
curve (x is the radius) about the y-axis starting at -z, as the SDK's glTF does (:mod:`._geometry_meshing`).
"""

from __future__ import annotations

import abc
import math
import uuid
from typing import TYPE_CHECKING, Any

from . import _geometry_meshing as meshing
from ._geometry_3d import TransformableObject, _Compound
from ._geometry_curves import Arc, Line
from ._geometry_materials import Material, _default_material, _PartsMaterial
from ._geometry_maths import isclose, surface_area_dome
from ._geometry_meshing import _Solid
from ._geometry_points import _in_xy_plane

if TYPE_CHECKING:
    import numpy as np
    import trimesh
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["ArcRevolve", "LineRevolve", "Revolve", "Torus"]

#: The sides of the circle a Torus revolves.
TORUS_SECTION_SIDES = 24


class Revolve(TransformableObject, _Solid):
    """A surface of revolution about the global y-axis (abstract: see LineRevolve and ArcRevolve)."""

    def __init__(
        self,
        *args: Any,
        rotation_angle: float | None = None,
        material: Material | None = None,
        identifier: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(identifier=identifier)
        self._thickness = 0.0
        self._rotation_angle = 2 * math.pi if rotation_angle is None else rotation_angle
        self.material = material if material is not None else _default_material()

    @property
    @abc.abstractmethod
    def surface_area(self) -> float: ...

    @property
    @abc.abstractmethod
    def inner_volume(self) -> float: ...

    @property
    def thickness(self) -> float:
        return self._thickness

    @thickness.setter
    def thickness(self, thickness: float) -> None:
        self._thickness = thickness

    @property
    def mass(self) -> float:
        """density * surface area * thickness."""
        density = getattr(self.material, "density", None)
        if density is None:
            raise ValueError("Mass can not be calculated, since material does not have a density assigned")
        return density * self.surface_area * self.thickness

    def _curve(self) -> np.ndarray:
        raise NotImplementedError

    def _mesh(self) -> trimesh.Trimesh:
        """The curve (x is the radius) revolved about the y-axis: a surface, open unless it meets the axis."""
        return meshing.revolve_about_y(self._curve()[:, :2], self._rotation_angle)


class LineRevolve(Revolve):
    """A line in the xy-plane revolved a full turn about the global y-axis (x is the radius)."""

    def __init__(
        self,
        line: Line,
        *args: Any,
        material: Material | None = None,
        identifier: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(material=material, identifier=identifier)
        if not _in_xy_plane(line.start_point, line.end_point):
            raise NotImplementedError("Line revolve only implemented in xy plane (z=0)")
        self._line = line
        self._uuid = uuid.uuid1()

    @property
    def line(self) -> Line:
        return self._line

    @property
    def uuid(self) -> uuid.UUID:
        return self._uuid

    @property
    def height(self) -> float:
        """End minus start height (negative for a descending line)."""
        return float(self._line.end_point.y - self._line.start_point.y)

    @property
    def surface_area(self) -> float:
        """The lateral area of the frustum the line sweeps, signed as the SDK computes it: negative for
        x < 0, and for a slanted line that descends."""
        start, end = self._line.start_point, self._line.end_point
        dx, dy = end.x - start.x, end.y - start.y
        if isclose(dy, 0):
            length = abs(dx)
        elif isclose(dx, 0):
            length = abs(dy)
        else:
            length = math.copysign(math.hypot(dx, dy), dy)
        return np.float64(math.pi * (start.x + end.x) * length)

    @property
    def inner_volume(self) -> float:
        """The volume inside the surface; the line must rise (start below end)."""
        start, end = self._line.start_point, self._line.end_point
        if isclose(start.y, end.y):
            raise ValueError("Horizontal line-revolve (equal y) does not have an inner volume")
        if start.y > end.y:
            raise NotImplementedError("Inner volume of line-revolve is not defined with inner oriented surface")
        r1, r2 = start.x, end.x
        return np.float64(math.pi * (end.y - start.y) / 3 * (r1 * r1 + r1 * r2 + r2 * r2))

    @property
    def geometries(self) -> tuple[Line, ...]:
        return (self._line,)

    def _curve(self) -> np.ndarray:
        return np.array(self._line._ends())


class ArcRevolve(Revolve):
    """An arc revolved ``rotation_angle`` radians about the global y-axis (x is the radius)."""

    def __init__(
        self,
        arc: Arc,
        *args: Any,
        rotation_angle: float | None = None,
        material: Material | None = None,
        identifier: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rotation_angle=rotation_angle, material=material, identifier=identifier)
        self._arc = arc
        self._uuid = str(uuid.uuid1())

    @property
    def arc(self) -> Arc:
        return self._arc

    @property
    def uuid(self) -> str:
        return self._uuid

    def _checked_arc(self) -> tuple[float, float, float, float, float]:
        """``(cx, cy, r, theta_start, theta_end)``; an arc with its ends on both sides of the y-axis is refused."""
        arc = self._arc
        centre, start, end = arc.centre_point, arc.start_point, arc.end_point
        if arc.short_arc and start.x * end.x < 0:  # the SDK checks the end points of short arcs only, exactly
            raise ValueError("Arc cannot be revolved when it intersects the y-axis")
        theta1, theta2 = arc.theta1_theta2
        return centre.x, centre.y, arc.radius, theta2, theta1

    @property
    def surface_area(self) -> float:
        """Pappus between the ends' angles (as the SDK: the arc's short/long choice does not enter)."""
        cx, _, r, theta_start, theta_end = self._checked_arc()
        return np.float64(self._rotation_angle / (2 * math.pi) * surface_area_dome(theta_start, theta_end, r, cx))

    @property
    def inner_volume(self) -> float:
        """pi x the integral of x^2 dy along a short arc on one side of its centre that descends (right of
        the y-axis) or ascends (left of it), between the ends' angles as the SDK takes them."""
        arc = self._arc
        if not arc.short_arc:
            raise NotImplementedError("Inner volume of arc-revolve is not defined when using long arc")
        cx, _, r, theta_start, theta_end = self._checked_arc()
        centre, start, end = arc.centre_point, arc.start_point, arc.end_point
        side_start, side_end = start.x - centre.x, end.x - centre.x
        if side_start * side_end < 0:
            raise NotImplementedError("Start- and end-point should lie on the same vertical side from the centre")
        side = 1 if cx >= 0 else -1  # right of the axis the arc must descend, left of it ascend
        if not (side * (start.y - end.y) > 0 and not isclose(end.y, start.y)):
            raise NotImplementedError("Inner volume of arc-revolve is not defined with inner oriented surface")

        def integral(theta: float) -> float:
            sin, cos = math.sin(theta), math.cos(theta)
            return cx * cx * r * sin + cx * r * r * (theta + sin * cos) + r**3 * (sin - sin**3 / 3)

        return np.float64(side * math.pi * (integral(theta_start) - integral(theta_end)))

    @property
    def height(self) -> float:
        """The vertical extent of the end points and, as the SDK reckons it, the circle's top when the
        ends' angles lie on both sides of 90 degrees, else its bottom when they lie around -90 degrees."""
        _, cy, r, theta_start, theta_end = self._checked_arc()
        low, high = sorted((theta_start, theta_end))
        heights = [cy + r * math.sin(theta_start), cy + r * math.sin(theta_end)]
        if low < math.pi / 2 < high:
            heights.append(cy + r)
        elif low < -math.pi / 2 < high:
            heights.append(cy - r)
        return np.float64(max(heights) - min(heights))

    @property
    def geometries(self) -> tuple[Arc, ...]:
        return (self._arc,)

    def _curve(self) -> np.ndarray:
        return self._arc._points(self._arc.n_segments + 1)


class Torus(_Compound, _PartsMaterial, _Solid):
    """A torus about the global y-axis (or the part of it ``rotation_angle`` radians covers)."""

    def __init__(
        self,
        radius_cross_section: float,
        radius_rotation_axis: float,
        rotation_angle: float = 2 * math.pi,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__([], identifier=identifier)
        self._radius_cross_section = radius_cross_section
        self._radius_rotation_axis = radius_rotation_axis
        self._rotation_angle = rotation_angle
        self._material = material if material is not None else _default_material()

    @property
    def inner_volume(self) -> float:
        return math.pi * self._radius_cross_section**2 * self._radius_rotation_axis * self._rotation_angle

    def _mesh(self) -> trimesh.Trimesh:
        """A circle of 24 sides revolved about the y-axis: a closed solid (capped when it is a part turn)."""
        t = np.linspace(0, 2 * math.pi, TORUS_SECTION_SIDES, endpoint=False)
        r = abs(self._radius_cross_section)
        section = np.column_stack([self._radius_rotation_axis + r * np.cos(t), r * np.sin(t)])
        return meshing.revolve_about_y(section, self._rotation_angle, closed_profile=True)
