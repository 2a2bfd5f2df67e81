"""File fields: uploads stored as blobs, delivered to apps as ``api_v1.FileResource``.

The stored value of one file is ``{"file_id": <blob id>, "filename": <name>}``; the upload
route (``POST /api/uploads``) checks ``file_types`` and ``max_size`` before storing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ._base import SchemaContext, warn
from .fields import Field

__all__ = ["AutodeskFileField", "FileField", "MultiFileField"]

WORKSPACE_ID = 1  # viktorlite runs one workspace


def _file_types(owner: str, file_types: Sequence[str] | None) -> list[str] | None:
    if file_types is None:
        return None
    if isinstance(file_types, str):
        file_types = [file_types]
    cleaned = []
    for extension in file_types:
        if not isinstance(extension, str) or not extension.strip("."):
            warn(f"{owner}: ignoring file type {extension!r}")
            continue
        cleaned.append("." + extension.strip().lstrip(".").lower())
    return cleaned


def _file_resource(value: Any) -> Any:
    from ..api_v1 import FileResource  # noqa: PLC0415 - needs the runtime; loaded lazily like the SDK

    if isinstance(value, FileResource):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("file_id"), str):
        return FileResource(WORKSPACE_ID, value["file_id"])
    return None


class FileField(Field):
    """One uploaded file; ``file_types`` like ``['.png', '.jpg']`` (any case), ``max_size`` in bytes."""

    _multiple: ClassVar[bool] = False

    def __init__(
        self,
        ui_name: str,
        file_types: Sequence[str] | None = None,
        *,
        max_size: int | None = None,
        name: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ui_name=ui_name, name=name, visible=visible, flex=flex, description=description, **kwargs)
        owner = f"{type(self).__name__} {ui_name!r}"
        self._file_types = _file_types(owner, file_types)
        if max_size is not None and (isinstance(max_size, bool) or not isinstance(max_size, int) or max_size <= 0):
            warn(f"{owner}: max_size must be a positive number of bytes, got {max_size!r}; ignored")
            max_size = None
        self._max_size = max_size

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"file_types": self._file_types, "max_size": self._max_size, "multiple": self._multiple}

    def _from_stored(self, value: Any) -> Any:
        if self._multiple:
            if not isinstance(value, list):
                return []
            return [f for f in (_file_resource(v) for v in value) if f is not None]
        return _file_resource(value)


class MultiFileField(FileField):
    """Several uploaded files."""

    _empty: ClassVar[Any] = []
    _multiple = True


class AutodeskFileField(Field):
    """A file in Autodesk Construction Cloud; needs the platform's OAuth integration (not offline)."""

    def __init__(
        self,
        ui_name: str,
        oauth2_integration: str,
        *,
        file_types: Sequence[str] | None = None,
        name: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ui_name=ui_name, name=name, visible=visible, flex=flex, description=description, **kwargs)
        self._oauth2_integration = oauth2_integration
        self._file_types = _file_types(f"AutodeskFileField {ui_name!r}", file_types)
