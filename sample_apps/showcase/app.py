"""Every view and button type viktorlite shows, with messages, progress and a slow view.

The images and the PDF are made here, in plain Python, so the app needs no files or extra packages.
"""

import base64
import io
import json
import math
import struct
import time
import zlib

import viktor as vkt

# -- small media, made in code ---------------------------------------------------------------------


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# A 1x1 GIF and a 1x1 JPEG (white), the smallest valid files of their kind.
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////"
    "////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
)


def svg(label: str) -> str:
    safe = label.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">'
        '<rect width="320" height="120" rx="12" fill="#2b50ec"/>'
        f'<text x="160" y="70" font-size="28" text-anchor="middle" fill="#fff">{safe}</text>'
        "<script>document.title = 'svg script ran'</script></svg>"
    )


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of Helvetica text."""
    text = "BT /F1 18 Tf 72 720 Td 22 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text + " ET") + (text + " ET").encode("latin-1") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def gltf_triangle() -> bytes:
    """A glTF 2.0 file (JSON, buffer embedded) holding one named triangle."""
    positions = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0)
    uri = "data:application/octet-stream;base64," + base64.b64encode(positions).decode()
    gltf = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"name": "triangle", "mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "buffers": [{"byteLength": len(positions), "uri": uri}],
        "bufferViews": [{"buffer": 0, "byteLength": len(positions)}],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]}
        ],
    }
    return json.dumps(gltf).encode()


# -- the app ---------------------------------------------------------------------------------------


class Parametrization(vkt.Parametrization):
    views = vkt.Page(
        "Views",
        views=["data", "plot", "plot_and_data", "image", "image_and_data", "pdf", "web", "web_and_data", "table"],
    )
    views.intro = vkt.Text("Change the inputs: quick views follow at once.")
    views.size = vkt.NumberField("Size", default=3, min=1, max=10, suffix="m")
    views.label = vkt.TextField("Label", default="Hello viktorlite")
    views.image_type = vkt.OptionField("Image type", options=["png", "jpeg", "gif", "svg"], default="png")

    models = vkt.Page(
        "3D & maps", views=["geometry", "geometry_and_data", "gltf_file", "map", "geojson", "map_and_data"]
    )
    models.count = vkt.IntegerField("Beams", default=3, min=1, max=20)
    models.lat = vkt.NumberField("Latitude", default=52.0)
    models.lon = vkt.NumberField("Longitude", default=4.36)
    models.inspect = vkt.ActionButton(
        "Inspect on the map", method="inspect", interaction=vkt.MapSelectInteraction("map", min_select=1, max_select=2)
    )

    actions = vkt.Page("Buttons & messages", views=["slow", "long_analysis", "messages", "bad_type", "bad_value"])
    actions.width = vkt.NumberField("Width", default=2, min=0.1, suffix="m")
    actions.height = vkt.NumberField("Height", default=1, min=0.1, suffix="m")
    actions.seconds = vkt.NumberField("Analysis seconds", default=10, min=0, max=60)
    actions.download = vkt.DownloadButton("Download report", method="download_report")
    actions.download_zip = vkt.DownloadButton("Download all (zip)", method="download_zip")
    actions.set_params = vkt.SetParamsButton("Make it square", method="make_square")
    actions.optimize = vkt.OptimizationButton("Optimise", method="optimize")
    actions.analyse = vkt.ActionButton("Run analysis", method="run_analysis")


def _data(params) -> vkt.DataGroup:
    size = params.views.size or 0
    return vkt.DataGroup(
        area=vkt.DataItem("Area", size * size, suffix="m²", number_of_decimals=2),
        label=vkt.DataItem("Label", params.views.label),
        checks=vkt.DataItem(
            "Checks",
            None,
            subgroup=vkt.DataGroup(
                vkt.DataItem(
                    "Unity check",
                    size / 10,
                    number_of_decimals=3,
                    explanation_label="size / 10",
                    status=vkt.DataStatus.SUCCESS if size <= 8 else vkt.DataStatus.ERROR,
                    status_message="OK" if size <= 8 else "Too big",
                )
            ),
        ),
    )


def _beams(count: int) -> list:
    material = vkt.Material("steel", color=vkt.Color(70, 110, 200))
    beams = []
    for i in range(count):
        line = vkt.Line(vkt.Point(0, i * 2, 0), vkt.Point(6, i * 2, 0))
        beams.append(vkt.RectangularExtrusion(0.3, 0.5, line, identifier=f"beam {i + 1}", material=material))
    return beams


def _features(params) -> list:
    lat, lon = params.models.lat, params.models.lon
    centre = vkt.MapPoint(lat, lon, title="Site", description="The site office", identifier="site")
    return [
        centre,
        vkt.MapPoint(lat + 0.01, lon + 0.01, icon="star", color=vkt.Color.red(), title="Crane", identifier="crane"),
        vkt.MapLine(vkt.MapPoint(lat, lon), vkt.MapPoint(lat + 0.01, lon + 0.01), title="Route"),
        vkt.MapPolygon(
            [vkt.MapPoint(lat - 0.01, lon - 0.01), vkt.MapPoint(lat - 0.01, lon), vkt.MapPoint(lat - 0.005, lon)],
            title="Storage area",
            fill_opacity=0.4,
        ),
        vkt.MapCircle(centre, 300, title="Safety zone", color=vkt.Color(255, 172, 0)),
    ]


class Showcase(vkt.Controller):
    label = "Showcase"
    parametrization = Parametrization
    summary = vkt.Summary(
        size=vkt.SummaryItem("Size", float, "parametrization", "views.size", suffix="m"),
        area=vkt.SummaryItem("Area", float, "data", "area", suffix="m²"),
    )

    # -- views page --

    @vkt.DataView("Data", duration_guess=1)
    def data(self, params, **kwargs):
        return vkt.DataResult(_data(params))

    @vkt.PlotlyView("Plot", duration_guess=1)
    def plot(self, params, **kwargs):
        xs = [i / 10 for i in range(101)]
        return vkt.PlotlyResult(
            {
                "data": [
                    {
                        "type": "scatter",
                        "x": xs,
                        "y": [params.views.size * math.sin(x) for x in xs],
                        "name": "size·sin(x)",
                    }
                ],
                "layout": {"title": {"text": "A sine of the size"}},
            }
        )

    @vkt.PlotlyAndDataView("Plot + data")
    def plot_and_data(self, params, **kwargs):
        figure = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, params.views.size]}]}
        return vkt.PlotlyAndDataResult(figure, _data(params))

    @vkt.ImageView("Image")
    def image(self, params, **kwargs):
        kind = params.views.image_type or "png"
        if kind == "svg":
            return vkt.ImageResult(io.StringIO(svg(params.views.label)))
        data = {"png": png(160, 90, (43, 80, 236)), "jpeg": JPEG, "gif": GIF}[kind]
        return vkt.ImageResult(io.BytesIO(data))

    @vkt.ImageAndDataView("Image + data")
    def image_and_data(self, params, **kwargs):
        return vkt.ImageAndDataResult(io.StringIO(svg(params.views.label)), _data(params))

    @vkt.PDFView("PDF", duration_guess=1)
    def pdf(self, params, **kwargs):
        return vkt.PDFResult(file=vkt.File.from_data(pdf(["Showcase report", f"Label: {params.views.label}"])))

    @vkt.WebView("Web")
    def web(self, params, **kwargs):
        label = params.views.label.replace("&", "&amp;").replace("<", "&lt;")
        html = (
            "<!doctype html><html><body style='font-family: sans-serif'>"
            f"<h1 id='greeting'>{label}</h1><p id='reach'>checking…</p>"
            "<script>let text; try { text = 'editor reachable: ' + window.parent.document.title; }"
            " catch (e) { text = 'sandboxed: the editor is out of reach'; }"
            " document.getElementById('reach').textContent = text;</script></body></html>"
        )
        return vkt.WebResult(html=html)

    @vkt.WebAndDataView("Web + data")
    def web_and_data(self, params, **kwargs):
        return vkt.WebAndDataResult(html="<p>HTML beside data</p>", data=_data(params))

    @vkt.TableView("Table")
    def table(self, params, **kwargs):
        rows = []
        for i in range(1, 6):
            check = i * params.views.size / 20
            rows.append(
                [
                    f"Beam {i}",
                    i * params.views.size,
                    vkt.TableCell(
                        round(check, 3),
                        background_color=vkt.Color(255, 200, 200) if check > 1 else vkt.Color(200, 240, 200),
                        text_style="bold" if check > 1 else None,
                    ),
                ]
            )
        headers = ["Name", vkt.TableHeader("Length", align="right", num_decimals=1), "Unity check"]
        return vkt.TableResult(rows, column_headers=headers)

    # -- 3D and maps page --

    @vkt.GeometryView("3D", duration_guess=1, default_shadow=True)
    def geometry(self, params, **kwargs):
        beams = _beams(params.models.count or 1)
        sphere = vkt.Sphere(vkt.Point(3, -2, 1), 0.8, identifier="ball")
        cone = vkt.Cone(1, 2, origin=vkt.Point(-2, 0, 0), identifier="cone")
        labels = [vkt.Label(vkt.Point(3, -2, 2.2), "ball")]
        return vkt.GeometryResult([*beams, sphere, cone], labels=labels)

    @vkt.GeometryAndDataView("3D + data")
    def geometry_and_data(self, params, **kwargs):
        pattern = vkt.LinearPattern(vkt.SquareBeam(1, 1, 1, identifier="block"), vkt.Vector(2, 0, 0), 4, 2)
        data = vkt.DataGroup(blocks=vkt.DataItem("Blocks", 4))
        return vkt.GeometryAndDataResult(pattern, data)

    @vkt.GeometryView("glTF file", up_axis="Y")
    def gltf_file(self, params, **kwargs):
        # A model from a glTF file (here written on the fly), shown as-is with Y up.
        return vkt.GeometryResult(vkt.File.from_data(gltf_triangle()))

    @vkt.MapView("Map", duration_guess=1)
    def map(self, params, **kwargs):
        legend = vkt.MapLegend([(vkt.Color.red(), "Crane"), (vkt.Color(255, 172, 0), "Safety zone")])
        label = vkt.MapLabel(params.models.lat + 0.005, params.models.lon, "Site", 13)
        return vkt.MapResult(_features(params), labels=[label], legend=legend)

    @vkt.GeoJSONView("GeoJSON")
    def geojson(self, params, **kwargs):
        lat, lon = params.models.lat, params.models.lon
        return vkt.GeoJSONResult(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": "well",
                        "properties": {"title": "Well", "marker-color": "#d92d20"},
                        "geometry": {"type": "Point", "coordinates": [lon + 0.005, lat]},
                    },
                ],
            }
        )

    @vkt.MapAndDataView("Map + data")
    def map_and_data(self, params, **kwargs):
        point = vkt.GeoPoint.from_rd((155000, 463000))  # Amersfoort, the RD origin
        feature = vkt.MapPoint.from_geo_point(point, title="Amersfoort")
        data = vkt.DataGroup(vkt.DataItem("Latitude", point.lat, number_of_decimals=5))
        return vkt.MapAndDataResult([feature], data)

    # -- buttons and messages page --

    @vkt.DataView("Slow view", duration_guess=10, update_label="Recalculate")
    def slow(self, params, **kwargs):
        time.sleep(0.5)
        area = params.actions.width * params.actions.height
        return vkt.DataResult(vkt.DataGroup(area=vkt.DataItem("Area", area, number_of_decimals=2)))

    @vkt.DataView("Long analysis", duration_guess=30, update_label="Analyse")
    def long_analysis(self, params, **kwargs):
        steps, seconds = 100, float(params.actions.seconds or 0)
        for step in range(1, steps + 1):
            time.sleep(seconds / steps)
            vkt.progress_message(f"Step {step} of {steps}", percentage=step)
        return vkt.DataResult(vkt.DataGroup(done=vkt.DataItem("Steps done", steps)))

    @vkt.DataView("Messages")
    def messages(self, params, **kwargs):
        vkt.UserMessage.info("Reading the inputs")
        vkt.UserMessage.warning("The width is only an estimate")
        vkt.UserMessage.success("All checks passed")
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Messages sent", 3)))

    @vkt.DataView("Wrong type")
    def bad_type(self, params, **kwargs):
        return vkt.PlotlyResult({"data": []})  # a DataView must return a DataResult

    @vkt.PlotlyView("Unserialisable")
    def bad_value(self, params, **kwargs):
        return vkt.PlotlyResult({"data": [{"x": [1, 2], "y": [1, float("nan")]}], "layout": {"meta": {1, 2}}})

    def download_report(self, params, **kwargs):
        text = f"Report\nwidth: {params.actions.width}\nheight: {params.actions.height}\n"
        return vkt.DownloadResult(text, "report (final).txt")

    def download_zip(self, params, **kwargs):
        files = {"report.txt": io.BytesIO(b"report"), "image.png": io.BytesIO(png(4, 4, (0, 0, 0)))}
        return vkt.DownloadResult(zipped_files=files, file_name="all files.zip")

    def make_square(self, params, **kwargs):
        return vkt.SetParamsResult({"actions": {"height": params.actions.width}})

    def optimize(self, params, **kwargs):
        results = []
        for width in (1, 2, 3):
            height = 6 / width
            candidate = {"actions": {"width": width, "height": height}}
            results.append(vkt.OptimizationResultElement(candidate, {"area": width * height, "ratio": width / height}))
        return vkt.OptimizationResult(
            results,
            result_column_names_input=["actions.width", "actions.height"],
            output_headers={"area": "Area (m²)", "ratio": "Ratio"},
            image=vkt.ImageResult(io.BytesIO(png(120, 80, (255, 172, 0)))),
        )

    def inspect(self, params, event=None, **kwargs):
        chosen = ", ".join(str(identifier) for identifier in event.value)
        vkt.UserMessage.info(f"Selected on the map: {chosen}")

    def run_analysis(self, params, **kwargs):
        steps, seconds = 100, float(params.actions.seconds or 0)
        for step in range(1, steps + 1):
            time.sleep(seconds / steps)
            vkt.progress_message(f"Analysing: step {step} of {steps}", percentage=step)
        vkt.UserMessage.success("Analysis finished")
