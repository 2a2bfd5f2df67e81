"""The input fields with a single scalar value: numbers, text, booleans, dates, colours, geo values.

Each field knows three forms of its value: the Python value an app declares as ``default`` and
receives in ``params``, the stored JSON form (:meth:`Field._to_stored` / :meth:`Field._from_stored`)
and its empty value (viktor_api.md §3.3).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from typing import Any, ClassVar

from ..core import Color, _warn_ignored_kwargs
from ..geometry import GeoPoint, GeoPolygon, GeoPolyline
from ._base import SchemaContext, _Item, clamp_flex, sdk_type, warn
from .constraints import constraint_json

__all__ = [
    "BooleanField",
    "ColorField",
    "DateField",
    "Field",
    "GeoPointField",
    "GeoPolygonField",
    "GeoPolylineField",
    "GeometryMultiSelectField",
    "GeometrySelectField",
    "HiddenField",
    "IntegerField",
    "NumberField",
    "TextAreaField",
    "TextAreaInput",
    "TextField",
    "ToggleButton",
]

_RESERVED_NAMES = frozenset({"name", "filename"})


class Field(_Item):
    """Base of the input fields: an item with a value in the params."""

    #: The value a field has in params while the user has not filled it in.
    _empty: ClassVar[Any] = None
    #: Width when the app gives no ``flex``.
    _default_flex: ClassVar[int | None] = None

    def __init__(
        self,
        *,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        default: Any = None,
        flex: int | None = None,
        visible: Any = True,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        if name in _RESERVED_NAMES:
            raise ValueError(f"{type(self).__name__} {ui_name!r}: name={name!r} is reserved")
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._ui_name = ui_name
        self._name = name
        self._prefix = prefix
        self._suffix = suffix
        self._default = default
        self._flex = clamp_flex(f"{type(self).__name__} {ui_name!r}", flex)
        self._visible = visible
        self._description = description

    # -- where and what the value is

    def _storage(self, path: str) -> str:
        """Where the value lives in params: ``name=`` replaces the attribute path."""
        return self._name or path

    def _empty_value(self) -> Any:
        return copy.copy(self._empty)

    def _to_stored(self, value: Any) -> Any:
        """The stored (JSON) form of a Python value of this field."""
        return value

    def _from_stored(self, value: Any) -> Any:
        """The value an app receives for a stored value (the JSON round trip loses types)."""
        return value

    def _default_stored(self) -> Any:
        if self._default is None:
            return self._empty_value()
        try:
            return self._to_stored(copy.deepcopy(self._default))
        except (TypeError, ValueError, AttributeError) as exc:
            warn(f"{type(self).__name__} {self._ui_name!r}: unusable default {self._default!r} ({exc})")
            return self._empty_value()

    # -- schema

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        where = f"{type(self).__name__} {path!r}"
        return {
            "kind": "field",
            "type": sdk_type(self),
            "name": attr,
            "path": path,
            "storage": self._storage(path) if ctx.array is None else attr,
            "ui_name": self._ui_name,
            "default": self._default_stored(),
            "empty": self._empty_value(),
            "flex": self._flex if self._flex is not None else self._default_flex,
            "description": self._description,
            "prefix": self._prefix,
            "suffix": self._suffix,
            "visible": constraint_json(self._visible, "visible", where, ctx),
            **self._extra_node(where, ctx),
        }

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {}

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible}


# -- numbers ---------------------------------------------------------------------------------------


class NumberField(Field):
    """A number; ``variant='slider'`` shows a slider between ``min`` and ``max``."""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        *,
        suffix: str | None = None,
        default: float | None = None,
        step: float | None = None,
        min: Any = None,
        max: Any = None,
        num_decimals: int | None = None,
        visible: Any = True,
        flex: int | None = None,
        variant: str = "standard",
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )
        if variant not in ("standard", "slider"):
            warn(f"{type(self).__name__} {ui_name!r}: unknown variant {variant!r}; using 'standard'")
            variant = "standard"
        self._step = step
        self._min = min
        self._max = max
        self._num_decimals = num_decimals
        self._variant = variant
        self._check_steps()

    def _check_steps(self) -> None:
        lo, hi, step = self._min, self._max, self._step
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi, step)) and step:
            count = (hi - lo) / step
            if abs(count - round(count)) > 1e-9:
                warn(
                    f"{type(self).__name__} {self._ui_name!r}: "
                    f"max={hi} is not reachable from min={lo} in steps of {step}"
                )

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "min": constraint_json(self._min, "min", where, ctx),
            "max": constraint_json(self._max, "max", where, ctx),
            "step": self._step,
            "num_decimals": self._num_decimals,
            "variant": self._variant,
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible, "min": self._min, "max": self._max}


class IntegerField(NumberField):
    """A whole number."""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        *,
        suffix: str | None = None,
        default: int | None = None,
        step: int | None = None,
        min: Any = None,
        max: Any = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            name,
            prefix,
            suffix=suffix,
            default=default,
            step=step,
            min=min,
            max=max,
            num_decimals=0,
            visible=visible,
            flex=flex,
            description=description,
            **kwargs,
        )

    def _from_stored(self, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    _to_stored = _from_stored


# -- text and booleans -----------------------------------------------------------------------------


class TextField(Field):
    """One line of text."""

    _empty = ""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        *,
        suffix: str | None = None,
        default: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )


class TextAreaField(Field):
    """Several lines of text; full width unless ``flex`` says otherwise."""

    _empty = ""
    _default_flex = 100

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        default: str | None = None,
        visible: Any = True,
        flex: int | None = 100,
        *,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )


TextAreaInput = TextAreaField


class BooleanField(Field):
    """A toggle (old name: ToggleButton)."""

    _empty = False

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        *,
        default: bool | None = None,
        visible: Any = True,
        flex: int | None = None,
        always_available: bool = False,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )
        self._always_available = always_available


ToggleButton = BooleanField


class HiddenField(Field):
    """A value apps store (SetParamsResult, ParamsFromFile, the API) that the editor never shows."""

    def __init__(self, ui_name: str, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(ui_name=ui_name, name=name, **kwargs)

    def _dynamic(self) -> dict[str, Any]:
        return {}


# -- dates and colours -----------------------------------------------------------------------------


class DateField(Field):
    """A calendar date; stored as ``"YYYY-MM-DD"``, delivered as :class:`datetime.date`."""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        *,
        default: datetime.date | None = None,
        flex: int | None = None,
        visible: Any = True,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name, name=name, default=default, flex=flex, visible=visible, description=description, **kwargs
        )

    def _to_stored(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(value).isoformat()

    def _from_stored(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None


class ColorField(Field):
    """A colour; stored as ``{"r", "g", "b"}``, delivered as :class:`~viktor.core.Color`."""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        *,
        default: Color | None = None,
        flex: int | None = None,
        visible: Any = True,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name, name=name, default=default, flex=flex, visible=visible, description=description, **kwargs
        )

    def _to_stored(self, value: Any) -> Any:
        color = self._from_stored(value)
        if color is None:
            raise ValueError(f"not a colour: {value!r}")
        return {"r": color.r, "g": color.g, "b": color.b}

    def _from_stored(self, value: Any) -> Any:
        try:
            if isinstance(value, Color):
                return value
            if isinstance(value, Mapping):
                return Color(value["r"], value["g"], value["b"])
            if isinstance(value, str):
                return Color.from_hex(value)
            if isinstance(value, (list, tuple)) and len(value) == 3:
                return Color(*value)
        except (KeyError, TypeError, ValueError):
            pass
        return None


# -- geographic values -----------------------------------------------------------------------------


class _GeoField(Field):
    def __init__(
        self,
        ui_name: str,
        *,
        name: str | None = None,
        default: Any = None,
        visible: Any = True,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name, name=name, default=default, visible=visible, description=description, **kwargs
        )

    def _to_stored(self, value: Any) -> Any:
        return value._to_json()


def _geo_point(value: Any) -> GeoPoint:
    if isinstance(value, GeoPoint):
        return value
    if isinstance(value, Mapping):
        return GeoPoint(value["lat"], value["lon"])
    raise TypeError(f"not a point: {value!r}")


class GeoPointField(_GeoField):
    """A WGS84 point; stored as ``{"lat", "lon"}``."""

    def _from_stored(self, value: Any) -> Any:
        try:
            return _geo_point(value)
        except (KeyError, TypeError, ValueError):
            return None


class GeoPolylineField(_GeoField):
    """A WGS84 polyline; stored as ``{"points": [{"lat", "lon"}, ...]}``."""

    _geo_class: ClassVar[type[GeoPolyline]] = GeoPolyline

    def _from_stored(self, value: Any) -> Any:
        if isinstance(value, self._geo_class):
            return value
        try:
            return self._geo_class(*(_geo_point(p) for p in value["points"]))
        except (KeyError, TypeError, ValueError):
            return None


class GeoPolygonField(GeoPolylineField):
    """A WGS84 polygon (closed implicitly)."""

    _geo_class = GeoPolygon


# -- geometry selection (object names in a GeometryView) -------------------------------------------


class GeometrySelectField(Field):
    """The name of one object in a GeometryView."""

    def __init__(
        self,
        ui_name: str,
        *,
        name: str | None = None,
        default: Any = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        view: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name, name=name, default=default, visible=visible, flex=flex, description=description, **kwargs
        )
        self._view = view

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"view": self._view}


class GeometryMultiSelectField(GeometrySelectField):
    """The names of several objects in a GeometryView."""

    _empty: ClassVar[Any] = []

    def __init__(
        self,
        ui_name: str,
        *,
        name: str | None = None,
        default: list[str] | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        view: str | None = None,
        min_select: int = 1,
        max_select: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            name=name,
            default=default,
            visible=visible,
            flex=flex,
            description=description,
            view=view,
            **kwargs,
        )
        self._min_select = min_select
        self._max_select = max_select

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"view": self._view, "min_select": self._min_select, "max_select": self._max_select}
