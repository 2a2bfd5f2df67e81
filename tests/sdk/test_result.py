"""Every view and button result: what it accepts, what it refuses, and the JSON (plus blobs) it becomes."""

from __future__ import annotations

import datetime
import io
import json
import struct
import zipfile

import numpy as np
import pandas as pd
import pytest
import trimesh

from viktorlite.sdk import geometry as g
from viktorlite.sdk import views as v
from viktorlite.sdk._result_io import MemoryBlobSink
from viktorlite.sdk.core import Color
from viktorlite.sdk.result import (
    DownloadResult,
    OptimizationResult,
    OptimizationResultElement,
    SetParamsResult,
    sanitize_file_name,
    serialize_button_result,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SVG = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'
PDF = b"%PDF-1.4\n%%EOF\n"


def serialize(result, sink=None, **kwargs):
    return v.serialize_result(result, sink if sink is not None else MemoryBlobSink(), **kwargs)


def blob_of(sink: MemoryBlobSink, ref: dict) -> tuple[bytes, str | None, str]:
    return sink.blobs[ref["blob"]]


# -- data ----------------------------------------------------------------------------------------


def test_data_group_limits_raise_the_documented_errors():
    with pytest.raises(AttributeError):
        v.DataGroup(*(v.DataItem(str(i), i) for i in range(101)))
    deep = v.DataGroup(v.DataItem("3", 1))
    deep = v.DataGroup(v.DataItem("2", None, subgroup=deep))
    deep = v.DataGroup(v.DataItem("1", None, subgroup=deep))
    with pytest.raises(ValueError, match="nested at most 3"):
        v.DataItem("0", None, subgroup=deep)
    with pytest.raises(TypeError):
        v.DataItem("x", "text", number_of_decimals=2)
    with pytest.raises(KeyError):
        v.DataGroup.from_data_groups([v.DataGroup(a=v.DataItem("a", 1)), v.DataGroup(a=v.DataItem("b", 2))])


# -- images, PDFs, web ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "content_type"),
    [
        (io.BytesIO(PNG), "image/png"),
        (io.BytesIO(b"\xff\xd8\xff\xe0rest"), "image/jpeg"),
        (io.BytesIO(b"GIF89a..."), "image/gif"),
        (io.StringIO(SVG), "image/svg+xml"),
    ],
)
def test_image_result_stores_the_image_as_a_blob_of_its_real_type(source, content_type):
    sink = MemoryBlobSink()
    payload = serialize(v.ImageResult(source), sink)
    data, _, stored_type = blob_of(sink, payload["image"])
    assert payload["type"] == "ImageResult"
    assert stored_type == content_type == payload["image"]["content_type"]
    assert data == (source.getvalue().encode() if isinstance(source, io.StringIO) else source.getvalue())


def test_an_image_that_is_no_image_is_refused_with_its_name():
    with pytest.raises(ValueError, match="ImageResult: the image is not a PNG, JPEG, GIF or SVG"):
        serialize(v.ImageResult(io.BytesIO(b"hello")))


def test_pdf_and_web_results_prefer_the_url_and_refuse_non_http_urls():
    payload = serialize(v.PDFResult(file=io.BytesIO(PDF), url="https://example.org/a.pdf"))
    assert payload == {"type": "PDFResult", "url": "https://example.org/a.pdf", "file": None}
    sink = MemoryBlobSink()
    payload = serialize(v.PDFResult(file=io.BytesIO(PDF)), sink)
    assert blob_of(sink, payload["file"])[2] == "application/pdf"
    with pytest.raises(ValueError, match="not a PDF"):
        serialize(v.PDFResult(file=io.BytesIO(b"<html>")))
    with pytest.raises(ValueError, match="http"):
        v.WebResult(url="javascript:alert(1)")
    sink = MemoryBlobSink()
    payload = serialize(v.WebAndDataResult(html="<p>hi</p>", data=v.DataGroup(v.DataItem("a", 1))), sink)
    assert payload["type"] == "WebAndDataResult" and payload["data"][0]["label"] == "a"
    assert blob_of(sink, payload["html"])[0] == b"<p>hi</p>"


# -- tables --------------------------------------------------------------------------------------


def test_table_sorting_is_on_only_for_homogeneous_columns():
    assert serialize(v.TableResult([[1, "a"], [2.5, "b"]]))["sorting_and_filtering"] is True
    assert serialize(v.TableResult([[1, "a"], ["x", "b"]]))["sorting_and_filtering"] is False
    with pytest.raises(ValueError, match="one type"):
        v.TableResult([[1], ["x"]], enable_sorting_and_filtering=True)


def test_table_cells_keep_colours_styles_and_dates():
    cell = v.TableCell(2, background_color=Color.red(), text_color=Color(0, 0, 255), text_style="bold")
    payload = serialize(
        v.TableResult([[datetime.date(2024, 5, 1), cell]], column_headers=["When", v.TableHeader("N", num_decimals=1)])
    )
    assert payload["rows"][0][0] == {"value": "2024-05-01"}
    assert payload["rows"][0][1] == {
        "value": 2,
        "text_color": "#0000ff",
        "background_color": "#ff0000",
        "text_style": "bold",
    }
    assert [c["kind"] for c in payload["columns"]] == ["date", "number"]
    assert payload["columns"][1]["num_decimals"] == 1


def test_table_from_a_pandas_styler_inherits_its_colours():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    styler = frame.style.map(lambda value: "background-color: red" if value == 2 else "")
    payload = serialize(v.TableResult(styler))
    assert [c["title"] for c in payload["columns"]] == ["a", "b"]
    assert payload["rows"][1][0]["background_color"] == "red"
    with pytest.raises(ValueError, match="column headers"):
        v.TableResult([[1, 2]], column_headers=["only one"])


# -- geometry ------------------------------------------------------------------------------------


def _glb(sink: MemoryBlobSink, payload: dict) -> tuple[dict, trimesh.Scene]:
    data = blob_of(sink, payload["model"])[0]
    length = struct.unpack("<I", data[12:16])[0]
    document = json.loads(data[20 : 20 + length])
    return document, trimesh.load(io.BytesIO(data), file_type="glb")


def test_geometry_objects_become_one_glb_named_by_identifier_with_duplicates_numbered():
    line = g.Line(g.Point(0, 0, 0), g.Point(5, 0, 0))
    beam = g.RectangularExtrusion(0.3, 0.5, line, identifier="beam")
    twin = g.RectangularExtrusion(0.3, 0.5, line, identifier="beam").translate((0, 2, 0))
    group = g.Group([g.Sphere(g.Point(0, 0, 1), 0.5), g.Cone(1, 2)], identifier="parts")
    sink = MemoryBlobSink()
    payload = serialize(v.GeometryResult([beam, twin, group]), sink)
    document, scene = _glb(sink, payload)
    names = [node.get("name") for node in document["nodes"]]
    assert {"beam", "beam_1", "parts"} <= set(names)
    assert payload["names"] == ["beam", "beam_1", "parts"]  # the two unnamed children are not selectable
    box = scene.geometry["geometry:beam"]  # local frame: the profile in xy, extruded along z
    assert box.bounds.flatten().tolist() == pytest.approx([-0.15, -0.25, 0, 0.15, 0.25, 5])
    beam_node = next(n for n in document["nodes"] if n.get("name") == "beam")
    world = np.array(beam_node["matrix"]).reshape(4, 4).T @ [0.15, 0.25, 5, 1]
    assert world[:3] == pytest.approx([5, 0.25, -0.15])  # as the SDK: width along -z, height along y
    twin_node = next(n for n in document["nodes"] if n.get("name") == "beam_1")
    assert twin_node["matrix"][13] == pytest.approx(2)  # the translation is kept as the node's transform


def test_without_any_identifier_every_object_gets_a_default_name():
    sink = MemoryBlobSink()
    pattern = g.LinearPattern(g.SquareBeam(1, 1, 1), g.Vector(1, 0, 0), 3, 2)
    payload = serialize(v.GeometryResult(pattern), sink)
    document, _ = _glb(sink, payload)
    assert len(payload["names"]) == 4  # the pattern group and its three blocks
    assert all(node.get("name") for node in document["nodes"])


def test_every_documented_solid_and_curve_converts():
    arc = g.Arc(g.Point(0, 0), g.Point(1, 0), g.Point(0, 1))
    profile = [g.Point(0, 0), g.Point(0.2, 0), g.Point(0.2, 0.1), g.Point(0, 0.1)]
    objects = [
        g.Point(1, 1, 1),
        g.Line(g.Point(0, 0), g.Point(1, 1)),
        g.Polyline([g.Point(0, 0), g.Point(1, 0), g.Point(1, 1)]),
        arc,
        g.Sphere(g.Point(0, 0, 0), 1),
        g.SquareBeam(1, 2, 3),
        g.RectangularExtrusion(1, 1, g.Line(g.Point(0, 0, 0), g.Point(0, 0, 2))),
        g.CircularExtrusion(1, g.Line(g.Point(0, 0, 0), g.Point(1, 1, 1)), shell_thickness=0.1),
        g.Extrusion(profile, g.Line(g.Point(0, 0, 0), g.Point(0, 3, 0))),
        g.ArcExtrusion(profile, arc),
        g.Cone(1, 2, origin=g.Point(1, 1, 0), orientation=g.Vector(1, 0, 0)),
        g.TriangleAssembly([g.Triangle(g.Point(0, 0), g.Point(1, 0), g.Point(0, 1))]),
        g.Polygon([g.Point(0, 0), g.Point(1, 0), g.Point(1, 1)]),
        g.Torus(0.1, 1),
        g.LineRevolve(g.Line(g.Point(1, 0, 0), g.Point(0.5, 1, 0))),
        g.BidirectionalPattern(g.SquareBeam(1, 1, 1), g.Vector(1, 0, 0), g.Vector(0, 1, 0), 2, 2, 2, 2),
        g.CartesianAxes(),
    ]
    sink = MemoryBlobSink()
    payload = serialize(v.GeometryResult(objects), sink)
    _, scene = _glb(sink, payload)
    assert len(scene.geometry) >= len(objects)


def test_transforms_compose_in_order():
    beam = g.SquareBeam(2, 1, 1)
    beam.translate((1, 0, 0)).rotate(3.141592653589793 / 2, (0, 0, 1))
    corner = beam.transformation @ [1, 0.5, 1, 1]  # a top corner at the +x end, in the beam's local frame
    assert corner[:3] == pytest.approx([-0.5, 2, 0.5])  # placed (z from -0.5), moved, then turned


def test_a_gltf_file_passes_through_and_other_files_are_refused():
    sink = MemoryBlobSink()
    gltf = json.dumps({"asset": {"version": "2.0"}, "nodes": []}).encode()
    payload = serialize(v.GeometryResult(io.BytesIO(gltf)), sink)
    assert payload["format"] == "gltf" and blob_of(sink, payload["model"])[0] == gltf
    with pytest.raises(ValueError, match="neither GLB nor glTF"):
        serialize(v.GeometryResult(io.BytesIO(b"solid stl")))


# -- maps ----------------------------------------------------------------------------------------


def test_map_features_become_geojson_with_styles_ids_and_links():
    point = v.MapPoint(52, 5, title="A", identifier="a", entity_links=[v.MapEntityLink("Other", 7)])
    circle = v.MapCircle(v.MapPoint(52, 5), 1000, num_edges=16, fill_opacity=0.2)
    payload = serialize(
        v.MapAndDataResult(
            [point, circle],
            v.DataGroup(v.DataItem("n", 2)),
            labels=[v.MapLabel(52, 5, "Site", 12)],
            legend=v.MapLegend([(Color.red(), "red")]),
            interaction_groups={"points": [point]},
        )
    )
    first, second = payload["geojson"]["features"]
    assert first["id"] == "a" and first["geometry"]["coordinates"] == [5.0, 52.0]
    assert first["properties"]["entity_links"] == [{"label": "Other", "entity_id": 7}]
    ring = second["geometry"]["coordinates"][0]
    assert len(ring) == 17 and ring[0] == ring[-1]  # closed
    assert second["properties"]["fill-opacity"] == 0.2
    assert payload["interaction_groups"] == {"points": ["a"]}
    assert payload["legend"] == [{"color": "#ff0000", "label": "red"}]
    assert payload["data"][0]["label"] == "n"
    with pytest.raises(ValueError):
        v.MapPoint(100, 5)


# -- serialisation limits ------------------------------------------------------------------------


def test_unserialisable_values_and_oversized_results_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="not JSON"):
        serialize(v.PlotlyResult({"data": [], "layout": {"meta": {1, 2}}}))
    big = v.DataResult(v.DataGroup(*(v.DataItem(str(i), "x" * 1000) for i in range(50))))
    with pytest.raises(v.ResultTooLarge, match="over the result size limit"):
        serialize(big, max_bytes=10_000)
    with pytest.raises(TypeError, match="must return a view result"):
        serialize({"type": "DataResult"})


# -- button results ------------------------------------------------------------------------------


def test_download_names_are_sanitised_and_zips_hold_every_file():
    # only path separators and control characters go (issue 17: names keep their spaces and brackets)
    assert sanitize_file_name("report (final)/v2 é.txt") == "report (final)_v2 é.txt"
    sink = MemoryBlobSink()
    payload = serialize_button_result(DownloadResult("héllo", "a b.txt", encoding="latin-1"), sink)
    data, name, _ = sink.blobs[payload["file"]["blob"]]
    assert (data, name) == ("héllo".encode("latin-1"), "a b.txt")
    files = {"a.txt": io.BytesIO(b"A"), "../evil/b.txt": io.StringIO("B")}
    payload = serialize_button_result(DownloadResult(zipped_files=files, file_name="all.zip"), sink)
    data, name, content_type = sink.blobs[payload["file"]["blob"]]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["a.txt", "evil/b.txt"]
        assert archive.read("evil/b.txt") == b"B"
    assert (name, content_type) == ("all.zip", "application/zip")
    with pytest.raises(ValueError):
        DownloadResult("x", zipped_files={})


def test_set_params_and_optimization_results_are_params_in_their_stored_form():
    payload = serialize_button_result(
        SetParamsResult({"tab": {"when": datetime.date(2024, 1, 2), "colour": Color(1, 2, 3), "n": 4}})
    )
    assert payload == {
        "type": "SetParamsResult",
        "params": {"tab": {"when": "2024-01-02", "colour": {"r": 1, "g": 2, "b": 3}, "n": 4}},
    }
    sink = MemoryBlobSink()
    result = OptimizationResult(
        [OptimizationResultElement({"x": 1}, {"cost": 3.5}), OptimizationResultElement({"x": 2}, {"cost": 2})],
        result_column_names_input=["x"],
        output_headers={"cost": "Cost"},
        image=v.ImageResult(io.BytesIO(PNG)),
    )
    payload = serialize_button_result(result, sink)
    assert payload["input_columns"] == ["x"]
    assert payload["output_headers"] == [{"key": "cost", "title": "Cost"}]
    assert [row["params"] for row in payload["rows"]] == [{"x": 1}, {"x": 2}]
    assert sink.blobs[payload["image"]["blob"]][2] == "image/png"
    assert serialize_button_result(None) is None


def test_a_map_results_features_and_geojson_read_as_in_the_sdk():
    point = v.MapPoint(52, 5, identifier=1)
    line = v.MapPolyline(v.MapPoint(52, 5), v.MapPoint(53, 6), stroke_width=3, dash_size=2)
    result = v.MapResult([point])
    assert result.features == [point]
    assert result.geojson == serialize(result)["geojson"]
    assert result.geojson["features"][0]["properties"]["marker-color"] == Color.viktor_black().hex  # SDK default
    result.features = [point, line]
    styled = result.geojson["features"][1]["properties"]
    assert (styled["stroke-width"], styled["dash-array"]) == (3.0, [2.0, 2.0])
    with pytest.raises(NotImplementedError, match="set features instead"):
        result.geojson = {"type": "FeatureCollection", "features": []}
    with pytest.raises(TypeError):
        v.MapAndDataResult([point], v.DataGroup()).features = ["not a feature"]
    polygon = v.MapPolygon([v.MapPoint(0, 0), v.MapPoint(0, 1), v.MapPoint(1, 1)], stroke_opacity=0.5)
    assert polygon._feature()["properties"]["stroke-opacity"] == 0.5


def test_a_viktor_result_serialises_as_the_one_result_it_holds():
    from viktorlite.sdk.result import ViktorResult

    params = SetParamsResult({"x": 1})
    assert serialize_button_result(ViktorResult(set_parameters_result=params)) == serialize_button_result(params)
    download = serialize_button_result(ViktorResult(download_result=DownloadResult("a", "a.txt")))
    assert download["type"] == "DownloadResult"
    with pytest.raises(ValueError, match="holds one result"):
        ViktorResult(set_params_result=params, download_result=DownloadResult("a", "a.txt"))
