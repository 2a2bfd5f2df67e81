"""Soil layout members the generated differential test (test_differential.py) leaves out, against the real SDK.

Issue 21 item 3 asks that the soil classes round-trip against the values the real SDK gives; these
are the members that were not compared yet: a 2D layout's bottom profile and the geometry a 2D
layer or layout is drawn with (the labels it carries and the polygons' corner points).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_differential import Comparison

SAND = "Soil('Sand', Color(200, 180, 50), {'kind': 'sand'})"
CLAY = "Soil('Clay', Color(90, 60, 40), {'kind': 'clay'})"


def polyline(points: list[tuple[float, float]]) -> str:
    return "Polyline([" + ", ".join(f"Point({x!r}, {y!r})" for x, y in points) + "])"


TOP = polyline([(0, 0), (5, 1.5), (10, 0.5)])
MIDDLE = polyline([(0, -3), (4, -2.5), (10, -4)])
BOTTOM = polyline([(0, -8), (10, -8)])
LAYER_A = f"SoilLayer2D({SAND}, {TOP}, {MIDDLE}, {{'phi': 30}})"
LAYER_B = f"SoilLayer2D({CLAY}, {MIDDLE}, {BOTTOM})"
LAYOUT = f"SoilLayout2D([{LAYER_B}, {LAYER_A}])"  # bottom up


@pytest.fixture(scope="module")
def compare() -> Iterator[Comparison]:
    comparison = Comparison()
    yield comparison
    comparison.real.close()
    comparison.ours.close()


def test_the_bottom_profile_and_the_drawn_geometry_of_2d_layouts(compare: Comparison) -> None:
    compare(
        [
            f"{LAYOUT}.bottom_profile",
            f"{LAYOUT}.top_profile",
            f"SoilLayout2D([{LAYER_B}]).bottom_profile",
            f"[label.text for label in {LAYOUT}.visualize_geometry()[1]]",
            f"len({LAYOUT}.visualize_geometry()[1])",
            f"[label.text for label in {LAYER_A}.visualize_geometry()[1]]",
            f"len({LAYER_A}.visualize_geometry(visualize_border=True)[0].children)",
            f"{LAYOUT}.serialize() == SoilLayout2D.from_dict({LAYOUT}.serialize()).serialize()",
            f"then({LAYER_A}, 'update_soil_properties', {{'phi': 32, 'c': 1}}).soil.properties",
            f"then({LAYER_A}, 'update_properties', {{'k': 2}}).serialize()",
            f"[(label.point.x, label.point.y) for label in {LAYOUT}.visualize_geometry()[1]]",
        ]
    )
