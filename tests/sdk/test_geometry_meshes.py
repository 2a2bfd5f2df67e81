"""Every solid's glTF lands where the real SDK's does: world bounds compared with the SDK 14.36.2's own GLB.

The real SDK builds its glTF with ``viktor.geometry._GLTF.to_gltf``; tools/sdk_calls.py evaluates the
same expression in a throwaway environment holding it (tests/real_sdk.py), and both GLBs are loaded with
trimesh. Tessellations may differ (a sphere's rings, a cone's sections), so bounds are compared within
a thousandth of the object's size; the mesh itself must be a valid, non-empty triangle mesh.
"""

from __future__ import annotations

import io
import json
import math
import struct
import subprocess
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import trimesh

from real_sdk import LATEST_14, ROOT, real_sdk_python
from viktorlite.sdk import geometry as g
from viktorlite.sdk._gltf import to_glb
from viktorlite.sdk.core import Color

PROFILE = "[Point(0,0), Point(0,0.1), Point(0.2,0.1), Point(0.2,0), Point(0,0)]"
L_SHAPE = "[Point(0,0), Point(0,2), Point(1,2), Point(1,1), Point(2,1), Point(2,0), Point(0,0)]"
QUARTER = "Arc(Point(0,0), Point(1,0), Point(0,1))"

#: One expression per case, over viktor.geometry's names, evaluated on both sides.
CASES = [
    "Sphere(Point(0,0,0), 1)",
    "Sphere(Point(1,2,3), 2, 10, 8)",
    "Sphere(Point(0,0,0), 1, 4, 3)",
    "Cone(1, 2)",
    "Cone(1, 2, origin=Point(1,1,0), orientation=Vector(1,0,0))",
    "Cone(2, 1, origin=Point(0,1,2), orientation=Vector(0,-1,0))",
    "Cone(1, 3, orientation=Vector(1,2,3))",
    "Cone.from_line(1, Line(Point(1,0,0), Point(2,3,4)))",
    "CircularExtrusion(1, Line(Point(0,0,0), Point(1,1,1)))",
    "CircularExtrusion(2, Line(Point(0,0,0), Point(3,-1,2)))",
    "CircularExtrusion(1, Line(Point(0,0,0), Point(0,0,3)), shell_thickness=0.1)",
    "CircularExtrusion(1, Line(Point(0,1,0), Point(0,4,0)))",
    "CircularExtrusion(1, Line(Point(0,4,0), Point(0,1,0)))",
    "CircularExtrusion(0.5, Line(Point(2,0,0), Point(-1,0,0)))",
    "RectangularExtrusion(0.3, 0.5, Line(Point(0,0,0), Point(5,0,0)))",
    "RectangularExtrusion(0.3, 0.5, Line(Point(0,0,0), Point(1,2,3)), 30)",
    "SquareBeam(1, 2, 3)",
    f"Extrusion({PROFILE}, Line(Point(0,0,0), Point(0,3,0)))",
    f"Extrusion({L_SHAPE}, Line(Point(0,0,0), Point(0,0,3)), 30)",
    f"Extrusion({L_SHAPE}, Line(Point(1,1,1), Point(-2,0,4)))",
    f"ArcExtrusion({PROFILE}, {QUARTER})",
    f"ArcExtrusion({PROFILE}, {QUARTER}, 30, 10)",
    f"ArcExtrusion({L_SHAPE}, Arc(Point(1,1), Point(4,1), Point(1,-2), False))",
    f"ArcExtrusion({PROFILE}, Arc(Point(0,0), Point(0,2), Point(2,0)), 90)",
    "TriangleAssembly([Triangle(Point(0,0), Point(1,0), Point(0,1)), Triangle(Point(1,0), Point(1,1), Point(0,1,1))])",
    "Polygon([Point(0,0), Point(2,0), Point(2,1)])",
    "Polygon([Point(0,0), Point(0,2), Point(1,2), Point(1,1), Point(2,1), Point(2,0)])",
    "Torus(1, 3, math.pi)",
    "Torus(0.1, 1)",
    "Torus(0.5, 2, 1.0)",
    "LineRevolve(Line(Point(1,0), Point(2,3)))",
    "LineRevolve(Line(Point(1,0,0), Point(0.5,1,0)))",
    "ArcRevolve(Arc(Point(1,1), Point(1,2), Point(2,1)), rotation_angle=1.0)",
    "ArcRevolve(Arc(Point(1,1), Point(1,2), Point(2,1)))",
    "ArcRevolve(Arc(Point(3,0), Point(4,0), Point(3,1)), rotation_angle=4.0)",
    "Line(Point(0,0,0), Point(1,2,3))",
    "Polyline([Point(0,0), Point(1,0), Point(1,1)])",
    QUARTER,
    "LinearPattern(SquareBeam(1,1,1), Vector(1,0,0), 3, 2)",
    "BidirectionalPattern(Sphere(Point(0,0,0), 1), Vector(1,0,0), Vector(0,1,1), 2, 3, 2, 2)",
    "CartesianAxes()",
    "Group([Sphere(Point(0,0,1), 0.5), Cone(1, 2)])",
    "then(SquareBeam(2,1,1), 'rotate', 1.0, (0,0,1))",
    "then(CircularExtrusion(1, Line(Point(0,0,0), Point(0,0,2))), 'rotate', 0.7, (1,1,0), Point(1,0,0))",
    "then(Cone(1, 2), 'mirror', Point(0,0,1), Vector(0,1,1))",
]


#: Looks: the glTF material of each (colours, opacity, roughness, metalness, both sides shown).
LOOKS = [
    "Sphere(Point(0,0,0), 1)",
    "SquareBeam(1, 1, 1, material=Material(color=Color(200, 0, 0)))",
    "Sphere(Point(0,0,0), 1, material=Material('steel', color=Color(10, 20, 30), opacity=0.5, roughness=0.3, "
    "metalness=0.1))",
    "Polygon([Point(0,0), Point(1,0), Point(1,1)], material=Material(color='#336699', opacity=0.25))",
    "LineRevolve(Line(Point(1,0), Point(2,3)), material=Material(color=(1, 2, 3)))",
]


@pytest.fixture(scope="module")
def real_glbs() -> Iterator[dict[str, bytes]]:
    """The real SDK's GLB per case (one process for all of them)."""
    cases = [*CASES, *LOOKS]
    expressions = [f"viktor.geometry._GLTF.to_gltf({case}).getvalue_binary()" for case in cases]
    completed = subprocess.run(
        [str(real_sdk_python(LATEST_14)), str(ROOT / "tools" / "sdk_calls.py")],
        input=json.dumps(expressions) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT / "build",
        check=True,
    )
    answers = json.loads(completed.stdout)
    assert all("bytes" in a for a in answers), answers
    yield {case: a["bytes"].encode("latin-1") for case, a in zip(cases, answers, strict=True)}


def _scene(data: bytes) -> trimesh.Scene:
    return trimesh.load(io.BytesIO(data), file_type="glb")


def _then(obj: Any, method: str, *args: Any) -> Any:
    getattr(obj, method)(*args)
    return obj


def _ours(case: str) -> bytes:
    names = {**vars(g), "Color": Color, "math": math, "then": _then}
    return to_glb([eval(case, names)]).data  # noqa: S307 (the cases above)


@pytest.mark.parametrize("case", CASES)
def test_the_glb_has_the_bounds_the_real_sdk_gives(real_glbs, case):
    theirs, ours = _scene(real_glbs[case]), _scene(_ours(case))
    size = float(np.max(theirs.extents)) or 1.0
    assert ours.bounds == pytest.approx(theirs.bounds, abs=1e-3 * size), case


def _materials(data: bytes) -> list[dict]:
    """The glTF materials of a GLB, without ``alphaCutoff`` (only read for alphaMode MASK, which neither uses)."""
    length = struct.unpack("<I", data[12:16])[0]
    document = json.loads(data[20 : 20 + length])
    return [{k: v for k, v in m.items() if k != "alphaCutoff"} for m in document["materials"]]


@pytest.mark.parametrize("case", LOOKS)
def test_the_glb_has_the_materials_the_real_sdk_gives(real_glbs, case):
    assert _materials(_ours(case)) == _materials(real_glbs[case])


@pytest.mark.parametrize("case", [c for c in CASES if not c.startswith(("Line", "Polyline", "Arc("))])
def test_every_solid_is_a_valid_triangle_mesh(case):
    scene = _scene(_ours(case))
    meshes = [m for m in scene.geometry.values() if isinstance(m, trimesh.Trimesh)]
    assert meshes
    for mesh in meshes:
        assert len(mesh.faces) and np.isfinite(mesh.vertices).all()
        assert mesh.faces.max() < len(mesh.vertices)
        assert mesh.area > 0


def test_closed_solids_are_watertight_and_face_outwards():
    """A closed solid is one watertight volume (normals outwards) in the local frame it is drawn in."""
    from viktorlite.sdk._geometry_meshing import _Solid  # noqa: PLC0415

    solids: list[_Solid] = [
        g.Sphere(g.Point(1, 2, 3), 2),
        g.Cone(1, 2, orientation=g.Vector(1, 2, 3)),
        g.CircularExtrusion(1, g.Line(g.Point(0, 0, 0), g.Point(1, 1, 1))),
        g.CircularExtrusion(1, g.Line(g.Point(0, 0, 0), g.Point(0, 0, 3)), shell_thickness=0.1),
        g.SquareBeam(1, 2, 3),
        g.Extrusion(
            [g.Point(0, 0), g.Point(0, 2), g.Point(1, 2), g.Point(1, 1), g.Point(2, 1), g.Point(2, 0), g.Point(0, 0)],
            g.Line(g.Point(0, 0, 0), g.Point(0, 0, 3)),
        ),
        g.ArcExtrusion(
            [g.Point(0, 0), g.Point(0, 0.1), g.Point(0.2, 0.1), g.Point(0.2, 0), g.Point(0, 0)],
            g.Arc(g.Point(0, 0), g.Point(1, 0), g.Point(0, 1)),
        ),
        g.Torus(0.5, 2),
        g.Torus(0.5, 2, 1.0),
    ]
    for solid in solids:
        mesh = solid._mesh()
        assert mesh.is_watertight and mesh.is_winding_consistent, solid
        assert mesh.volume > 0, solid  # outward normals give a positive volume
