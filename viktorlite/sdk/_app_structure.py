"""``InitialEntity`` and ``ParamsFromFile``: how an app declares its starting entities and file types.

Re-exported from ``viktor.core``. Both only record what the app declared; the runtime reads the
records (:func:`params_from_file_spec`) when it builds the manifest.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["InitialEntity", "ParamsFromFile"]


class InitialEntity:
    """An entity the platform creates when the app starts (declared in ``initial_entities``)."""

    def __init__(
        self,
        entity_type_name: str,
        name: str,
        *,
        params: dict[str, Any] | str | None = None,
        children: list[InitialEntity] | None = None,
        show_on_dashboard: bool | None = None,
        use_as_start_page: bool | None = None,
    ) -> None:
        if not isinstance(entity_type_name, str) or not entity_type_name:
            raise TypeError("InitialEntity: entity_type_name must be a non-empty string")
        if not isinstance(name, str) or not name.strip():
            raise TypeError("InitialEntity: name must be a non-empty string")
        if params is not None and not isinstance(params, dict | str):
            raise TypeError("InitialEntity: params must be a dict or the path of a .json file")
        for child in children or []:
            if not isinstance(child, InitialEntity):
                raise TypeError(f"InitialEntity {name!r}: children must be InitialEntity objects")
        self.entity_type_name = entity_type_name
        self.name = name
        self.params = params
        self.children = list(children or [])
        self.show_on_dashboard = True if show_on_dashboard is None else bool(show_on_dashboard)
        self.use_as_start_page = bool(use_as_start_page)

    def __repr__(self) -> str:
        return f"InitialEntity({self.entity_type_name!r}, {self.name!r})"


@dataclass(frozen=True)
class FileTypeSpec:
    """What a ``@ParamsFromFile`` method accepts: at most ``max_size`` bytes of ``file_types``."""

    method: str
    max_size: int | None
    file_types: tuple[str, ...] | None

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "max_size": self.max_size, "file_types": self.file_types}


class ParamsFromFile:
    """Decorator marking the method that turns an uploaded file into a new entity's params."""

    def __init__(self, *, max_size: int | None = None, file_types: Sequence[str] | None = None) -> None:
        if max_size is not None and (not isinstance(max_size, int) or max_size <= 0):
            raise ValueError("ParamsFromFile: max_size must be a positive number of bytes")
        if isinstance(file_types, str):
            raise TypeError("ParamsFromFile: file_types must be a list of extensions, e.g. ['.csv']")
        self.max_size = max_size
        self.file_types = tuple(t.lower() for t in file_types) if file_types is not None else None

    def __call__(self, process_method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(process_method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return process_method(*args, **kwargs)

        wrapper.__viktor_params_from_file__ = FileTypeSpec(  # type: ignore[attr-defined]
            process_method.__name__, self.max_size, self.file_types
        )
        return wrapper


def params_from_file_spec(function: object) -> FileTypeSpec | None:
    """The ``@ParamsFromFile`` record of a controller attribute, or None."""
    spec = getattr(function, "__viktor_params_from_file__", None)
    return spec if isinstance(spec, FileTypeSpec) else None
