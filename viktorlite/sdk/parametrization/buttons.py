"""Buttons that run a controller method, and the interactions that may precede them.

They are declared like fields (so apps import and lay them out) but never hold a value in params.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ..core import _warn_ignored_kwargs
from ._base import SchemaContext, _Item, clamp_flex, sdk_type
from .constraints import constraint_json

__all__ = [
    "ActionButton",
    "AnalyseButton",
    "DownloadButton",
    "Interaction",
    "MapSelectInteraction",
    "OptimiseButton",
    "OptimizationButton",
    "SetParamsButton",
]


class Interaction:
    """Something the user does in a view before a button's method runs; ``selection`` names the
    view's interaction groups the user may pick from (None: any feature)."""

    _type: ClassVar[str] = "interaction"

    def __init__(self, view: str, selection: Sequence[str] | None = None) -> None:
        self._view = view
        self._selection = list(selection) if selection is not None else None

    def _to_json(self) -> dict[str, Any]:
        return {"type": self._type, "view": self._view, "selection": self._selection}


class MapSelectInteraction(Interaction):
    """Select features on a map view; the method then receives ``event`` with their identifiers."""

    _type = "map_select"

    def __init__(
        self, view: str, *, selection: Sequence[str] | None = None, min_select: int = 1, max_select: int | None = None
    ) -> None:
        super().__init__(view, selection)
        self._min_select = min_select
        self._max_select = max_select

    def _to_json(self) -> dict[str, Any]:
        return {
            **super()._to_json(),
            "min_select": self._min_select,
            "max_select": self._max_select,
        }


class _Button(_Item):
    def __init__(
        self,
        ui_name: str,
        method: str,
        longpoll: bool = True,
        *,
        visible: Any = True,
        always_available: bool = False,
        flex: int | None = None,
        description: str | None = None,
        interaction: Interaction | None = None,
        **kwargs: Any,
    ) -> None:
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._ui_name = ui_name
        self._method = method
        self._longpoll = bool(longpoll)
        self._visible = visible
        self._always_available = always_available
        self._flex = clamp_flex(f"{type(self).__name__} {ui_name!r}", flex)
        self._description = description
        self._interaction = interaction

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "kind": "button",
            "type": sdk_type(self),
            "name": attr,
            "path": path,
            "ui_name": self._ui_name,
            "method": self._method,
            "longpoll": self._longpoll,
            "flex": self._flex,
            "description": self._description,
            "visible": constraint_json(self._visible, "visible", f"{sdk_type(self)} {path!r}", ctx),
            "interaction": self._interaction._to_json() if self._interaction is not None else None,
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible}


class ActionButton(_Button):
    """Runs a method for its side effects (it returns nothing)."""


AnalyseButton = ActionButton


class DownloadButton(_Button):
    """Runs a method that returns a DownloadResult; the browser downloads the file."""

    def __init__(
        self,
        ui_name: str,
        method: str,
        longpoll: bool = False,
        *,
        visible: Any = True,
        always_available: bool = False,
        flex: int | None = None,
        description: str | None = None,
        interaction: Interaction | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            method,
            longpoll,
            visible=visible,
            always_available=always_available,
            flex=flex,
            description=description,
            interaction=interaction,
            **kwargs,
        )


class OptimizationButton(_Button):
    """Runs a method that returns an OptimizationResult: candidate params to choose from."""


OptimiseButton = OptimizationButton


class SetParamsButton(_Button):
    """Runs a method that returns a SetParamsResult; its values overwrite the inputs."""
