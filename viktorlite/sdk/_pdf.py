"""PDF merging (pypdf) and SVG to PDF (svglib + reportlab), the pure-Python document services.

svglib + reportlab rather than CairoSVG: both install from PyPI as wheels with no system library
(CairoSVG needs libcairo on the machine), so ``pip install viktorlite`` alone makes
``convert_svg_to_pdf`` work. Libraries are imported on first use, keeping ``import viktor`` fast.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree

from ..optional_library import require


def merge_pdfs(documents: list[bytes], caller: str) -> bytes:
    """One PDF with the pages of ``documents`` in the given order."""
    require("pypdf", feature=f"{caller}()")
    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    for number, data in enumerate(documents, start=1):
        try:
            writer.append(io.BytesIO(data))
        except (PyPdfError, ValueError, OSError) as error:
            raise ValueError(f"{caller}(): file {number} is not a readable PDF ({error})") from None
    merged = io.BytesIO()
    writer.write(merged)
    return merged.getvalue()


def svg_to_pdf(data: bytes, caller: str) -> bytes:
    """A one-page PDF of the SVG drawing, its page the drawing's size (px become pt at 96 dpi)."""
    require("svglib", feature=f"{caller}()")
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    if _root_tag(data) != "svg":
        raise ValueError(f"{caller}(): the file is not an SVG drawing (its root element must be <svg>)")
    try:
        drawing = svg2rlg(io.BytesIO(data))
    except Exception as error:  # svglib raises assorted errors for drawings it cannot follow
        raise ValueError(f"{caller}(): the SVG drawing cannot be read ({error})") from None
    if drawing is None:  # svglib's own "could not parse" answer
        raise ValueError(f"{caller}(): the SVG drawing cannot be read")
    return renderPDF.drawToString(drawing)


def _root_tag(data: bytes) -> str | None:
    """The local name of the XML root element (None when ``data`` is not XML)."""
    try:
        for _event, element in ElementTree.iterparse(io.BytesIO(data), events=("start",)):
            return element.tag.rsplit("}", 1)[-1]
    except ElementTree.ParseError:
        return None
    return None
