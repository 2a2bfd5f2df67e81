"""The line and point helpers ``viktor.geometry`` exposes as module functions (intersections, tests).

Lines intersect in the xy-plane (their z is ignored and results lie at z = 0), as in the SDK;
"on a line" and "equal" use the SDK's tolerances (``ISCLOSE_ATOL``).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._geometry_3d import TransformableObject
from ._geometry_curves import Line
from ._geometry_maths import isclose, x_between_bounds
from ._geometry_points import Point, Vector, _xyz

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = [
    "add_point",
    "calculate_distance_vector",
    "calculate_intersection_bounded_line_extended_line",
    "calculate_intersection_bounded_line_with_y",
    "calculate_intersection_bounded_lines",
    "calculate_intersection_extended_line_with_x",
    "calculate_intersection_extended_line_with_y",
    "calculate_intersection_extended_lines",
    "circumference_is_clockwise",
    "convert_points_for_lathe",
    "get_line_function_parameters",
    "get_vertices_faces",
    "line_is_horizontal",
    "line_is_vertical",
    "lines_in_same_plane",
    "mirror_object",
    "point_is_on_bounded_line",
    "points_are_coplanar",
]


def add_point(unique_points: list[Point], point: Point) -> tuple[list[Point], int]:
    """``(points, index)``: a copy of ``unique_points`` with ``point`` appended unless one coincides with it,
    and the index of ``point`` in it."""
    for index, existing in enumerate(unique_points):
        if existing.coincides_with(point):
            return list(unique_points), index
    return [*unique_points, point], len(unique_points)


def calculate_distance_vector(start_point: Point, end_point: Point) -> np.ndarray:
    """``end_point - start_point`` as an array."""
    return np.array([end_point.x - start_point.x, end_point.y - start_point.y, end_point.z - start_point.z])


def get_line_function_parameters(line: Line) -> tuple[float, float]:
    """``(a, b)`` of ``y = a*x + b``; ``(nan, nan)`` for a vertical line."""
    return line.get_line_function_parameters()


def line_is_horizontal(line: Line) -> bool:
    """Constant y (and some extent in x)."""
    return line.horizontal


def line_is_vertical(line: Line) -> bool:
    """Constant x (and some extent in y)."""
    return line.vertical


def point_is_on_bounded_line(point: Point | Sequence[float], line: Line, inclusive: bool = True) -> bool:
    """Whether ``point`` lies on the segment (its end points count only when ``inclusive``)."""
    start, end = line._ends()
    target = _xyz(point, "point")
    direction = end - start
    t = float(np.dot(target - start, direction) / np.dot(direction, direction))
    closest = start + t * direction
    if not isclose(float(np.linalg.norm(target - closest)), 0):
        return False
    length = math.sqrt(float(np.dot(direction, direction)))
    if not (t * length > 0 or isclose(t * length, 0)) or not (t * length < length or isclose(t * length, length)):
        return False
    if inclusive:
        return True
    candidate = Point(*target)
    return not (candidate.coincides_with(line.start_point) or candidate.coincides_with(line.end_point))


def calculate_intersection_extended_lines(extended_line1: Line, extended_line2: Line) -> Point | None:
    """Where the two (unbounded) lines cross in the xy-plane; None when they are parallel."""
    (p1, e1), (p2, e2) = extended_line1._ends(), extended_line2._ends()
    r, s = (e1 - p1)[:2], (e2 - p2)[:2]
    denominator = float(r[0] * s[1] - r[1] * s[0])
    if isclose(denominator / float(np.linalg.norm(r) * np.linalg.norm(s)), 0):
        return None
    offset = (p2 - p1)[:2]
    t = float(offset[0] * s[1] - offset[1] * s[0]) / denominator
    x, y = p1[:2] + t * r
    return Point(x, y)


def calculate_intersection_bounded_lines(
    bounded_line1: Line, bounded_line2: Line, inclusive: bool = True
) -> Point | None:
    """Where the two segments cross (in the xy-plane); None if they do not."""
    point = calculate_intersection_extended_lines(bounded_line1, bounded_line2)
    if point is None:
        return None
    on_both = point_is_on_bounded_line(point, _flat(bounded_line1), inclusive) and point_is_on_bounded_line(
        point, _flat(bounded_line2), inclusive
    )
    return point if on_both else None


def calculate_intersection_bounded_line_extended_line(
    bounded_line: Line, extended_line: Line, inclusive: bool = True
) -> Point | None:
    """Where the (unbounded) ``extended_line`` crosses the segment ``bounded_line``; None if it does not."""
    point = calculate_intersection_extended_lines(bounded_line, extended_line)
    if point is None or not point_is_on_bounded_line(point, _flat(bounded_line), inclusive):
        return None
    return point


def _flat(line: Line) -> Line:
    """The line projected on the xy-plane (intersections are two-dimensional)."""
    start, end = line.start_point, line.end_point
    if isclose(start.z, 0) and isclose(end.z, 0):
        return line
    return Line(Point(start.x, start.y), Point(end.x, end.y))


def calculate_intersection_bounded_line_with_y(line: Line, y_intersection: float) -> float | None:
    """The x where the segment reaches height ``y_intersection``; None if it does not (or is horizontal)."""
    x = calculate_intersection_extended_line_with_y(line, y_intersection)
    start, end = line.start_point, line.end_point
    return x if x_between_bounds(x, start.x, end.x) else None


def calculate_intersection_extended_line_with_y(line: Line, y_intersection: float) -> float:
    """The x where the (unbounded) line reaches height ``y_intersection`` (inf or nan when it cannot)."""
    a, b = line.get_line_function_parameters()
    with np.errstate(divide="ignore", invalid="ignore"):
        return (y_intersection - b) / a


def calculate_intersection_extended_line_with_x(line: Line, x: float) -> Point:
    """The point of the (unbounded) line at ``x`` (y is nan for a vertical line)."""
    a, b = line.get_line_function_parameters()
    return Point(x, a * x + b)


def circumference_is_clockwise(circumference: list[Point]) -> bool:
    """Whether the closed ring of points (first point repeated at the end) runs clockwise."""
    if not circumference[-1].coincides_with(circumference[0]):
        raise ValueError("Startpoint is not equal to endpoint")
    total = sum((b.x - a.x) * (b.y + a.y) for a, b in zip(circumference[:-1], circumference[1:], strict=True))
    return bool(total >= 0)


def convert_points_for_lathe(points: Sequence[Point]) -> list[dict[str, float]]:
    """``[{'x': x, 'y': y}, ...]`` of the points."""
    return [{"x": float(p.x), "y": float(p.y)} for p in points]


def get_vertices_faces(triangles: Sequence[Any]) -> tuple[list[list[float]], list[list[int]]]:
    """The corner points of the triangles and, per triangle, the indices of its corners. A corner shares
    the index of the latest coinciding corner before it, unless its own triangle already uses that index."""
    vertices: list[Point] = []
    faces = []
    for triangle in triangles:
        face: list[int] = []
        for x, y, z in triangle.vertices:
            corner = Point(x, y, z)
            latest = next((i for i in range(len(vertices) - 1, -1, -1) if vertices[i].coincides_with(corner)), None)
            if latest is None or latest in face:
                latest = len(vertices)
                vertices.append(corner)
            face.append(latest)
        faces.append(face)
    return [[float(p.x), float(p.y), float(p.z)] for p in vertices], faces


def points_are_coplanar(points: Sequence[Point]) -> bool:
    """Whether the points lie in one plane (exactly, up to floating-point noise)."""
    if len(points) < 3:
        raise ValueError("Need at least 3 points")
    if len(points) == 3:
        return True
    origin = points[0].coordinates
    vectors = np.array([p.coordinates - origin for p in points[1:]])
    return np.linalg.matrix_rank(vectors) <= 2


def lines_in_same_plane(line1: Line, line2: Line) -> bool:
    """Whether the two lines lie in one plane."""
    return points_are_coplanar([line1.start_point, line1.end_point, line2.start_point, line2.end_point])


def mirror_object(obj: TransformableObject, point: Point, normal: Vector) -> TransformableObject:
    """A mirrored copy of ``obj`` (the original stays as it is)."""
    if not hasattr(obj, "mirror"):
        raise AttributeError("Target object has no mirror method")
    mirrored = copy.deepcopy(obj)
    mirrored.mirror(point, normal)
    return mirrored
