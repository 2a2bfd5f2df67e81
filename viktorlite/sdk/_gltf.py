"""``viktor.geometry`` objects to a binary glTF (GLB), built with trimesh; runs in the worker.

Every object becomes a glTF node carrying its own transformation; a Group is a node whose
children are its objects. Node names follow the platform's rule (viktor_api.md §14 rule 20):
named by ``identifier``; when no object has one, every node gets a default name; a name used
twice gets a number appended.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from viktorlite.optional_library import require
from viktorlite.sdk._geometry_3d import Group, TransformableObject
from viktorlite.sdk._geometry_curves import _Curve
from viktorlite.sdk._geometry_materials import _GREY, Material, _to_color
from viktorlite.sdk._geometry_meshing import _Solid
from viktorlite.sdk._geometry_points import Point
from viktorlite.sdk.core import Color

_DEFAULT_MATERIAL = Material()
_ROOT = "world"


@dataclass
class Glb:
    """A converted model: the GLB bytes and the names an app can refer to (selectable objects)."""

    data: bytes
    names: list[str] = field(default_factory=list)
    node_count: int = 0


def _members(obj: Any) -> list[Any]:
    """The objects a Group node holds (a solid the SDK builds as a group has none of its own)."""
    return list(obj._children) if isinstance(obj, Group) else []


def _walk(objects: Iterable[Any]) -> Iterable[Any]:
    for obj in objects:
        yield obj
        yield from _walk(_members(obj))


def _names(objects: Sequence[Any]) -> dict[int, str]:
    """A unique glTF node name per object (by id); identifiers win, duplicates are numbered."""
    every = list(_walk(objects))
    any_named = any(getattr(o, "_identifier", None) is not None for o in every)
    wanted: list[str] = []
    for number, obj in enumerate(every, start=1):
        identifier = getattr(obj, "_identifier", None)
        if identifier is not None:
            wanted.append(str(identifier))
        elif any_named:
            wanted.append(f"#{number}")  # not selectable: no name of the app's own
        else:
            wanted.append(f"{type(obj).__name__.lower()}_{number}")
    seen: Counter[str] = Counter()
    taken = set(wanted)
    names: dict[int, str] = {}
    for obj, name in zip(every, wanted, strict=True):
        seen[name] += 1
        unique = name
        if seen[name] > 1:
            suffix = seen[name] - 1
            while f"{name}_{suffix}" in taken:
                suffix += 1
            unique = f"{name}_{suffix}"
            taken.add(unique)
        names[id(obj)] = unique
    return names


def _material(material: Material | None, made: dict[tuple, Any]) -> Any:
    """The glTF material of a Material; ``made`` keeps one per look, so solids that look alike share it."""
    from trimesh.visual.material import PBRMaterial

    m = material if isinstance(material, Material) else _DEFAULT_MATERIAL
    alpha = min(max(m.opacity, 0.0), 1.0)
    color = _to_color(m.color, _GREY)
    key = (m.name, color.r, color.g, color.b, m.metalness, m.roughness, alpha)
    if key in made:
        return made[key]
    made[key] = PBRMaterial(
        name=m.name,
        baseColorFactor=[color.r, color.g, color.b, round(alpha * 255)],
        metallicFactor=min(max(m.metalness, 0.0), 1.0),
        roughnessFactor=min(max(m.roughness, 0.0), 1.0),
        alphaMode="BLEND" if alpha < 1 else "OPAQUE",
        doubleSided=True,  # as the SDK's: open surfaces (revolves, polygons) show from both sides
    )
    return made[key]


def _geometry(obj: Any, materials: dict[tuple, Any]) -> Any:
    """The trimesh geometry of one leaf object, in its local coordinates; None for an empty node."""
    import trimesh

    if isinstance(obj, _Solid):
        mesh = obj._mesh()
        mesh.visual = trimesh.visual.TextureVisuals(material=_material(obj.material, materials))
        return mesh
    if isinstance(obj, _Curve):
        path = trimesh.load_path(np.asarray(obj._polyline(), dtype=float))
        color = _to_color(obj.color, Color(0, 0, 0))
        path.colors = np.array([[color.r, color.g, color.b, 255]] * len(path.entities))
        return path
    if isinstance(obj, Point):
        return trimesh.PointCloud(np.array([obj.coordinates]), colors=[[0, 0, 0, 255]])
    return None


def _check(objects: Sequence[Any]) -> None:
    for obj in objects:
        if not isinstance(obj, (TransformableObject, Point)):
            raise TypeError(
                f"GeometryResult takes viktor.geometry objects (or a glTF/GLB file), got {type(obj).__name__}"
            )
        _check(_members(obj))


def to_glb(objects: Sequence[Any]) -> Glb:
    """Convert geometry objects to one GLB scene; Z stays up (the editor's camera treats Z as up)."""
    trimesh = require("trimesh", feature="GeometryView")

    _check(objects)
    names = _names(objects)
    scene = trimesh.Scene(base_frame=_ROOT)
    materials: dict[tuple, Any] = {}

    def add(obj: Any, parent: str) -> None:
        name = names[id(obj)]
        matrix = getattr(obj, "_transformation", np.eye(4))
        geometry = _geometry(obj, materials)
        if geometry is None:
            scene.graph.update(frame_from=parent, frame_to=name, matrix=matrix)
        else:
            scene.add_geometry(
                geometry, node_name=name, geom_name=f"geometry:{name}", parent_node_name=parent, transform=matrix
            )
        for child in _members(obj):
            add(child, name)

    for obj in objects:
        add(obj, _ROOT)
    if not objects:
        scene.graph.update(frame_from=_ROOT, frame_to="empty", matrix=np.eye(4))
    data = scene.export(file_type="glb", include_normals=False)
    selectable = [n for n in names.values() if not n.startswith("#")]
    return Glb(bytes(data), selectable, len(names))
