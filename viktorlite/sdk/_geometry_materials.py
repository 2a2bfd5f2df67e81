"""``viktor.geometry.Material``: how a solid looks in the GeometryView, and the colours apps pass for it.

Material keeps what the app gave (name, density, price for the app's own sums); the glTF conversion
(:mod:`._gltf`) reads colour, roughness, metalness and opacity. Keyword names the SDK renamed in 14.5
still work, with a DeprecationWarning.
"""

from __future__ import annotations

import functools
import uuid
import warnings
from collections.abc import Callable
from typing import Any

from .core import Color

__all__ = ["Material"]

_BLACK = Color(0, 0, 0)
_GREY = Color(221, 221, 221)

_RENAMED_MATERIAL_KEYWORDS = {
    "threejs_roughness": "roughness",
    "threejs_metalness": "metalness",
    "threejs_opacity": "opacity",
}


def _renamed_keywords(renamed: dict[str, str]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Accept the old names of keyword arguments (SDK < 14.5) with a DeprecationWarning."""

    def decorate(init: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(init)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
            for old, new in renamed.items():
                if old in kwargs:
                    warnings.warn(
                        f"The keyword argument {old!r} is replaced by {new!r} and will be removed in the future.",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    kwargs.setdefault(new, kwargs.pop(old))
            init(self, *args, **kwargs)

        return wrapper

    return decorate


class Material:
    """How a solid looks (colour, roughness, metalness, opacity); name/density/price are kept for the app."""

    @_renamed_keywords(_RENAMED_MATERIAL_KEYWORDS)
    def __init__(
        self,
        name: str | None = None,
        density: float | None = None,
        price: float | None = None,
        *,
        threejs_type: str = "MeshStandardMaterial",
        roughness: float = 1.0,
        metalness: float = 0.5,
        opacity: float = 1.0,
        color: str | tuple[int, int, int] | Color = _GREY,
    ) -> None:
        self.uuid = uuid.uuid1()
        self.name = name
        self.density = density
        self.price = price
        self.color = color
        self.roughness = roughness
        self.metalness = metalness
        self.opacity = opacity

    def __repr__(self) -> str:
        return f"Material(name={self.name!r}, color={self.color!r})"


def _default_material() -> Material:
    return Material("default-material")


def _to_color(color: Any, fallback: Color) -> Color:
    """A Color from what an app passed as colour (Color, hex text, (r, g, b)); ``fallback`` otherwise."""
    try:
        if isinstance(color, Color):
            return color
        if isinstance(color, str):
            return Color.from_hex(color)
        if isinstance(color, (tuple, list)) and len(color) == 3:
            return Color(*(int(c) for c in color))
    except (TypeError, ValueError):
        pass
    return fallback


class _PartsMaterial:
    """``material`` as a property, as the SDK's Extrusion and Torus have it (groups drawn in one material)."""

    _material: Material

    @property
    def material(self) -> Material:
        return self._material

    @material.setter
    def material(self, material: Material) -> None:
        self._material = material
