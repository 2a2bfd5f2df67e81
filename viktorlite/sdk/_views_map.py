"""MapView and GeoJSONView: map features, labels and legends, all sent to the editor as GeoJSON."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from ._result_io import SerializeContext
from ._views_data import DataGroup, data_json
from ._views_results import _check_data, _ViewResult
from .core import Color

__all__ = [
    "GeoJSONAndDataResult",
    "GeoJSONResult",
    "MapAndDataResult",
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
]

_DEFAULT_COLOR = Color.viktor_black()  # the SDK's default feature colour
_SIZES = ("small", "medium", "large")
_EARTH_RADIUS_M = 6_371_008.8


def _hex(color: Any, what: str) -> str:
    hex_value = getattr(color, "hex", None)
    if isinstance(hex_value, str):
        return hex_value
    if isinstance(color, (tuple, list)) and len(color) == 3:
        return Color(*color).hex
    raise TypeError(f"{what} must be a Color, got {color!r}")


class MapEntityLink:
    """A link to another entity, shown in a map feature's popup."""

    def __init__(self, label: str, entity_id: int) -> None:
        self.label = label
        self.entity_id = int(entity_id)


class MapFeature:
    """Base of map features: popup title/description, colour, entity links and an identifier."""

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        color: Color = _DEFAULT_COLOR,
        entity_links: list[MapEntityLink] | None = None,
        identifier: int | str | None = None,
    ) -> None:
        self.title = title
        self.description = description
        self.color = color
        self.entity_links = list(entity_links or [])
        self.identifier = identifier

    def _geometry(self) -> dict[str, Any]:
        raise NotImplementedError

    def _style(self) -> dict[str, Any]:
        return {}

    def _feature(self) -> dict[str, Any]:
        color = _hex(self.color, f"{type(self).__name__} color")
        properties: dict[str, Any] = {
            "title": None if self.title is None else str(self.title),
            "description": None if self.description is None else str(self.description),
            "marker-color": color,
            "stroke": color,
            "fill": color,
            "entity_links": [{"label": str(link.label), "entity_id": link.entity_id} for link in self.entity_links],
            **self._style(),
        }
        feature: dict[str, Any] = {"type": "Feature", "geometry": self._geometry(), "properties": properties}
        if self.identifier is not None:
            feature["id"] = self.identifier
        return feature


def _coordinate(value: Any, name: str, low: float, high: float) -> float:
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} must be within {low} and {high}, got {value!r}")
    return number


class MapPoint(MapFeature):
    """A marker at a WGS84 latitude/longitude."""

    def __init__(
        self,
        lat: float,
        lon: float,
        alt: float = 0,
        *,
        icon: str | None = None,
        size: str = "medium",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if size not in _SIZES:
            raise ValueError(f"MapPoint size must be one of {', '.join(_SIZES)}, got {size!r}")
        self._lat = _coordinate(lat, "MapPoint lat", -90, 90)
        self._lon = _coordinate(lon, "MapPoint lon", -180, 180)
        self._alt = float(alt)
        self.icon = icon
        self.size = size

    @classmethod
    def from_geo_point(cls, point: Any, *, icon: str | None = None, size: str = "medium", **kwargs: Any) -> MapPoint:
        return cls(point.lat, point.lon, icon=icon, size=size, **kwargs)

    @property
    def lat(self) -> float:
        return self._lat

    @property
    def lon(self) -> float:
        return self._lon

    @property
    def alt(self) -> float:
        return self._alt

    def _position(self) -> list[float]:
        return [self._lon, self._lat]

    def _geometry(self) -> dict[str, Any]:
        return {"type": "Point", "coordinates": self._position()}

    def _style(self) -> dict[str, Any]:
        return {"icon": self.icon or "pin", "marker-size": self.size}


def _points(points: Sequence[Any], owner: str) -> list[MapPoint]:
    result = []
    for point in points:
        if not isinstance(point, MapPoint):
            raise TypeError(f"{owner} takes MapPoints, got {type(point).__name__}")
        result.append(point)
    return result


class _Stroked(MapFeature):
    def __init__(
        self,
        *,
        stroke_opacity: float | None = None,
        stroke_width: float | None = None,
        dash_size: float | None = None,
        gap_size: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.stroke_opacity = stroke_opacity
        self.stroke_width = stroke_width
        self.dash_size = dash_size
        self.gap_size = gap_size

    def _style(self) -> dict[str, Any]:
        style: dict[str, Any] = {}
        if self.stroke_opacity is not None:
            style["stroke-opacity"] = float(self.stroke_opacity)
        if self.stroke_width is not None:
            style["stroke-width"] = float(self.stroke_width)
        if self.dash_size is not None:
            style["dash-array"] = [float(self.dash_size), float(self.gap_size or self.dash_size)]
        return style


class MapPolyline(_Stroked):
    """A line through two or more MapPoints."""

    def __init__(
        self,
        *points: MapPoint,
        stroke_opacity: float | None = None,
        stroke_width: float | None = None,
        dash_size: float | None = None,
        gap_size: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            stroke_opacity=stroke_opacity, stroke_width=stroke_width, dash_size=dash_size, gap_size=gap_size, **kwargs
        )
        self._points = _points(points, type(self).__name__)
        if len(self._points) < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 points")

    @classmethod
    def from_geo_polyline(cls, polyline: Any, **kwargs: Any) -> MapPolyline:
        return cls(*(MapPoint.from_geo_point(p) for p in polyline.points), **kwargs)

    @property
    def points(self) -> list[MapPoint]:
        return list(self._points)

    def _geometry(self) -> dict[str, Any]:
        return {"type": "LineString", "coordinates": [p._position() for p in self._points]}


class MapLine(MapPolyline):
    """A straight line between two MapPoints."""

    def __init__(self, start_point: MapPoint, end_point: MapPoint, **kwargs: Any) -> None:
        super().__init__(start_point, end_point, **kwargs)

    @property
    def start_point(self) -> MapPoint:
        return self._points[0]

    @property
    def end_point(self) -> MapPoint:
        return self._points[1]


def _ring(points: list[MapPoint]) -> list[list[float]]:
    ring = [p._position() for p in points]
    if ring[0] != ring[-1]:
        ring.append(ring[0])  # a polygon closes itself
    return ring


class MapPolygon(_Stroked):
    """A filled area (closed automatically), optionally with holes."""

    def __init__(
        self,
        points: list[MapPoint],
        *,
        holes: list[MapPolygon] | None = None,
        fill_opacity: float | None = None,
        stroke_opacity: float | None = None,
        stroke_width: float | None = None,
        dash_size: float | None = None,
        gap_size: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            stroke_opacity=stroke_opacity, stroke_width=stroke_width, dash_size=dash_size, gap_size=gap_size, **kwargs
        )
        self._points = _points(points, "MapPolygon")
        if len(self._points) < 3:
            raise ValueError("MapPolygon needs at least 3 points")
        self._holes = list(holes or [])
        for hole in self._holes:
            if not isinstance(hole, MapPolygon):
                raise TypeError(f"MapPolygon holes must be MapPolygons, got {type(hole).__name__}")
        self.fill_opacity = fill_opacity

    @classmethod
    def from_geo_polygon(cls, polygon: Any, **kwargs: Any) -> MapPolygon:
        return cls([MapPoint.from_geo_point(p) for p in polygon.points], **kwargs)

    @property
    def points(self) -> list[MapPoint]:
        return list(self._points)

    @property
    def holes(self) -> list[MapPolygon]:
        return list(self._holes)

    def _geometry(self) -> dict[str, Any]:
        rings = [_ring(self._points), *(_ring(hole._points) for hole in self._holes)]
        return {"type": "Polygon", "coordinates": rings}

    def _style(self) -> dict[str, Any]:
        style = super()._style()
        if self.fill_opacity is not None:
            style["fill-opacity"] = float(self.fill_opacity)
        return style


class MapCircle(MapPolygon):
    """A circle of ``radius`` metres around a centre, drawn as a polygon of ``num_edges`` edges."""

    def __init__(
        self,
        center: MapPoint,
        radius: float,
        *,
        num_edges: int = 64,
        fill_opacity: float | None = None,
        stroke_opacity: float | None = None,
        stroke_width: float | None = None,
        dash_size: float | None = None,
        gap_size: float | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(center, MapPoint):
            raise TypeError(f"MapCircle center must be a MapPoint, got {type(center).__name__}")
        if not float(radius) > 0:
            raise ValueError(f"MapCircle radius must be positive, got {radius!r}")
        if int(num_edges) < 3:
            raise ValueError(f"MapCircle needs at least 3 edges, got {num_edges!r}")
        self.center = center
        self.radius = float(radius)
        self.num_edges = int(num_edges)
        super().__init__(
            _circle(center, self.radius, self.num_edges),
            fill_opacity=fill_opacity,
            stroke_opacity=stroke_opacity,
            stroke_width=stroke_width,
            dash_size=dash_size,
            gap_size=gap_size,
            **kwargs,
        )


def _circle(center: MapPoint, radius: float, edges: int) -> list[MapPoint]:
    """Points at ``radius`` metres from the centre on a spherical earth (destination formula)."""
    lat1, lon1 = math.radians(center.lat), math.radians(center.lon)
    angular = radius / _EARTH_RADIUS_M
    points = []
    for i in range(edges):
        bearing = 2 * math.pi * i / edges
        lat2 = math.asin(math.sin(lat1) * math.cos(angular) + math.cos(lat1) * math.sin(angular) * math.cos(bearing))
        lon2 = lon1 + math.atan2(
            math.sin(bearing) * math.sin(angular) * math.cos(lat1), math.cos(angular) - math.sin(lat1) * math.sin(lat2)
        )
        lon = (math.degrees(lon2) + 540) % 360 - 180
        points.append(MapPoint(math.degrees(lat2), lon))
    return points


class MapLabel:
    """Text on the map; ``scale`` is a zoom-like exponent (0-5 countries ... 16-18 houses)."""

    def __init__(self, lat: float, lon: float, text: str, scale: float, *, fixed_size: bool = False) -> None:
        self.lat = _coordinate(lat, "MapLabel lat", -90, 90)
        self.lon = _coordinate(lon, "MapLabel lon", -180, 180)
        self.text = text
        self.scale = float(scale)
        self.fixed_size = bool(fixed_size)

    def _to_json(self) -> dict[str, Any]:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "text": str(self.text),
            "scale": self.scale,
            "fixed_size": self.fixed_size,
        }


class MapLegend:
    """A legend over the map: (Color, text) entries."""

    def __init__(self, entries: list[tuple[Color, str]]) -> None:
        self.entries = list(entries)

    def _to_json(self) -> list[dict[str, str]]:
        return [{"color": _hex(color, "MapLegend colour"), "label": str(label)} for color, label in self.entries]


def _labels_json(labels: Sequence[MapLabel] | None) -> list[dict[str, Any]]:
    result = []
    for label in labels or []:
        if not isinstance(label, MapLabel):
            raise TypeError(f"labels must be MapLabels, got {type(label).__name__}")
        result.append(label._to_json())
    return result


def _legend_json(legend: MapLegend | None) -> list[dict[str, str]] | None:
    if legend is None:
        return None
    if not isinstance(legend, MapLegend):
        raise TypeError(f"legend must be a MapLegend, got {type(legend).__name__}")
    return legend._to_json()


def _groups_json(groups: Mapping[str, Sequence[Any]] | None) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = {}
    for name, members in (groups or {}).items():
        ids = []
        for member in members:
            identifier = member.identifier if isinstance(member, MapFeature) else member
            if not isinstance(identifier, (int, str)):
                raise ValueError(f"interaction group {name!r}: a feature without an identifier cannot be selected")
            ids.append(identifier)
        result[str(name)] = ids
    return result


class _MapLike(_ViewResult):
    _type = ""

    def __init__(self, labels: Any, legend: Any, interaction_groups: Any) -> None:
        self.labels = labels
        self.legend = legend
        self.interaction_groups = interaction_groups

    def _geojson(self) -> dict[str, Any]:
        raise NotImplementedError

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {
            "type": self._type,
            "geojson": self._geojson(),
            "labels": _labels_json(self.labels),
            "legend": _legend_json(self.legend),
            "interaction_groups": _groups_json(self.interaction_groups),
        }


class MapResult(_MapLike):
    """Result of a MapView: a list of MapFeatures."""

    _type = "MapResult"

    def __init__(
        self,
        features: list[MapFeature],
        labels: list[MapLabel] | None = None,
        legend: MapLegend | None = None,
        *,
        interaction_groups: dict[str, Sequence[int | str | MapFeature]] | None = None,
    ) -> None:
        super().__init__(labels, legend, interaction_groups)
        self.features = features

    @property
    def features(self) -> list[MapFeature]:
        return self._features

    @features.setter
    def features(self, value: list[MapFeature]) -> None:
        for feature in value:
            if not isinstance(feature, MapFeature):
                raise TypeError(f"{type(self).__name__} features must be MapFeatures, got {type(feature).__name__}")
        self._features = list(value)

    @property
    def geojson(self) -> dict[str, Any]:
        """The features as a GeoJSON FeatureCollection, as the editor receives them."""
        return self._geojson()

    @geojson.setter
    def geojson(self, value: dict[str, Any]) -> None:
        raise NotImplementedError(f"{type(self).__name__}.geojson is made from its features: set features instead")

    def _geojson(self) -> dict[str, Any]:
        return {"type": "FeatureCollection", "features": [f._feature() for f in self._features]}


class MapAndDataResult(MapResult):
    """Result of a MapAndDataView."""

    _type = "MapAndDataResult"

    def __init__(
        self,
        features: list[MapFeature],
        data: DataGroup,
        labels: list[MapLabel] | None = None,
        legend: MapLegend | None = None,
        *,
        interaction_groups: dict[str, Sequence[int | str | MapFeature]] | None = None,
    ) -> None:
        super().__init__(features, labels, legend, interaction_groups=interaction_groups)
        self.data = _check_data(data, "MapAndDataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {**super()._to_json(ctx), "data": data_json(self.data)}


class GeoJSONResult(_MapLike):
    """Result of a GeoJSONView: a GeoJSON object (``geojson`` may be replaced later)."""

    _type = "GeoJSONResult"

    def __init__(
        self,
        geojson: dict[str, Any],
        labels: list[MapLabel] | None = None,
        legend: MapLegend | None = None,
        *,
        interaction_groups: dict[str, Sequence[int | str | MapFeature]] | None = None,
    ) -> None:
        super().__init__(labels, legend, interaction_groups)
        self.geojson = geojson

    @property
    def geojson(self) -> dict[str, Any]:
        return self._geojson_value

    @geojson.setter
    def geojson(self, value: dict[str, Any]) -> None:
        if not isinstance(value, dict):
            raise TypeError(f"GeoJSONResult expects the GeoJSON as a dict, got {type(value).__name__}")
        self._geojson_value = value

    def _geojson(self) -> dict[str, Any]:
        try:
            loaded: dict[str, Any] = json.loads(json.dumps(self._geojson_value, allow_nan=False))
        except (TypeError, ValueError) as error:
            raise ValueError(f"GeoJSONResult: the GeoJSON is not plain JSON ({error})") from None
        if loaded.get("type") not in (
            "FeatureCollection",
            "Feature",
            "Point",
            "LineString",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
        ):
            raise ValueError(f"GeoJSONResult: not a GeoJSON object (type {loaded.get('type')!r})")
        return loaded


class GeoJSONAndDataResult(GeoJSONResult):
    """Result of a GeoJSONAndDataView."""

    _type = "GeoJSONAndDataResult"

    def __init__(
        self,
        geojson: dict[str, Any],
        data: DataGroup,
        labels: list[MapLabel] | None = None,
        legend: MapLegend | None = None,
        *,
        interaction_groups: dict[str, Sequence[int | str | MapFeature]] | None = None,
    ) -> None:
        super().__init__(geojson, labels, legend, interaction_groups=interaction_groups)
        self.data = _check_data(data, "GeoJSONAndDataResult")

    def _to_json(self, ctx: SerializeContext) -> dict[str, Any]:
        return {**super()._to_json(ctx), "data": data_json(self.data)}
