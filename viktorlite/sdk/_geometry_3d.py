"""``viktor.geometry``'s basic 3D objects: vectors, points, materials, groups and curves (viktor_api.md §8).

Plain data plus numpy maths, with the SDK's observable behaviour: coordinates keep the numbers
they were given, two values are equal within ``ISCLOSE_ATOL``, and every object keeps a 4x4
transformation that ``translate``/``rotate``/``mirror``/``scale`` compose. A curve reports its
points *after* that transformation (``line.translate(v).start_point`` moved); the glTF conversion
(:mod:`viktorlite.sdk._gltf`) draws its local points (``_polyline()``) under that transformation.
Solids and patterns are in :mod:`._geometry_solids`.
"""

from __future__ import annotations

import abc
import copy
import functools
import math
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ._geometry_maths import (
    cartesian_to_spherical,
    isclose,
    reflection_matrix,
    rotation_matrix,
    scaling_matrix,
    spherical_to_cartesian,
    translation_matrix,
)
from ._geometry_maths import find_overlap as _overlap_1d
from .core import Color

if TYPE_CHECKING:
    from ._geometry_solids import ArcRevolve, LineRevolve

__all__ = [
    "Arc",
    "Group",
    "Line",
    "Material",
    "Point",
    "TransformableObject",
    "Vector",
]

_T = TypeVar("_T", bound="TransformableObject")
_BLACK = Color(0, 0, 0)
_GREY = Color(221, 221, 221)


# -- vectors and points ----------------------------------------------------------------------------


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


# -- materials -------------------------------------------------------------------------------------

_RENAMED_MATERIAL_KEYWORDS = {
    "threejs_roughness": "roughness",
    "threejs_metalness": "metalness",
    "threejs_opacity": "opacity",
}


def _renamed_keywords(renamed: dict[str, str]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Accept the old names of keyword arguments (SDK < 14.5) with a DeprecationWarning."""

    def decorate(init: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(init)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
            for old, new in renamed.items():
                if old in kwargs:
                    warnings.warn(
                        f"The keyword argument {old!r} is replaced by {new!r} and will be removed in the future.",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    kwargs.setdefault(new, kwargs.pop(old))
            init(self, *args, **kwargs)

        return wrapper

    return decorate


class Material:
    """How a solid looks (colour, roughness, metalness, opacity); name/density/price are kept for the app."""

    @_renamed_keywords(_RENAMED_MATERIAL_KEYWORDS)
    def __init__(
        self,
        name: str | None = None,
        density: float | None = None,
        price: float | None = None,
        *,
        threejs_type: str = "MeshStandardMaterial",
        roughness: float = 1.0,
        metalness: float = 0.5,
        opacity: float = 1.0,
        color: str | tuple[int, int, int] | Color = _GREY,
    ) -> None:
        self.uuid = uuid.uuid1()
        self.name = name
        self.density = density
        self.price = price
        self.color = color
        self.roughness = roughness
        self.metalness = metalness
        self.opacity = opacity

    def __repr__(self) -> str:
        return f"Material(name={self.name!r}, color={self.color!r})"


def _default_material() -> Material:
    return Material("default-material")


def _to_color(color: Any, fallback: Color) -> Color:
    """A Color from what an app passed as colour (Color, hex text, (r, g, b)); ``fallback`` otherwise."""
    try:
        if isinstance(color, Color):
            return color
        if isinstance(color, str):
            return Color.from_hex(color)
        if isinstance(color, (tuple, list)) and len(color) == 3:
            return Color(*(int(c) for c in color))
    except (TypeError, ValueError):
        pass
    return fallback


# -- transformable objects -------------------------------------------------------------------------


class TransformableObject(abc.ABC):  # noqa: B024 (abstract by intent, as in the SDK: see __init__)
    """Base of everything a GeometryView shows; transforms compose into ``_transformation``."""

    def __init__(self, *, identifier: str | None = None) -> None:
        if type(self) is TransformableObject:
            raise TypeError("Can't instantiate abstract class TransformableObject")
        self._transformation = np.identity(4)
        self._identifier = identifier

    def _transform(self: _T, matrix: np.ndarray) -> _T:
        self._transformation = matrix @ self._transformation
        return self

    def translate(self, translation_vector: Vector | Sequence[float]) -> TransformableObject:
        """Move along ``translation_vector``."""
        return self._transform(translation_matrix(_raw_vector(translation_vector)))

    def rotate(
        self, angle: float, direction: Vector | Sequence[float], point: Point | Sequence[float] | None = None
    ) -> TransformableObject:
        """Turn ``angle`` radians about the axis along ``direction`` through ``point`` (right-hand rule)."""
        axis = _xyz(direction, "rotation direction")
        if not np.linalg.norm(axis):
            raise ValueError("rotation direction must not be a null vector")
        origin = None if point is None else _xyz(point, "rotation point")
        return self._transform(rotation_matrix(angle, axis, origin))

    def mirror(self, point: Point | Sequence[float], normal: Vector | Sequence[float]) -> TransformableObject:
        """Mirror in the plane through ``point`` with ``normal``."""
        n = _xyz(normal, "mirror normal")
        if not np.linalg.norm(n):
            raise ValueError("mirror normal must not be a null vector")
        return self._transform(reflection_matrix(_xyz(point, "mirror point"), n))

    def scale(self, scaling_vector: Vector | Sequence[float]) -> TransformableObject:
        """Scale about the origin by ``(sx, sy, sz)``."""
        return self._transform(scaling_matrix(_raw_vector(scaling_vector)))


def _raw_vector(vector: Any) -> list[float]:
    return list(vector) if not isinstance(vector, (Point, Vector)) else [vector.x, vector.y, vector.z]


class Group(TransformableObject):
    """Objects that transform together; a node with children in the glTF."""

    def __init__(self, objects: Sequence[TransformableObject], *, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        self._children: list[Any] = []
        self.add(objects)

    def add(self, objects: Sequence[TransformableObject] | TransformableObject) -> None:
        if isinstance(objects, (list, tuple)):
            self._children.extend(objects)
        else:
            self._children.append(objects)

    @property
    def children(self) -> list[TransformableObject]:
        return self._children

    def duplicate(self) -> Group:
        """A new group (same transformation) holding the same objects."""
        group = Group(list(self._children))
        group._transformation = self._transformation.copy()
        return group


class _Compound(Group):
    """A solid the SDK builds as a group of parts: it is a Group, but its parts are not its ``children``."""

    @property
    def children(self) -> None:  # type: ignore[override]
        raise AttributeError(f"'{type(self).__name__}' has no attribute 'children'")


# -- curves ----------------------------------------------------------------------------------------


class _Curve(TransformableObject):
    def __init__(self, *, color: Color = _BLACK, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        self.color = color

    def _polyline(self) -> np.ndarray:
        """The curve's points in local coordinates (the glTF node carries ``_transformation``)."""
        raise NotImplementedError


def _in_xy_plane(*points: Point) -> bool:
    return all(isclose(p.z, 0) for p in points)


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

    @property
    def start_point(self) -> Point:
        return _moved(self._transformation, self._orig_start_point)

    @property
    def end_point(self) -> Point:
        return _moved(self._transformation, self._orig_end_point)

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
        from ._geometry_solids import LineRevolve

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

    @property
    def centre_point(self) -> Point:
        return _moved(self._transformation, self._orig_centre_point)

    @property
    def start_point(self) -> Point:
        return _moved(self._transformation, self._orig_start_point)

    @property
    def end_point(self) -> Point:
        return _moved(self._transformation, self._orig_end_point)

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
        from ._geometry_solids import ArcRevolve

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
