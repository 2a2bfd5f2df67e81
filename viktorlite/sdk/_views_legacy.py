"""Image views and results of SDK 13 (``PNGView``, ``JPGView``, ``SVGView`` and their results), still found in apps.

SDK 14 removed them; :mod:`.views` hands them out with a DeprecationWarning. They are the ImageView
family under old names: the manifest lists them as ``ImageView`` / ``ImageAndDataView``, so the
editor draws them like any image.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ._views_data import DataGroup
from ._views_results import ImageAndDataResult, ImageResult
from .views import ImageAndDataView, ImageView


class PNGResult(ImageResult):
    """Old name of an ImageResult holding a PNG."""


class JPGResult(ImageResult):
    """Old name of an ImageResult holding a JPEG."""


class SVGResult(ImageResult):
    """Old name of an ImageResult holding an SVG."""


def _image_and_data(first: Any, second: Any) -> tuple[Any, DataGroup]:
    """13.x took ``(image, data)``, older SDKs ``(data, image)``; accept both orders."""
    return (second, first) if isinstance(first, DataGroup) else (first, second)


class PNGAndDataResult(ImageAndDataResult):
    def __init__(self, image: Any, data: Any) -> None:
        super().__init__(*_image_and_data(image, data))


class JPGAndDataResult(PNGAndDataResult):
    pass


class SVGAndDataResult(PNGAndDataResult):
    pass


class PNGView(ImageView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spec = replace(self._spec, type="ImageView")


class JPGView(PNGView):
    pass


class SVGView(PNGView):
    pass


class PNGAndDataView(ImageAndDataView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spec = replace(self._spec, type="ImageAndDataView")


class JPGAndDataView(PNGAndDataView):
    pass


class SVGAndDataView(PNGAndDataView):
    pass
