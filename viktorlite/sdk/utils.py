"""``viktor.utils``: ``memoize``, the one cache a stateless app may rely on, and the document services.

A memoized function's result is kept per function and arguments exactly as passed (``f(1)`` and
``f(x=1)`` are two entries), as JSON, for 24 hours: a later call with the same arguments, in this
job or any later one, returns a fresh copy of the stored result without running the function.
In production the cache is shared by all workers and unbounded; in development each worker keeps
its own, capped first in first out (10 entries; ``[viktorlite] memoize_dev_entries`` in
``viktor.config.toml`` changes it). Outside a job the function is simply called.

The document services (``render_jinja_template``, ``merge_pdf_files``, ``convert_*_to_pdf``) run
on a VIKTOR service on the platform; here they run on this machine (docs/services.md).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

from viktorlite.jobs import context as job_context
from viktorlite.store.memo_cache import MemoCache

from ..optional_library import require as _require
from ._file import File
from ._memo_json import dumps, encode, loads
from ._result_io import read_bytes

# Names the SDK's utils module exposes too.
from .api_v1 import API as API
from .api_v1 import ChatConversation as ChatConversation
from .api_v1 import FileResource as FileResource
from .core import Color as Color
from .errors import ExecutionError as ExecutionError
from .external.autodesk import AutodeskFile as AutodeskFile
from .geometry import GeoPoint as GeoPoint
from .geometry import GeoPolygon as GeoPolygon
from .geometry import GeoPolyline as GeoPolyline
from .parametrization import AutodeskFileField as AutodeskFileField
from .parametrization import Chat as Chat
from .parametrization import ColorField as ColorField
from .parametrization import DateField as DateField
from .parametrization import FileField as FileField
from .parametrization import GeoPointField as GeoPointField
from .parametrization import GeoPolygonField as GeoPolygonField
from .parametrization import GeoPolylineField as GeoPolylineField

__all__ = [
    "convert_excel_to_pdf",
    "convert_svg_to_pdf",
    "convert_word_to_pdf",
    "memoize",
    "merge_pdf_files",
    "render_jinja_template",
]

F = TypeVar("F", bound=Callable[..., Any])


def memoize(fun: F) -> F:
    """Cache ``fun``'s result per arguments (JSON-serialisable types only), across jobs, for 24 h."""
    if not callable(fun):
        raise TypeError(f"memoize decorates a function, not {type(fun).__name__}")
    identity = f"{fun.__module__}.{fun.__qualname__}"
    label = f"{fun.__qualname__}()"
    positional_names = _positional_names(fun)

    @functools.wraps(fun)
    def memoized(*args: Any, **kwargs: Any) -> Any:
        try:
            context = job_context.current()
        except job_context.NoJobError:
            return fun(*args, **kwargs)
        call = {
            "function": identity,
            "args": [encode(value, _argument(label, positional_names, index)) for index, value in enumerate(args)],
            "kwargs": {name: encode(value, f"{label}: argument {name!r}") for name, value in kwargs.items()},
        }
        digest = hashlib.sha256(dumps(call)).hexdigest()
        cache = MemoCache(
            context.connection,
            context.app,
            worker=None if context.production else context.worker,
            capacity=context.memoize_dev_entries,
        )
        stored = cache.get(digest)
        if stored is None:
            stored = dumps(encode(fun(*args, **kwargs), f"{label}: its result"))
            cache.put(digest, stored)
        return loads(stored)

    return memoized  # type: ignore[return-value]


def _positional_names(fun: Callable[..., Any]) -> list[str]:
    try:
        parameters = inspect.signature(fun).parameters.values()
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in parameters if p.kind in kinds]


def _argument(label: str, names: list[str], index: int) -> str:
    if index < len(names):
        return f"{label}: argument {names[index]!r}"
    return f"{label}: positional argument {index + 1}"


# -- document services ------------------------------------------------------------------------------


def render_jinja_template(template: BinaryIO, variables: dict) -> File:
    """The Word (.docx) ``template`` with its jinja tags filled from ``variables`` (docxtpl).

    A template that is not a .docx is rendered as plain jinja text (the platform takes .docx only).
    """
    from ._docx import is_docx, render_docx

    if not isinstance(variables, dict):
        raise TypeError(f"render_jinja_template(): variables must be a dict, not {type(variables).__name__}")
    data = read_bytes(template, "render_jinja_template() template")
    if is_docx(data):
        return File.from_data(render_docx(data, lambda _document: variables, "render_jinja_template"))
    return File.from_data(_render_text(data, variables))


def merge_pdf_files(*files: BinaryIO) -> File:
    """One PDF with the pages of ``files`` in the order given (pypdf)."""
    from ._pdf import merge_pdfs

    documents = [read_bytes(file, f"merge_pdf_files() file {n}") for n, file in enumerate(files, start=1)]
    return File.from_data(merge_pdfs(documents, "merge_pdf_files"))


def convert_word_to_pdf(file: BinaryIO) -> File:
    """The Word document as PDF, converted by LibreOffice on this machine (UnavailableOffline without it)."""
    from ._libreoffice import convert_to_pdf

    data = read_bytes(file, "convert_word_to_pdf() file")
    suffix = ".docx" if data[:2] == b"PK" else ".doc"
    return File.from_data(
        convert_to_pdf(data, suffix=suffix, caller="convert_word_to_pdf", package="libreoffice-writer")
    )


def convert_excel_to_pdf(file: BinaryIO) -> File:
    """The Excel workbook as PDF, converted by LibreOffice on this machine (UnavailableOffline without it)."""
    from ._libreoffice import convert_to_pdf

    data = read_bytes(file, "convert_excel_to_pdf() file")
    suffix = ".xlsx" if data[:2] == b"PK" else ".xls"
    return File.from_data(
        convert_to_pdf(data, suffix=suffix, caller="convert_excel_to_pdf", package="libreoffice-calc")
    )


def convert_svg_to_pdf(file: BinaryIO) -> File:
    """The SVG drawing as a one-page PDF (svglib + reportlab)."""
    from ._pdf import svg_to_pdf

    return File.from_data(svg_to_pdf(read_bytes(file, "convert_svg_to_pdf() file"), "convert_svg_to_pdf"))


def _render_text(data: bytes, variables: dict) -> bytes:
    jinja2 = _require("jinja2", feature="render_jinja_template() of a text template")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("render_jinja_template(): the template is neither a Word .docx file nor UTF-8 text") from None
    try:
        rendered = jinja2.Environment(keep_trailing_newline=True).from_string(text).render(variables)
    except jinja2.TemplateError as error:
        raise ValueError(f"render_jinja_template(): the template's jinja tags are invalid: {error}") from None
    return rendered.encode("utf-8")
