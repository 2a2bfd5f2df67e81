"""``viktor.geo``'s soil values: soils, layers, 1D and 2D soil layouts and piezo lines.

Plain data with the SDK's dict form (``serialize()`` / ``from_dict()``), so apps can keep layouts in
params and entities, plus the layout maths apps use (merging and filtering layers, 2D layouts from 1D
ones, thickness along a profile). Extra properties are Munch objects, as in the SDK.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from munch import Munch, munchify

from ._geometry_3d import Group
from ._geometry_curves import Line
from ._geometry_extrusions import CircularExtrusion
from ._geometry_materials import Material
from ._geometry_maths import isclose
from ._geometry_points import Point
from ._geometry_polygons import Polygon
from ._geometry_polyline import Polyline
from ._offline import UnavailableOffline
from ._views_geometry import Label
from .core import Color

__all__ = [
    "PiezoLine",
    "PositionalSoilLayout",
    "Soil",
    "SoilLayer",
    "SoilLayer2D",
    "SoilLayout",
    "SoilLayout2D",
    "UndefinedSoil",
]


_LAYOUT_GEOMETRY = "the SDK's soil-layout cutting and joining"
_NOT_IMPLEMENTED = "viktorlite does not implement it (yet)"


def _munch(properties: Any) -> Munch:
    return munchify(dict(properties)) if properties else Munch()


def _plain(properties: Munch) -> dict:
    """Munch back to plain dicts (what ``serialize()`` gives)."""
    return {k: _plain(v) if isinstance(v, dict) else v for k, v in properties.items()}


# -- soils -----------------------------------------------------------------------------------------


class Soil:
    """A named soil with a colour for plots and free extra ``properties`` (a Munch)."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, name: str, color: Color, properties: dict | Munch | None = None) -> None:
        self.name = name
        self._color = color
        self.properties = _munch(properties)

    @classmethod
    def from_dict(cls, d: dict | Munch) -> Soil:
        return cls(d["name"], Color(*d["color"]), d.get("properties"))

    def __eq__(self, other: object) -> bool:
        """Soils are the same soil type when their names are (as in the SDK)."""
        return bool(self.name == other.name)  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"Soil(name={self.name}, color={self._color.hex}, properties={_plain(self.properties)})"

    @property
    def color(self) -> Color:
        return self._color

    def update_properties(self, properties: dict | Munch) -> None:
        """Replace the properties with ``properties``."""
        self.properties = _munch(properties)

    def serialize(self) -> dict:
        return {"name": self.name, "color": self._color.rgb, "properties": _plain(self.properties)}


class UndefinedSoil(Soil):
    """The soil of a layer nothing was classified as."""

    def __init__(self) -> None:
        super().__init__("Undefined soil layer", Color(0, 0, 0))


class SoilLayer:
    """A soil between two levels, with free extra ``properties``."""

    def __init__(
        self, soil: Soil, top_of_layer: float, bottom_of_layer: float, properties: dict | Munch | None = None
    ) -> None:
        self.soil = soil
        self.top_of_layer = top_of_layer
        self.bottom_of_layer = bottom_of_layer
        self.properties = _munch(properties)

    @classmethod
    def from_dict(cls, soil_layer_dict: dict | Munch) -> SoilLayer:
        return cls(
            Soil.from_dict(soil_layer_dict["soil"]),
            soil_layer_dict["top_of_layer"],
            soil_layer_dict["bottom_of_layer"],
            soil_layer_dict["properties"],
        )

    def __repr__(self) -> str:
        return (
            f"SoilLayer(soil='{self.soil!r}', top_of_layer={self.top_of_layer}, "
            f"bottom_of_layer={self.bottom_of_layer}, properties={_plain(self.properties)})"
        )

    @property
    def thickness(self) -> float:
        return abs(self.top_of_layer - self.bottom_of_layer)

    def serialize(self) -> dict:
        return {
            "soil": self.soil.serialize(),
            "top_of_layer": self.top_of_layer,
            "bottom_of_layer": self.bottom_of_layer,
            "properties": _plain(self.properties),
        }

    def update_soil_properties(self, properties: dict | Munch) -> None:
        self.soil.update_properties(properties)

    def update_properties(self, properties: dict | Munch) -> None:
        """Replace the layer's properties with ``properties``."""
        self.properties = _munch(properties)


def _merged(layers: Sequence[SoilLayer]) -> SoilLayer:
    """One layer from adjacent layers of one soil: properties averaged by thickness (text must agree)."""
    first = layers[0]
    keys = set(first.properties)
    for layer in layers[1:]:
        if set(layer.properties) != keys:
            raise AttributeError(
                "Cannot merge layers: layers do not share all properties. First layer properties: \n"
                f"{sorted(first.properties)}, \n second layer properties: \n{sorted(layer.properties)}"
            )
    total = sum(layer.thickness for layer in layers)
    properties: dict[str, Any] = {}
    for key in first.properties:
        values = [layer.properties[key] for layer in layers]
        if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values) and total:
            properties[key] = sum(v * layer.thickness for v, layer in zip(values, layers, strict=True)) / total
        else:
            for value in values[1:]:
                if value != values[0]:
                    raise ValueError(
                        f"Cannot merge layers: values for property {key!r} do not match ({values[0]!r} != {value!r})."
                    )
            properties[key] = values[0]
    return SoilLayer(first.soil, first.top_of_layer, layers[-1].bottom_of_layer, properties)


class SoilLayout:
    """Soil layers from top to bottom (a 1D soil profile, e.g. from one CPT)."""

    def __init__(self, soil_layers: list[SoilLayer]) -> None:
        self.layers = soil_layers

    @classmethod
    def from_dict(cls, soil_layout_dict: dict[str, list] | Munch) -> SoilLayout:
        return cls([SoilLayer.from_dict(layer) for layer in soil_layout_dict["layers"]])

    def __repr__(self) -> str:
        return f"{type(self).__name__}(layers=[{[repr(layer) for layer in self.layers]}])"

    def update_soil_properties(self, df: Any) -> None:
        """Give each layer's soil the properties of the row of ``df`` (a DataFrame) with its name."""
        rows = {row["name"]: row for row in df.to_dict("records")}
        for layer in self.layers:
            if layer.soil.name in rows:
                layer.soil.update_properties(rows[layer.soil.name])

    def serialize(self) -> dict:
        return {"layers": [layer.serialize() for layer in self.layers]}

    def get_visualization(self, axes: Any) -> None:
        """Draw the layers (top to bottom) on a matplotlib ``axes``: a coloured band per layer, named."""
        axes.clear()
        for layer in self.layers:
            color = tuple(c / 255 for c in layer.soil.color.rgb)
            axes.axhspan(layer.bottom_of_layer, layer.top_of_layer, color=color)
            axes.text(0.5, (layer.top_of_layer + layer.bottom_of_layer) / 2, layer.soil.name, va="center")
        axes.set_xticks([])
        if self.layers:
            axes.set_ylim(self.bottom, self.top)

    @property
    def top(self) -> float:
        return self.layers[0].top_of_layer

    @property
    def bottom(self) -> float:
        return self.layers[-1].bottom_of_layer

    @property
    def number_of_layers(self) -> int:
        return len(self.layers)

    def update_layers(self) -> None:
        """Merge adjacent layers of one soil (properties averaged by thickness), then make each layer's
        bottom the top of the layer below it."""
        merged: list[SoilLayer] = []
        run: list[SoilLayer] = []
        for layer in self.layers:
            if run and run[0].soil != layer.soil:
                merged.append(_merged(run) if len(run) > 1 else run[0])
                run = []
            run.append(layer)
        if run:
            merged.append(_merged(run) if len(run) > 1 else run[0])
        for upper, lower in zip(merged, merged[1:], strict=False):
            upper.bottom_of_layer = lower.top_of_layer
        self.layers = merged

    def append(self, layer: SoilLayer) -> None:
        """Add ``layer`` at the bottom."""
        self.layers.append(layer)

    def filter_layers_on_thickness(
        self, min_layer_thickness: float, merge_adjacent_same_soil_layers: bool = False
    ) -> SoilLayout:
        """Replace layers thinner than ``min_layer_thickness``, as the SDK does: consecutive thin layers are
        gathered until together they reach the minimum, and then become one layer of their dominant soil (by
        thickness); a group that ends (at a thick layer or the bottom) still thinner is removed, the layer
        above it (or else the one below) growing over it. Changes this layout and returns it."""
        kept: list[SoilLayer] = []
        grow_up_to: float | None = None  # removed layers at the top: the next kept layer starts here

        def keep(layer: SoilLayer) -> None:
            nonlocal grow_up_to
            if grow_up_to is not None:
                layer.top_of_layer, grow_up_to = grow_up_to, None
            kept.append(layer)

        group: list[SoilLayer] = []

        def close_thin_group() -> None:
            nonlocal grow_up_to
            if not group:
                return
            if kept:
                kept[-1].bottom_of_layer = group[-1].bottom_of_layer
            elif grow_up_to is None:
                grow_up_to = group[0].top_of_layer
            group.clear()

        for layer in self.layers:
            if layer.thickness >= min_layer_thickness:
                close_thin_group()
                keep(SoilLayer(layer.soil, layer.top_of_layer, layer.bottom_of_layer, layer.properties))
                continue
            group.append(layer)
            if sum(member.thickness for member in group) >= min_layer_thickness:
                totals: dict[str, float] = {}
                for member in group:
                    totals[member.soil.name] = totals.get(member.soil.name, 0) + member.thickness
                dominant = max(totals, key=lambda name: totals[name])
                source = max((m for m in group if m.soil.name == dominant), key=lambda m: m.thickness)
                keep(SoilLayer(source.soil, group[0].top_of_layer, group[-1].bottom_of_layer, source.properties))
                group.clear()
        close_thin_group()
        if not kept:
            raise IndexError("list index out of range")  # the SDK fails so when nothing remains
        self.layers = kept
        if merge_adjacent_same_soil_layers:
            self.update_layers()
        return self

    def filter_unique_soils(self) -> list[Soil]:
        """The layers' soils, each soil once (in order of appearance)."""
        unique: list[Soil] = []
        for layer in self.layers:
            if not any(layer.soil == soil for soil in unique):
                unique.append(layer.soil)
        return unique


class PositionalSoilLayout(SoilLayout):
    """A SoilLayout at a horizontal position ``x`` (the input of a 2D layout)."""

    def __init__(self, x: float, soil_layers: list[SoilLayer]) -> None:
        super().__init__(soil_layers)
        self.x = x

    @classmethod
    def from_dict(cls, positional_soil_layout_dict: dict | Munch) -> PositionalSoilLayout:
        layers = [SoilLayer.from_dict(layer) for layer in positional_soil_layout_dict["layers"]]
        return cls(positional_soil_layout_dict["x"], layers)

    def serialize(self) -> dict:
        return {**super().serialize(), "x": self.x}


# -- 2D --------------------------------------------------------------------------------------------


class PiezoLine(Polyline):
    """A polyline of water pressure head; ``phreatic`` marks the phreatic line."""

    def __init__(self, points: list[Point], phreatic: bool = False) -> None:
        super().__init__(points)
        self.phreatic = phreatic

    def serialize(self) -> dict:  # type: ignore[override]
        return {"points": super().serialize(), "phreatic": self.phreatic}

    @classmethod
    def from_dict(cls, piezo_line_dict: dict | Munch) -> PiezoLine:
        points = [Point(p["x"], p["y"]) for p in piezo_line_dict["points"]]
        return cls(points, piezo_line_dict.get("phreatic", False))

    @classmethod
    def from_lines(cls, lines: list[Line | Polyline], phreatic: bool = False) -> PiezoLine:  # type: ignore[override]
        """The piezo line through the lines (or polylines); each must start where the previous one ends."""
        points: list[Point] = []
        for index, part in enumerate(lines):
            part_points = part.points if isinstance(part, Polyline) else [part.start_point, part.end_point]
            if points and not part_points[0].coincides_with(points[-1]):
                raise ValueError(f"Start point of line {index} does not coincide with end point of previous line.")
            points.extend(part_points[1:] if points else part_points)
        return cls(points, phreatic)


def _profile(points: Sequence[Any]) -> Polyline:
    return Polyline([Point(p["x"], p["y"]) for p in points])


def _y_at(profile: Polyline, x: float) -> float:
    """The first height of ``profile`` at ``x``."""
    return profile.intersections_with_x_location(x)[0].y


def _breakpoints(*profiles: Polyline) -> list[float]:
    """Every x where one of the profiles bends, or where two of them cross, in order."""
    xs = {float(p.x) for profile in profiles for p in profile.points}
    for i, a in enumerate(profiles):
        for b in profiles[i + 1 :]:
            xs.update(float(p.x) for p in a.intersections_with_polyline(b))
    return sorted(xs)


class SoilLayer2D:
    """A soil between a top and a bottom profile (both ascending in x, with the same start and end x)."""

    def __init__(
        self,
        soil: Soil,
        top_profile: Polyline,
        bottom_profile: Polyline,
        properties: dict | Munch | None = None,
        piezo_line_top: PiezoLine | None = None,
        piezo_line_bottom: PiezoLine | None = None,
    ) -> None:
        top_start, bottom_start = top_profile.start_point.x, bottom_profile.start_point.x
        if not isclose(top_start, bottom_start):
            raise ValueError(
                "Top and bottom of soil layer 2D do not have identical start points. "
                f"top_profile.start_point.x: {top_start}, bottom_profile.start_point.x: {bottom_start}"
            )
        top_end, bottom_end = top_profile.end_point.x, bottom_profile.end_point.x
        if not isclose(top_end, bottom_end):
            raise ValueError(
                "Top and bottom of soil layer 2D do not have identical end points. "
                f"top_profile.end_point.x: {top_end}, bottom_profile.end_point.x: {bottom_end}"
            )
        for name, profile in (("Top", top_profile), ("Bottom", bottom_profile)):
            if not profile.is_monotonic_ascending_x(strict=False):
                raise ValueError(f"{name} profile of soil layer 2D is not monotonic ascending in x-direction")
        for x in _breakpoints(top_profile, bottom_profile):
            top, bottom = _y_at(top_profile, x), _y_at(bottom_profile, x)
            if top < bottom and not isclose(top, bottom):
                raise ValueError("Top profile lies (partly) below bottom profile of layer")
        self.soil = soil
        self.top_profile = top_profile
        self.bottom_profile = bottom_profile
        self.piezo_line_top = piezo_line_top
        self.piezo_line_bottom = piezo_line_bottom
        self.properties = _munch(properties)

    def serialize(self) -> dict:
        data = {
            "soil": self.soil.serialize(),
            "top_profile": self.top_profile.serialize(),
            "bottom_profile": self.bottom_profile.serialize(),
            "properties": _plain(self.properties),
        }
        if self.piezo_line_top is not None:
            data["piezo_line_top"] = self.piezo_line_top.serialize()
        if self.piezo_line_bottom is not None:
            data["piezo_line_bottom"] = self.piezo_line_bottom.serialize()
        return data

    @classmethod
    def from_dict(cls, soil_layer_dict: dict | Munch) -> SoilLayer2D:
        top_piezo, bottom_piezo = soil_layer_dict.get("piezo_line_top"), soil_layer_dict.get("piezo_line_bottom")
        return cls(
            Soil.from_dict(soil_layer_dict["soil"]),
            _profile(soil_layer_dict["top_profile"]),
            _profile(soil_layer_dict["bottom_profile"]),
            soil_layer_dict.get("properties"),
            PiezoLine.from_dict(top_piezo) if top_piezo else None,
            PiezoLine.from_dict(bottom_piezo) if bottom_piezo else None,
        )

    @property
    def left_boundary(self) -> float:
        return self.top_profile.start_point.x

    @property
    def right_boundary(self) -> float:
        return self.top_profile.end_point.x

    def update_soil_properties(self, properties: dict | Munch) -> None:
        self.soil.update_properties(properties)

    def update_properties(self, properties: dict | Munch) -> None:
        self.properties = _munch(properties)

    def polygons(self) -> list[Polygon]:
        """A polygon per stretch where the layer has thickness (top profile forward, bottom back)."""
        xs = _breakpoints(self.top_profile, self.bottom_profile)
        thick = [
            not isclose(_y_at(self.top_profile, (a + b) / 2), _y_at(self.bottom_profile, (a + b) / 2))
            for a, b in zip(xs, xs[1:], strict=False)
        ]
        polygons = []
        index = 0
        while index < len(thick):
            if not thick[index]:
                index += 1
                continue
            start = index
            while index < len(thick) and thick[index]:
                index += 1
            low, high = xs[start], xs[index]
            top = _between(self.top_profile, low, high)
            bottom = _between(self.bottom_profile, low, high)[::-1]
            if top[-1] == bottom[0]:
                bottom = bottom[1:]
            if bottom and top[0] == bottom[-1]:
                bottom = bottom[:-1]
            polygons.append(Polygon([*top, *bottom]))
        return polygons

    def visualize_geometry(
        self, visualize_border: bool = False, opacity: float = 1, material: Material | None = None
    ) -> tuple[Group, list[Label]]:
        """The layer's polygons in its soil's colour (plus thin border lines), and a label with its name."""
        material = material or Material(self.soil.name, color=self.soil.color, opacity=opacity)
        objects: list[Any] = []
        labels = []
        for polygon in self.polygons():
            polygon.material = material
            objects.append(polygon)
            x, y = polygon.centroid
            labels.append(Label(Point(x, y, 0), self.soil.name))
            if visualize_border:
                corners = [*polygon.points, polygon.points[0]]
                objects.extend(
                    CircularExtrusion(0.01, Line(a, b), material=Material(color=Color.black()))
                    for a, b in zip(corners, corners[1:], strict=False)
                )
        return Group(objects), labels

    def height_at_x(self, x: float) -> float:
        """The layer's thickness at ``x``."""
        return self.top_y_coordinate(x) - self.bottom_y_coordinate(x)

    def top_y_coordinate(self, x: float) -> float:
        return _y_at(self.top_profile, x)

    def bottom_y_coordinate(self, x: float) -> float:
        return _y_at(self.bottom_profile, x)


def _between(profile: Polyline, low: float, high: float) -> list[Point]:
    """The profile's points from x = low to x = high, both ends included."""
    start = Point(float(low), float(_y_at(profile, low)), 0.0)
    end = Point(float(high), float(profile.intersections_with_x_location(high)[-1].y), 0.0)
    inside = [p for p in profile.points if low < p.x < high and not (isclose(p.x, low) or isclose(p.x, high))]
    return [start, *inside, end]


def _horizontal(y: float, left: float, right: float) -> Polyline:
    return Polyline([Point(left, y), Point(right, y)])


def _lowest(a: Polyline, b: Polyline) -> Polyline:
    return Polyline.get_lowest_or_highest_profile_x(a, b, lowest=True)


def _bottom_up(layout: SoilLayout) -> None:
    """The SDK's requirement on a 1D layout that becomes 2D: layers from the bottom up, without gaps."""
    for lower, upper in zip(layout.layers, layout.layers[1:], strict=False):
        if not isclose(lower.top_of_layer, upper.bottom_of_layer):
            raise ValueError("SoilLayout is not ordered from bottom to top or not continuous")


class SoilLayout2D:
    """A 2D soil body: layers from the bottom up, each on top of the previous one, and piezo lines."""

    def __init__(self, soil_layers: list[SoilLayer2D], piezo_lines: list[PiezoLine] | None = None) -> None:
        if not soil_layers:
            raise ValueError("soil layers are empty")
        for index, (lower, upper) in enumerate(zip(soil_layers, soil_layers[1:], strict=False), start=1):
            if not upper.bottom_profile.is_equal_to(lower.top_profile):
                raise ValueError(
                    f"Bottom profile of layer {index} does not coincide with top profile of previous layer"
                )
        self.layers = soil_layers
        self.piezo_lines = piezo_lines or []
        self.left_boundary = soil_layers[0].left_boundary
        self.right_boundary = soil_layers[0].right_boundary

    @classmethod
    def from_positional_soil_layouts(
        cls,
        positional_soil_layouts: list[PositionalSoilLayout],
        top_profile: Polyline,
        piezo_lines: list[PiezoLine] | None = None,
    ) -> SoilLayout2D:
        """Layers between 1D layouts at their x (same layers, bottom up), interpolated linearly, with the
        ground ``top_profile`` as the top of the highest layer and a ceiling for the ones below it."""
        layouts = sorted(positional_soil_layouts, key=lambda layout: layout.x)
        for layout in layouts:
            _bottom_up(layout)
        counts = {layout.number_of_layers for layout in layouts}
        if len(counts) != 1:
            raise ValueError("All positional soil layouts must have the same number of layers")
        left, right = layouts[0].x, layouts[-1].x
        ground = _clip(top_profile, left, right)

        def level(index: int, top: bool) -> Polyline:
            return Polyline(
                [
                    Point(layout.x, layout.layers[index].top_of_layer if top else layout.layers[index].bottom_of_layer)
                    for layout in layouts
                ]
            )

        layers = []
        below = _lowest(level(0, top=False), ground)
        for index, first_layer in enumerate(layouts[0].layers):
            is_top = index == len(layouts[0].layers) - 1
            above = ground if is_top else _lowest(level(index, top=True), ground)
            layers.append(SoilLayer2D(first_layer.soil, above, below, first_layer.properties))
            below = above
        return cls(layers, piezo_lines)

    @classmethod
    def from_single_soil_layout(
        cls,
        soil_layout: SoilLayout,
        left_boundary: float,
        right_boundary: float,
        top_profile: Polyline,
        piezo_lines: list[PiezoLine] | None = None,
    ) -> SoilLayout2D:
        """Horizontal layers of a 1D layout (bottom up) between two x, the top one up to ``top_profile``."""
        _bottom_up(soil_layout)
        ground = _clip(top_profile, left_boundary, right_boundary)
        layers = []
        below = _lowest(_horizontal(soil_layout.layers[0].bottom_of_layer, left_boundary, right_boundary), ground)
        for index, layer in enumerate(soil_layout.layers):
            is_top = index == soil_layout.number_of_layers - 1
            above = (
                ground if is_top else _lowest(_horizontal(layer.top_of_layer, left_boundary, right_boundary), ground)
            )
            layers.append(SoilLayer2D(layer.soil, above, below, layer.properties))
            below = above
        return cls(layers, piezo_lines)

    @classmethod
    def combine_soil_layouts_2d(cls, *soil_layouts_2d: SoilLayout2D) -> SoilLayout2D:
        raise UnavailableOffline(
            "SoilLayout2D.combine_soil_layouts_2d()",
            "the SDK's soil-layout geometry",
            "viktorlite does not implement it",
        )

    @classmethod
    def from_dict(cls, soil_layout_2d_dict: dict | Munch) -> SoilLayout2D:
        layers = [SoilLayer2D.from_dict(layer) for layer in soil_layout_2d_dict.get("layers", [])]
        piezo_lines = [PiezoLine.from_dict(line) for line in soil_layout_2d_dict.get("piezo_lines") or []]
        return cls(layers, piezo_lines)

    def serialize(self) -> dict:
        """``{'layers': [...]}`` (as the SDK, without the piezo lines)."""
        return {"layers": [layer.serialize() for layer in self.layers]}

    @property
    def top_profile(self) -> Polyline:
        return self.layers[-1].top_profile

    @property
    def bottom_profile(self) -> Polyline:
        return self.layers[0].bottom_profile

    def visualize_geometry(self, visualize_border: bool = False, opacity: float = 1) -> tuple[Group, list[Label]]:
        """Every layer's polygons and labels (see SoilLayer2D.visualize_geometry)."""
        objects, labels = [], []
        for layer in self.layers:
            group, layer_labels = layer.visualize_geometry(visualize_border, opacity)
            objects.extend(group.children)
            labels.extend(layer_labels)
        return Group(objects), labels

    def split(self, *split_lines: Polyline) -> list[SoilLayout2D]:
        raise UnavailableOffline("SoilLayout2D.split()", _LAYOUT_GEOMETRY, _NOT_IMPLEMENTED)

    def _boundary(self, x: float) -> Polyline:
        heights = [self.layers[0].bottom_y_coordinate(x)] + [layer.top_y_coordinate(x) for layer in self.layers]
        return Polyline([Point(x, y) for y in heights])

    def get_left_boundary_polyline(self) -> Polyline:
        """The straight left boundary, with a point at every layer boundary (bottom up)."""
        return self._boundary(self.left_boundary)

    def get_right_boundary_polyline(self) -> Polyline:
        """The straight right boundary, with a point at every layer boundary (bottom up)."""
        return self._boundary(self.right_boundary)


def _clip(profile: Polyline, left: float, right: float) -> Polyline:
    """``profile`` between x = left and x = right."""
    return Polyline(_between(profile, left, right))
