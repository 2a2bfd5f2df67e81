"""Groups (Page, Step, Tab, Section) and the Parametrization they live in."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..core import _warn_ignored_kwargs
from ._base import SchemaContext, _Item, children, nodes, warn
from .constraints import constraint_json

__all__ = ["Page", "Parametrization", "Section", "Step", "Tab", "ViktorParametrization"]

_LABEL_MAX = 30
_WIDTH_RANGE = (20, 80)


def _width(owner: str, width: int | None) -> int | None:
    if width is None:
        return None
    if isinstance(width, bool) or not isinstance(width, (int, float)):
        warn(f"{owner}: width must be a number, got {width!r}; ignored")
        return None
    lo, hi = _WIDTH_RANGE
    if not lo <= width <= hi:
        warn(f"{owner}: width must be within {lo}-{hi}, got {width}; clamped")
    return int(max(lo, min(hi, width)))


class _Group(_Item):
    _kind: ClassVar[str]

    if TYPE_CHECKING:  # children are set with dot-notation; let type checkers of apps accept that

        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def __init__(self, title: str, description: str | None, kwargs: Mapping[str, Any], visible: Any = True) -> None:
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._title = title
        self._description = description
        self._visible = visible

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        where = f"{type(self).__name__} {path!r}"
        return {
            "kind": self._kind,
            "name": attr,
            "path": path,
            "title": self._title,
            "description": self._description,
            "visible": constraint_json(self._visible, "visible", where, ctx),
            **self._extra_node(where, ctx),
            "items": nodes(children(self), path + ".", ctx),
        }

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {}

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible}


def _view_names(views: str | Sequence[str] | None) -> list[str]:
    if views is None:
        return []
    return [views] if isinstance(views, str) else list(views)


class Page(_Group):
    """A top-level group of inputs shown together with the views named in ``views``."""

    _kind = "page"

    def __init__(
        self,
        title: str,
        *,
        views: str | Sequence[str] | None = None,
        description: str | None = None,
        visible: Any = True,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, description, kwargs, visible)
        self._views = _view_names(views)
        self._width = _width(f"Page {title!r}", width)

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"views": self._views, "width": self._width}


class Step(_Group):
    """Like a Page, but visited in order with previous/next buttons; ``on_next`` may stop the user."""

    _kind = "step"

    def __init__(
        self,
        title: str,
        *,
        views: str | Sequence[str] | None = None,
        description: str | None = None,
        enabled: Any = True,
        previous_label: str | None = None,
        next_label: str | None = None,
        on_next: Callable[..., Any] | None = None,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, description, kwargs)
        for label in (previous_label, next_label):
            if label is not None and len(label) > _LABEL_MAX:
                warn(f"Step {title!r}: button label {label!r} is longer than {_LABEL_MAX} characters")
        if on_next is not None and not callable(on_next):
            warn(f"Step {title!r}: on_next must be a function; ignored")
            on_next = None
        self._views = _view_names(views)
        self._enabled = enabled
        self._previous_label = previous_label
        self._next_label = next_label
        self._on_next = on_next
        self._width = _width(f"Step {title!r}", width)

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "views": self._views,
            "width": self._width,
            "enabled": constraint_json(self._enabled, "enabled", where, ctx),
            "previous_label": self._previous_label,
            "next_label": self._next_label,
            "on_next": self._on_next is not None,
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"enabled": self._enabled}


class Tab(_Group):
    """A tab of the input panel."""

    _kind = "tab"

    def __init__(self, title: str, *, description: str | None = None, visible: Any = True, **kwargs: Any) -> None:
        super().__init__(title, description, kwargs, visible)


class Section(_Group):
    """A collapsible block of fields."""

    _kind = "section"

    def __init__(
        self,
        title: str,
        *,
        description: str | None = None,
        initially_expanded: bool | None = None,
        visible: Any = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, description, kwargs, visible)
        self._initially_expanded = initially_expanded

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"initially_expanded": self._initially_expanded}


class Parametrization:
    """The editor's inputs: subclass it and declare items as class attributes.

    Controllers hold the subclass itself, or an instance when options are needed
    (``MyParametrization(width=60)``).
    """

    _width: int | None = None

    def __init__(self, *, width: int | None = None, **kwargs: Any) -> None:
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._width = _width(type(self).__name__, width)


ViktorParametrization = Parametrization
