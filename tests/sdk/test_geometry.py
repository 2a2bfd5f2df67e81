"""viktor.geometry objects land in the glTF where the SDK puts them; viktor.geo's platform services are named.

The expected bounding boxes are the SDK 14.36.2's own (its ``_GLTF.to_gltf`` loaded with trimesh): revolves
turn about the y-axis starting at -z, extrusions take their frame from the line. The values the objects
report are compared with the SDK call by call in test_differential.py.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
import trimesh

from viktorlite.sdk import geo
from viktorlite.sdk import geometry as g
from viktorlite.sdk import views as v
from viktorlite.sdk._offline import MARKER, UnavailableOffline
from viktorlite.sdk._result_io import MemoryBlobSink


def _bounds(*objects: object) -> list[float]:
    sink = MemoryBlobSink()
    payload = v.serialize_result(v.GeometryResult(list(objects)), sink)
    data = sink.blobs[payload["model"]["blob"]][0]
    scene = trimesh.load(io.BytesIO(data), file_type="glb")
    return np.round(scene.bounds, 2).flatten().tolist()  # [min x, y, z, max x, y, z]


def _line(start: tuple, end: tuple) -> g.Line:
    return g.Line(g.Point(*start), g.Point(*end))


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: g.RectangularExtrusion(0.3, 0.5, _line((0, 0, 0), (5, 0, 0))), [0, -0.25, -0.15, 5, 0.25, 0.15]),
        (lambda: g.RectangularExtrusion(0.3, 0.5, _line((0, 0, 0), (0, 5, 0))), [-0.15, 0, -0.25, 0.15, 5, 0.25]),
        (lambda: g.SquareBeam(1, 2, 3), [-0.5, -1, -1.5, 0.5, 1, 1.5]),
        (lambda: g.LineRevolve(g.Line(g.Point(1, 0), g.Point(2, 3))), [-2, 0, -2, 2, 3, 2]),
        (lambda: g.Torus(1, 3, math.pi), [-4, -1, -4, 0, 1, 4]),
        (lambda: g.Polygon([g.Point(0, 0), g.Point(2, 0), g.Point(2, 1)]), [0, 0, 0, 2, 1, 0]),
    ],
)
def test_solids_are_placed_as_the_sdk_places_them(make, expected):
    assert _bounds(make()) == pytest.approx(expected, abs=0.02)


def test_an_arc_revolve_turns_from_minus_z_about_the_y_axis():
    arc = g.Arc(g.Point(1, 1), g.Point(1, 2), g.Point(2, 1))
    assert _bounds(g.ArcRevolve(arc, rotation_angle=1.0)) == pytest.approx([-1.68, 1, -2, 0, 2, -0.54], abs=0.02)


def test_a_curve_reports_its_moved_points_and_the_glb_draws_it_there():
    line = g.Line(g.Point(0, 0, 0), g.Point(1, 2, 3)).translate((1, 0, 0))
    assert (line.start_point.x, line.end_point.x) == (1, 2)
    assert _bounds(line) == pytest.approx([1, 0, 0, 2, 2, 3])


def test_a_soil_layout_2d_draws_its_layers_with_labels():
    sand = geo.Soil("Sand", g.Color(230, 200, 90))
    top, bottom = g.Polyline([g.Point(0, 0), g.Point(4, 1)]), g.Polyline([g.Point(0, -2), g.Point(4, -2)])
    layer = geo.SoilLayer2D(sand, top, bottom)
    group, labels = geo.SoilLayout2D([layer]).visualize_geometry(visualize_border=True)
    assert [label.text for label in labels] == ["Sand"]  # as the real SDK 14.36.2 gives it
    assert _bounds(group) == pytest.approx([0, -2, 0, 4, 1, 0], abs=0.02)


_GEF = {
    "headers": {"name": "x", "ground_level_wrt_reference": 0},
    "measurement_data": {"elevation": [], "qc": [], "Rf": []},
}


@pytest.mark.parametrize(
    "call",
    [
        lambda: geo.GEFFile("#GEFID= 1, 1, 0\n#EOH=\n").parse(),
        lambda: geo.GEFData(_GEF).classify(geo.RobertsonMethod([])),
        lambda: geo.gef_visualization(None, None, None),  # type: ignore[arg-type]
    ],
)
def test_the_platform_services_of_viktor_geo_raise_unavailable_offline(call):
    with pytest.raises(UnavailableOffline, match=MARKER) as raised:
        call()
    assert isinstance(raised.value, ConnectionError)  # what the SDK raises without a platform


def test_the_removed_colour_helpers_still_import_with_a_warning():
    with pytest.warns(DeprecationWarning, match="hex_to_rgb"):
        hex_to_rgb = g.hex_to_rgb  # type: ignore[attr-defined]
    assert hex_to_rgb("#0a0b0c") == (10, 11, 12)
