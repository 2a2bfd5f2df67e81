"""What view methods return (viktor_api.md §4.2), each knowing its JSON (docs/protocol.md, "Results")."""

from __future__ import annotations

import json
import math
import os
from typing import Any

from ..optional_library import require
from ._result_io import SerializeContext, read_bytes, read_path
from ._views_data import DataGroup, data_json

__all__ = [
    "DataResult",
    "ImageAndDataResult",
    "ImageResult",
    "PDFResult",
    "PlotlyAndDataResult",
    "PlotlyResult",
    "WebAndDataResult",
    "WebResult",
]


class _ViewResult:
    """Base of what view methods return; subclasses know their own JSON."""

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        raise NotImplementedError

    def _to_json_uncopied(self, ctx: SerializeContext) -> dict[str, Any]:
        """``_to_json`` that may hold the app's own values uncopied; only for encoding at once
        (what is not plain JSON then fails the encode, and :meth:`_to_json` is used instead)."""
        return self._to_json(ctx)


def _check_data(data: Any, owner: str) -> DataGroup:
    if not isinstance(data, DataGroup):
        raise TypeError(f"{owner} expects data to be a DataGroup, got {type(data).__name__}")
    return data


class DataResult(_ViewResult):
    """Result of a DataView."""

    def __init__(self, data: DataGroup) -> None:
        self.data = _check_data(data, "DataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {"type": "DataResult", "data": data_json(self.data)}


# -- plotly ----------------------------------------------------------------------------------------


def _figure_json(figure: Any) -> dict[str, Any]:
    if isinstance(figure, str):
        try:
            loaded = json.loads(figure)
        except ValueError as error:
            raise ValueError(f"PlotlyResult: the figure string is not valid JSON ({error})") from None
        if not isinstance(loaded, dict):
            raise ValueError("PlotlyResult: the figure JSON must be an object")
        return loaded
    if isinstance(figure, dict):
        try:
            plain: dict[str, Any] = _plain_json(figure)
            return plain
        except TypeError:
            pass  # numpy, pandas or other values: plotly's own encoder knows them
    require("plotly", feature="a PlotlyResult of a plotly figure")  # lazily: only apps with plotly views pay
    import plotly.io

    # plotly's encoder handles numpy/pandas values and turns NaN into null.
    try:
        result: dict[str, Any] = json.loads(plotly.io.to_json(figure, validate=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"PlotlyResult: the figure holds a value that is not JSON ({error})") from None
    return result


def _plain_json(value: Any) -> Any:
    """A copy of plain JSON-like data with NaN/inf as null (as plotly does); TypeError for anything else."""
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(type(value).__name__)


def _check_figure(figure: Any) -> Any:
    if not isinstance(figure, (str, dict)) and not hasattr(figure, "to_plotly_json"):
        raise TypeError(f"PlotlyResult expects a dict, JSON string or plotly Figure, got {type(figure).__name__}")
    return figure


class PlotlyResult(_ViewResult):
    """Result of a PlotlyView: a figure as dict, JSON string or ``plotly.graph_objects.Figure``."""

    def __init__(self, figure: str | dict[str, Any] | Any) -> None:
        self.figure = _check_figure(figure)

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {"type": "PlotlyResult", "figure": _figure_json(self.figure)}

    def _to_json_uncopied(self, ctx: SerializeContext) -> dict[str, Any]:
        if isinstance(self.figure, dict) and all(isinstance(key, str) for key in self.figure):
            return {"type": "PlotlyResult", "figure": self.figure}  # a large figure is not copied
        return self._to_json(ctx)


class PlotlyAndDataResult(PlotlyResult):
    """Result of a PlotlyAndDataView: a figure beside a DataGroup."""

    def __init__(self, figure: str | dict[str, Any] | Any, data: DataGroup) -> None:
        super().__init__(figure)
        self.data = _check_data(data, "PlotlyAndDataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {**super()._to_json(ctx), "type": "PlotlyAndDataResult", "data": data_json(self.data)}

    def _to_json_uncopied(self, ctx: SerializeContext) -> dict[str, Any]:
        return {**super()._to_json_uncopied(ctx), "type": "PlotlyAndDataResult", "data": data_json(self.data)}


# -- images ----------------------------------------------------------------------------------------

_IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml"}


def image_kind(data: bytes) -> str | None:
    """png, jpeg, gif or svg, from the bytes themselves (never from a name the app gave)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in data[:65536].lower():
        return "svg"
    return None


def image_blob(data: bytes, ctx: SerializeContext, owner: str) -> dict[str, Any]:
    kind = image_kind(data)
    if kind is None:
        raise ValueError(f"{owner}: the image is not a PNG, JPEG, GIF or SVG ({len(data)} bytes)")
    return ctx.blob(data, content_type=_IMAGE_TYPES[kind], filename=f"image.{kind}")


class ImageResult(_ViewResult):
    """Result of an ImageView: a PNG, JPEG, GIF or SVG image."""

    def __init__(self, image: Any) -> None:
        self.image = image

    @classmethod
    def from_path(cls, file_path: str | os.PathLike[str]) -> ImageResult:
        return cls(read_path(file_path, "ImageResult.from_path"))

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        data = read_bytes(self.image, "ImageResult image")
        return {"type": "ImageResult", "image": image_blob(data, ctx, "ImageResult")}


class ImageAndDataResult(ImageResult):
    """Result of an ImageAndDataView."""

    def __init__(self, image: Any, data: DataGroup) -> None:
        super().__init__(image)
        self.data = _check_data(data, "ImageAndDataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {**super()._to_json(ctx), "type": "ImageAndDataResult", "data": data_json(self.data)}


# -- PDF and web -----------------------------------------------------------------------------------


def _check_url(url: Any, owner: str) -> str | None:
    if url is None:
        return None
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"{owner}: url must be an http(s) URL, got {url!r}")
    return url


class PDFResult(_ViewResult):
    """Result of a PDFView: a PDF file, or a URL the browser loads itself (the URL wins)."""

    def __init__(self, *, file: Any = None, url: str | None = None) -> None:
        if file is None and url is None:
            raise ValueError("PDFResult needs a file or a url")
        self.file = file
        self.url = _check_url(url, "PDFResult")

    @classmethod
    def from_path(cls, file_path: str | os.PathLike[str]) -> PDFResult:
        return cls(file=read_path(file_path, "PDFResult.from_path"))

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        if self.url is not None:
            return {"type": "PDFResult", "url": self.url, "file": None}
        data = read_bytes(self.file, "PDFResult file")
        if not data.lstrip()[:5] == b"%PDF-":
            raise ValueError(f"PDFResult: the file is not a PDF (it does not start with %PDF-; {len(data)} bytes)")
        return {"type": "PDFResult", "url": None, "file": ctx.blob(data, content_type="application/pdf")}


class WebResult(_ViewResult):
    """Result of a WebView: one HTML page, or a URL (the URL wins). HTML runs sandboxed."""

    def __init__(self, *, html: Any = None, url: str | None = None) -> None:
        if html is None and url is None:
            raise ValueError("WebResult needs html or a url")
        self.html = html
        self.url = _check_url(url, "WebResult")

    @classmethod
    def from_path(cls, file_path: str | os.PathLike[str]) -> WebResult:
        return cls(html=read_path(file_path, "WebResult.from_path"))

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        if self.url is not None:
            return {"type": "WebResult", "url": self.url, "html": None}
        data = read_bytes(self.html, "WebResult html")
        return {"type": "WebResult", "url": None, "html": ctx.blob(data, content_type="text/html; charset=utf-8")}


class WebAndDataResult(WebResult):
    """Result of a WebAndDataView."""

    def __init__(self, *, html: Any = None, url: str | None = None, data: DataGroup | None = None) -> None:
        super().__init__(html=html, url=url)
        self.data = None if data is None else _check_data(data, "WebAndDataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        data = data_json(self.data) if self.data is not None else []
        return {**super()._to_json(ctx), "type": "WebAndDataResult", "data": data}
