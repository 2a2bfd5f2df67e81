"""A beam report: a Word template filled with text and a figure, and a PDF of two drawings merged."""

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import viktor as vkt  # noqa: E402
from viktor.external.word import WordFileImage, WordFileTag, render_word_file  # noqa: E402

TEMPLATE = Path(__file__).parent / "files" / "report_template.docx"


class Parametrization(vkt.Parametrization):
    client = vkt.TextField("Client", default="Harbour Works")
    span = vkt.NumberField("Span", default=6, suffix="m")
    load = vkt.NumberField("Load", default=10, suffix="kN/m")
    report = vkt.DownloadButton("Word report", method="download_report")


def moment(params) -> float:
    return params.load * params.span**2 / 8


def moment_figure(params) -> io.BytesIO:
    figure = plt.figure(figsize=(4, 2))
    positions = [params.span * i / 20 for i in range(21)]
    plt.plot(positions, [params.load * x * (params.span - x) / 2 for x in positions])
    png = io.BytesIO()
    figure.savefig(png, format="png")
    plt.close(figure)
    png.seek(0)
    return png


def drawing(title: str, width: float, height: float) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
        f'<rect x="20" y="80" width="{width}" height="{height}" fill="steelblue"/>'
        f'<text x="20" y="40">{title}</text></svg>'
    ).encode()


class Controller(vkt.Controller):
    parametrization = Parametrization

    def download_report(self, params, **kwargs):
        components = [
            WordFileTag("client", params.client),
            WordFileTag("span", params.span),
            WordFileTag("load", params.load),
            WordFileTag("moment", round(moment(params), 1)),
            WordFileTag("checks", ["bending", "shear"]),
            WordFileImage(moment_figure(params), "figure", width=300),
        ]
        with open(TEMPLATE, "rb") as template:
            report = render_word_file(template, components)
        return vkt.DownloadResult(report, "beam_report.docx")

    @vkt.PDFView("Drawings")
    def drawings(self, params, **kwargs):
        side = vkt.convert_svg_to_pdf(io.BytesIO(drawing("Side view", params.span * 50, 20)))
        top = vkt.convert_svg_to_pdf(io.BytesIO(drawing("Top view", params.span * 50, 60)))
        with side.open_binary() as first, top.open_binary() as second:
            merged = vkt.merge_pdf_files(first, second)
        return vkt.PDFResult(file=merged)
