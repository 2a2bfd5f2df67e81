"""``viktor.geometry``'s solids and patterns: extrusions, revolves, spheres, polygons, meshes (viktor_api.md §8).

A solid keeps its parameters (and the SDK's derived figures: areas, volumes) while its
transformation changes; it builds its triangle mesh in local coordinates (``_mesh() -> (vertices,
faces)``) for :mod:`viktorlite.sdk._gltf`, which places it with the transformation. Extrusions put their
local frame (origin at the line's start, z along it) in that transformation too, as the SDK does;
revolves turn about the global y-axis.
"""

from __future__ import annotations

import abc
import copy
import math
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..optional_library import require
from ._geometry_3d import (
    Arc,
    Group,
    Line,
    Material,
    Point,
    TransformableObject,
    Vector,
    _Compound,
    _default_material,
    _in_xy_plane,
    _raw_vector,
    _xyz,
)
from ._geometry_maths import isclose, rotation_matrix, surface_area_dome, translation_matrix
from .core import Color

__all__ = [
    "ArcExtrusion",
    "ArcRevolve",
    "BidirectionalPattern",
    "CartesianAxes",
    "CircularExtrusion",
    "Cone",
    "Extrusion",
    "LinearPattern",
    "LineRevolve",
    "Pattern",
    "Polygon",
    "RectangularExtrusion",
    "Revolve",
    "Sphere",
    "SquareBeam",
    "Torus",
    "Triangle",
    "TriangleAssembly",
]

Mesh = tuple[np.ndarray, np.ndarray]  # vertices (n, 3) float, faces (m, 3) int
_ORIGIN = Point(0, 0, 0)

# -- solids ----------------------------------------------------------------------------------------

_Z = np.array([0.0, 0.0, 1.0])


class _Solid:
    """Marks an object :mod:`viktorlite.sdk._gltf` draws as one mesh (``_mesh()``, ``material``)."""

    material: Any

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


def _frame_along(direction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Profile axes (x, y) for a path direction: y is as close to global Z ("up") as it can be."""
    z = direction / np.linalg.norm(direction)
    if abs(float(np.dot(z, _Z))) >= 1 - 1e-9:
        x = np.array([1.0, 0.0, 0.0]) if z[2] > 0 else np.array([-1.0, 0.0, 0.0])
        return x, np.cross(z, x)
    y = _Z - np.dot(_Z, z) * z
    y /= np.linalg.norm(y)
    return np.cross(y, z), y


def _sweep(
    rings: Sequence[np.ndarray],
    path: np.ndarray,
    frames: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
) -> Mesh:
    """A solid swept from a 2D profile (outer ring then holes) along a path of 3D points, capped.

    ``frames`` gives the profile's (x, y) axes per path point; by default y points up as far as it can.
    """
    rings = [_oriented(np.asarray(r, dtype=float)[:, :2], ccw=(i == 0)) for i, r in enumerate(rings)]
    if len(rings[0]) < 3:
        raise ValueError("a profile needs at least 3 distinct points")
    profile = np.concatenate(rings)
    count = len(profile)
    vertices, faces = [], []
    for i, point in enumerate(path):
        if frames is None:
            x, y = _frame_along(path[min(i + 1, len(path) - 1)] - path[max(i - 1, 0)])
        else:
            x, y = frames[i]
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


def _revolve_about_y(profile: np.ndarray, angle: float, segments: int = 64) -> Mesh:
    """Revolve (radius, height) pairs about the global y-axis by ``angle`` radians, starting at -z."""
    closed = isclose(abs(angle) % (2 * math.pi), 0.0) and angle != 0
    steps = segments if closed else segments + 1
    t = np.linspace(0, angle, steps, endpoint=not closed)
    count = len(profile)
    vertices = np.concatenate(
        [np.column_stack([-profile[:, 0] * math.sin(a), profile[:, 1], -profile[:, 0] * math.cos(a)]) for a in t]
    )
    faces = []
    for i in range(segments):
        a, b = i * count, ((i + 1) % steps) * count
        for j in range(count - 1):
            faces.append([a + j, b + j, b + j + 1])
            faces.append([a + j, b + j + 1, a + j + 1])
    return vertices, np.asarray(faces, dtype=np.int64)


def _placement(line: Line, profile_rotation: float) -> np.ndarray:
    """The SDK's local frame of an extrusion: origin at the line's start, local z along the line,
    turned ``profile_rotation`` degrees about it."""
    start, end = line._ends()
    dx, dy, dz = (end - start) / np.linalg.norm(end - start)
    tilt = -math.atan2(dy, math.hypot(dx, dz))
    heading = math.atan2(dx, dz)
    return (
        translation_matrix(start)
        @ rotation_matrix(heading, [0, 1, 0])
        @ rotation_matrix(tilt, [1, 0, 0])
        @ rotation_matrix(math.radians(profile_rotation), [0, 0, 1])
    )


def _profile_ring(profile: Sequence[Point], owner: str) -> np.ndarray:
    """The profile's xy coordinates, checked as the SDK checks them: all but the last point (which closes
    the profile) must make a valid polygon in the xy-plane."""
    points = list(profile)[:-1]
    _check_polygon(points)
    return np.array([[p.x, p.y] for p in points], dtype=float)


class Extrusion(_Compound, _Solid):
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
        self._transformation = _placement(line, profile_rotation)

    @property
    def profile(self) -> list[Point]:
        return self._profile

    @property
    def material(self) -> Material:
        return self._material

    @material.setter
    def material(self, material: Material) -> None:
        self._material = material

    @property
    def line(self) -> Line:
        return self._line

    @property
    def length(self) -> float:
        return self._line.length

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

    def _mesh(self) -> Mesh:
        axes = (np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
        return _sweep([self._ring], np.array([[0.0, 0.0, 0.0], [0.0, 0.0, self.length]]), [axes, axes])


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
    """A 2D profile swept along an arc: local x is global +z, local z follows the arc."""

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

    def _mesh(self) -> Mesh:
        path = self._arc._points(self._n_segments + 1)
        turn = math.radians(self._profile_rotation)
        frames = []
        for i in range(len(path)):
            tangent = path[min(i + 1, len(path) - 1)] - path[max(i - 1, 0)]
            tangent = tangent / np.linalg.norm(tangent)
            x, y = _Z, np.cross(tangent, _Z)
            x, y = math.cos(turn) * x + math.sin(turn) * y, -math.sin(turn) * x + math.cos(turn) * y
            frames.append((x, y))
        return _sweep([self._ring], path, frames)


def _circle(radius: float, segments: int = 32) -> np.ndarray:
    t = np.linspace(0, 2 * math.pi, segments, endpoint=False)
    return np.column_stack([radius * np.cos(t), radius * np.sin(t)])


class CircularExtrusion(TransformableObject, _Solid):
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
    def line(self) -> Line:
        return self._line

    @property
    def length(self) -> float:
        return self._line.length

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

    def _mesh(self) -> Mesh:
        radius = abs(self._diameter) / 2 or 1e-6
        rings = [_circle(radius)]
        if self._shell_thickness:
            rings.append(_circle(radius - float(self._shell_thickness))[::-1])
        return _sweep(rings, np.array(self._line._ends()))


class Sphere(TransformableObject, _Solid):
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
        super().__init__(identifier=identifier)
        self.centre_point = centre_point
        self.radius = radius
        self.width_segments = width_segments
        self.height_segments = height_segments
        self.material = material if material is not None else _default_material()

    def diameter(self) -> float:
        return self.radius * 2

    def circumference(self) -> float:
        return 2 * math.pi * self.radius

    def surface_area(self) -> float:
        return 4 * math.pi * self.radius**2

    def volume(self) -> float:
        return 4 / 3 * math.pi * self.radius**3

    def _mesh(self) -> Mesh:
        w, hs = max(int(self.width_segments), 3), max(int(self.height_segments), 2)
        theta = np.linspace(0, math.pi, hs + 1)[:, None]
        phi = np.linspace(0, 2 * math.pi, w, endpoint=False)[None, :]
        x = np.sin(theta) * np.cos(phi)
        y = np.sin(theta) * np.sin(phi)
        z = np.cos(theta) * np.ones_like(phi)
        centre = _xyz(self.centre_point, "Sphere centre_point")
        vertices = centre + abs(self.radius) * np.stack([x, y, z], axis=-1).reshape(-1, 3)
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


def _revolve_about_z(profile: np.ndarray, segments: int = 48) -> Mesh:
    """(radius, height) pairs revolved a full turn about the local z-axis."""
    t = np.linspace(0, 2 * math.pi, segments, endpoint=False)
    count = len(profile)
    vertices = np.concatenate(
        [np.column_stack([profile[:, 0] * math.cos(a), profile[:, 0] * math.sin(a), profile[:, 1]]) for a in t]
    )
    faces = []
    for i in range(segments):
        a, b = i * count, ((i + 1) % segments) * count
        for j in range(count - 1):
            faces.append([a + j, b + j, b + j + 1])
            faces.append([a + j, b + j + 1, a + j + 1])
    return vertices, np.asarray(faces, dtype=np.int64)


class Cone(TransformableObject, _Solid):
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
        super().__init__(identifier=identifier)
        if not diameter > 0:
            raise ValueError("Cone diameter should be larger than 0")
        if not height > 0:
            raise ValueError("Cone height should be larger than 0")
        self._diameter, self._height = diameter, height
        self._origin = Point(0, 0, 0) if origin is None else origin
        self._orientation = Vector(0, 0, 1) if orientation is None else orientation
        self.material = material if material is not None else _default_material()

    @classmethod
    def from_line(
        cls, diameter: float, line: Line, *, material: Material | None = None, identifier: str | None = None
    ) -> Cone:
        """A cone with its base centre at the line's start and its apex at the line's end."""
        return cls(
            diameter,
            line.length,
            origin=line.start_point,
            orientation=line.direction(),
            material=material,
            identifier=identifier,
        )

    def _mesh(self) -> Mesh:
        radius = self._diameter / 2
        vertices, faces = _revolve_about_z(np.array([[0.0, 0.0], [radius, 0.0], [0.0, self._height]]))
        axis = _xyz(self._orientation, "Cone orientation")
        axis = axis / np.linalg.norm(axis) if np.linalg.norm(axis) else _Z
        x, y = _frame_along(axis)
        rotation = np.column_stack([x, y, axis])
        return _xyz(self._origin, "Cone origin") + vertices @ rotation.T, faces


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

    def _mesh(self) -> Mesh:
        points = self._curve()
        return _revolve_about_y(points[:, :2], self._rotation_angle)


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


class Torus(_Compound, _Solid):
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

    @property
    def material(self) -> Material:
        return self._material

    @material.setter
    def material(self, value: Material) -> None:
        self._material = value

    def _mesh(self) -> Mesh:
        t = np.linspace(0, 2 * math.pi, 25)
        r = abs(self._radius_cross_section)
        profile = np.column_stack([self._radius_rotation_axis + r * np.cos(t), r * np.sin(t)])
        return _revolve_about_y(profile, self._rotation_angle)


class Triangle:
    """Three corner points of a TriangleAssembly face."""

    def __init__(self, point1: Point, point2: Point, point3: Point) -> None:
        self.profile = [point1, point2, point3]
        self.vertices = [[p.x, p.y, p.z] for p in self.profile]

    def __repr__(self) -> str:
        return f"<Triangle ({', '.join(map(repr, self.profile))})>"

    def area(self) -> float:
        a, b, c = (np.array(v, dtype=float) for v in self.vertices)
        return float(np.linalg.norm(np.cross(b - a, c - a)) / 2)

    @property
    def centroid(self) -> tuple[float, float, float]:
        return (
            sum(p.x for p in self.profile) / 3,
            sum(p.y for p in self.profile) / 3,
            sum(p.z for p in self.profile) / 3,
        )

    @property
    def moment_of_inertia(self) -> tuple[float, float]:
        """``(Ix, Iy)`` about the centroid, as the SDK computes them: the moments about the axes along and
        across the first edge (point1 to point2), turned back to x and y without their product term, so
        they are exact only when that edge is parallel to an axis (or the product term is zero)."""
        p1, p2, p3 = (np.array([p.x, p.y], dtype=float) for p in self.profile)
        edge, apex = p2 - p1, p3 - p1
        base = np.float64(np.linalg.norm(edge))
        with np.errstate(divide="ignore", invalid="ignore"):  # a degenerate triangle gives nan, as in the SDK
            height = abs(edge[0] * apex[1] - edge[1] * apex[0]) / base
            offset = np.dot(apex, edge) / base
        along = base * height**3 / 36
        across = (base**3 * height - base**2 * height * offset + base * height * offset**2) / 36
        turn = math.cos(2 * math.atan2(edge[1], edge[0])) * (along - across) / 2
        return (np.float64((along + across) / 2 + turn), np.float64((along + across) / 2 - turn))


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


class TriangleAssembly(TransformableObject, _Solid):
    """A mesh given as triangles (right-hand rule on each triangle's points: its outside)."""

    def __init__(
        self,
        triangles: list[Triangle],
        *,
        material: Material | None = None,
        skip_duplicate_vertices_check: bool = False,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        self._triangles = triangles
        self._skip_duplicate_vertices_check = skip_duplicate_vertices_check
        self.material = material if material is not None else _default_material()

    def _mesh(self) -> Mesh:
        for triangle in self._triangles:
            if not isinstance(triangle, Triangle):
                raise TypeError(f"TriangleAssembly holds Triangles, got {type(triangle).__name__}")
        vertices = np.array([v for t in self._triangles for v in t.vertices], dtype=float).reshape(-1, 3)
        return vertices, np.arange(len(vertices)).reshape(-1, 3)


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


class Polygon(TransformableObject, _Solid):
    """A flat, filled polygon in the xy-plane (closed implicitly), without holes."""

    def __init__(
        self,
        points: list[Point],
        *,
        surface_orientation: bool = False,
        material: Material | None = None,
        skip_duplicate_vertices_check: bool = False,
        identifier: str | None = None,
    ) -> None:
        super().__init__(identifier=identifier)
        _check_polygon(points)
        self.points = points
        self.material = material if material is not None else _default_material()
        self._surface_orientation = surface_orientation
        self._skip_duplicate_vertices_check = skip_duplicate_vertices_check

    def _ring(self) -> np.ndarray:
        return np.array([[p.x, p.y] for p in self.points], dtype=float)

    def has_clockwise_circumference(self) -> bool:
        return _signed_area(self._ring()) < 0

    @property
    def cross_sectional_area(self) -> float:
        return abs(_signed_area(self._ring()))

    @property
    def centroid(self) -> tuple[float, float]:
        ring = self._ring()
        x, y = ring[:, 0], ring[:, 1]
        x1, y1 = np.roll(x, -1), np.roll(y, -1)
        cross = x * y1 - x1 * y
        area = cross.sum() / 2
        return (float(((x + x1) * cross).sum() / (6 * area)), float(((y + y1) * cross).sum() / (6 * area)))

    @property
    def moment_of_inertia(self) -> tuple[float, float]:
        """``(Ix, Iy)`` about the centroid."""
        return _second_moments(self._ring())

    def extrude(
        self,
        line: Line,
        *,
        profile_rotation: float = 0,
        material: Material | None = None,
        identifier: str | None = None,
    ) -> Extrusion:
        """This polygon (made clockwise and closed) extruded along ``line``."""
        points = list(self.points)
        if not self.has_clockwise_circumference():
            points = [points[0], *points[:0:-1]]
        return Extrusion(
            [*points, points[0]], line, profile_rotation=profile_rotation, material=material, identifier=identifier
        )

    def _mesh(self) -> Mesh:
        ring = self._ring()
        faces = _triangulate([_oriented(ring, ccw=True)])
        if _signed_area(ring) < 0:
            ring = ring[::-1]
        vertices = np.column_stack([ring, np.zeros(len(ring))])
        return vertices, np.concatenate([faces, faces[:, ::-1]])  # two-sided: visible from both faces


# -- patterns --------------------------------------------------------------------------------------


class Pattern(Group):
    """The base object plus copies of it moved by each of ``duplicate_translation_list``."""

    def __init__(
        self,
        base_object: TransformableObject,
        duplicate_translation_list: list[list[float]],
        *,
        identifier: str | None = None,
    ) -> None:
        self.base_object = base_object
        copies = [base_object]
        for translation in duplicate_translation_list:
            duplicate = copy.deepcopy(base_object)
            duplicate.translate(translation)
            copies.append(duplicate)
        super().__init__(copies, identifier=identifier)


class LinearPattern(Pattern):
    """``number_of_elements`` objects along ``direction`` (times ``spacing``), the base object first."""

    def __init__(
        self,
        base_object: TransformableObject,
        direction: list[float],
        number_of_elements: int,
        spacing: float,
        *,
        identifier: str | None = None,
    ) -> None:
        step = np.array(_raw_vector(direction), dtype=float) * spacing
        translations = [list(step * i) for i in range(1, number_of_elements)]
        super().__init__(base_object, translations, identifier=identifier)


class BidirectionalPattern(Pattern):
    """A grid of copies along two directions (the first direction varies slowest)."""

    def __init__(
        self,
        base_object: TransformableObject,
        direction_1: list[float],
        direction_2: list[float],
        number_of_elements_1: int,
        number_of_elements_2: int,
        spacing_1: float,
        spacing_2: float,
        *,
        identifier: str | None = None,
    ) -> None:
        u = np.array(_raw_vector(direction_1), dtype=float) * spacing_1
        v = np.array(_raw_vector(direction_2), dtype=float) * spacing_2
        translations = [
            list(u * i + v * j) for i in range(number_of_elements_1) for j in range(number_of_elements_2) if i or j
        ]
        super().__init__(base_object, translations, identifier=identifier)


class CartesianAxes(Group):
    """Red, green and blue cylinders along x, y and z."""

    def __init__(self, origin: Point = _ORIGIN, axis_length: float = 1, axis_diameter: float = 0.05) -> None:
        o = _xyz(origin, "CartesianAxes origin")
        axes = []
        for axis, color in ((np.eye(3)[0], Color.red()), (np.eye(3)[1], Color.green()), (np.eye(3)[2], Color.blue())):
            line = Line(Point(*o), Point(*(o + axis * axis_length)))
            axes.append(CircularExtrusion(axis_diameter, line, material=Material(color=color)))
        super().__init__(axes)
