"""``viktor.geometry``'s vectors and points: plain coordinates with the SDK's tolerance-based equality.

Coordinates keep the numbers they were given (ints stay ints); two values are equal within
``ISCLOSE_ATOL``, so neither class is hashable. The private helpers turn what apps pass as a point
(a Point, a Vector or a 2- or 3-sequence) into coordinates for the other geometry modules.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._geometry_maths import cartesian_to_spherical, isclose

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["Point", "Vector"]


class Vector:
    """A 3D vector (z defaults to 0); arithmetic keeps the kind of numbers it was given."""

    __hash__ = None  # type: ignore[assignment]  # equal within a tolerance, so not hashable (as in the SDK)

    def __init__(self, x: float, y: float, z: float = 0) -> None:
        self.x, self.y, self.z = x, y, z

    def __getitem__(self, index: int) -> float:
        return (self.x, self.y, self.z)[index]

    def __iter__(self) -> Iterator[float]:
        return iter((self.x, self.y, self.z))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vector):
            return False
        return all(isclose(a, b) for a, b in zip(self, other, strict=True))

    def __neg__(self) -> Vector:
        return Vector(-self.x, -self.y, -self.z)

    def __add__(self, other: Vector) -> Vector:
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other: Vector) -> Vector:
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, other: float) -> Vector:
        return Vector(self.x * other, self.y * other, self.z * other)

    def __rmul__(self, other: float) -> Vector:
        return self * other

    def __repr__(self) -> str:
        return f"Vector({self.x}, {self.y}, {self.z})"

    @property
    def squared_magnitude(self) -> float:
        return self.x * self.x + self.y * self.y + self.z * self.z

    @property
    def magnitude(self) -> float:
        return math.sqrt(self.squared_magnitude)

    @property
    def coordinates(self) -> tuple[float, float, float]:
        return (self.x, self.y, self.z)

    def normalize(self) -> Vector:
        length = self.magnitude
        if length == 0:
            raise ValueError("Null vector can't be normalized")
        return Vector(self.x / length, self.y / length, self.z / length)

    def dot(self, other: Vector) -> float:
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other: Vector) -> Vector:
        return Vector(
            self.y * other.z - self.z * other.y,
            self.z * other.x - self.x * other.z,
            self.x * other.y - self.y * other.x,
        )


class Point:
    """A point in 3D space (z defaults to 0); equal to another point within ``ISCLOSE_ATOL``."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, x: float, y: float, z: float = 0) -> None:
        if x is None or y is None or z is None:
            raise TypeError("Cannot instantiate a Point with None.")
        for value in (x, y, z):
            format(value, ".3e")  # a coordinate must be a number (the SDK formats it the same way)
        self._x, self._y, self._z = x, y, z

    @property
    def x(self) -> float:
        return self._x

    @property
    def y(self) -> float:
        return self._y

    @property
    def z(self) -> float:
        return self._z

    @property
    def coordinates(self) -> np.ndarray:
        return np.array([self._x, self._y, self._z], dtype=np.float64)

    def __getitem__(self, index: int) -> float:
        return (self._x, self._y, self._z)[index]

    def __iter__(self) -> Iterator[float]:
        return iter((self._x, self._y, self._z))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and self.coincides_with(other)

    def __repr__(self) -> str:
        return f"Point({self._x:.3e}, {self._y:.3e}, {self._z:.3e})"

    def copy(self) -> Point:
        return copy.deepcopy(self)

    def coincides_with(self, other: Point) -> bool:
        return isclose(self._x, other.x) and isclose(self._y, other.y) and isclose(self._z, other.z)

    def vector_to(self, point: Point | Sequence[float]) -> Vector:
        x, y, z = _raw(point)
        return Vector(x - self._x, y - self._y, z - self._z)

    def get_local_coordinates(self, local_origin: Point | Sequence[float], spherical: bool = False) -> np.ndarray:
        x, y, z = _raw(local_origin)
        local = np.array([self._x - x, self._y - y, self._z - z])
        if spherical:
            return cartesian_to_spherical(local)
        return local


def _raw(point: Any) -> tuple[Any, Any, Any]:
    """The coordinates of a Point, Vector or 2- or 3-sequence, as given (z defaults to 0)."""
    if isinstance(point, (Point, Vector)):
        return (point.x, point.y, point.z)
    values = tuple(point)
    if len(values) == 2:
        return (values[0], values[1], 0)
    x, y, z = values
    return (x, y, z)


def _xyz(point: Any, what: str) -> np.ndarray:
    """Coordinates as a float array; a clear TypeError for anything that is not a point."""
    if isinstance(point, (Point, Vector)):
        return np.array(tuple(point), dtype=float)
    try:
        values = [float(v) for v in point]
    except TypeError:
        raise TypeError(f"{what} must be a Point, got {type(point).__name__}") from None
    if len(values) == 2:
        values.append(0.0)
    if len(values) != 3:
        raise ValueError(f"{what} must have 2 or 3 coordinates, got {point!r}")
    return np.array(values)


def _as_point(point: Any) -> Point:
    return point if isinstance(point, Point) else Point(*_raw(point))


def _moved(matrix: np.ndarray, point: Point) -> Point:
    """``point`` transformed by a 4x4 matrix (coordinates become numpy floats, as in the SDK)."""
    x, y, z, _ = matrix @ np.array([point.x, point.y, point.z, 1.0])
    return Point(x, y, z)


def _in_xy_plane(*points: Point) -> bool:
    return all(isclose(p.z, 0) for p in points)
