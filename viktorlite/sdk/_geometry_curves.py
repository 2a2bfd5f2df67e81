"""``viktor.geometry``'s curves: Line and Arc, with the SDK's maths on them (viktor_api.md §8).

A curve reports its points *after* its transformation (``line.translate(v).start_point`` moved);
the glTF conversion (:mod:`._gltf`) draws its local points (``_polyline()``) under that
transformation. Revolving a curve about the y-axis makes a solid (:mod:`._geometry_revolves`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._geometry_3d import TransformableObject
from ._geometry_materials import _BLACK, Material
from ._geometry_maths import find_overlap as _overlap_1d
from ._geometry_maths import isclose, spherical_to_cartesian
from ._geometry_points import Point, Vector, _as_point, _in_xy_plane, _moved, _xyz
from .core import Color

if TYPE_CHECKING:
    import numpy as np

    from ._geometry_revolves import ArcRevolve, LineRevolve
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["Arc", "Line"]


def _transformed(stored: str) -> Any:
    """A read-only point property (typed Any so a class can annotate it as Point): the point stored in
    attribute ``stored``, under the curve's transformation."""

    def point(self: TransformableObject) -> Point:
        return _moved(self._transformation, getattr(self, stored))

    return property(point)


class _Curve(TransformableObject):
    def __init__(self, *, color: Color = _BLACK, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        self.color = color

    def _polyline(self) -> np.ndarray:
        """The curve's points in local coordinates (the glTF node carries ``_transformation``)."""
        raise NotImplementedError


class Line(_Curve):
    """A straight line between two (distinct) points."""

    def __init__(
        self,
        start_point: Point | Sequence[float],
        end_point: Point | Sequence[float],
        *,
        color: Color = _BLACK,
        identifier: str | None = None,
    ) -> None:
        super().__init__(color=color, identifier=identifier)
        start, end = _as_point(start_point), _as_point(end_point)
        if start.coincides_with(end):
            raise ValueError("Start and end point may not coincide")
        self._orig_start_point, self._orig_end_point = start, end

    def __getitem__(self, index: int) -> Point:
        return (self.start_point, self.end_point)[index]

    def __iter__(self) -> Iterator[Point]:
        return iter((self.start_point, self.end_point))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and self.start_point == other.start_point and self.end_point == other.end_point

    __hash__ = None  # type: ignore[assignment]

    start_point: Point = _transformed("_orig_start_point")
    end_point: Point = _transformed("_orig_end_point")

    def _ends(self) -> tuple[np.ndarray, np.ndarray]:
        return self.start_point.coordinates, self.end_point.coordinates

    @property
    def length(self) -> float:
        start, end = self._ends()
        return float(np.linalg.norm(end - start))

    def direction(self, normalize: bool = True) -> Vector:
        """Direction from start to end point (unit length unless ``normalize`` is False)."""
        start, end = self._ends()
        vector = Vector(*(float(c) for c in end - start))
        return vector.normalize() if normalize else vector

    def collinear(self, point: Point | Sequence[float]) -> bool:
        """True if ``point`` lies on the (unbounded) line."""
        return isclose(self.distance_to_point(point), 0)

    def project_point(self, point: Point | Sequence[float]) -> Point:
        """The point's projection on the (unbounded) line."""
        start, end = self._ends()
        direction = end - start
        t = np.dot(_xyz(point, "point") - start, direction) / np.dot(direction, direction)
        return Point(*(start + t * direction))

    def distance_to_point(self, point: Point | Sequence[float]) -> float:
        """Smallest distance from ``point`` to the (unbounded) line."""
        projection = self.project_point(point).coordinates
        return float(np.linalg.norm(_xyz(point, "point") - projection))

    @property
    def length_vector(self) -> np.ndarray:
        start, end = self._ends()
        return end - start

    @property
    def unit_vector(self) -> np.ndarray:
        return self.length_vector / self.length

    @property
    def geometries(self) -> tuple[Point, Point]:
        return (self.start_point, self.end_point)

    @property
    def horizontal(self) -> bool:
        """Constant y (and some extent in x)."""
        start, end = self.start_point, self.end_point
        return isclose(start.y, end.y) and not isclose(start.x, end.x)

    @property
    def vertical(self) -> bool:
        """Constant x (and some extent in y)."""
        start, end = self.start_point, self.end_point
        return isclose(start.x, end.x) and not isclose(start.y, end.y)

    def discretize(self, num: int = 2) -> list[Point]:
        if num != 2:
            raise NotImplementedError("Discretization of line not support for num != 2 ")
        return [self.start_point, self.end_point]

    def revolve(self, *, material: Material | None = None, identifier: str | None = None, **kwargs: Any) -> LineRevolve:
        """This line revolved around the global y-axis (only for lines in the xy-plane)."""
        from ._geometry_revolves import LineRevolve

        return LineRevolve(self, material=material, identifier=identifier, **kwargs)

    def get_line_function_parameters(self) -> tuple[float, float]:
        """``(a, b)`` of ``y = a*x + b``; ``(nan, nan)`` for a vertical line."""
        start, end = self.start_point, self.end_point
        dx = end.x - start.x
        if isclose(dx, 0):
            return (math.nan, math.nan)
        a = np.float64(end.y - start.y) / dx
        return (a, start.y - a * start.x)

    def find_overlap(self, other: Line, inclusive: bool = False) -> Point | Line | None:
        """The part (in the xy-plane) this line shares with a parallel ``other``, along this line's direction.

        None without overlap, a Point for an overlap of zero length (only when ``inclusive``), else a Line.
        """
        start, end = self._ends()
        direction = (end - start)[:2]
        squared = float(np.dot(direction, direction))
        if isclose(squared, 0):
            return None
        other_start, other_end = (p[:2] - start[:2] for p in other._ends())
        for offset in (other_start, other_end):
            if not isclose(float(direction[0] * offset[1] - direction[1] * offset[0]) / math.sqrt(squared), 0):
                return None
        t_a = float(np.dot(other_start, direction)) / squared
        t_b = float(np.dot(other_end, direction)) / squared
        overlap = _overlap_1d((0.0, 1.0), (t_a, t_b), inclusive=True)
        if overlap is None:
            return None
        low, high = overlap
        if isclose(low * math.sqrt(squared), high * math.sqrt(squared)):
            x, y = (start + low * (end - start))[:2]
            return Point(x, y) if inclusive else None
        return Line(Point(*(start + low * (end - start))), Point(*(start + high * (end - start))))

    def _polyline(self) -> np.ndarray:
        return np.array([self._orig_start_point.coordinates, self._orig_end_point.coordinates])


class Arc(_Curve):
    """A circular arc in the xy-plane around ``centre_point`` from ``start_point`` to ``end_point``."""

    def __init__(
        self,
        centre_point: Point | Sequence[float],
        start_point: Point | Sequence[float],
        end_point: Point | Sequence[float],
        short_arc: bool = True,
        *,
        n_segments: int = 30,
        color: Color = _BLACK,
        identifier: str | None = None,
    ) -> None:
        super().__init__(color=color, identifier=identifier)
        centre, start, end = _as_point(centre_point), _as_point(start_point), _as_point(end_point)
        if not _in_xy_plane(centre, start, end):
            raise ValueError("Arc can only be drawn in xy plane (z=0)")
        if not isclose(_distance(centre, start), _distance(centre, end)):
            raise ValueError(
                "Only circular arcs are possible. start_point and end-point should have the same distance to the "
                "centre."
            )
        if n_segments <= 0:
            raise ValueError("Arc argument 'n_segments' should be larger than 0")
        self._orig_centre_point, self._orig_start_point, self._orig_end_point = centre, start, end
        self._short_arc = short_arc
        self._n_segments = n_segments

    @property
    def radius(self) -> float:
        return _distance(self.centre_point, self.start_point)

    centre_point: Point = _transformed("_orig_centre_point")

    start_point: Point = _transformed("_orig_start_point")
    end_point: Point = _transformed("_orig_end_point")

    @property
    def n_segments(self) -> int:
        return self._n_segments

    @property
    def short_arc(self) -> bool:
        return self._short_arc

    @property
    def theta1_theta2(self) -> tuple[float, float]:
        """Angles (radians, from the x-axis) of the end point (theta1) and the start point (theta2)."""
        centre, start, end = self.centre_point, self.start_point, self.end_point
        return (
            math.atan2(end.y - centre.y, end.x - centre.x),
            math.atan2(start.y - centre.y, start.x - centre.x),
        )

    @property
    def theta1(self) -> float:
        return self.theta1_theta2[0]

    @property
    def theta2(self) -> float:
        return self.theta1_theta2[1]

    @property
    def geometries(self) -> tuple[Point, Point, Point]:
        return (self.start_point, self.end_point, self.centre_point)

    @property
    def angle(self) -> float:
        """The absolute angle the arc spans."""
        theta1, theta2 = self.theta1_theta2
        short = abs(theta1 - theta2)
        if short > math.pi:
            short = 2 * math.pi - short
        return short if self._short_arc else 2 * math.pi - short

    @property
    def length(self) -> float:
        return self.radius * self.angle

    def discretize(self, num: int = 2) -> list[Point]:
        """``num`` points along the arc, from the start point to the end point."""
        if num < 2:
            raise ValueError("Provides at least two points (start and end)")
        return [Point(*c) for c in self._points(num)]

    def _points(self, num: int, local: bool = False) -> np.ndarray:
        """``num`` points from start to end: on the current arc, or (``local``) on the arc as constructed."""
        if local:
            centre, start, end = self._orig_centre_point, self._orig_start_point, self._orig_end_point
        else:
            centre, start, end = self.centre_point, self.start_point, self.end_point
        theta_end, theta_start = _angle(centre, end), _angle(centre, start)
        sweep = _arc_sweep(theta_end, theta_start, self._short_arc)
        radius, origin = _distance(centre, start), centre.coordinates
        angles = np.linspace(theta_start, theta_start + sweep, num)
        return np.array([origin + spherical_to_cartesian([radius, math.pi / 2, phi]) for phi in angles])

    def revolve(
        self,
        *,
        rotation_angle: float | None = None,
        material: Material | None = None,
        identifier: str | None = None,
        **kwargs: Any,
    ) -> ArcRevolve:
        """This arc revolved around the global y-axis."""
        from ._geometry_revolves import ArcRevolve

        return ArcRevolve(self, rotation_angle=rotation_angle, material=material, identifier=identifier, **kwargs)

    def _polyline(self) -> np.ndarray:
        return self._points(self._n_segments + 1, local=True)


def _distance(a: Point, b: Point) -> float:
    return math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2 + (a.z - b.z) ** 2)


def _angle(centre: Point, point: Point) -> float:
    """The angle (radians, from the x-axis) of ``point`` seen from ``centre``."""
    return math.atan2(point.y - centre.y, point.x - centre.x)


def _arc_sweep(theta_end: float, theta_start: float, short_arc: bool) -> float:
    """The SDK's signed sweep of an arc: at most half a turn for a short arc, the other way round for a
    long one; an exact half turn goes clockwise from angles below pi and counter-clockwise from pi."""
    sweep = theta_end - theta_start
    if sweep >= math.pi:
        sweep -= 2 * math.pi
    elif sweep <= -math.pi:
        sweep += 2 * math.pi
    if not short_arc and sweep != 0 and abs(sweep) < math.pi:
        sweep -= math.copysign(2 * math.pi, sweep)
    return sweep
