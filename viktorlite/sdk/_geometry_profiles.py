"""Flat profiles in the xy-plane: the SDK's validity rules, areas and moments, and their triangulation.

Polygons and extrusion profiles are checked the way the SDK checks them (in the xy-plane, not all
collinear, no duplicate points, no self-intersection). Triangulation is ear clipping by earcut
(mapbox-earcut), which takes holes and needs nothing else; it is imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..optional_library import require
from ._geometry_maths import isclose
from ._geometry_points import Point, _in_xy_plane

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)


def _cross2(u: np.ndarray, v: np.ndarray) -> float:
    """The z-component of the cross product of two 2D vectors."""
    return float(u[0] * v[1] - u[1] * v[0])


def _segments_cross(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> bool:
    """Whether segments ab and cd share a point (touching counts; exact arithmetic, as the SDK's check)."""

    def orientation(p: np.ndarray, q: np.ndarray, r: np.ndarray) -> float:
        return float((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    def on_segment(p: np.ndarray, q: np.ndarray, r: np.ndarray) -> bool:
        return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])

    o1, o2, o3, o4 = orientation(a, b, c), orientation(a, b, d), orientation(c, d, a), orientation(c, d, b)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    return (
        (o1 == 0 and on_segment(a, c, b))
        or (o2 == 0 and on_segment(a, d, b))
        or (o3 == 0 and on_segment(c, a, d))
        or (o4 == 0 and on_segment(c, b, d))
    )


def _check_polygon(points: Sequence[Point]) -> None:
    """The SDK's rules for a polygon: in the xy-plane, not all collinear, no duplicates, no self-intersection."""
    for point in points:
        point.z  # noqa: B018 (a point is required: a tuple fails here, as in the SDK)
    if not _in_xy_plane(*points):
        raise ValueError("Points should line in x,y-plane")
    ring = np.array([[p.x, p.y] for p in points], dtype=float)
    if len(ring) < 3 or all(isclose(_cross2(ring[1] - ring[0], q - ring[0]), 0) for q in ring[2:]):
        raise ValueError("All points of the polygon are collinear.")
    for i, point in enumerate(points):
        if any(point == other for other in points[i + 1 :]):
            raise ValueError(f"Duplicate points are not supported ({point!r})")
    n = len(ring)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbouring edges share a corner
            if _segments_cross(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]):
                raise ValueError("Constructed polygon has self-intersecting lines, which is not supported.")
    for i in range(n):  # a corner lying on a neighbouring edge folds the polygon back on itself
        a, b, c = ring[i - 1], ring[i], ring[(i + 1) % n]
        if _cross2(b - a, c - b) == 0 and float(np.dot(b - a, c - b)) < 0:
            raise ValueError("Constructed polygon has self-intersecting lines, which is not supported.")


def _signed_area(ring: np.ndarray) -> float:
    """Shoelace area of a 2D ring (positive when counter-clockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def _open_ring(ring: np.ndarray) -> np.ndarray:
    if len(ring) > 1 and np.allclose(ring[0], ring[-1]):
        return ring[:-1]
    return ring


def _oriented(ring: np.ndarray, ccw: bool) -> np.ndarray:
    ring = _open_ring(ring)
    return ring if (_signed_area(ring) > 0) == ccw else ring[::-1]


def _second_moments(ring: np.ndarray) -> tuple[float, float]:
    """Second moments of area ``(Ix, Iy)`` of a simple polygon about its centroid (either orientation)."""
    x, y = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    cx = ((x + x1) * cross).sum() / (6 * area)
    cy = ((y + y1) * cross).sum() / (6 * area)
    ixx = (cross * (y * y + y * y1 + y1 * y1)).sum() / 12
    iyy = (cross * (x * x + x * x1 + x1 * x1)).sum() / 12
    sign = 1 if area > 0 else -1
    return (np.float64(sign * ixx - abs(area) * cy * cy), np.float64(sign * iyy - abs(area) * cx * cx))


def _triangulate(rings: Sequence[np.ndarray]) -> np.ndarray:
    """Triangles (indices into the concatenated rings) of a 2D polygon with holes (ear clipping)."""
    mapbox_earcut = require("mapbox-earcut", feature="a viktor.geometry solid from a profile")  # lazily

    vertices = np.concatenate(rings).astype(np.float64)
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    indices = mapbox_earcut.triangulate_float64(vertices, ends)
    return np.asarray(indices, dtype=np.int64).reshape(-1, 3)


def _profile_ring(profile: Sequence[Point], owner: str) -> np.ndarray:
    """The profile's xy coordinates, checked as the SDK checks them: all but the last point (which closes
    the profile) must make a valid polygon in the xy-plane."""
    points = list(profile)[:-1]
    _check_polygon(points)
    return np.array([[p.x, p.y] for p in points], dtype=float)
