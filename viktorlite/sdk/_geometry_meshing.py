"""Triangle meshes of ``viktor.geometry``'s solids, made with trimesh's mesh builders (worker side only).

Each solid's ``_mesh()`` calls one of these and gets a ``trimesh.Trimesh`` in the solid's local
coordinates; :mod:`._gltf` puts it in a node carrying the solid's transformation. The conventions
are the SDK's, as its glTF shows them: a solid of revolution turns about the local y-axis starting
at -z; a prism stands on its profile in the local xy-plane and rises along local z. Profiles are
triangulated by earcut (trimesh's own polygon triangulation needs shapely, which viktorlite does
not install); trimesh and earcut are imported on first use, so importing ``viktor.geometry`` stays
cheap.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..optional_library import require
from ._geometry_maths import rotation_matrix
from ._geometry_profiles import _oriented, _triangulate

if TYPE_CHECKING:
    import numpy as np
    import trimesh
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

_FEATURE = "GeometryView"
#: trimesh revolves about z from +x; the SDK about y from -z: (r cos t, r sin t, h) -> (-r sin t, h, -r cos t).
_Z_TO_Y = ((0.0, -1.0, 0.0, 0.0), (0.0, 0.0, 1.0, 0.0), (-1.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 1.0))
_Y = (0.0, 1.0, 0.0)


class _Solid:
    """Marks an object :mod:`._gltf` draws as one mesh (``_mesh()``, ``material``)."""

    material: Any

    def _mesh(self) -> trimesh.Trimesh:
        raise NotImplementedError


@functools.cache
def _trimesh() -> Any:
    """trimesh, checked once (the check reads the installed version: too slow for every mesh)."""
    return require("trimesh", feature=_FEATURE)


if TYPE_CHECKING:
    #: A local mesh as the builders return it: vertices (n, 3) float, faces (m, 3) int; read-only when cached.
    Arrays = tuple[np.ndarray, np.ndarray]


def _frozen(mesh: Any) -> Arrays:
    vertices, faces = np.array(mesh.vertices, dtype=float), np.array(mesh.faces, dtype=np.int64)
    vertices.flags.writeable = faces.flags.writeable = False
    return vertices, faces


def _mesh(arrays: Arrays, matrix: np.ndarray | None = None) -> trimesh.Trimesh:
    """A trimesh of (cached) local arrays, moved by a 4x4 ``matrix``; faces stay outwards under a mirror."""
    vertices, faces = arrays
    if matrix is None:
        vertices = vertices.copy()
    else:
        vertices = vertices @ matrix[:3, :3].T + matrix[:3, 3]
        if np.linalg.det(matrix[:3, :3]) < 0:
            faces = faces[:, ::-1]
    return _trimesh().Trimesh(vertices=vertices, faces=faces.copy(), process=False)


def _key(points: Any) -> tuple[tuple[float, ...], ...]:
    """A profile as a hashable cache key."""
    return tuple(map(tuple, np.asarray(points, dtype=float).tolist()))


def triangles(vertices: np.ndarray, faces: np.ndarray) -> trimesh.Trimesh:
    """A mesh of the given triangles; coinciding corners are merged into one vertex."""
    return _trimesh().Trimesh(vertices=vertices, faces=faces)


@functools.lru_cache(maxsize=64)
def _uv_sphere(radius: float, width_segments: int, height_segments: int) -> Arrays:
    return _frozen(_trimesh().creation.uv_sphere(radius, count=[width_segments, height_segments]))


def sphere(centre: np.ndarray, radius: float, width_segments: int, height_segments: int) -> trimesh.Trimesh:
    """A UV sphere with ``width_segments`` lines of latitude and ``height_segments`` of longitude (as the SDK)."""
    matrix = np.identity(4)
    matrix[:3, 3] = centre
    return _mesh(_uv_sphere(float(radius), int(width_segments), int(height_segments)), matrix)


@functools.lru_cache(maxsize=64)
def _revolved(profile: tuple[tuple[float, ...], ...], angle: float, sections: int, closed_profile: bool) -> Arrays:
    trimesh = _trimesh()
    ring = np.array(profile, dtype=float)
    if closed_profile:
        ring = _oriented(ring, ccw=True)
        ring = np.vstack([ring, ring[:1]])
    full = math.isclose(abs(angle), 2 * math.pi, abs_tol=1e-10)
    mesh = trimesh.creation.revolve(ring, angle=None if full else abs(angle), sections=sections, process=False)
    faces = [mesh.faces]
    if closed_profile and not full:  # cap both ends with the profile's triangulation
        cap = _counter_clockwise(ring, _triangulate([ring[:-1]]))  # faces -y at the start (the turn goes to +y)
        last = len(mesh.vertices) - len(ring)
        faces += [cap, last + cap[:, ::-1]]
    # a negative turn is the mirror image of the positive one (trimesh keeps the faces outwards)
    transform = np.array(_Z_TO_Y) if angle >= 0 else np.array(_Z_TO_Y) @ np.diag([1.0, -1.0, 1.0, 1.0])
    return _frozen(triangles(mesh.vertices, np.concatenate(faces)).apply_transform(transform))


def revolve_about_y(
    profile: np.ndarray,
    angle: float = 2 * math.pi,
    sections: int = 64,
    *,
    closed_profile: bool = False,
    matrix: np.ndarray | None = None,
) -> trimesh.Trimesh:
    """``(radius, height)`` points revolved ``angle`` radians about the y-axis, starting at -z; moved by ``matrix``.

    A ``closed_profile`` (a ring, counter-clockwise in the (radius, height) plane) makes a solid: a part
    turn gets end caps. An open profile makes a surface (both ends on the axis close it).
    """
    return _mesh(_revolved(_key(profile), float(angle), int(sections), closed_profile), matrix)


def _counter_clockwise(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """2D triangles turned counter-clockwise (earcut does not promise an orientation)."""
    a, b, c = (points[faces[:, i]] for i in range(3))
    cross = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
    return np.where((cross < 0)[:, None], faces[:, ::-1], faces)


@functools.lru_cache(maxsize=64)
def _prism(rings: tuple[tuple[tuple[float, ...], ...], ...], height: float) -> Arrays:
    oriented = [_oriented(np.array(r, dtype=float)[:, :2], ccw=(i == 0)) for i, r in enumerate(rings)]
    if len(oriented[0]) < 3:
        raise ValueError("a profile needs at least 3 distinct points")
    mesh = _trimesh().creation.extrude_triangulation(np.concatenate(oriented), _triangulate(oriented), height)
    return _frozen(mesh)


def prism(rings: Sequence[np.ndarray], height: float) -> trimesh.Trimesh:
    """A 2D profile (outer ring, then holes; either orientation) extruded ``height`` along local z."""
    return _mesh(_prism(tuple(_key(r) for r in rings), float(height)))


def prisms(rings: Sequence[np.ndarray], matrices: Sequence[np.ndarray]) -> trimesh.Trimesh:
    """One mesh of a unit-height prism of the profile under each 4x4 ``matrix`` (stretch, turn, move)."""
    vertices, faces = _prism(tuple(_key(r) for r in rings), 1.0)
    stacked = np.concatenate([vertices @ m[:3, :3].T + m[:3, 3] for m in matrices])
    offsets = np.repeat(np.arange(len(matrices)) * len(vertices), len(faces))[:, None]
    return _trimesh().Trimesh(vertices=stacked, faces=np.tile(faces, (len(matrices), 1)) + offsets, process=False)


def flat_polygon(ring: np.ndarray) -> trimesh.Trimesh:
    """A filled polygon in the local xy-plane facing +z (its material shows both sides)."""
    ring = _oriented(np.asarray(ring, dtype=float), ccw=True)
    vertices = np.column_stack([ring, np.zeros(len(ring))])
    return triangles(vertices, _counter_clockwise(ring, _triangulate([ring])))


def frame_y_along(direction: np.ndarray) -> np.ndarray:
    """The SDK's frame of a circular extrusion: y along ``direction``, x level (perpendicular to global y)."""
    y = direction / np.linalg.norm(direction)
    x = np.cross(_Y, y)
    x = x / np.linalg.norm(x) if np.linalg.norm(x) > 1e-12 else np.array([1.0, 0.0, 0.0])
    matrix = np.identity(4)
    matrix[:3, :3] = np.column_stack([x, y, np.cross(x, y)])
    return matrix


def turn_y_to(direction: np.ndarray) -> np.ndarray:
    """The SDK's frame of a cone: the smallest rotation taking y to ``direction`` (half a turn about x for -y)."""
    d = direction / np.linalg.norm(direction)
    axis = np.cross(_Y, d)
    if np.linalg.norm(axis) < 1e-12:
        return np.identity(4) if d[1] > 0 else rotation_matrix(math.pi, [1.0, 0.0, 0.0])
    return rotation_matrix(math.acos(max(-1.0, min(1.0, float(d[1])))), axis)
