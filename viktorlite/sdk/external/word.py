"""``viktor.external.word``: fill a Word (.docx) template's ``{{ tags }}`` with text and images.

The platform renders on a VIKTOR service; viktorlite renders here with docxtpl (docs/services.md).
A :class:`WordFileTag` becomes the jinja variable ``identifier``; a :class:`WordFileImage` becomes
an inline picture at ``{{ identifier }}``, sized in points (the other side scaled when only one is given).
"""

from __future__ import annotations

import io
import os
from abc import ABC, abstractmethod
from typing import Any, BinaryIO

from .._docx import render_docx as _render_docx
from .._file import File
from .._result_io import read_bytes as _read_bytes
from .._result_io import read_path as _read_path
from ..errors import WordFileError
from . import _standin

__all__ = [
    "WordFileComponent",
    "WordFileImage",
    "WordFileResult",
    "WordFileTag",
    "WordFileTemplate",
    "render_word_file",
]


class WordFileComponent(ABC):
    """Something placed at ``{{ identifier }}`` in a Word template: a tag or an image."""

    @abstractmethod
    def __init__(self, identifier: str) -> None:
        if not isinstance(identifier, str) or not identifier:
            raise TypeError(f"{type(self).__name__}: identifier must be a non-empty str, not {identifier!r}")
        self.identifier = identifier

    @abstractmethod
    def _context_value(self, document: Any) -> Any:
        """What docxtpl puts at the tag (``document`` is the DocxTemplate being rendered)."""


class WordFileTag(WordFileComponent):
    """``value`` at ``{{ identifier }}``; lists and dicts work too, for loops in the template."""

    def __init__(self, identifier: str, value: object) -> None:
        super().__init__(identifier)
        self.value = value

    def _context_value(self, document: Any) -> Any:
        return self.value


class WordFileImage(WordFileComponent):
    """An image at ``{{ identifier }}``; ``width``/``height`` in pt, one alone keeps the aspect ratio."""

    def __init__(self, file: BinaryIO, identifier: str, width: int | None = None, height: int | None = None) -> None:
        super().__init__(identifier)
        for name, size in (("width", width), ("height", height)):
            if size is not None and (isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0):
                raise ValueError(f"WordFileImage {identifier!r}: {name} must be a positive number of pt, not {size!r}")
        self.file_content = _read_bytes(file, f"WordFileImage {identifier!r} file")
        self.width = width
        self.height = height

    @classmethod
    def from_path(
        cls,
        file_path: str | bytes | os.PathLike[str],
        identifier: str,
        width: int | None = None,
        height: int | None = None,
    ) -> WordFileImage:
        """A WordFileImage of the image file at ``file_path``."""
        data = _read_path(os.fsdecode(file_path), f"WordFileImage {identifier!r}")
        return cls(io.BytesIO(data), identifier, width=width, height=height)

    def _context_value(self, document: Any) -> Any:
        from docx.image.exceptions import UnrecognizedImageError
        from docx.image.image import Image
        from docx.shared import Pt
        from docxtpl import InlineImage

        try:
            Image.from_blob(self.file_content)
        except UnrecognizedImageError:
            raise WordFileError(
                f"WordFileImage {self.identifier!r}: not an image Word can show (PNG, JPEG, GIF, BMP or TIFF)"
            ) from None
        return InlineImage(
            document,
            io.BytesIO(self.file_content),
            width=None if self.width is None else Pt(self.width),
            height=None if self.height is None else Pt(self.height),
        )


class WordFileResult:
    """The rendered document's bytes, as :meth:`WordFileTemplate.render` returns them."""

    def __init__(self, *, file_content: bytes | None = None) -> None:
        self._file_content = file_content

    @property
    def file_content(self) -> bytes:
        return self._file_content if self._file_content is not None else b""


class WordFileTemplate:
    """A Word template and its components; prefer :func:`render_word_file`, which returns a File."""

    def __init__(self, file: BinaryIO, components: list[WordFileComponent]) -> None:
        self._template = _read_bytes(file, "WordFileTemplate file")  # now: the app may close the file
        self.components = _checked_components(components)
        self._result: WordFileResult | None = None

    @classmethod
    def from_path(
        cls, file_path: str | bytes | os.PathLike[str], components: list[WordFileComponent]
    ) -> WordFileTemplate:
        return cls(io.BytesIO(_read_path(os.fsdecode(file_path), "WordFileTemplate")), components)

    def render(self) -> WordFileResult:
        """Render the template (also kept as :attr:`result`)."""
        data = _render(self._template, self.components, "WordFileTemplate.render")
        self._result = WordFileResult(file_content=data)
        return self._result

    @property
    def result(self) -> WordFileResult:
        if self._result is None:
            raise WordFileError("WordFileTemplate.result: call render() first")
        return self._result


def render_word_file(template: BinaryIO, components: list[WordFileComponent]) -> File:
    """The Word ``template`` (.docx) with ``components`` placed at their tags, as a File."""
    data = _read_bytes(template, "render_word_file() template")
    return File.from_data(_render(data, _checked_components(components), "render_word_file"))


def _checked_components(components: list[WordFileComponent]) -> list[WordFileComponent]:
    items = list(components)
    for position, component in enumerate(items):
        if not isinstance(component, WordFileComponent):
            raise TypeError(
                f"Word components must be WordFileTag or WordFileImage; item {position} is a {type(component).__name__}"
            )
    return items


def _render(template: bytes, components: list[WordFileComponent], caller: str) -> bytes:
    def context(document: Any) -> dict[str, Any]:
        return {component.identifier: component._context_value(document) for component in components}

    return _render_docx(template, context, caller)


_standin.materialise(globals(), "a VIKTOR worker")
