"""``viktor.geometry.Polyline``: straight segments through a list of points, and the profile maths on it.

Immutable as in the SDK: every operation returns a new polyline. Intersections and overlaps are
computed in the xy-plane with the SDK's tolerances, which is what the soil-profile helpers in
``viktor.geo`` build on (ground profiles, layer boundaries).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._geometry_curves import Line, _Curve
from ._geometry_functions import calculate_intersection_bounded_lines, point_is_on_bounded_line
from ._geometry_materials import _BLACK
from ._geometry_maths import isclose
from ._geometry_points import Point, _as_point, _moved
from .core import Color

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["Polyline"]


class Polyline(_Curve):
    """Connected straight segments through ``points`` (duplicates allowed; ``lines`` skips them)."""

    def __init__(self, points: list[Point], *, color: Color = _BLACK, identifier: str | None = None) -> None:
        super().__init__(color=color, identifier=identifier)
        self._orig_points = [_as_point(p) for p in points]

    def _copy_with(self, points: Sequence[Point]) -> Polyline:
        """A polyline of the same kind (a PiezoLine stays one) through ``points``."""
        new = type(self).__new__(type(self))
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_orig_points"})
        new._transformation = np.identity(4)
        new._orig_points = list(points)
        return new

    @property
    def points(self) -> list[Point]:
        return [_moved(self._transformation, p) for p in self._orig_points]

    @classmethod
    def from_lines(cls, lines: Sequence[Line]) -> Polyline:
        """The polyline through the lines; each line must start where the previous one ends."""
        if not lines:
            return cls([])
        points = [lines[0].start_point]
        for index, line in enumerate(lines):
            if index and not line.start_point.coincides_with(points[-1]):
                raise ValueError(f"Start point of line {index} does not coincide with end point of previous line.")
            points.append(line.end_point)
        return cls(points)

    def is_equal_to(self, other: Polyline) -> bool:
        """Whether both have the same number of points and they coincide one by one."""
        mine, theirs = self.points, other.points
        return len(mine) == len(theirs) and all(a.coincides_with(b) for a, b in zip(mine, theirs, strict=True))

    @property
    def start_point(self) -> Point:
        return self.points[0]

    @property
    def end_point(self) -> Point:
        return self.points[-1]

    @property
    def lines(self) -> list[Line]:
        """The segments between consecutive points; a segment between coinciding points is skipped."""
        points = self.points
        return [Line(a, b) for a, b in zip(points, points[1:], strict=False) if not a.coincides_with(b)]

    def _extreme(self, axis: int, pick: Any) -> float | None:
        points = self.points
        return pick(np.array([p[axis] for p in points], dtype=np.float64)) if points else None

    @property
    def x_min(self) -> float | None:
        return self._extreme(0, np.min)

    @property
    def x_max(self) -> float | None:
        return self._extreme(0, np.max)

    @property
    def y_min(self) -> float | None:
        return self._extreme(1, np.min)

    @property
    def y_max(self) -> float | None:
        return self._extreme(1, np.max)

    @property
    def z_min(self) -> float | None:
        return self._extreme(2, np.min)

    @property
    def z_max(self) -> float | None:
        return self._extreme(2, np.max)

    def get_reversed_polyline(self) -> Polyline:
        return self._copy_with(self.points[::-1])

    def serialize(self) -> list[dict]:
        """``[{'x': x, 'y': y}, ...]``."""
        return [{"x": p.x, "y": p.y} for p in self.points]

    def filter_duplicate_points(self) -> Polyline:
        """A copy without a point that coincides with the one before it."""
        kept: list[Point] = []
        for point in self.points:
            if not kept or not kept[-1].coincides_with(point):
                kept.append(point)
        return self._copy_with(kept)

    def _ascending(self, axis: int, strict: bool) -> bool:
        values = [p[axis] for p in self.points]
        for a, b in zip(values, values[1:], strict=False):
            if isclose(a, b):
                if strict:
                    return False
            elif b < a:
                return False
        return True

    def is_monotonic_ascending_x(self, strict: bool = True) -> bool:
        """Whether x increases from point to point (``strict=False`` allows equal x)."""
        return self._ascending(0, strict)

    def is_monotonic_ascending_y(self, strict: bool = True) -> bool:
        """Whether y increases from point to point (``strict=False`` allows equal y)."""
        return self._ascending(1, strict)

    def intersections_with_polyline(self, other_polyline: Polyline) -> list[Point]:
        """Where the two cross, in this polyline's direction; parallel stretches count only at their ends."""
        found: list[Point] = []
        other_lines = other_polyline.lines
        for line in self.lines:
            start = line.start_point.coordinates
            on_line = []
            for other in other_lines:
                point = calculate_intersection_bounded_lines(line, other)
                if point is not None:
                    on_line.append(point)
            on_line.sort(key=lambda p: float(np.linalg.norm(p.coordinates - start)))
            found.extend(on_line)
        return _unique(found, consecutive=True)

    def intersections_with_x_location(self, x: float) -> list[Point]:
        """Where the polyline passes ``x``, in its direction; a vertical stretch at ``x`` gives both its ends."""
        found: list[Point] = []
        points = self.points
        for start, end in zip(points, points[1:], strict=False):  # a repeated point is a vertical stretch too
            if isclose(start.x, x) and isclose(end.x, x):
                found.extend([start, end])
            elif min(start.x, end.x) <= x <= max(start.x, end.x) or isclose(start.x, x) or isclose(end.x, x):
                t = (x - start.x) / (end.x - start.x)
                found.append(Point(start.x + t * (end.x - start.x), start.y + t * (end.y - start.y)))
        return _unique(found, consecutive=True)

    def point_is_on_polyline(self, point: Point) -> bool:
        return any(point_is_on_bounded_line(point, line) for line in self.lines)

    def _with_points_on_segments(self, *extra: Point) -> list[Point]:
        """The points, with each of ``extra`` inserted inside every segment it lies on."""
        points = self.points
        result = points[:1]
        for a, b in zip(points, points[1:], strict=False):
            if not a.coincides_with(b):
                segment = Line(a, b)
                inside = [p for p in extra if point_is_on_bounded_line(p, segment) and p not in (a, b)]
                inside.sort(key=lambda p: float(np.linalg.norm(p.coordinates - a.coordinates)))
                result.extend(inside)
            result.append(b)
        return result

    def get_polyline_between(self, start_point: Point, end_point: Point, inclusive: bool = False) -> Polyline:
        """The points between two points on this polyline (``start_point`` first); empty if it comes later."""
        if not self.point_is_on_polyline(start_point):
            raise ValueError("start_point not on given polyline")
        if not self.point_is_on_polyline(end_point):
            raise ValueError("end_point not on given polyline")
        if start_point == end_point:
            return self._copy_with([start_point] if inclusive else [])
        points = self._with_points_on_segments(start_point, end_point)
        first = next(i for i, p in enumerate(points) if p == start_point)
        last = next((i for i, p in enumerate(points) if i > first and p == end_point), None)
        if last is None:
            return self._copy_with([])
        between = points[first + 1 : last]
        while between and between[0] == start_point:  # a repeated start point is not "between"
            between.pop(0)
        while between and between[-1] == end_point:
            between.pop()
        return self._copy_with([start_point, *between, end_point] if inclusive else between)

    def _overlapping_lines(self, other: Polyline) -> list[list[Line]]:
        """Per stretch of consecutive segments of this polyline, the overlaps with ``other``, in order."""
        regions: list[list[Line]] = []
        current: list[Line] = []
        other_lines = other.lines
        for line in self.lines:
            overlaps = [o for o in (line.find_overlap(other) for other in other_lines) if isinstance(o, Line)]
            if not overlaps:
                if current:
                    regions.append(current)
                current = []
                continue
            start = line.start_point.coordinates
            overlaps.sort(key=lambda o: float(np.linalg.norm(o.start_point.coordinates - start)))
            current.extend(overlaps)
        if current:
            regions.append(current)
        return regions

    def find_overlaps(self, other: Polyline) -> list[Polyline]:
        """The stretches this polyline shares with ``other``, in this polyline's direction."""
        return [
            self._copy_with([region[0].start_point, *(o.end_point for o in region)])
            for region in self._overlapping_lines(other)
        ]

    def _position(self, point: Point) -> float:
        """Distance along the polyline to the first place where it passes ``point``."""
        travelled = 0.0
        for line in self.lines:
            if point_is_on_bounded_line(point, line):
                return travelled + float(np.linalg.norm(point.coordinates - line.start_point.coordinates))
            travelled += line.length
        raise ValueError(f"{point!r} is not on the polyline")

    def combine_with(self, other: Polyline) -> Polyline:
        """One polyline from two that share exactly one stretch (or an end point), with all their points;
        only one of them may go on before the shared stretch, and only one after it (no side branches)."""
        regions = self.find_overlaps(other)
        if not regions:
            joined = self._joined_at_ends(other)
            if joined is not None:
                return joined
        if len(regions) != 1:
            raise ValueError(
                f"Only polylines with exactly one overlapping region can be combined, {len(regions)} were found."
            )
        region = regions[0]
        first, last = region.start_point, region.end_point
        if other._position(first) > other._position(last):
            other = other.get_reversed_polyline()
        befores = [part for part in (_before(self, first), _before(other, first)) if part]
        afters = [part for part in (_after(self, last), _after(other, last)) if part]
        if len(befores) > 1 or len(afters) > 1:
            raise ValueError("Polylines that branch off from their overlapping region cannot be combined.")
        return self._copy_with([*(befores[0] if befores else []), *region.points, *(afters[0] if afters else [])])

    def _joined_at_ends(self, other: Polyline) -> Polyline | None:
        mine, theirs = self.points, other.points
        if not mine or not theirs:
            return None
        if mine[-1] == theirs[0]:
            return self._copy_with([*mine, *theirs[1:]])
        if mine[-1] == theirs[-1]:
            return self._copy_with([*mine, *theirs[-2::-1]])
        if mine[0] == theirs[-1]:
            return self._copy_with([*theirs, *mine[1:]])
        if mine[0] == theirs[0]:
            return self._copy_with([*theirs[::-1], *mine[1:]])
        return None

    def split(self, point: Point) -> tuple[Polyline, Polyline]:
        """The parts before and after ``point`` (both include it; the part after the end point is empty)."""
        points = self.points
        for index, (a, b) in enumerate(zip(points, points[1:], strict=False)):
            if a.coincides_with(b) or not point_is_on_bounded_line(point, Line(a, b)):
                continue
            before = points[: index + 1]
            while before and before[-1] == point:
                before.pop()
            after = points[index + 1 :]
            while after and after[0] == point:
                after.pop(0)
            return self._copy_with([*before, point]), self._copy_with([point, *after] if after else [])
        raise ValueError(f"Trying to split a polyline on point {point!r} that is not on the polyline {points}")

    @classmethod
    def get_lowest_or_highest_profile_x(cls, profile_1: Polyline, profile_2: Polyline, lowest: bool) -> Polyline:
        """The profile that follows the lower (or higher) of two profiles, over the x-range they share."""
        if not profile_1.points or not profile_2.points:
            return cls([])
        low = float(max(min(p.x for p in profile_1.points), min(p.x for p in profile_2.points)))
        high = float(min(max(p.x for p in profile_1.points), max(p.x for p in profile_2.points)))
        first, second = _clipped(profile_1, low, high), _clipped(profile_2, low, high)
        crossings = first.intersections_with_polyline(second)
        inside = [p for p in crossings if low < p.x < high and not (isclose(p.x, low) or isclose(p.x, high))]
        cuts = sorted({float(p.x) for p in inside})
        edges = [low, *cuts, high]
        points: list[Point] = []
        for left, right in zip(edges, edges[1:], strict=False):
            pieces = [_clipped(first, left, right), _clipped(second, left, right)]
            middle = (left + right) / 2
            heights = [piece.intersections_with_x_location(middle)[0].y for piece in pieces]
            chosen = pieces[int(np.argmin(heights) if lowest else np.argmax(heights))]
            piece_points = chosen.points
            if points and piece_points and points[-1] == piece_points[0]:
                piece_points = piece_points[1:]
            points.extend(piece_points)
        return cls(points)

    def _polyline(self) -> np.ndarray:
        return np.array([p.coordinates for p in self._orig_points]).reshape(-1, 3)


def _unique(points: list[Point], consecutive: bool = False) -> list[Point]:
    kept: list[Point] = []
    for point in points:
        if consecutive:
            if not kept or not kept[-1].coincides_with(point):
                kept.append(point)
        elif not any(k.coincides_with(point) for k in kept):
            kept.append(point)
    return kept


def _before(polyline: Polyline, point: Point) -> list[Point]:
    return polyline.split(point)[0].points[:-1]


def _after(polyline: Polyline, point: Point) -> list[Point]:
    return polyline.split(point)[1].points[1:]


def _clipped(profile: Polyline, low: float, high: float) -> Polyline:
    """The part of a profile (ascending in x) between x = low and x = high."""
    start = profile.intersections_with_x_location(low)[0]
    end = profile.intersections_with_x_location(high)[-1]
    part = profile.split(start)[1] if not start.coincides_with(profile.start_point) else profile
    if not end.coincides_with(part.end_point):
        part = part.split(end)[0]
    return part
