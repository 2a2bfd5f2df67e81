"""The same SDK calls give the same results on the real SDK and on viktorlite (issue 14, item 2).

Hypothesis generates the cases (a fixed seed: ``derandomize``); each example becomes a batch of
Python expressions over the SDK's names, evaluated by tools/sdk_calls.py in two long-lived
processes: the real SDK from the registry (tests/real_sdk.py) and viktorlite's. The answers
(values, or the exception's type name) must be equal, numbers within 1e-9. A failing example
is shrunk by hypothesis and reported with every expression that differs.

Coordinates come from a grid of small integers and quarters, so no case sits on the edge of a
tolerance where two correct implementations may round differently.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from real_sdk import LATEST_14, ROOT, real_sdk_python

RUNNER = ROOT / "tools" / "sdk_calls.py"
#: Both SDKs answer in processes of their own; this one only generates cases (tests/untraced_marker.py).
pytestmark = pytest.mark.untraced
SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: The real SDK builds meshes for every solid it constructs (~10 ms each): fewer of those examples.
SOLID_SETTINGS = settings(SETTINGS, max_examples=20)


class Runner:
    """One tools/sdk_calls.py process: a JSON list of expressions in, a JSON list of results out."""

    def __init__(self, python: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [python, str(RUNNER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT / "build",
        )

    def __call__(self, expressions: Sequence[str]) -> list[Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(list(expressions)) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"{self.process.args} stopped"
        return json.loads(answer)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def same(real: Any, ours: Any) -> bool:
    """Equal results: the same structure, numbers of the same kind and equal within 1e-9."""
    if isinstance(real, bool) or isinstance(ours, bool):
        return real is ours
    if isinstance(real, (int, float)) and isinstance(ours, (int, float)):
        return type(real) is type(ours) and math.isclose(real, ours, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(real, list) and isinstance(ours, list):
        return len(real) == len(ours) and all(same(a, b) for a, b in zip(real, ours, strict=True))
    if isinstance(real, dict) and isinstance(ours, dict):
        return real.keys() == ours.keys() and all(same(real[k], ours[k]) for k in real)
    return real == ours


class Comparison:
    """Sends each batch to both processes and counts the calls compared."""

    def __init__(self) -> None:
        self.real = Runner(str(real_sdk_python(LATEST_14)))
        self.ours = Runner(sys.executable, "--viktorlite")
        self.calls = 0

    def __call__(self, expressions: Sequence[str]) -> None:
        expressions = list(expressions)
        real, ours = self.real(expressions), self.ours(expressions)
        self.calls += len(expressions)
        differences = [
            f"  {expression}\n    real SDK:   {r}\n    viktorlite: {o}"
            for expression, r, o in zip(expressions, real, ours, strict=True)
            if not same(r, o)
        ]
        assert not differences, "the real SDK and viktorlite differ:\n" + "\n".join(differences)


@pytest.fixture(scope="module")
def compare(request: pytest.FixtureRequest) -> Iterator[Comparison]:
    comparison = Comparison()
    yield comparison
    comparison.real.close()
    comparison.ours.close()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\ndifferential test: {comparison.calls} generated calls compared with {LATEST_14}")


# -- strategies ------------------------------------------------------------------------------------

numbers = st.one_of(st.integers(-4, 4), st.sampled_from([-2.5, -1.25, -0.5, 0.25, 0.5, 0.75, 1.5, 3.75]))
positive = st.one_of(st.integers(1, 5), st.sampled_from([0.25, 0.5, 1.5, 2.75]))
angles = st.sampled_from([0.0, 0.5, 1.0, -1.25, math.pi / 2, math.pi, -math.pi / 3, 2.0])


def point(x: Any, y: Any, z: Any = 0) -> str:
    return f"Point({x!r}, {y!r}, {z!r})"


points2d = st.tuples(numbers, numbers)
points3d = st.tuples(numbers, numbers, numbers)
distinct_pair = st.tuples(points2d, points2d).filter(lambda p: p[0] != p[1])


def line(a: Sequence[Any], b: Sequence[Any]) -> str:
    return f"Line({point(*a)}, {point(*b)})"


def polyline(points: Sequence[Sequence[Any]]) -> str:
    return f"Polyline([{', '.join(point(*p) for p in points)}])"


# -- vectors and points ----------------------------------------------------------------------------


@SETTINGS
@given(a=points3d, b=points3d, factor=numbers, index=st.integers(0, 2))
def test_vector_maths(compare: Comparison, a: tuple, b: tuple, factor: Any, index: int) -> None:
    u, v = f"Vector{a!r}", f"Vector{b!r}"
    compare(
        [
            u,
            f"-{u}",
            f"{u} + {v}",
            f"{u} - {v}",
            f"{u} * {factor!r}",
            f"{factor!r} * {u}",
            f"{u}.dot({v})",
            f"{u}.cross({v})",
            f"{u}.magnitude",
            f"{u}.squared_magnitude",
            f"{u}.normalize()",
            f"{u}.coordinates",
            f"{u} == {v}",
            f"{u} == {u}",
            f"list({u})",
            f"{u}[{index}]",
            f"Vector({a[0]!r}, {a[1]!r})",
        ]
    )


@SETTINGS
@given(a=points3d, b=points3d)
def test_points(compare: Comparison, a: tuple, b: tuple) -> None:
    p, q = point(*a), point(*b)
    compare(
        [
            p,
            f"{p}.coordinates",
            f"{p}.x",
            f"{p}.z",
            f"list({p})",
            f"{p}.copy()",
            f"{p} == {q}",
            f"{p}.coincides_with({q})",
            f"{p}.vector_to({q})",
            f"{p}.vector_to({b!r})",
            f"{p}.get_local_coordinates({q})",
            f"{p}.get_local_coordinates({q}, spherical=True)",
            f"Point({a[0]!r}, {a[1]!r})",
            "Point(None, 1)",
        ]
    )


# -- lines -----------------------------------------------------------------------------------------


@SETTINGS
@given(ends=distinct_pair, other=distinct_pair, probe=points2d, t=st.sampled_from([-1, -0.5, 0, 0.25, 0.5, 1, 1.5, 2]))
def test_lines_and_their_helpers(compare: Comparison, ends: tuple, other: tuple, probe: tuple, t: float) -> None:
    (a, b), (c, d) = ends, other
    this, that = line(a, b), line(c, d)
    on_line = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    collinear = line(on_line, (a[0] + (t + 1) * (b[0] - a[0]), a[1] + (t + 1) * (b[1] - a[1])))
    p = point(*probe)
    compare(
        [
            this,
            f"{this}.length",
            f"{this}.length_vector",
            f"{this}.unit_vector",
            f"{this}.direction()",
            f"{this}.direction(normalize=False)",
            f"{this}.horizontal",
            f"{this}.vertical",
            f"{this}.geometries",
            f"{this}.discretize()",
            f"list({this})",
            f"{this}[1]",
            f"{this} == {that}",
            f"{this}.collinear({p})",
            f"{this}.collinear({point(*on_line)})",
            f"{this}.project_point({p})",
            f"{this}.distance_to_point({p})",
            f"{this}.get_line_function_parameters()",
            f"{this}.find_overlap({that})",
            f"{this}.find_overlap({collinear})",
            f"{this}.find_overlap({collinear}, inclusive=True)",
            f"line_is_horizontal({this})",
            f"line_is_vertical({this})",
            f"get_line_function_parameters({this})",
            f"lines_in_same_plane({this}, {that})",
            f"point_is_on_bounded_line({p}, {this})",
            f"point_is_on_bounded_line({point(*on_line)}, {this})",
            f"point_is_on_bounded_line({point(*on_line)}, {this}, inclusive=False)",
            f"calculate_intersection_extended_lines({this}, {that})",
            f"calculate_intersection_bounded_lines({this}, {that})",
            f"calculate_intersection_bounded_lines({this}, {that}, inclusive=False)",
            f"calculate_intersection_bounded_line_extended_line({this}, {that})",
            f"calculate_intersection_bounded_line_extended_line({this}, {that}, False)",
            f"calculate_intersection_bounded_line_with_y({this}, {probe[1]!r})",
            f"calculate_intersection_extended_line_with_y({this}, {probe[1]!r})",
            f"calculate_intersection_extended_line_with_x({this}, {probe[0]!r})",
            f"calculate_distance_vector({point(*a)}, {point(*b)})",
            f"{this}.revolve().surface_area",
            f"{this}.revolve().inner_volume",
            f"{this}.revolve().height",
            f"{this}.revolve().thickness",
            f"{this}.revolve().mass",
            f"{this}.revolve(material=Material(density=2)).mass",
            f"then({this}.revolve(material=Material(density=2)), 'translate', (1, 0, 0)).mass",
            f"{this}.discretize(3)",
        ]
    )


# -- transformations -------------------------------------------------------------------------------

transformations = st.lists(
    st.one_of(
        st.tuples(st.just("translate"), points3d),
        st.tuples(st.just("scale"), st.tuples(positive, positive, positive)),
        st.tuples(st.just("rotate"), angles, points3d.filter(any), points3d),
        st.tuples(st.just("mirror"), points3d, points3d.filter(any)),
    ),
    min_size=1,
    max_size=3,
)


def transformed(obj: str, steps: Sequence[tuple]) -> str:
    for name, *args in steps:
        obj = f"then({obj}, {name!r}, {', '.join(repr(a) for a in args)})"
    return obj


@settings(SETTINGS, max_examples=40)
@given(ends=distinct_pair, third=points2d, steps=transformations)
def test_transformations(compare: Comparison, ends: tuple, third: tuple, steps: list) -> None:
    (a, b) = ends
    this = transformed(line(a, b), steps)
    path = transformed(polyline([a, b, third]), steps)
    radius = math.hypot(b[0] - a[0], b[1] - a[1])
    arc = transformed(f"Arc({point(*a)}, {point(a[0] + radius, a[1])}, {point(a[0], a[1] + radius)})", steps)
    profile = f"[{point(0, 0)}, {point(0, 1)}, {point(1, 1)}, {point(1, 0)}, {point(0, 0)}]"
    extrusion = transformed(f"Extrusion({profile}, {line((*a, 0), (*b, 1))})", steps)
    compare(
        [
            f"{this}.start_point",
            f"{this}.end_point",
            f"{this}.length",
            f"{path}.points",
            f"{path}.x_max",
            f"{arc}.centre_point",
            f"{arc}.start_point",
            f"{arc}.radius",
            f"{arc}.theta1_theta2",
            f"{extrusion}.transformation",
            f"{extrusion}.line.start_point",
            f"{extrusion}.profile",
            f"{transformed('SquareBeam(1, 2, 3)', steps)}.transformation",
            f"{transformed(f'Group([{line(a, b)}])', steps)}.children[0].start_point",
            f"mirror_object({line(a, b)}, {point(*third)}, Vector(1, 1, 0)).start_point",
            f"mirror_object({point(*a)}, {point(*third)}, Vector(1, 1, 0))",
            f"translation_matrix({(*a, 1)!r})",
            f"scaling_matrix({(*b, 2)!r})",
            f"rotation_matrix(1.0, {(*b, 1)!r})",
            f"rotation_matrix(0.5, {(*b, 1)!r}, {(*a, 0)!r})",
            f"reflection_matrix({(*a, 0)!r}, {(*b, 1)!r})",
        ]
    )


# -- arcs ------------------------------------------------------------------------------------------

turns = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])  # multiples of 30 degrees


@SETTINGS
@given(centre=points2d, radius=positive, start=turns, end=turns, short=st.booleans(), shift=st.integers(-3, 6))
def test_arcs_and_arc_revolves(
    compare: Comparison, centre: tuple, radius: Any, start: int, end: int, short: bool, shift: int
) -> None:
    def on_circle(turn: int, cx: float) -> str:
        angle = turn * math.pi / 6
        return point(cx + radius * math.cos(angle), centre[1] + radius * math.sin(angle))

    arc = f"Arc({point(*centre)}, {on_circle(start, centre[0])}, {on_circle(end, centre[0])}, {short!r})"
    moved = f"Arc({point(centre[0] + shift, centre[1])}, {on_circle(start, centre[0] + shift)}, "
    moved += f"{on_circle(end, centre[0] + shift)}, {short!r})"
    compare(
        [
            f"{arc}.radius",
            f"{arc}.theta1_theta2",
            f"{arc}.theta1",
            f"{arc}.theta2",
            f"{arc}.angle",
            f"{arc}.length",
            f"{arc}.short_arc",
            f"{arc}.n_segments",
            f"{arc}.geometries",
            f"{arc}.discretize(2)",
            f"{arc}.discretize(5)",
            f"{arc}.discretize(1)",
            f"{moved}.revolve().surface_area",
            f"{moved}.revolve(rotation_angle=1.5).surface_area",
            f"{moved}.revolve().inner_volume",
            f"{moved}.revolve().height",
            f"ArcRevolve({moved}).thickness",
            f"{moved}.revolve(material=Material(density=3)).mass",
            f"Arc({point(*centre)}, {point(centre[0] + radius, centre[1])}, {point(centre[0], 2 * radius)})",
            f"Arc({point(*centre, 1)}, {on_circle(start, centre[0])}, {on_circle(end, centre[0])})",
        ]
    )


# -- polylines -------------------------------------------------------------------------------------

grid = st.tuples(st.integers(-3, 3), st.integers(-3, 3))
paths = st.lists(grid, min_size=2, max_size=5)
profiles = st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=2, max_size=5).map(
    lambda pts: [(x, y) for x, (_, y) in zip(range(-4, 2 * len(pts), 2), pts, strict=False)]
)


@SETTINGS
@given(points=paths, others=paths, probe=grid, x=st.sampled_from([-3, -2, -1.5, 0, 0.5, 1, 2, 3]))
def test_polylines(compare: Comparison, points: list, others: list, probe: tuple, x: float) -> None:
    this, that = polyline(points), polyline(others)
    middle = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
    first_line = line(points[0], points[1]) if points[0] != points[1] else line((0, 0), (1, 1))
    compare(
        [
            f"{this}.points",
            f"{this}.lines",
            f"{this}.start_point",
            f"{this}.end_point",
            f"{this}.x_min",
            f"{this}.x_max",
            f"{this}.y_min",
            f"{this}.y_max",
            f"{this}.z_min",
            f"{this}.get_reversed_polyline().points",
            f"{this}.serialize()",
            f"{this}.filter_duplicate_points().points",
            f"{this}.is_monotonic_ascending_x()",
            f"{this}.is_monotonic_ascending_x(strict=False)",
            f"{this}.is_monotonic_ascending_y()",
            f"{this}.is_equal_to({that})",
            f"{this}.is_equal_to({this})",
            f"{this}.intersections_with_x_location({x!r})",
            f"{this}.intersections_with_polyline({that})",
            f"{this}.point_is_on_polyline({point(*probe)})",
            f"{this}.point_is_on_polyline({point(*middle)})",
            f"[p.points for p in {this}.find_overlaps({that})]",
            f"Polyline.from_lines({this}.lines).points",
            f"Polyline.from_lines([{first_line}, {first_line}]).points",
            f"convert_points_for_lathe({this}.points)",
            f"circumference_is_clockwise({this}.points + [{this}.points[0]])",
            f"circumference_is_clockwise({this}.points)",
            f"add_point({this}.points, {point(*probe)})",
            f"points_are_coplanar([*{this}.points, Point(0, 0, 1)])",
        ]
    )


@SETTINGS
@given(
    first=profiles,
    second=profiles,
    lowest=st.booleans(),
    cut=st.integers(0, 4),
    shared=st.integers(0, 2),
    reverse=st.booleans(),
    probe=grid,
)
def test_profiles(
    compare: Comparison, first: list, second: list, lowest: bool, cut: int, shared: int, reverse: bool, probe: tuple
) -> None:
    """Profiles (x ascending, as ground and layer profiles are): the operations the SDK defines for lines
    that do not pass a point twice (splitting, the part between two points, combining two pieces)."""
    one, two = polyline(first), polyline(second)
    cut = min(cut, len(first) - 1)
    head, tail = first[: min(cut + shared, len(first) - 1) + 1], first[cut:]
    piece = polyline(tail[::-1] if reverse else tail)
    middle = ((first[0][0] + first[1][0]) / 2, (first[0][1] + first[1][1]) / 2)
    last = first[-1]
    compare(
        [
            f"Polyline.get_lowest_or_highest_profile_x({one}, {two}, {lowest!r}).points",
            f"{one}.intersections_with_polyline({two})",
            f"[p.points for p in {one}.find_overlaps({two})]",
            f"{one}.intersections_with_x_location(1)",
            f"{polyline(head)}.combine_with({piece}).points",
            f"{piece}.combine_with({polyline(head)}).points",
            f"[p.points for p in {polyline(head)}.find_overlaps({piece})]",
            f"{one}.get_polyline_between({point(*middle)}, {point(*last)}).points",
            f"{one}.get_polyline_between({point(*middle)}, {point(*last)}, inclusive=True).points",
            f"{one}.get_polyline_between({point(*first[0])}, {point(*middle)}).points",
            f"{one}.get_polyline_between({point(*first[cut])}, {point(*last)}).points",
            f"{one}.get_polyline_between({point(*last)}, {point(*middle)}).points",
            f"{one}.get_polyline_between({point(*probe)}, {point(*last)}).points",
            f"[p.points for p in {one}.split({point(*middle)})]",
            f"[p.points for p in {one}.split({point(*first[cut])})]",
            f"[p.points for p in {one}.split({point(*probe)})]",
        ]
    )


# -- triangles, polygons and solids ----------------------------------------------------------------


def star(centre: tuple, radii: Sequence[Any], clockwise: bool) -> list[tuple]:
    """A simple polygon: corners at increasing angles around a centre (reversed for clockwise)."""
    count = len(radii)
    corners = [
        (centre[0] + r * math.cos(2 * math.pi * i / count), centre[1] + r * math.sin(2 * math.pi * i / count))
        for i, r in enumerate(radii)
    ]
    return corners[::-1] if clockwise else corners


@SOLID_SETTINGS
@given(
    corners=st.tuples(points2d, points2d, points2d),
    centre=points2d,
    radii=st.lists(positive, min_size=3, max_size=6),
    clockwise=st.booleans(),
    ends=st.tuples(points3d, points3d).filter(lambda p: p[0] != p[1]),
    size=st.tuples(positive, positive, positive),
    rotation=st.sampled_from([0, 30, 90, -45]),
)
def test_triangles_polygons_and_solids(
    compare: Comparison,
    corners: tuple,
    centre: tuple,
    radii: list,
    clockwise: bool,
    ends: tuple,
    size: tuple,
    rotation: int,
) -> None:
    triangle = f"Triangle({', '.join(point(*c) for c in corners)})"
    ring = star(centre, radii, clockwise)
    ring_points = f"[{', '.join(point(*c) for c in ring)}]"
    polygon = f"Polygon({ring_points})"
    path = line(*ends)
    width, height, length = size
    rectangle = f"Polygon([{point(0, 0)}, {point(0, height)}, {point(width, height)}, {point(width, 0)}])"
    compare(
        [
            f"{triangle}.area()",
            f"{triangle}.centroid",
            f"{triangle}.moment_of_inertia",
            f"{triangle}.vertices",
            f"get_vertices_faces([{triangle}, Triangle({point(*corners[1])}, {point(*corners[2])}, {point(*centre)})])",
            f"{polygon}.points",
            f"{polygon}.cross_sectional_area",
            f"{polygon}.centroid",
            f"{rectangle}.centroid",
            f"{rectangle}.moment_of_inertia",
            f"{polygon}.has_clockwise_circumference()",
            f"{polygon}.extrude({path}).profile",
            f"{polygon}.extrude({path}, profile_rotation={rotation!r}).transformation",
            f"circumference_is_clockwise({ring_points} + [{point(*ring[0])}])",
            f"Polygon([{', '.join(point(*c) for c in corners)}]).cross_sectional_area",
            f"Extrusion({ring_points}, {path}, {rotation!r}).transformation",
            f"Extrusion({ring_points}, {path}).length",
            f"Extrusion({ring_points}, {path}).geometries",
            f"RectangularExtrusion({width!r}, {height!r}, {path}, {rotation!r}).transformation",
            f"RectangularExtrusion({width!r}, {height!r}, {path}).cross_sectional_area",
            f"RectangularExtrusion({width!r}, {height!r}, {path}).inner_volume",
            f"RectangularExtrusion({width!r}, {height!r}, {path}).profile",
            f"RectangularExtrusion({width!r}, {height!r}, {path}).width",
            f"RectangularExtrusion({width!r}, {height!r}, {path}).length",
            f"SquareBeam({width!r}, {height!r}, {length!r}).inner_volume",
            f"SquareBeam({width!r}, {height!r}, {length!r}).line",
            f"SquareBeam({width!r}, {height!r}, {length!r}).transformation",
            f"CircularExtrusion({width!r}, {path}).cross_sectional_area",
            f"CircularExtrusion({width!r}, {path}, shell_thickness={height!r}).radius",
            f"CircularExtrusion({width!r}, {path}).length",
            f"Sphere({point(*centre)}, {width!r}).volume()",
            f"Sphere({point(*centre)}, {width!r}).surface_area()",
            f"Sphere({point(*centre)}, {width!r}).diameter()",
            f"Sphere({point(*centre)}, {width!r}).circumference()",
            f"Torus({width!r}, {length!r}).inner_volume",
            f"Torus({width!r}, {length!r}, {height!r}).inner_volume",
            f"Cone({width!r}, {height!r}).material.name",
            f"Cone.from_line({width!r}, {path}).material.density",
            f"Cone({-width!r}, {height!r})",
            f"len(CartesianAxes({point(*centre)}, {length!r}).children)",
            f"[c.line.end_point for c in CartesianAxes({point(*centre)}, {length!r}).children]",
            f"len(LinearPattern({path}, {list(ends[1])!r}, 3, {width!r}).children)",
            f"[c.start_point for c in LinearPattern({path}, {list(ends[1])!r}, 3, {width!r}).children]",
            f"[c.end_point for c in BidirectionalPattern({path}, [1, 0, 0], [0, 1, 0], 2, 3, {width!r}, 1).children]",
            f"[c.start_point for c in Pattern({path}, [{list(ends[0])!r}]).children]",
        ]
    )


# -- numeric helpers -------------------------------------------------------------------------------


@SETTINGS
@given(
    a=points3d,
    values=st.tuples(numbers, numbers, numbers),
    r=positive,
    h=positive,
    bounds=st.tuples(numbers, numbers, numbers, numbers),
    rd=st.tuples(st.integers(0, 280000), st.integers(300000, 620000)),
)
def test_numeric_helpers(
    compare: Comparison, a: tuple, values: tuple, r: Any, h: Any, bounds: tuple, rd: tuple
) -> None:
    x, lo, hi, other = bounds
    compare(
        [
            f"unit_vector({list(a)!r})",
            f"unit_vector([{list(a)!r}, {list(values)!r}], axis=1)",
            f"cartesian_to_cylindrical({a!r})",
            f"cylindrical_to_cartesian({a!r})",
            f"cartesian_to_spherical({a!r})",
            f"spherical_to_cartesian({a!r})",
            f"volume_cone({r!r}, {h!r})",
            f"surface_cone_without_base({r!r}, {h!r})",
            f"surface_area_dome({values[0]!r}, {values[1]!r}, {r!r}, {h!r})",
            f"x_between_bounds({x!r}, {lo!r}, {hi!r})",
            f"x_between_bounds({x!r}, {lo!r}, {hi!r}, inclusive=False)",
            f"y_between_bounds({x!r}, {lo!r}, {hi!r}, False)",
            f"find_overlap(({lo!r}, {hi!r}), ({x!r}, {other!r}))",
            f"find_overlap(({lo!r}, {hi!r}), ({x!r}, {other!r}), inclusive=True)",
            f"points_are_coplanar([{point(*a)}, {point(*values)}, Point(0, 0, 0), Point(1, 1, 1)])",
            f"RDWGSConverter.from_rd_to_wgs({rd!r})",
            f"RDWGSConverter.from_wgs_to_rd(RDWGSConverter.from_rd_to_wgs({rd!r}))",
            f"GeoPoint.from_rd({rd!r}).rd",
            f"GeoPoint({values[0] * 20!r}, {values[1] * 40!r})",
            "[RDWGSConverter.X0, RDWGSConverter.Y0, RDWGSConverter.phi0, RDWGSConverter.lam0]",
            "ISCLOSE_ATOL, ISCLOSE_RTOL",
        ]
    )


# -- Color, DataGroup, File, memoize ---------------------------------------------------------------

channels = st.one_of(st.integers(0, 255), st.integers(-3, 300))


@SETTINGS
@given(rgb=st.tuples(channels, channels, channels), text=st.text("0123456789abcdefABCDEFxz#", max_size=8))
def test_colors(compare: Comparison, rgb: tuple, text: str) -> None:
    color = f"Color{rgb!r}"
    compare(
        [
            color,
            f"repr({color})",
            f"{color}.hex",
            f"{color}.rgb",
            f"{color}.deltares",
            f"Color.from_deltares({color}.deltares)",
            f"Color.from_hex({color}.hex)",
            f"Color.from_hex({text!r})",
            f"Color.hex_to_rgb({text!r})",
            f"Color.rgb_to_hex(*{rgb!r})",
            f"Color.rgb_to_hex(*{rgb!r}, include_hashtag=False)",
            f"Color.rgb_to_deltares(*{rgb!r})",
            f"Color.deltares_to_rgb({rgb[0] * 70000 + rgb[1]!r})",
            f"{color} == {rgb!r}",
            "[Color.black(), Color.white(), Color.red(), Color.lime(), Color.green(), Color.blue()]",
            "[Color.viktor_black(), Color.viktor_blue(), Color.viktor_yellow()]",
            "type(Color.random()).__name__",
        ]
    )


item_values = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False), st.text(max_size=5)
)
items = st.tuples(
    st.text(max_size=5), item_values, st.sampled_from([None, 0, 1, 2, 3]), st.sampled_from(["INFO", "WARNING", "ERROR"])
)


def data_item(label: str, value: Any, decimals: int | None, status: str, subgroup: str | None = None) -> str:
    extra = f", subgroup={subgroup}" if subgroup else ""
    return (
        f"DataItem({label!r}, {value!r}{extra}, prefix='p', suffix={label!r}, number_of_decimals={decimals!r}, "
        f"status=DataStatus.{status}, status_message={label!r}, explanation_label='x')"
    )


@SETTINGS
@given(positional=st.lists(items, max_size=4), named=st.dictionaries(st.sampled_from(["a", "b", "c"]), items))
def test_data_groups(compare: Comparison, positional: list, named: dict) -> None:
    nested = f"DataGroup({', '.join(data_item(*item) for item in positional)})"
    group_items = [data_item(*item) for item in positional]
    group_items += [f"{key}={data_item(*item, subgroup=nested)}" for key, item in named.items()]
    group = f"DataGroup({', '.join(group_items)})"
    compare(
        [
            f"{group}._serialize()",
            f"list({group}.keys())",
            f"DataGroup.from_data_groups([{group}, {nested}])._serialize()",
            *(f"{data_item(*item)}._serialize()" for item in positional),
        ]
    )


@SETTINGS
@given(text=st.text(max_size=12), encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_files(compare: Comparison, text: str, encoding: str) -> None:
    data = f"File.from_data({text!r})"
    encoded = f"{text!r}.encode({encoding!r}, errors='replace')"
    binary = f"File.from_data({encoded})"
    compare(
        [
            f"{data}.getvalue()",
            f"{data}.getvalue_binary()",
            f"{data}.getvalue({encoding!r})",
            f"{binary}.getvalue()",
            f"{binary}.getvalue({encoding!r})",
            f"{binary}.getvalue_binary()",
            f"read({data}.open())",
            f"read({binary}.open(encoding={encoding!r}))",
            f"read({data}.open_binary())",
            f"{data}.source_type",
            f"{data}.source",
            f"{data}.writable",
            f"{data}.copy().getvalue()",
            f"{data}.copy().source_type",
            f"{data}.copy(writable=True).writable",
            "File().writable",
            "File().source_type",
            f"File(data={text!r}, path='x')",
        ]
    )


@SETTINGS
@given(
    args=st.lists(st.one_of(st.integers(), st.text(max_size=4), st.lists(st.integers(), max_size=3)), max_size=3),
    key=st.text("abc", min_size=1, max_size=3),
)
def test_memoize(compare: Comparison, args: list, key: str) -> None:
    compare(
        [
            f"memoize(lambda *a, **k: [a, k])(*{args!r}, {key}=1)",
            f"memoize(lambda *a: len(a))(*{args!r})",
            f"memoize(lambda x: x)({point(1, 2)})",
        ]
    )


# -- viktor.geo: soils and soil layouts ------------------------------------------------------------

soil_names = st.sampled_from(["Sand", "Clay", "Peat"])
thicknesses = st.sampled_from([0.25, 0.5, 1, 1.5, 2, 3])
layer_specs = st.lists(
    st.tuples(soil_names, thicknesses, st.one_of(st.none(), st.integers(0, 9))), min_size=1, max_size=5
)


def soil(name: str) -> str:
    colors = {"Sand": (230, 200, 90), "Clay": (120, 160, 110), "Peat": (110, 70, 40)}
    return f"Soil({name!r}, Color{colors[name]!r}, {{'kind': {name.lower()!r}}})"


def top_down(specs: Sequence[tuple], top: float = 0) -> list[str]:
    """SoilLayer expressions from the top down, without gaps."""
    layers = []
    for name, thickness, value in specs:
        properties = {} if value is None else {"v": value}
        layers.append(f"SoilLayer({soil(name)}, {top!r}, {top - thickness!r}, {properties!r})")
        top -= thickness
    return layers


@SETTINGS
@given(specs=layer_specs, minimum=st.sampled_from([0.5, 1, 1.5, 2.5]), merge=st.booleans(), x=numbers)
def test_soil_layouts(compare: Comparison, specs: list, minimum: float, merge: bool, x: Any) -> None:
    layers = top_down(specs)
    layout = f"SoilLayout([{', '.join(layers)}])"
    bottom_up = f"SoilLayout([{', '.join(top_down(specs)[::-1])}])"
    ground = polyline([(-4, 1), (0, -1), (6, 2)])
    compare(
        [
            layout,
            f"{layout}.serialize()",
            f"SoilLayout.from_dict({layout}.serialize()).serialize()",
            f"{layout}.top",
            f"{layout}.bottom",
            f"{layout}.number_of_layers",
            f"{layout}.filter_unique_soils()",
            f"then({layout}, 'update_layers').serialize()",
            f"{layout}.filter_layers_on_thickness({minimum!r}, {merge!r}).serialize()",
            f"then({layout}, 'append', SoilLayer(UndefinedSoil(), -20, -25)).serialize()",
            f"PositionalSoilLayout({x!r}, [{', '.join(layers)}]).serialize()",
            f"PositionalSoilLayout.from_dict(PositionalSoilLayout({x!r}, [{layers[0]}]).serialize()).x",
            f"{layers[0]}.thickness",
            f"SoilLayer.from_dict({layers[0]}.serialize()).serialize()",
            f"then({layers[0]}, 'update_properties', {{'q': 1}}).properties",
            f"then({layers[0]}, 'update_soil_properties', {{'q': 2}}).soil.properties",
            f"{soil(specs[0][0])} == {soil(specs[-1][0])}",
            f"Soil.from_dict({soil(specs[0][0])}.serialize()).serialize()",
            "UndefinedSoil().serialize()",
            f"SoilLayout2D.from_single_soil_layout({bottom_up}, -4, 6, {ground}).serialize()",
        ]
    )


@SETTINGS
@given(first=profiles, second=profiles, drop=st.sampled_from([1, 2, 3]), x=st.sampled_from([-4, -1.5, 0, 1, 2]))
def test_soil_layouts_2d(compare: Comparison, first: list, second: list, drop: int, x: float) -> None:
    """2D layers between profiles (ascending in x over the same range), layouts from 1D layouts, piezo lines."""
    top = [(px, py + 4) for px, py in first]
    bottom = [(top[0][0], min(py for _, py in first) - drop), (top[-1][0], min(py for _, py in first) - drop)]
    layer = f"SoilLayer2D({soil('Sand')}, {polyline(top)}, {polyline(bottom)})"
    touching = f"SoilLayer2D({soil('Clay')}, {polyline(first)}, {polyline([(first[0][0], -9), (first[-1][0], -9)])})"
    piezo = f"PiezoLine([{', '.join(point(*p) for p in second)}], True)"
    columns = [
        (px, top_down([("Peat", 2 + drop, None), ("Sand", 1, 2)], py + 1)[::-1]) for px, py in (first[0], first[-1])
    ]
    positional = [f"PositionalSoilLayout({px!r}, [{', '.join(layers)}])" for px, layers in columns]
    compare(
        [
            f"{layer}.serialize()",
            f"SoilLayer2D.from_dict({layer}.serialize()).serialize()",
            f"{layer}.left_boundary",
            f"{layer}.right_boundary",
            f"{layer}.height_at_x({x!r})",
            f"{layer}.top_y_coordinate({x!r})",
            f"{layer}.bottom_y_coordinate({x!r})",
            f"[p.points for p in {layer}.polygons()]",
            f"[p.points for p in {touching}.polygons()]",
            f"{touching}.height_at_x({x!r})",
            f"SoilLayer2D({soil('Clay')}, {polyline(bottom)}, {polyline(top)})",
            f"SoilLayout2D([{touching}, SoilLayer2D({soil('Sand')}, {polyline(top)}, {polyline(first)})]).serialize()",
            f"SoilLayout2D([{touching}, SoilLayer2D({soil('Sand')}, {polyline(top)}, {polyline(first)})]).top_profile",
            f"SoilLayout2D([{touching}]).get_left_boundary_polyline().points",
            f"SoilLayout2D([{touching}]).get_right_boundary_polyline().points",
            f"SoilLayout2D([{layer}, {layer}])",
            "SoilLayout2D([])",
            f"{piezo}.serialize()",
            f"PiezoLine.from_dict({piezo}.serialize()).serialize()",
            f"PiezoLine.from_lines({polyline(second)}.lines, phreatic=True).points",
            f"SoilLayout2D.from_positional_soil_layouts([{', '.join(positional)}], {polyline(top)}).serialize()",
        ]
    )


@SETTINGS
@given(
    table=st.lists(st.dictionaries(st.sampled_from(["name", "color", "qc_min", "rf_max"]), numbers), max_size=3),
    zones=st.lists(
        st.fixed_dictionaries(
            {"name": st.sampled_from(["Robertson zone unknown", "Robertson zone 1", "Robertson zone 9", "zone 5"])},
            optional={"gamma": positive},
        ),
        max_size=3,
    ),
    level=numbers,
    weight=positive,
)
def test_classification_methods_and_gef_data(
    compare: Comparison, table: list, zones: list, level: Any, weight: Any
) -> None:
    gef = {
        "headers": {"name": "CPT-1", "ground_level_wrt_reference": level, "height_system": "NAP", "cone_type": "A"},
        "measurement_data": {"elevation": [level, level - 1], "qc": [1.5, 2.0], "Rf": [0.5, 1.0], "fs": [0.1, 0.2]},
    }
    data = f"GEFData({gef!r})"
    compare(
        [
            f"RobertsonMethod({table!r}).get_method_params()",
            f"RobertsonMethod({zones!r}).get_method_params()",
            f"TableMethod({table!r}, {level!r}).get_method_params()",
            f"NormalizedSoilBehaviourTypeIndexMethod({table!r}, {level!r}, {weight!r}).get_method_params()",
            f"NormalizedSoilBehaviourTypeIndexMethod({table!r}, {level!r}, {weight!r}, 0.1).resolution",
            f"{data}.serialize()",
            f"[{data}.name, {data}.qc, {data}.Rf, {data}.elevation, {data}.num_of_measurements]",
            f"[{data}.ground_level_wrt_reference, {data}.height_system, {data}.max_measurement_depth_wrt_reference]",
            f"[{data}.cone_type, {data}.fs]",
            "GEFData({'headers': {'name': 'x'}, 'measurement_data': {}})",
            "GEFFile('#GEFID= 1, 1, 0').file_content",
            "GEFParsingException is GEFParsingError",
        ]
    )
