"""``viktor.views``: view decorators, the results view methods return, and their serialisation.

A view decorator only tags the method (``func.__viktor_view__``); the worker finds views with
:func:`view_spec_of`, runs them, and turns what they return into JSON plus blobs with
:func:`serialize_result` (docs/protocol.md, "Results"). The result classes live in the private
``_views_*`` modules; this module is the public surface.
"""

from __future__ import annotations

import builtins
import importlib
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from ._deprecated import removed_names
from ._result_io import BlobSink, MemoryBlobSink, SerializeContext
from ._views_data import DataGroup, DataItem, DataStatus
from ._views_geometry import GeometryAndDataResult, GeometryResult, Label
from ._views_map import (
    GeoJSONAndDataResult,
    GeoJSONResult,
    MapAndDataResult,
    MapCircle,
    MapEntityLink,
    MapFeature,
    MapLabel,
    MapLegend,
    MapLine,
    MapPoint,
    MapPolygon,
    MapPolyline,
    MapResult,
)
from ._views_results import (
    DataResult,
    ImageAndDataResult,
    ImageResult,
    PDFResult,
    PlotlyAndDataResult,
    PlotlyResult,
    WebAndDataResult,
    WebResult,
    _ViewResult,
)
from ._views_table import TableCell, TableHeader, TableResult

# Names the SDK's views module exposes too (``from viktor.views import Color``).
from .api_v1 import API as API
from .api_v1 import FileResource as FileResource
from .core import Color as Color
from .core import File as File
from .core import _json_or_dynamic, _warn_ignored_kwargs
from .errors import SummaryError as SummaryError
from .errors import ViewError as ViewError
from .external.autodesk import AutodeskFile as AutodeskFile
from .geometry import GeoPoint as GeoPoint
from .geometry import GeoPolygon as GeoPolygon
from .geometry import GeoPolyline as GeoPolyline
from .geometry import Point as Point
from .geometry import TransformableObject as TransformableObject

__all__ = [
    "AutodeskResult",
    "AutodeskView",
    "DataGroup",
    "DataItem",
    "DataResult",
    "DataStatus",
    "DataView",
    "GeoJSONAndDataResult",
    "GeoJSONAndDataView",
    "GeoJSONResult",
    "GeoJSONView",
    "GeometryAndDataResult",
    "GeometryAndDataView",
    "GeometryResult",
    "GeometryView",
    "IFCAndDataResult",
    "IFCAndDataView",
    "IFCResult",
    "IFCView",
    "ImageAndDataResult",
    "ImageAndDataView",
    "ImageResult",
    "ImageView",
    "InteractionEvent",
    "Label",
    "MapAndDataResult",
    "MapAndDataView",
    "MapCircle",
    "MapEntityLink",
    "MapFeature",
    "MapLabel",
    "MapLegend",
    "MapLine",
    "MapPoint",
    "MapPolygon",
    "MapPolyline",
    "MapResult",
    "MapView",
    "PDFResult",
    "PDFView",
    "PlotlyAndDataResult",
    "PlotlyAndDataView",
    "PlotlyResult",
    "PlotlyView",
    "Summary",
    "SummaryItem",
    "TableCell",
    "TableHeader",
    "TableResult",
    "TableView",
    "View",
    "WebAndDataResult",
    "WebAndDataView",
    "WebResult",
    "WebView",
]

#: Default cap on one serialised result (JSON plus blobs); the worker may pass another.
DEFAULT_MAX_RESULT_BYTES = 50 * 1024 * 1024


# -- results viktorlite cannot show ----------------------------------------------------------------


class _Unsupported(_ViewResult):
    _what = ""

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        raise ValueError(f"{type(self).__name__}: {self._what} cannot be shown by viktorlite (it runs offline)")


class IFCResult(_Unsupported):
    """Result of an IFCView (accepted so apps load; viktorlite has no IFC viewer)."""

    _what = "IFC models"

    def __init__(self, ifc: Any) -> None:
        self.ifc = ifc


class IFCAndDataResult(_Unsupported):
    _what = "IFC models"

    def __init__(self, ifc: Any, data: DataGroup) -> None:
        self.ifc = ifc
        self.data = data


class AutodeskResult(_Unsupported):
    """Result of an AutodeskView (needs Autodesk's cloud viewer)."""

    _what = "Autodesk models"

    def __init__(self, autodesk_file: Any, *, access_token: str) -> None:
        self.autodesk_file = autodesk_file
        self.access_token = access_token


class InteractionEvent:
    """What an interaction (e.g. a map selection) hands to a button method as ``event``."""

    def __init__(self, event_type: str, value: Any) -> None:
        self.type = event_type
        self.value = value


# -- serialisation ---------------------------------------------------------------------------------


class ResultTooLarge(ValueError):
    """A result is over the configured size limit."""


def serialize_result(
    result: Any,
    sink: BlobSink | None = None,
    *,
    max_bytes: int | None = DEFAULT_MAX_RESULT_BYTES,
) -> dict[str, Any]:
    """The JSON form of a view method's return value; its binary parts go to ``sink`` as blobs.

    Raises TypeError for something that is not a view result, ValueError for a result that cannot
    be serialised, and :class:`ResultTooLarge` when JSON plus blobs exceed ``max_bytes``.
    """
    return encode_result(result, sink, max_bytes=max_bytes)[0]


def encode_result(
    result: Any,
    sink: BlobSink | None = None,
    *,
    max_bytes: int | None = DEFAULT_MAX_RESULT_BYTES,
) -> tuple[dict[str, Any], str]:
    """:func:`serialize_result` and its encoded JSON text, encoded once: the size limit is measured on
    that text and the worker stores it as it is (a large figure is never copied or encoded again)."""
    if not isinstance(result, _ViewResult):
        raise TypeError(
            f"cannot serialise {type(result).__name__}: a view method must return a view result "
            "such as DataResult or PlotlyResult"
        )
    ctx = SerializeContext(sink if sink is not None else MemoryBlobSink())
    payload = result._to_json_uncopied(ctx)
    try:
        text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        if payload.get("type") not in ("PlotlyResult", "PlotlyAndDataResult"):
            raise ValueError(f"{type(result).__name__} holds a value that is not JSON: {error}") from None
        payload = result._to_json(ctx)  # NaN, numpy or pandas values in a figure dict: the copying path
        try:
            text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as again:
            raise ValueError(f"{type(result).__name__} holds a value that is not JSON: {again}") from None
    size = len(text) + ctx.blob_bytes  # ASCII (json.dumps escapes the rest): characters are bytes
    if max_bytes is not None and size > max_bytes:
        raise ResultTooLarge(
            f"{type(result).__name__} is {_megabytes(size)}, over the result size limit of {_megabytes(max_bytes)}"
        )
    return payload, text


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


# -- summary ---------------------------------------------------------------------------------------


class SummaryItem:
    """One summary value: from the params (``source='parametrization'``) or from a quick DataView."""

    def __init__(
        self, label: str, item_type: type, source: str, value_path: str, *, suffix: str = "", prefix: str = ""
    ) -> None:
        if item_type not in (str, float):
            raise TypeError(f"SummaryItem item_type must be str or float, got {item_type!r}")
        self.label = label
        self.item_type = item_type
        self.source = source
        self.value_path = value_path
        self.suffix = suffix
        self.prefix = prefix

    def _to_json(self, key: str) -> dict[str, Any]:
        return {
            "key": key,
            "label": str(self.label),
            "item_type": "str" if self.item_type is str else "float",
            "source": self.source,
            "value_path": self.value_path,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


class Summary(OrderedDict[str, SummaryItem]):
    """``Controller.summary``: at most 6 SummaryItems, keyed by name."""

    _MAX_ITEMS = 6

    def __init__(self, **items: SummaryItem) -> None:
        if len(items) > self._MAX_ITEMS:
            raise AttributeError(f"a Summary holds at most {self._MAX_ITEMS} items, got {len(items)}")
        for key, item in items.items():
            if not isinstance(item, SummaryItem):
                raise TypeError(f"Summary item {key!r} must be a SummaryItem, got {type(item).__name__}")
        super().__init__(items)

    def _to_json(self) -> list[dict[str, Any]]:
        return [item._to_json(key) for key, item in self.items()]


# -- view decorators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewSpec:
    """What a view decorator records about the method it decorates."""

    type: str
    label: str
    result_type: builtins.type[_ViewResult] | tuple[builtins.type[_ViewResult], ...]
    duration_guess: float = 1
    update_label: str | None = None
    description: str | None = None
    visible: Any = True
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def result_names(self) -> str:
        types = self.result_type if isinstance(self.result_type, tuple) else (self.result_type,)
        return " or ".join(t.__name__ for t in types)

    def to_json(self, method_name: str) -> dict[str, Any]:
        """The manifest's ``views`` entry for this view on method ``method_name``."""
        entry = {
            "method": method_name,
            "type": self.type,
            "label": self.label,
            "duration_guess": self.duration_guess,
            "update_label": self.update_label,
            "description": self.description,
            "visible": _json_or_dynamic(self.visible),
        }
        if self.options:
            entry["options"] = dict(self.options)
        return entry


F = TypeVar("F", bound=Callable[..., Any])


class View:
    """Base of the view decorators: ``@DataView("Results", duration_guess=1)``."""

    _result_type: ClassVar[builtins.type[_ViewResult] | tuple[builtins.type[_ViewResult], ...]] = _ViewResult

    def __init__(
        self,
        label: str,
        duration_guess: float | None = None,
        *,
        description: str | None = None,
        update_label: str | None = None,
        visible: bool | Callable[..., bool] = True,
        **kwargs: Any,
    ) -> None:
        options = self._options(kwargs)
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._spec = ViewSpec(
            type=type(self).__name__,
            label=label,
            result_type=self._result_type,
            duration_guess=1 if duration_guess is None else duration_guess,
            update_label=update_label,
            description=description,
            visible=visible,
            options=options,
        )

    def _options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Take this view type's own keyword arguments out of ``kwargs``."""
        return {}

    def __call__(self, func: F) -> F:
        func.__viktor_view__ = self._spec  # type: ignore[attr-defined]
        return func


class DataView(View):
    _result_type = DataResult


class PlotlyView(View):
    _result_type = PlotlyResult


class PlotlyAndDataView(View):
    _result_type = PlotlyAndDataResult


class ImageView(View):
    _result_type = ImageResult


class ImageAndDataView(View):
    _result_type = ImageAndDataResult


class PDFView(View):
    _result_type = PDFResult


class WebView(View):
    _result_type = WebResult


class WebAndDataView(View):
    _result_type = WebAndDataResult


class TableView(View):
    _result_type = TableResult


class MapView(View):
    _result_type = MapResult


class MapAndDataView(View):
    _result_type = MapAndDataResult


class GeoJSONView(View):
    # A MapResult is GeoJSON too; the platform's GeoJSONView shows either.
    _result_type = (GeoJSONResult, MapResult)


class GeoJSONAndDataView(View):
    _result_type = (GeoJSONAndDataResult, MapAndDataResult)


class _ModelView(View):
    """A 3D (or 2D) model; its camera settings go to the editor as the view's ``options``."""

    def __init__(
        self,
        label: str,
        duration_guess: float | None = None,
        *,
        description: str | None = None,
        update_label: str | None = None,
        view_mode: str = "3D",
        default_shadow: bool = False,
        up_axis: str = "Z",
        x_axis_to_right: bool | None = None,
        visible: bool | Callable[..., bool] = True,
        **kwargs: Any,
    ) -> None:
        if view_mode not in ("2D", "3D"):
            raise ValueError(f"{type(self).__name__} view_mode must be '2D' or '3D', got {view_mode!r}")
        if up_axis not in ("Y", "Z"):
            raise ValueError(f"{type(self).__name__} up_axis must be 'Y' or 'Z', got {up_axis!r}")
        self._camera = {
            "view_mode": view_mode,
            "default_shadow": bool(default_shadow),
            "up_axis": up_axis,
            "x_axis_to_right": x_axis_to_right,
        }
        super().__init__(
            label, duration_guess, description=description, update_label=update_label, visible=visible, **kwargs
        )

    def _options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return self._camera


class GeometryView(_ModelView):
    _result_type = GeometryResult


class GeometryAndDataView(_ModelView):
    _result_type = GeometryAndDataResult


class IFCView(View):
    _result_type = IFCResult


class IFCAndDataView(View):
    _result_type = IFCAndDataResult


class AutodeskView(View):
    _result_type = AutodeskResult


def view_spec_of(func: Any) -> ViewSpec | None:
    """The view a controller attribute was decorated as, or None when it is not a view."""
    spec = getattr(func, "__viktor_view__", None)
    return spec if isinstance(spec, ViewSpec) else None


def _legacy(name: str) -> Callable[[], Any]:
    """Loads an old name from ``_views_legacy`` on first use (it subclasses this module's views)."""
    return lambda: getattr(importlib.import_module("._views_legacy", __package__), name)


#: SDK 13's PNG/JPG/SVG views and results (``_views_legacy``), with what replaces them.
_REPLACED_BY = {
    **{f"{kind}Result": "ImageResult" for kind in ("PNG", "JPG", "SVG")},
    **{f"{kind}AndDataResult": "ImageAndDataResult" for kind in ("PNG", "JPG", "SVG")},
    **{f"{kind}View": "ImageView" for kind in ("PNG", "JPG", "SVG")},
    **{f"{kind}AndDataView": "ImageAndDataView" for kind in ("PNG", "JPG", "SVG")},
}
__getattr__ = removed_names(__name__, {old: (new, _legacy(old)) for old, new in _REPLACED_BY.items()})
