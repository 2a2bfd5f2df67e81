"""``viktor.geometry``'s 3D objects: points, curves, solids, groups and patterns (viktor_api.md §8).

Plain data plus numpy maths. Each object keeps a 4x4 transformation that ``translate``/``rotate``/
``mirror``/``scale`` compose; solids build their triangle mesh in local coordinates
(``_mesh() -> (vertices, faces)``) and curves their points (``_polyline()``). Turning them into glTF
is :mod:`viktorlite.gltf`'s job, in the worker.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ..optional_library import require
from .core import Color

__all__ = [
    "Arc",
    "ArcExtrusion",
    "ArcRevolve",
    "BidirectionalPattern",
    "CartesianAxes",
    "CircularExtrusion",
    "Cone",
    "Extrusion",
    "Group",
    "Line",
    "LinearPattern",
    "LineRevolve",
    "Material",
    "Pattern",
    "Point",
    "Polygon",
    "Polyline",
    "RectangularExtrusion",
    "Revolve",
    "Sphere",
    "SquareBeam",
    "Torus",
    "TransformableObject",
    "Triangle",
    "TriangleAssembly",
    "Vector",
]

Mesh = tuple[np.ndarray, np.ndarray]  # vertices (n, 3) float, faces (m, 3) int

_BLACK = Color(0, 0, 0)
_GREY = Color(221, 221, 221)


# -- vectors and points ----------------------------------------------------------------------------


class Vector:
    """A 3D vector (z defaults to 0)."""

    def __init__(self, x: float, y: float, z: float = 0) -> None:
        self.x, self.y, self.z = float(x), float(y), float(z)

    def __getitem__(self, index: int) -> float:
        return (self.x, self.y, self.z)[index]

    def __iter__(self) -> Iterator[float]:
        return iter((self.x, self.y, self.z))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vector) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((self.x, self.y, self.z))

    def __neg__(self) -> Vector:
        return Vector(-self.x, -self.y, -self.z)

    def __add__(self, other: Vector) -> Vector:
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other: Vector) -> Vector:
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, factor: float) -> Vector:
        return Vector(self.x * factor, self.y * factor, self.z * factor)

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"Vector(x={self.x}, y={self.y}, z={self.z})"

    @property
    def squared_magnitude(self) -> float:
        return self.x**2 + self.y**2 + self.z**2

    @property
    def magnitude(self) -> float:
        return math.sqrt(self.squared_magnitude)

    @property
    def coordinates(self) -> np.ndarray:
        return np.array([self.x, self.y, self.z])

    def normalize(self) -> Vector:
        length = self.magnitude
        if length == 0:
            raise ValueError("cannot normalize a null vector")
        return Vector(self.x / length, self.y / length, self.z / length)

    def dot(self, other: Vector) -> float:
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other: Vector) -> Vector:
        return Vector(*np.cross(self.coordinates, other.coordinates))


class Point:
    """A point in 3D space (z defaults to 0)."""

    def __init__(self, x: float, y: float, z: float = 0) -> None:
        self._x, self._y, self._z = float(x), float(y), float(z)

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
        return np.array([self._x, self._y, self._z])

    def __getitem__(self, index: int) -> float:
        return (self._x, self._y, self._z)[index]

    def __iter__(self) -> Iterator[float]:
        return iter((self._x, self._y, self._z))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((self._x, self._y, self._z))

    def __repr__(self) -> str:
        return f"Point(x={self._x}, y={self._y}, z={self._z})"

    def copy(self) -> Point:
        return Point(self._x, self._y, self._z)

    def coincides_with(self, other: Point) -> bool:
        return bool(np.allclose(self.coordinates, other.coordinates))

    def vector_to(self, point: Point) -> Vector:
        return Vector(point.x - self._x, point.y - self._y, point.z - self._z)

    def get_local_coordinates(self, local_origin: Point, spherical: bool = False) -> np.ndarray:
        local = self.coordinates - local_origin.coordinates
        if not spherical:
            return local
        r = float(np.linalg.norm(local))
        theta = math.acos(local[2] / r) if r else 0.0
        phi = math.atan2(local[1], local[0])
        return np.array([r, theta, phi])


def _xyz(point: Any, what: str) -> np.ndarray:
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


# -- materials -------------------------------------------------------------------------------------


class Material:
    """How a solid looks (colour, roughness, metalness, opacity); name/density/price are kept for the app."""

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
        **kwargs: Any,
    ) -> None:
        self.name = name
        self.density = density
        self.price = price
        self.threejs_type = threejs_type
        self.roughness = float(kwargs.get("threejs_roughness", roughness))
        self.metalness = float(kwargs.get("threejs_metalness", metalness))
        self.opacity = float(kwargs.get("threejs_opacity", opacity))
        self.color = _to_color(color)

    def __repr__(self) -> str:
        return f"Material(name={self.name!r}, color={self.color!r})"


def _to_color(color: Any) -> Color:
    if isinstance(color, Color):
        return color
    if isinstance(color, str):
        return Color.from_hex(color)
    if isinstance(color, (tuple, list)) and len(color) == 3:
        return Color(*(int(c) for c in color))
    raise TypeError(f"not a colour: {color!r}")


# -- transformable objects -------------------------------------------------------------------------


def _rotation_matrix(angle: float, direction: np.ndarray, point: np.ndarray) -> np.ndarray:
    axis = direction / np.linalg.norm(direction)
    x, y, z = axis
    c, s, t = math.cos(angle), math.sin(angle), 1 - math.cos(angle)
    rotation = np.array(
        [
            [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
            [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
            [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
        ]
    )
    matrix = np.eye(4)
    matrix[:3, :3] = rotation
    matrix[:3, 3] = point - rotation @ point
    return matrix


class TransformableObject:
    """Base of everything a GeometryView shows; transforms compose into ``_transformation``."""

    def __init__(self, *, identifier: str | None = None) -> None:
        self.identifier = identifier
        self._transformation = np.eye(4)

    def _apply(self, matrix: np.ndarray) -> TransformableObject:
        self._transformation = matrix @ self._transformation
        return self

    def translate(self, translation_vector: Vector | Sequence[float]) -> TransformableObject:
        matrix = np.eye(4)
        matrix[:3, 3] = _xyz(translation_vector, "translate vector")
        return self._apply(matrix)

    def rotate(
        self, angle: float, direction: Vector | Sequence[float], point: Point | Sequence[float] | None = None
    ) -> TransformableObject:
        """Rotate ``angle`` radians around the axis along ``direction`` through ``point`` (right-hand rule)."""
        axis = _xyz(direction, "rotation direction")
        if not np.linalg.norm(axis):
            raise ValueError("rotation direction must not be a null vector")
        origin = np.zeros(3) if point is None else _xyz(point, "rotation point")
        return self._apply(_rotation_matrix(float(angle), axis, origin))

    def mirror(self, point: Point | Sequence[float], normal: Vector | Sequence[float]) -> TransformableObject:
        """Mirror in the plane through ``point`` with ``normal``."""
        n = _xyz(normal, "mirror normal")
        if not np.linalg.norm(n):
            raise ValueError("mirror normal must not be a null vector")
        n = n / np.linalg.norm(n)
        p = _xyz(point, "mirror point")
        matrix = np.eye(4)
        matrix[:3, :3] = np.eye(3) - 2 * np.outer(n, n)
        matrix[:3, 3] = 2 * np.dot(p, n) * n
        return self._apply(matrix)

    def scale(self, scaling_vector: Vector | Sequence[float]) -> TransformableObject:
        matrix = np.eye(4)
        matrix[:3, :3] = np.diag(_xyz(scaling_vector, "scaling vector"))
        return self._apply(matrix)


class Group(TransformableObject):
    """Objects that transform together; a node with children in the glTF."""

    def __init__(self, objects: Sequence[TransformableObject], *, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        self._children: list[TransformableObject] = []
        self.add(objects)

    def add(self, objects: TransformableObject | Sequence[TransformableObject]) -> None:
        items = [objects] if isinstance(objects, TransformableObject) else list(objects)
        for item in items:
            if not isinstance(item, TransformableObject):
                raise TypeError(f"a Group holds TransformableObjects, got {type(item).__name__}")
        self._children.extend(items)

    @property
    def children(self) -> list[TransformableObject]:
        return list(self._children)

    def duplicate(self) -> Group:
        return copy.deepcopy(self)


# -- curves ----------------------------------------------------------------------------------------


class _Curve(TransformableObject):
    def __init__(self, *, color: Color = _BLACK, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        self.color = _to_color(color)

    def _polyline(self) -> np.ndarray:
        raise NotImplementedError


class Line(_Curve):
    """A straight line between two points."""

    def __init__(
        self,
        start_point: Point,
        end_point: Point,
        *,
        color: Color = _BLACK,
        identifier: str | None = None,
    ) -> None:
        super().__init__(color=color, identifier=identifier)
        start, end = _xyz(start_point, "Line start_point"), _xyz(end_point, "Line end_point")
        if np.allclose(start, end):
            raise ValueError("Line: start and end point coincide")
        self.start_point, self.end_point = Point(*start), Point(*end)

    @property
    def length(self) -> float:
        return float(np.linalg.norm(self.end_point.coordinates - self.start_point.coordinates))

    def direction(self, normalize: bool = True) -> Vector:
        vector = self.start_point.vector_to(self.end_point)
        return vector.normalize() if normalize else vector

    def discretize(self, num: int = 2) -> list[Point]:
        return [Point(*p) for p in np.linspace(self.start_point.coordinates, self.end_point.coordinates, num)]

    def _polyline(self) -> np.ndarray:
        return np.array([self.start_point.coordinates, self.end_point.coordinates])


class Polyline(_Curve):
    """Connected straight segments through a list of points."""

    def __init__(
        self,
        points: Sequence[Point],
        *,
        color: Color = _BLACK,
        identifier: str | None = None,
    ) -> None:
        super().__init__(color=color, identifier=identifier)
        coordinates = [_xyz(p, "Polyline point") for p in points]
        if len(coordinates) < 2:
            raise ValueError("Polyline needs at least 2 points")
        self.points = [Point(*c) for c in coordinates]

    @classmethod
    def from_lines(cls, lines: Sequence[Line], **kwargs: Any) -> Polyline:
        if not lines:
            raise ValueError("Polyline.from_lines needs at least one line")
        return cls([lines[0].start_point, *(line.end_point for line in lines)], **kwargs)

    @property
    def lines(self) -> list[Line]:
        return [Line(a, b) for a, b in zip(self.points, self.points[1:], strict=False) if a != b]

    def _polyline(self) -> np.ndarray:
        return np.array([p.coordinates for p in self.points])


class Arc(_Curve):
    """A circular arc around ``centre_point`` from ``start_point`` to ``end_point``."""

    def __init__(
        self,
        centre_point: Point,
        start_point: Point,
        end_point: Point,
        short_arc: bool = True,
        *,
        n_segments: int = 30,
        color: Color = _BLACK,
        identifier: str | None = None,
    ) -> None:
        super().__init__(color=color, identifier=identifier)
        self.centre_point = Point(*_xyz(centre_point, "Arc centre_point"))
        self.start_point = Point(*_xyz(start_point, "Arc start_point"))
        self.end_point = Point(*_xyz(end_point, "Arc end_point"))
        self.short_arc = short_arc
        self.n_segments = int(n_segments)
        if self.n_segments < 1:
            raise ValueError("Arc needs at least one segment")
        self.radius = float(np.linalg.norm(self.start_point.coordinates - self.centre_point.coordinates))
        end_radius = float(np.linalg.norm(self.end_point.coordinates - self.centre_point.coordinates))
        if not self.radius or not math.isclose(self.radius, end_radius, rel_tol=1e-6):
            raise ValueError("Arc: start and end point must lie at the same (non-zero) distance from the centre")

    def _frame(self) -> tuple[np.ndarray, np.ndarray, float]:
        """Unit vectors u (to the start), v (in the plane, 90 degrees on) and the swept angle."""
        a = self.start_point.coordinates - self.centre_point.coordinates
        b = self.end_point.coordinates - self.centre_point.coordinates
        normal = np.cross(a, b)
        if np.linalg.norm(normal) < 1e-12 * self.radius**2:
            normal = np.array([0.0, 0.0, 1.0])  # start and end opposite (or equal): take the xy-plane
        normal = normal / np.linalg.norm(normal)
        u = a / self.radius
        v = np.cross(normal, u)
        angle = math.atan2(float(np.dot(b, v)), float(np.dot(b, u)))
        if angle <= 0:
            angle += 2 * math.pi
        if not self.short_arc:
            angle -= 2 * math.pi  # the long way round, clockwise
        return u, v, angle

    @property
    def theta(self) -> float:
        return abs(self._frame()[2])

    @property
    def length(self) -> float:
        return self.radius * self.theta

    def discretize(self, num: int = 2) -> list[Point]:
        return [Point(*p) for p in self._points(max(int(num) - 1, 1))]

    def _points(self, segments: int) -> np.ndarray:
        u, v, angle = self._frame()
        t = np.linspace(0, angle, segments + 1)
        return self.centre_point.coordinates + self.radius * (np.outer(np.cos(t), u) + np.outer(np.sin(t), v))

    def _polyline(self) -> np.ndarray:
        return self._points(self.n_segments)


# -- solids ----------------------------------------------------------------------------------------

_Z = np.array([0.0, 0.0, 1.0])


class _Solid(TransformableObject):
    def __init__(self, *, material: Material | None = None, identifier: str | None = None) -> None:
        super().__init__(identifier=identifier)
        if material is not None and not isinstance(material, Material):
            raise TypeError(f"material must be a Material, got {type(material).__name__}")
        self.material = material

    def _mesh(self) -> Mesh:
        raise NotImplementedError


def _triangulate(rings: Sequence[np.ndarray]) -> np.ndarray:
    """Triangles (indices into the concatenated rings) of a 2D polygon with holes (ear clipping)."""
    mapbox_earcut = require("mapbox-earcut", feature="a viktor.geometry solid from a profile")  # lazily

    vertices = np.concatenate(rings).astype(np.float64)
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    indices = mapbox_earcut.triangulate_float64(vertices, ends)
    return np.asarray(indices, dtype=np.int64).reshape(-1, 3)


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def _oriented(ring: np.ndarray, ccw: bool) -> np.ndarray:
    if len(ring) > 1 and np.allclose(ring[0], ring[-1]):
        ring = ring[:-1]
    return ring if (_signed_area(ring) > 0) == ccw else ring[::-1]


def _frame_along(direction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Profile axes (x, y) for a path direction: y is as close to global Z ("up") as it can be."""
    z = direction / np.linalg.norm(direction)
    up = _Z if abs(float(np.dot(z, _Z))) < 1 - 1e-9 else np.array([0.0, 1.0, 0.0])
    if abs(float(np.dot(z, _Z))) >= 1 - 1e-9:
        x = np.array([1.0, 0.0, 0.0]) if z[2] > 0 else np.array([-1.0, 0.0, 0.0])
        return x, np.cross(z, x)
    y = up - np.dot(up, z) * z
    y /= np.linalg.norm(y)
    return np.cross(y, z), y


def _sweep(rings: Sequence[np.ndarray], path: np.ndarray, rotation_deg: float = 0.0) -> Mesh:
    """A solid swept from a 2D profile (outer ring then holes) along a path of 3D points, capped."""
    rings = [_oriented(np.asarray(r, dtype=float)[:, :2], ccw=(i == 0)) for i, r in enumerate(rings)]
    if len(rings[0]) < 3:
        raise ValueError("a profile needs at least 3 distinct points")
    angle = math.radians(rotation_deg)
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    profile = np.concatenate(rings) @ turn.T
    count = len(profile)
    vertices, faces = [], []
    for i, point in enumerate(path):
        tangent = path[min(i + 1, len(path) - 1)] - path[max(i - 1, 0)]
        x, y = _frame_along(tangent)
        vertices.append(point + np.outer(profile[:, 0], x) + np.outer(profile[:, 1], y))
    start = 0
    for ring in rings:
        n = len(ring)
        for i in range(len(path) - 1):
            a, b = i * count, (i + 1) * count
            for j in range(n):
                j0, j1 = start + j, start + (j + 1) % n
                faces.append([a + j0, a + j1, b + j1])
                faces.append([a + j0, b + j1, b + j0])
        start += n
    mesh_vertices = np.concatenate(vertices)
    cap = _triangulate(rings)
    first, last = len(mesh_vertices), len(mesh_vertices) + count
    mesh_vertices = np.concatenate([mesh_vertices, vertices[0], vertices[-1]])
    faces.extend((first + cap[:, ::-1]).tolist())
    faces.extend((last + cap).tolist())
    return mesh_vertices, np.asarray(faces, dtype=np.int64)


def _profile_2d(profile: Sequence[Point], owner: str) -> np.ndarray:
    points = np.array([_xyz(p, f"{owner} profile point") for p in profile])
    if len(points) < 3:
        raise ValueError(f"{owner}: a profile needs at least 3 points")
    return points[:, :2]


def _line(line: Any, owner: str) -> Line:
    if not isinstance(line, Line):
        raise TypeError(f"{owner} needs a Line, got {type(line).__name__}")
    return line


class Extrusion(_Solid):
    """A 2D profile (points in the local xy-plane) extruded along a line, starting at its start point."""

    def __init__(
        self,
        profile: list[Point],
        line: Line,
        profile_rotation: float = 0,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__(material=material, identifier=identifier)
        self.profile = list(profile)
        self._profile2d = _profile_2d(profile, type(self).__name__)
        self.line = _line(line, type(self).__name__)
        self.profile_rotation = float(profile_rotation)

    def _rings(self) -> list[np.ndarray]:
        return [self._profile2d]

    def _mesh(self) -> Mesh:
        return _sweep(self._rings(), self.line._polyline(), self.profile_rotation)


class RectangularExtrusion(Extrusion):
    """A box of ``width`` x ``height`` centred on a line."""

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
        if not (float(width) > 0 and float(height) > 0):
            raise ValueError("RectangularExtrusion: width and height must be positive")
        w, h = float(width) / 2, float(height) / 2
        profile = [Point(-w, -h), Point(w, -h), Point(w, h), Point(-w, h)]
        super().__init__(profile, line, profile_rotation, material=material, identifier=identifier)
        self.width, self.height = float(width), float(height)


def _circle(radius: float, segments: int = 32) -> np.ndarray:
    t = np.linspace(0, 2 * math.pi, segments, endpoint=False)
    return np.column_stack([radius * np.cos(t), radius * np.sin(t)])


class CircularExtrusion(_Solid):
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
        super().__init__(material=material, identifier=identifier)
        if not float(diameter) > 0:
            raise ValueError("CircularExtrusion: diameter must be positive")
        if shell_thickness is not None and not 0 < float(shell_thickness) < float(diameter) / 2:
            raise ValueError("CircularExtrusion: shell_thickness must be between 0 and the radius")
        self.diameter = float(diameter)
        self.line = _line(line, "CircularExtrusion")
        self.shell_thickness = shell_thickness

    @property
    def length(self) -> float:
        return self.line.length

    def _mesh(self) -> Mesh:
        radius = self.diameter / 2
        rings = [_circle(radius)]
        if self.shell_thickness is not None:
            rings.append(_circle(radius - float(self.shell_thickness))[::-1])
        return _sweep(rings, self.line._polyline())


class ArcExtrusion(_Solid):
    """A 2D profile swept along an arc."""

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
        super().__init__(material=material, identifier=identifier)
        if not isinstance(arc, Arc):
            raise TypeError(f"ArcExtrusion needs an Arc, got {type(arc).__name__}")
        self.profile = list(profile)
        self._profile2d = _profile_2d(profile, "ArcExtrusion")
        self.arc = arc
        self.profile_rotation = float(profile_rotation)
        self.n_segments = max(int(n_segments), 1)

    def _mesh(self) -> Mesh:
        return _sweep([self._profile2d], self.arc._points(self.n_segments), self.profile_rotation)


class SquareBeam(_Solid):
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
        super().__init__(material=material, identifier=identifier)
        lengths = [float(length_x), float(length_y), float(length_z)]
        if not all(length > 0 for length in lengths):
            raise ValueError("SquareBeam: every length must be positive")
        self.length_x, self.length_y, self.length_z = lengths

    def _mesh(self) -> Mesh:
        z = self.length_z / 2
        profile = np.array(
            [
                [-self.length_x / 2, -self.length_y / 2],
                [self.length_x / 2, -self.length_y / 2],
                [self.length_x / 2, self.length_y / 2],
                [-self.length_x / 2, self.length_y / 2],
            ]
        )
        vertices, faces = _sweep([profile], np.array([[0, 0, -z], [0, 0, z]]))
        return vertices, faces


class Sphere(_Solid):
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
        super().__init__(material=material, identifier=identifier)
        if not float(radius) > 0:
            raise ValueError("Sphere: radius must be positive")
        self.centre_point = Point(*_xyz(centre_point, "Sphere centre_point"))
        self.radius = float(radius)
        self.width_segments = max(int(width_segments), 3)
        self.height_segments = max(int(height_segments), 2)

    def _mesh(self) -> Mesh:
        w, hs = self.width_segments, self.height_segments
        theta = np.linspace(0, math.pi, hs + 1)[:, None]
        phi = np.linspace(0, 2 * math.pi, w, endpoint=False)[None, :]
        x = np.sin(theta) * np.cos(phi)
        y = np.sin(theta) * np.sin(phi)
        z = np.cos(theta) * np.ones_like(phi)
        vertices = self.centre_point.coordinates + self.radius * np.stack([x, y, z], axis=-1).reshape(-1, 3)
        faces = []
        for i in range(hs):
            for j in range(w):
                a, b = i * w + j, i * w + (j + 1) % w
                c, d = a + w, b + w
                if i > 0:
                    faces.append([a, c, b])
                if i < hs - 1:
                    faces.append([b, c, d])
        return vertices, np.asarray(faces, dtype=np.int64)


def _revolve(profile: np.ndarray, angle: float, segments: int, closed: bool) -> Mesh:
    """Revolve (radius, height) pairs around the local z-axis by ``angle`` radians."""
    steps = segments if closed else segments + 1
    t = np.linspace(0, angle, steps, endpoint=not closed)
    count = len(profile)
    vertices = np.concatenate(
        [np.column_stack([profile[:, 0] * math.cos(a), profile[:, 0] * math.sin(a), profile[:, 1]]) for a in t]
    )
    faces = []
    for i in range(segments):
        a, b = i * count, ((i + 1) % steps) * count
        for j in range(count - 1):
            faces.append([a + j, b + j, b + j + 1])
            faces.append([a + j, b + j + 1, a + j + 1])
    return vertices, np.asarray(faces, dtype=np.int64)


class Cone(_Solid):
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
        super().__init__(material=material, identifier=identifier)
        if not (float(diameter) > 0 and float(height) > 0):
            raise ValueError("Cone: diameter and height must be positive")
        self.diameter, self.height = float(diameter), float(height)
        self.origin = Point(0, 0, 0) if origin is None else Point(*_xyz(origin, "Cone origin"))
        self.orientation = Vector(0, 0, 1) if orientation is None else orientation

    @classmethod
    def from_line(
        cls, diameter: float, line: Line, *, material: Material | None = None, identifier: str | None = None
    ) -> Cone:
        return cls(
            diameter,
            line.length,
            origin=line.start_point,
            orientation=line.direction(),
            material=material,
            identifier=identifier,
        )

    def _mesh(self) -> Mesh:
        radius = self.diameter / 2
        vertices, faces = _revolve(np.array([[0.0, 0.0], [radius, 0.0], [0.0, self.height]]), 2 * math.pi, 48, True)
        axis = _xyz(self.orientation, "Cone orientation")
        axis = axis / np.linalg.norm(axis)
        x, y = _frame_along(axis)
        rotation = np.column_stack([x, y, axis])
        return self.origin.coordinates + vertices @ rotation.T, faces


class Torus(_Solid):
    """A torus around the z-axis (optionally a part of it, ``rotation_angle`` radians)."""

    def __init__(
        self,
        radius_cross_section: float,
        radius_rotation_axis: float,
        rotation_angle: float = 2 * math.pi,
        *,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__(material=material, identifier=identifier)
        self.radius_cross_section = float(radius_cross_section)
        self.radius_rotation_axis = float(radius_rotation_axis)
        self.rotation_angle = float(rotation_angle)

    def _mesh(self) -> Mesh:
        t = np.linspace(0, 2 * math.pi, 25)
        profile = np.column_stack(
            [self.radius_rotation_axis + self.radius_cross_section * np.cos(t), self.radius_cross_section * np.sin(t)]
        )
        closed = math.isclose(self.rotation_angle % (2 * math.pi), 0.0, abs_tol=1e-9)
        return _revolve(profile, self.rotation_angle, 64, closed)


class Revolve(_Solid):
    """A surface of revolution around the global z-axis (abstract: see LineRevolve, ArcRevolve)."""

    def __init__(
        self, *, rotation_angle: float | None = None, material: Material | None = None, identifier: str | None = None
    ) -> None:
        super().__init__(material=material, identifier=identifier)
        self.rotation_angle = 2 * math.pi if rotation_angle is None else float(rotation_angle)

    def _curve(self) -> np.ndarray:
        raise NotImplementedError

    def _mesh(self) -> Mesh:
        points = self._curve()
        profile = np.column_stack([np.hypot(points[:, 0], points[:, 1]), points[:, 2]])
        closed = math.isclose(self.rotation_angle % (2 * math.pi), 0.0, abs_tol=1e-9)
        return _revolve(profile, self.rotation_angle, 64, closed)


class LineRevolve(Revolve):
    """A line revolved around the z-axis (a cone, cylinder or disc surface)."""

    def __init__(self, line: Line, *, material: Material | None = None, identifier: str | None = None) -> None:
        super().__init__(material=material, identifier=identifier)
        self.line = _line(line, "LineRevolve")

    def _curve(self) -> np.ndarray:
        return self.line._polyline()


class ArcRevolve(Revolve):
    """An arc revolved around the z-axis."""

    def __init__(
        self,
        arc: Arc,
        *,
        rotation_angle: float | None = None,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> None:
        super().__init__(rotation_angle=rotation_angle, material=material, identifier=identifier)
        if not isinstance(arc, Arc):
            raise TypeError(f"ArcRevolve needs an Arc, got {type(arc).__name__}")
        self.arc = arc

    def _curve(self) -> np.ndarray:
        return self.arc._polyline()


class Triangle:
    """Three corner points of a TriangleAssembly face."""

    def __init__(self, point1: Point, point2: Point, point3: Point) -> None:
        self.vertices = [Point(*_xyz(p, "Triangle point")) for p in (point1, point2, point3)]


class TriangleAssembly(_Solid):
    """A mesh given as triangles."""

    def __init__(
        self,
        triangles: list[Triangle],
        *,
        material: Material | None = None,
        skip_duplicate_vertices_check: bool = False,
        identifier: str | None = None,
    ) -> None:
        super().__init__(material=material, identifier=identifier)
        for triangle in triangles:
            if not isinstance(triangle, Triangle):
                raise TypeError(f"TriangleAssembly holds Triangles, got {type(triangle).__name__}")
        if not triangles:
            raise ValueError("TriangleAssembly needs at least one triangle")
        self.triangles = list(triangles)

    def _mesh(self) -> Mesh:
        vertices = np.array([p.coordinates for t in self.triangles for p in t.vertices])
        return vertices, np.arange(len(vertices)).reshape(-1, 3)


class Polygon(_Solid):
    """A flat, filled polygon through ``points`` (any plane)."""

    def __init__(
        self,
        points: list[Point],
        *,
        surface_orientation: bool = False,
        material: Material | None = None,
        skip_duplicate_vertices_check: bool = False,
        identifier: str | None = None,
    ) -> None:
        super().__init__(material=material, identifier=identifier)
        coordinates = [_xyz(p, "Polygon point") for p in points]
        if len(coordinates) < 3:
            raise ValueError("Polygon needs at least 3 points")
        self.points = [Point(*c) for c in coordinates]
        self.surface_orientation = surface_orientation

    def extrude(
        self,
        line: Line,
        *,
        profile_rotation: float = 0,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> Extrusion:
        return Extrusion(self.points, line, profile_rotation, material=material or self.material, identifier=identifier)

    def _mesh(self) -> Mesh:
        points = np.array([p.coordinates for p in self.points])
        normal = np.zeros(3)
        for a, b in zip(points, np.roll(points, -1, axis=0), strict=True):  # Newell's method
            normal += np.array(
                [(a[1] - b[1]) * (a[2] + b[2]), (a[2] - b[2]) * (a[0] + b[0]), (a[0] - b[0]) * (a[1] + b[1])]
            )
        if not np.linalg.norm(normal):
            raise ValueError("Polygon: the points are collinear")
        x, y = _frame_along(normal)
        flat = np.column_stack([(points - points[0]) @ x, (points - points[0]) @ y])
        faces = _triangulate([flat])
        return points, np.concatenate([faces, faces[:, ::-1]])  # two-sided: visible from both faces


# -- patterns --------------------------------------------------------------------------------------


class Pattern(Group):
    """Copies of ``base_object`` moved by each of ``duplicate_translation_list`` (the first copy stays put)."""

    def __init__(
        self,
        base_object: TransformableObject,
        duplicate_translation_list: list[list[float]],
        *,
        identifier: str | None = None,
    ) -> None:
        if not isinstance(base_object, TransformableObject):
            raise TypeError(f"a pattern repeats a TransformableObject, got {type(base_object).__name__}")
        copies = [base_object]
        for translation in duplicate_translation_list:
            duplicate = copy.deepcopy(base_object)
            duplicate.translate(translation)
            copies.append(duplicate)
        super().__init__(copies, identifier=identifier)
        self.base_object = base_object


class LinearPattern(Pattern):
    """``number_of_elements`` copies along ``direction``, ``spacing`` apart."""

    def __init__(
        self,
        base_object: TransformableObject,
        direction: Vector,
        number_of_elements: int,
        spacing: float,
        *,
        identifier: str | None = None,
    ) -> None:
        if int(number_of_elements) < 1:
            raise ValueError("LinearPattern needs at least one element")
        unit = _xyz(direction, "LinearPattern direction")
        unit = unit / np.linalg.norm(unit)
        translations = [list(unit * spacing * i) for i in range(1, int(number_of_elements))]
        super().__init__(base_object, translations, identifier=identifier)


class BidirectionalPattern(Pattern):
    """A grid of copies along two directions."""

    def __init__(
        self,
        base_object: TransformableObject,
        direction_1: Vector,
        direction_2: Vector,
        number_of_elements_1: int,
        number_of_elements_2: int,
        spacing_1: float,
        spacing_2: float,
        *,
        identifier: str | None = None,
    ) -> None:
        if int(number_of_elements_1) < 1 or int(number_of_elements_2) < 1:
            raise ValueError("BidirectionalPattern needs at least one element in each direction")
        u = _xyz(direction_1, "direction_1")
        v = _xyz(direction_2, "direction_2")
        u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
        translations = [
            list(u * spacing_1 * i + v * spacing_2 * j)
            for i in range(int(number_of_elements_1))
            for j in range(int(number_of_elements_2))
            if i or j
        ]
        super().__init__(base_object, translations, identifier=identifier)


class CartesianAxes(Group):
    """Red, green and blue cylinders along x, y and z."""

    def __init__(self, origin: Point | None = None, axis_length: float = 1, axis_diameter: float = 0.05) -> None:
        o = np.zeros(3) if origin is None else _xyz(origin, "CartesianAxes origin")
        axes = []
        for axis, color in ((np.eye(3)[0], Color.red()), (np.eye(3)[1], Color.green()), (np.eye(3)[2], Color.blue())):
            line = Line(Point(*o), Point(*(o + axis * axis_length)))
            axes.append(CircularExtrusion(axis_diameter, line, material=Material(color=color)))
        super().__init__(axes)
