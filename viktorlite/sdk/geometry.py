"""``viktor.geometry``: geometry objects apps build and receive.

This module holds the geographic values the Geo input fields deliver (:class:`GeoPoint`,
:class:`GeoPolyline`, :class:`GeoPolygon`) and the Dutch RD <-> WGS84 converter. The 3D
objects (Point, Line, Extrusion, ...) and the SDK's module helpers (matrices, intersections)
live in their own modules and are re-exported at the end. ``__all__`` lists what
``from viktor import *`` takes (the SDK's list); the helpers are reachable as
``viktor.geometry.<name>`` only, as in the SDK.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from typing import Any

__all__: list[str] = []

# -- geographic values (WGS84) ------------------------------------------------------------------

__all__ += ["GeoPoint", "GeoPolygon", "GeoPolyline", "RDWGSConverter"]


class RDWGSConverter:
    """Rijksdriehoek (Dutch national grid, metres) <-> WGS84 (degrees).

    Uses the published polynomial approximation (Schreutelkamp & Strang van Hees), accurate to
    about a metre inside the Netherlands; that is what the SDK offers too.
    """

    X0: int = 155000
    Y0: int = 463000
    phi0: float = 52.15517440
    lam0: float = 5.38720621

    _K = (
        (0, 1, 3235.65389),
        (2, 0, -32.58297),
        (0, 2, -0.24750),
        (2, 1, -0.84978),
        (0, 3, -0.06550),
        (2, 2, -0.01709),
        (1, 0, -0.00738),
        (4, 0, 0.00530),
        (2, 3, -0.00039),
        (4, 1, 0.00033),
        (1, 1, -0.00012),
    )
    _L = (
        (1, 0, 5260.52916),
        (1, 1, 105.94684),
        (1, 2, 2.45656),
        (3, 0, -0.81885),
        (1, 3, 0.05594),
        (3, 1, -0.05607),
        (0, 1, 0.01199),
        (3, 2, -0.00256),
        (1, 4, 0.00128),
        (0, 2, 0.00022),
        (2, 0, -0.00022),
        (5, 0, 0.00026),
    )
    _R = (
        (0, 1, 190094.945),
        (1, 1, -11832.228),
        (2, 1, -114.221),
        (0, 3, -32.391),
        (1, 0, -0.705),
        (3, 1, -2.340),
        (1, 3, -0.608),
        (0, 2, -0.008),
        (2, 3, 0.148),
    )
    _S = (
        (1, 0, 309056.544),
        (0, 2, 3638.893),
        (2, 0, 73.077),
        (1, 2, -157.984),
        (3, 0, 59.788),
        (0, 1, 0.433),
        (2, 2, -6.439),
        (1, 1, -0.032),
        (0, 4, 0.092),
        (1, 4, -0.054),
    )

    @staticmethod
    def from_rd_to_wgs(coords: Sequence[float]) -> list[float]:
        """``(x, y)`` in RD metres -> ``[lat, lon]`` in degrees."""
        dx = (float(coords[0]) - RDWGSConverter.X0) * 1e-5
        dy = (float(coords[1]) - RDWGSConverter.Y0) * 1e-5
        phi = sum(k * dx**p * dy**q for p, q, k in RDWGSConverter._K)
        lam = sum(k * dx**p * dy**q for p, q, k in RDWGSConverter._L)
        return [RDWGSConverter.phi0 + phi / 3600, RDWGSConverter.lam0 + lam / 3600]

    @staticmethod
    def from_wgs_to_rd(coords: Sequence[float]) -> list[float]:
        """``(lat, lon)`` in degrees -> ``[x, y]`` in RD metres."""
        dphi = 0.36 * (float(coords[0]) - RDWGSConverter.phi0)
        dlam = 0.36 * (float(coords[1]) - RDWGSConverter.lam0)
        x = sum(k * dphi**p * dlam**q for p, q, k in RDWGSConverter._R)
        y = sum(k * dphi**p * dlam**q for p, q, k in RDWGSConverter._S)
        return [RDWGSConverter.X0 + x, RDWGSConverter.Y0 + y]


class GeoPoint:
    """A WGS84 location; ``lat`` in -90..90 and ``lon`` in -180..180 degrees."""

    def __init__(self, lat: float, lon: float) -> None:
        if abs(lat) > 90:
            raise ValueError("GeoPoint latitude should be between -90 and 90 degrees")
        if abs(lon) > 180:
            raise ValueError("GeoPoint longitude should be between -180 and 180 degrees")
        self._lat = lat
        self._lon = lon

    @classmethod
    def from_rd(cls, coords: Sequence[float]) -> GeoPoint:
        return cls(*RDWGSConverter.from_rd_to_wgs(coords))

    @property
    def lat(self) -> float:
        return self._lat

    @property
    def lon(self) -> float:
        return self._lon

    latitude = lat
    longitude = lon

    @property
    def rd(self) -> tuple[float, float]:
        x, y = RDWGSConverter.from_wgs_to_rd((self._lat, self._lon))
        return (x, y)

    def __getitem__(self, key: str) -> float:
        if key in ("lat", "latitude"):
            return self._lat
        if key in ("lon", "longitude"):
            return self._lon
        raise KeyError(key)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GeoPoint):
            return NotImplemented
        return (self._lat, self._lon) == (other._lat, other._lon)

    def __hash__(self) -> int:
        return hash((self._lat, self._lon))

    def __repr__(self) -> str:
        return f"GeoPoint(lat={self._lat:.3e}, lon={self._lon:.3e})"

    def _to_json(self) -> dict[str, float]:
        return {"lat": self._lat, "lon": self._lon}


def _points(owner: str, points: Sequence[Any], minimum: int) -> list[GeoPoint]:
    if not all(isinstance(p, GeoPoint) for p in points):
        raise TypeError(f"{owner}: every point must be a GeoPoint")
    if len(points) < minimum:
        raise ValueError(f"{owner} needs at least {minimum} points, got {len(points)}")
    return list(points)


class GeoPolyline:
    """An open line through two or more GeoPoints."""

    _MIN_POINTS = 2

    def __init__(self, *points: GeoPoint) -> None:
        self._points = _points(type(self).__name__, points, self._MIN_POINTS)

    @property
    def points(self) -> list[GeoPoint]:
        return list(self._points)

    def __iter__(self) -> Iterator[GeoPoint]:
        return iter(self._points)

    def __len__(self) -> int:
        return len(self._points)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, GeoPolyline)
        return self._points == other._points

    def __hash__(self) -> int:
        return hash(tuple(self._points))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self._points))})"

    def _to_json(self) -> dict[str, Any]:
        return {"points": [p._to_json() for p in self._points]}


class GeoPolygon(GeoPolyline):
    """An area bounded by three or more GeoPoints; closed implicitly (last point joins the first)."""

    _MIN_POINTS = 3


# -- 3D objects (their glTF conversion is viktorlite.sdk._gltf) and the module helpers -------------------

from . import (  # noqa: E402
    _geometry_3d,
    _geometry_curves,
    _geometry_extrusions,
    _geometry_materials,
    _geometry_patterns,
    _geometry_points,
    _geometry_polygons,
    _geometry_revolves,
    _geometry_solids,
)
from ._geometry_3d import *  # noqa: E402, F403
from ._geometry_curves import *  # noqa: E402, F403
from ._geometry_extrusions import *  # noqa: E402, F403
from ._geometry_functions import *  # noqa: E402, F403
from ._geometry_materials import *  # noqa: E402, F403
from ._geometry_maths import *  # noqa: E402, F403
from ._geometry_patterns import *  # noqa: E402, F403
from ._geometry_points import *  # noqa: E402, F403
from ._geometry_polygons import *  # noqa: E402, F403
from ._geometry_polyline import Polyline  # noqa: E402
from ._geometry_revolves import *  # noqa: E402, F403
from ._geometry_solids import *  # noqa: E402, F403
from .core import Color, File  # noqa: E402, F401  (the SDK's viktor.geometry re-exports them)

__all__ += [
    *_geometry_points.__all__,
    *_geometry_materials.__all__,
    *_geometry_3d.__all__,
    *_geometry_curves.__all__,
    *_geometry_extrusions.__all__,
    *_geometry_revolves.__all__,
    *_geometry_solids.__all__,
    *_geometry_polygons.__all__,
    *_geometry_patterns.__all__,
    "Polyline",
]


# -- names the SDK removed in 14.0 ------------------------------------------------------------------


def _hex_to_rgb(value: str) -> tuple[int, int, int]:
    return Color.hex_to_rgb(value)


def _rgb_to_hex(red: int, green: int, blue: int, include_hashtag: bool = True) -> str:
    return Color.rgb_to_hex(red, green, blue, include_hashtag)


_REMOVED_IN_14 = {
    "hex_to_rgb": (_hex_to_rgb, "Color.hex_to_rgb(...)"),
    "rgb_to_hex": (_rgb_to_hex, "Color.rgb_to_hex(...)"),
}


def __getattr__(name: str) -> Any:
    """``viktor.geometry.hex_to_rgb`` / ``rgb_to_hex`` (SDK 13) still work, with a DeprecationWarning."""
    if name in _REMOVED_IN_14:
        function, replacement = _REMOVED_IN_14[name]
        warnings.warn(
            f"viktor.geometry.{name} is deprecated and was removed in SDK 14, please use {replacement} instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return function
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
