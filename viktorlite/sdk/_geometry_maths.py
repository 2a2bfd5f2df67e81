"""The numeric helpers ``viktor.geometry`` exposes as module functions (matrices, coordinates, areas).

Plain numbers and arrays in, plain numbers and arrays out: no geometry classes here, so the classes
(:mod:`._geometry_3d`) and the line helpers (:mod:`._geometry_functions`) can both build on them.
Tolerances follow the SDK: two values are equal within ``ISCLOSE_ATOL`` / ``ISCLOSE_RTOL``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)


__all__ = [
    "ISCLOSE_ATOL",
    "ISCLOSE_RTOL",
    "cartesian_to_cylindrical",
    "cartesian_to_spherical",
    "cylindrical_to_cartesian",
    "find_overlap",
    "reflection_matrix",
    "rotation_matrix",
    "scaling_matrix",
    "spherical_to_cartesian",
    "surface_area_dome",
    "surface_cone_without_base",
    "translation_matrix",
    "unit_vector",
    "volume_cone",
    "x_between_bounds",
    "y_between_bounds",
]

if TYPE_CHECKING:
    #: Coordinates as apps pass them: a list or tuple of numbers, or an array (annotations only).
    Coordinates = Sequence[float] | np.ndarray

#: Absolute and relative tolerance of every "equal" test in viktor.geometry (the SDK's values).
ISCLOSE_ATOL = 1e-08
ISCLOSE_RTOL = 1e-12


def isclose(a: float, b: float) -> bool:
    """Equal within the SDK's tolerances."""
    return math.isclose(a, b, rel_tol=ISCLOSE_RTOL, abs_tol=ISCLOSE_ATOL)


def unit_vector(data: Any, axis: int | None = None, out: np.ndarray | None = None) -> np.ndarray | None:
    """``data`` divided by its Euclidean length (along ``axis`` for arrays); into ``out`` if given."""
    if out is None:
        result = np.array(data, dtype=np.float64, copy=True)
    else:
        if out is not data:
            out[:] = np.asarray(data)
        result = out
    if result.ndim == 1 and axis is None:
        result /= math.sqrt(float(np.dot(result, result)))
    else:
        length = np.sqrt(np.sum(result * result, axis=axis))
        if axis is not None:
            length = np.expand_dims(length, axis)
        result /= length
    return result if out is None else None


def translation_matrix(direction: Coordinates) -> np.ndarray:
    """The 4x4 matrix that moves by ``direction``."""
    matrix = np.identity(4)
    matrix[:3, 3] = np.asarray(direction)[:3]
    return matrix


def scaling_matrix(scaling_vector: Coordinates) -> np.ndarray:
    """The 4x4 matrix that scales by ``(sx, sy, sz)`` about the origin."""
    return np.diag([scaling_vector[0], scaling_vector[1], scaling_vector[2], 1.0]).astype(np.float64)


def rotation_matrix(angle: float, direction: Coordinates, point: Coordinates | None = None) -> np.ndarray:
    """The 4x4 matrix that turns ``angle`` radians about the axis along ``direction`` through ``point``."""
    sin, cos = math.sin(angle), math.cos(angle)
    axis = np.asarray(unit_vector(np.asarray(direction, dtype=np.float64)[:3]))
    rotation = np.diag([cos, cos, cos])
    rotation += np.outer(axis, axis) * (1.0 - cos)
    axis = axis * sin
    rotation += np.array([[0.0, -axis[2], axis[1]], [axis[2], 0.0, -axis[0]], [-axis[1], axis[0], 0.0]])
    matrix = np.identity(4)
    matrix[:3, :3] = rotation
    if point is not None:
        origin = np.asarray(point, dtype=np.float64)[:3]
        matrix[:3, 3] = origin - np.dot(rotation, origin)
    return matrix


def reflection_matrix(point: Coordinates, normal: Coordinates) -> np.ndarray:
    """The 4x4 matrix that mirrors in the plane through ``point`` with ``normal``."""
    unit = np.asarray(unit_vector(np.asarray(normal, dtype=np.float64)[:3]))
    origin = np.asarray(point, dtype=np.float64)[:3]
    matrix = np.identity(4)
    matrix[:3, :3] -= 2.0 * np.outer(unit, unit)
    matrix[:3, 3] = (2.0 * np.dot(origin, unit)) * unit
    return matrix


def cartesian_to_cylindrical(cartesian_coordinates: Coordinates) -> np.ndarray:
    """``(x, y, z)`` -> ``(r, phi, z)``."""
    x, y, z = cartesian_coordinates
    return np.array([math.hypot(x, y), math.atan2(y, x), z], dtype=np.float64)


def cylindrical_to_cartesian(cylindrical_coordinates: Coordinates) -> np.ndarray:
    """``(r, phi, z)`` -> ``(x, y, z)``."""
    r, phi, z = cylindrical_coordinates
    return np.array([r * math.cos(phi), r * math.sin(phi), z], dtype=np.float64)


def cartesian_to_spherical(cartesian_coordinates: Coordinates) -> np.ndarray:
    """``(x, y, z)`` -> ``(r, theta, phi)``: theta from the z-axis, phi around it from the x-axis."""
    x, y, z = cartesian_coordinates
    r = math.sqrt(x * x + y * y + z * z)
    return np.array([r, math.acos(z / r), math.atan2(y, x)], dtype=np.float64)


def spherical_to_cartesian(spherical_coordinates: Coordinates) -> np.ndarray:
    """``(r, theta, phi)`` -> ``(x, y, z)``."""
    r, theta, phi = spherical_coordinates
    return np.array(
        [r * math.sin(theta) * math.cos(phi), r * math.sin(theta) * math.sin(phi), r * math.cos(theta)],
        dtype=np.float64,
    )


def volume_cone(r: float, h: float) -> float:
    """Volume of a cone with base radius ``r`` and height ``h``."""
    return math.pi * r**2 * h / 3


def surface_cone_without_base(r: float, h: float) -> float:
    """Lateral surface of a cone with base radius ``r`` and height ``h``."""
    return math.pi * r * math.sqrt(r**2 + h**2)


def surface_area_dome(theta1: float, theta2: float, r: float, R: float) -> float:  # noqa: N803 (the SDK's name)
    """Surface swept a full turn around an axis by the arc (radius ``r``, its centre ``R`` from the axis)
    between the angles theta1 and theta2 (either order)."""
    if isclose(theta1, theta2):
        raise ValueError("Point revolve (two equal points) does not have a surface area")
    return abs(2 * math.pi * r * (R * (theta2 - theta1) + r * (math.sin(theta2) - math.sin(theta1))))


def _between(value: float, bound1: float, bound2: float, inclusive: bool) -> bool:
    low, high = min(bound1, bound2), max(bound1, bound2)
    if inclusive:
        return (value > low or isclose(value, low)) and (value < high or isclose(value, high))
    return value > low and value < high and not isclose(value, low) and not isclose(value, high)


def x_between_bounds(x: float, x1: float, x2: float, inclusive: bool = True) -> bool:
    """Whether ``x`` lies between ``x1`` and ``x2`` (either order)."""
    return _between(x, x1, x2, inclusive)


def y_between_bounds(y: float, y1: float, y2: float, inclusive: bool = True) -> bool:
    """Whether ``y`` lies between ``y1`` and ``y2`` (either order)."""
    return _between(y, y1, y2, inclusive)


def find_overlap(region_a: Coordinates, region_b: Coordinates, inclusive: bool = False) -> tuple | None:
    """The overlap ``(start, end)`` of two 1D regions (each in either order); None if they do not overlap.

    Regions that only touch overlap when ``inclusive`` (a zero-length overlap).
    """
    a_low, a_high = min(region_a), max(region_a)
    b_low, b_high = min(region_b), max(region_b)

    def apart(high: float, low: float) -> bool:
        return high < low and not isclose(high, low) if inclusive else high < low or isclose(high, low)

    if apart(a_high, b_low) or apart(b_high, a_low):
        return None
    return (max(a_low, b_low), min(a_high, b_high))
