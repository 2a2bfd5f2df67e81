"""``viktor.geometry``'s patterns (copies of an object moved along directions) and CartesianAxes.

Both are Groups: each copy is a child node in the glTF, so a pattern of a thousand beams is a
thousand nodes, as in the SDK.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from ._geometry_3d import Group, TransformableObject, _raw_vector
from ._geometry_curves import Line
from ._geometry_extrusions import CircularExtrusion
from ._geometry_materials import Material
from ._geometry_points import Point, _xyz
from .core import Color

if TYPE_CHECKING:
    import numpy as np
else:
    from ._lazy_numpy import np  # imported on first use (issue 18)

__all__ = ["BidirectionalPattern", "CartesianAxes", "LinearPattern", "Pattern"]

_ORIGIN = Point(0, 0, 0)


class Pattern(Group):
    """The base object plus copies of it moved by each of ``duplicate_translation_list``."""

    def __init__(
        self,
        base_object: TransformableObject,
        duplicate_translation_list: list[list[float]],
        *,
        identifier: str | None = None,
    ) -> None:
        self.base_object = base_object
        copies = [base_object]
        for translation in duplicate_translation_list:
            duplicate = copy.deepcopy(base_object)
            duplicate.translate(translation)
            copies.append(duplicate)
        super().__init__(copies, identifier=identifier)


class LinearPattern(Pattern):
    """``number_of_elements`` objects along ``direction`` (times ``spacing``), the base object first."""

    def __init__(
        self,
        base_object: TransformableObject,
        direction: list[float],
        number_of_elements: int,
        spacing: float,
        *,
        identifier: str | None = None,
    ) -> None:
        step = np.array(_raw_vector(direction), dtype=float) * spacing
        translations = [list(step * i) for i in range(1, number_of_elements)]
        super().__init__(base_object, translations, identifier=identifier)


class BidirectionalPattern(Pattern):
    """A grid of copies along two directions (the first direction varies slowest)."""

    def __init__(
        self,
        base_object: TransformableObject,
        direction_1: list[float],
        direction_2: list[float],
        number_of_elements_1: int,
        number_of_elements_2: int,
        spacing_1: float,
        spacing_2: float,
        *,
        identifier: str | None = None,
    ) -> None:
        u = np.array(_raw_vector(direction_1), dtype=float) * spacing_1
        v = np.array(_raw_vector(direction_2), dtype=float) * spacing_2
        translations = [
            list(u * i + v * j) for i in range(number_of_elements_1) for j in range(number_of_elements_2) if i or j
        ]
        super().__init__(base_object, translations, identifier=identifier)


class CartesianAxes(Group):
    """Red, green and blue cylinders along x, y and z."""

    def __init__(self, origin: Point = _ORIGIN, axis_length: float = 1, axis_diameter: float = 0.05) -> None:
        o = _xyz(origin, "CartesianAxes origin")
        axes = []
        for axis, color in ((np.eye(3)[0], Color.red()), (np.eye(3)[1], Color.green()), (np.eye(3)[2], Color.blue())):
            line = Line(Point(*o), Point(*(o + axis * axis_length)))
            axes.append(CircularExtrusion(axis_diameter, line, material=Material(color=color)))
        super().__init__(axes)
