"""The document services run locally: Word templates (docxtpl), PDF merging, SVG/Word/Excel to PDF.

Fixtures are real files made here (python-docx, reportlab, Pillow, openpyxl) and every result is
read back (python-docx, pypdf) to check its content.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from viktorlite.sdk import File
from viktorlite.sdk._offline import UnavailableOffline
from viktorlite.sdk.errors import WordFileError
from viktorlite.sdk.external.word import (
    WordFileImage,
    WordFileTag,
    WordFileTemplate,
    render_word_file,
)
from viktorlite.sdk.utils import (
    convert_excel_to_pdf,
    convert_svg_to_pdf,
    convert_word_to_pdf,
    merge_pdf_files,
    render_jinja_template,
)

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
<rect x="10" y="10" width="100" height="50" fill="red"/><text x="20" y="90">Side view</text></svg>"""


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(*page_texts: str) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for text in page_texts:
        drawing.drawString(72, 720, text)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def make_png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def paragraphs(file: File) -> list[str]:
    return [p.text for p in docx.Document(file.open_binary()).paragraphs]


def page_texts(file: File) -> list[str]:
    return [page.extract_text().strip() for page in pypdf.PdfReader(file.open_binary()).pages]


# -- Word templates -------------------------------------------------------------------------------


def test_render_word_file_fills_tags_loops_and_escapes_text():
    template = make_docx("Client: {{ client }}", "{% for item in items %}[{{ item }}]{% endfor %}", "Span {{ span }} m")
    components = [WordFileTag("client", "Smith & <Sons>"), WordFileTag("items", ["a", "b"]), WordFileTag("span", 6.5)]
    report = render_word_file(io.BytesIO(template), components)
    assert isinstance(report, File)
    assert paragraphs(report) == ["Client: Smith & <Sons>", "[a][b]", "Span 6.5 m"]


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(100, None, (100, 50)), (None, 30, (60, 30)), (80, 80, (80, 80))],
)
def test_word_images_are_sized_in_points_keeping_the_aspect_when_one_side_is_given(width, height, expected):
    template = make_docx("Figure:", "{{ figure }}")
    image = WordFileImage(io.BytesIO(make_png(200, 100)), "figure", width=width, height=height)
    report = render_word_file(io.BytesIO(template), [image])
    shapes = docx.Document(report.open_binary()).inline_shapes
    assert len(shapes) == 1
    assert (round(shapes[0].width.pt), round(shapes[0].height.pt)) == expected


def test_word_template_and_image_from_paths_and_the_template_class(tmp_path: Path):
    (tmp_path / "template.docx").write_bytes(make_docx("{{ who }} {{ logo }}"))
    (tmp_path / "logo.png").write_bytes(make_png(10, 10))
    components = [WordFileTag("who", "Ada"), WordFileImage.from_path(tmp_path / "logo.png", "logo", width=20)]
    template = WordFileTemplate.from_path(tmp_path / "template.docx", components)
    with pytest.raises(WordFileError, match="call render"):
        template.result  # noqa: B018 - the property raises
    result = template.render()
    assert template.result is result
    document = docx.Document(io.BytesIO(result.file_content))
    assert document.paragraphs[0].text.startswith("Ada") and len(document.inline_shapes) == 1


def test_word_errors_name_the_problem():
    with pytest.raises(WordFileError, match=r"render_word_file\(\): the template is not a Word .docx file"):
        render_word_file(io.BytesIO(b"plain text"), [])
    with pytest.raises(WordFileError, match="WordFileImage 'logo': not an image Word can show"):
        render_word_file(io.BytesIO(make_docx("{{ logo }}")), [WordFileImage(io.BytesIO(b"not a picture"), "logo")])
    with pytest.raises(WordFileError, match="jinja tags are invalid"):
        render_word_file(io.BytesIO(make_docx("{% for x in %}")), [])
    with pytest.raises(TypeError, match="item 1 is a dict"):
        render_word_file(io.BytesIO(make_docx("x")), [WordFileTag("a", 1), {"b": 2}])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="width must be a positive number of pt"):
        WordFileImage(io.BytesIO(make_png(2, 2)), "i", width=-5)


def test_render_jinja_template_renders_a_docx_and_plain_text():
    report = render_jinja_template(
        io.BytesIO(make_docx("Dear {{ name }},", "{{ rows | length }} rows")), {"name": "Bo", "rows": [1, 2, 3]}
    )
    assert paragraphs(report) == ["Dear Bo,", "3 rows"]
    text = render_jinja_template(io.BytesIO(b"{% for n in ns %}{{ n }};{% endfor %}\n"), {"ns": [1, 2]})
    assert text.getvalue() == "1;2;\n"
    with pytest.raises(TypeError, match="variables must be a dict"):
        render_jinja_template(io.BytesIO(b"x"), [("a", 1)])  # type: ignore[arg-type]


# -- PDF merging and SVG -------------------------------------------------------------------------


def test_merge_pdf_files_keeps_the_order_of_files_and_pages(tmp_path: Path):
    (tmp_path / "third.pdf").write_bytes(make_pdf("third"))
    first = File.from_data(make_pdf("first a", "first b"))
    with first.open_binary() as one, open(tmp_path / "third.pdf", "rb") as three:
        merged = merge_pdf_files(one, io.BytesIO(make_pdf("second")), three)
    assert page_texts(merged) == ["first a", "first b", "second", "third"]


def test_merge_pdf_files_names_the_file_that_is_not_a_pdf():
    with pytest.raises(ValueError, match=r"merge_pdf_files\(\): file 2 is not a readable PDF"):
        merge_pdf_files(io.BytesIO(make_pdf("ok")), io.BytesIO(b"%PDF-1.4 broken"))


def test_convert_svg_to_pdf_gives_one_page_the_size_of_the_drawing():
    pdf = convert_svg_to_pdf(io.BytesIO(SVG))
    reader = pypdf.PdfReader(pdf.open_binary())
    assert len(reader.pages) == 1
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (150.0, 75.0)  # px->pt
    assert "Side view" in reader.pages[0].extract_text()
    with pytest.raises(ValueError, match="not an SVG drawing"):
        convert_svg_to_pdf(io.BytesIO(b"<html><body/></html>"))


# -- Word and Excel to PDF (LibreOffice) ----------------------------------------------------------


def test_office_conversions_without_libreoffice_say_what_to_install(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it
    with pytest.raises(
        UnavailableOffline, match=r"convert_word_to_pdf\(\) needs LibreOffice.*apt-get install libreoffice-writer"
    ):
        convert_word_to_pdf(io.BytesIO(make_docx("x")))
    with pytest.raises(ConnectionError, match="apt-get install libreoffice-calc"):
        convert_excel_to_pdf(io.BytesIO(b"PK"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_word_and_excel_convert_to_pdf_with_libreoffice():
    word = convert_word_to_pdf(io.BytesIO(make_docx("Converted by LibreOffice")))
    assert page_texts(word) == ["Converted by LibreOffice"]

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Total"
    workbook.active["B1"] = "=6*7"
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = convert_excel_to_pdf(io.BytesIO(buffer.getvalue()))
    assert "Total" in page_texts(sheet)[0] and "42" in page_texts(sheet)[0]

    with pytest.raises(ValueError, match=r"convert_word_to_pdf\(\): LibreOffice could not convert"):
        convert_word_to_pdf(io.BytesIO(b"PK\x03\x04 not really a docx"))


def test_import_viktor_leaves_the_heavy_libraries_unloaded_until_the_worker_preloads_those_in_use():
    code = (
        "import sys; from viktorlite.app import viktor_alias; viktor_alias.install();"
        "import viktor, viktor.external.spreadsheet;"
        "heavy = {'formulas', 'openpyxl', 'docxtpl', 'pypdf', 'svglib', 'reportlab', 'scipy'};"
        "print(sorted(heavy & set(sys.modules)));"
        "from viktorlite.sdk._preload import preload_services; print(preload_services());"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, preloaded, after = done.stdout.splitlines()
    assert before == "[]"
    assert preloaded == "['openpyxl', 'formulas', 'formulas.excel']"  # the app imported spreadsheet, not word
    assert after == "['formulas', 'openpyxl', 'scipy']"  # scipy: formulas' function library, loaded too
