"""Names of older SDKs for image views (``PNGView``, ``SVGView`` and their results), still found in apps.

They are the ImageView family under old names: the manifest lists them as ``ImageView`` /
``ImageAndDataView``, so the editor draws them like any image.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ._views_data import DataGroup
from ._views_results import ImageAndDataResult, ImageResult

__all__ = [
    "PNGAndDataResult",
    "PNGAndDataView",
    "PNGResult",
    "PNGView",
    "SVGAndDataResult",
    "SVGAndDataView",
    "SVGResult",
    "SVGView",
]


def _image_views() -> tuple[type, type]:
    from .views import ImageAndDataView, ImageView  # views imports this module at its end

    return ImageView, ImageAndDataView


class PNGResult(ImageResult):
    """Old name of an ImageResult holding a PNG."""


class SVGResult(ImageResult):
    """Old name of an ImageResult holding an SVG."""


def _data_and_image(first: Any, second: Any) -> tuple[Any, DataGroup]:
    """Old ``*AndDataResult`` took ``(data, image)``; accept both orders."""
    return (second, first) if isinstance(first, DataGroup) else (first, second)


class PNGAndDataResult(ImageAndDataResult):
    def __init__(self, data: Any, png: Any) -> None:
        super().__init__(*_data_and_image(data, png))


class SVGAndDataResult(ImageAndDataResult):
    def __init__(self, data: Any, svg: Any) -> None:
        super().__init__(*_data_and_image(data, svg))


_ImageView, _ImageAndDataView = _image_views()


class PNGView(_ImageView):  # type: ignore[misc, valid-type]
    _spec: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spec = replace(self._spec, type="ImageView")


class SVGView(PNGView):
    pass


class PNGAndDataView(_ImageAndDataView):  # type: ignore[misc, valid-type]
    _spec: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spec = replace(self._spec, type="ImageAndDataView")


class SVGAndDataView(PNGAndDataView):
    pass
