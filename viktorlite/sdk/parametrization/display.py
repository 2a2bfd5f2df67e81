"""Items the editor shows but params never hold: text, images, line breaks and output values."""

from __future__ import annotations

from typing import Any

from ..core import _warn_ignored_kwargs
from ._base import SchemaContext, _Item, clamp_flex, warn
from .constraints import constraint_json
from .fields import Field

__all__ = ["Chat", "ChildEntityManager", "Image", "LineBreak", "OutputField", "Text"]

_TEXT_MAX = 1800
_CAPTION_MAX = 200


class Text(_Item):
    """Static markdown text (at most 1800 characters)."""

    def __init__(self, value: str, *, visible: Any = True, flex: int | None = 100, **kwargs: Any) -> None:
        _warn_ignored_kwargs("Text", kwargs)
        if len(str(value)) > _TEXT_MAX:
            warn(f"Text: longer than {_TEXT_MAX} characters")
        self._value = str(value)
        self._visible = visible
        self._flex = clamp_flex("Text", flex)

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "kind": "text",
            "name": attr,
            "path": path,
            "value": self._value,
            "flex": self._flex,
            "visible": constraint_json(self._visible, "visible", f"Text {path!r}", ctx),
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible}


class Image(_Item):
    """A static image from the app's assets folder (``assets_path`` in viktor.config.toml)."""

    def __init__(
        self,
        path: str,
        *,
        align: str = "center",
        caption: str | None = None,
        flex: int | None = 100,
        max_width: int | None = None,
        visible: Any = True,
        **kwargs: Any,
    ) -> None:
        _warn_ignored_kwargs("Image", kwargs)
        parts = str(path).replace("\\", "/").split("/")
        if str(path).startswith("/") or ".." in parts:
            warn(f"Image {path!r}: the path must stay inside the assets folder")
        if align not in ("left", "center", "right"):
            warn(f"Image {path!r}: align must be 'left', 'center' or 'right', not {align!r}")
            align = "center"
        if caption is not None and len(caption) > _CAPTION_MAX:
            warn(f"Image {path!r}: caption is longer than {_CAPTION_MAX} characters")
        self._path = str(path)
        self._align = align
        self._caption = caption
        self._flex = clamp_flex("Image", flex)
        self._max_width = max_width
        self._visible = visible

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "kind": "image",
            "name": attr,
            "path": path,
            "src": self._path,
            "align": self._align,
            "caption": self._caption,
            "flex": self._flex,
            "max_width": self._max_width,
            "visible": constraint_json(self._visible, "visible", f"Image {path!r}", ctx),
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible}


class LineBreak(_Item):
    """Forces the next field onto a new row."""

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"kind": "linebreak", "name": attr, "path": path}


class OutputField(_Item):
    """A read-only value: a constant, a Lookup, a RowLookup or a callback's result."""

    def __init__(
        self,
        ui_name: str,
        *,
        value: Any = None,
        prefix: str | None = None,
        suffix: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        _warn_ignored_kwargs("OutputField", kwargs)
        self._ui_name = ui_name
        self._value = value
        self._prefix = prefix
        self._suffix = suffix
        self._visible = visible
        self._flex = clamp_flex(f"OutputField {ui_name!r}", flex)
        self._description = description

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        where = f"OutputField {path!r}"
        return {
            "kind": "output",
            "type": "OutputField",
            "name": attr,
            "path": path,
            "ui_name": self._ui_name,
            "value": constraint_json(self._value, "value", where, ctx),
            "prefix": self._prefix,
            "suffix": self._suffix,
            "flex": self._flex,
            "description": self._description,
            "visible": constraint_json(self._visible, "visible", where, ctx),
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible, "value": self._value}


class ChildEntityManager(_Item):
    """Create, open and delete children of one type from within the parent's editor."""

    def __init__(self, entity_type_name: str, *, visible: Any = True, **kwargs: Any) -> None:
        _warn_ignored_kwargs("ChildEntityManager", kwargs)
        self._entity_type_name = entity_type_name
        self._visible = visible

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            "kind": "child_entity_manager",
            "name": attr,
            "path": path,
            "entity_type_name": self._entity_type_name,
            "visible": constraint_json(self._visible, "visible", f"ChildEntityManager {path!r}", ctx),
        }

    def _dynamic(self) -> dict[str, Any]:
        return {"visible": self._visible}


class Chat(Field):
    """A chat box wired to a controller method (beta in the SDK); its value is the conversation."""

    def __init__(
        self,
        ui_name: str,
        method: str,
        *,
        first_message: str | None = None,
        placeholder: str | None = None,
        flex: int | None = None,
        visible: Any = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(ui_name=ui_name, flex=flex, visible=visible, **kwargs)
        self._method = method
        self._first_message = first_message
        self._placeholder = placeholder

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"method": self._method, "first_message": self._first_message, "placeholder": self._placeholder}
