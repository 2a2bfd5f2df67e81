"""Rendering a Word (.docx) jinja template with docxtpl: shared by the two SDK templaters.

``viktor.utils.render_jinja_template`` and ``viktor.external.word.render_word_file`` both fill a
.docx whose text holds jinja tags (``{{ name }}``, loops, conditions); docxtpl is the library that
does exactly that, keeping the template's styling. docxtpl is imported on first use only.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from ..optional_library import require
from .errors import WordFileError


def is_docx(data: bytes) -> bool:
    """Whether ``data`` is a Word 2007+ document (a zip with ``word/document.xml``)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "word/document.xml" in archive.namelist()


def render_docx(template: bytes, context: Callable[[Any], dict[str, Any]], caller: str) -> bytes:
    """The rendered document; ``context(doc)`` builds the variables (it may need ``doc`` for images)."""
    if not is_docx(template):
        raise WordFileError(f"{caller}(): the template is not a Word .docx file (a .doc, or another format?)")
    require("docxtpl", feature=f"{caller}()")
    import jinja2
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    try:
        # Escaped, so text such as "A < B & C" stays text; images and RichText pass as the XML they are.
        document.render(context(document), autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise WordFileError(f"{caller}(): the template's jinja tags are invalid: {error.message}") from None
    except jinja2.TemplateError as error:
        raise WordFileError(f"{caller}(): rendering the template failed: {error}") from None
    rendered = io.BytesIO()
    document.save(rendered)
    return rendered.getvalue()
