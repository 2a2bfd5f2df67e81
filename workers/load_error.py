"""What the editor shows when the app cannot be loaded: the error, and the app file and line it points at.

The worker loads its private copy of the app; paths in the message and traceback are given back
in terms of the app folder the user edits, and the location is relative to it.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from viktorlite.protocol.manifest import LoadError, LoadErrorManifest

from .user_paths import as_user_paths, user_traceback


def _relative(filename: str | None, app_dir: Path) -> str | None:
    if not filename:
        return None
    try:
        return Path(filename).resolve().relative_to(app_dir.resolve()).as_posix()
    except ValueError:
        return None


def error_location(exc: BaseException, app_dir: Path) -> tuple[str | None, int | None]:
    """A SyntaxError's own position, else the innermost traceback frame in the app's files."""
    if isinstance(exc, SyntaxError) and (file := _relative(exc.filename, app_dir)):
        return file, exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if file := _relative(frame.filename, app_dir):
            return file, frame.lineno
    return None, None


def load_error(exc: BaseException, loaded_from: Path, shown_as: Path) -> dict[str, Any]:
    """The ``error`` of a load-error manifest; ``loaded_from`` (a private copy) reads as ``shown_as``."""
    file, line = error_location(exc, loaded_from)
    message = f"The app failed to load: {type(exc).__name__}: {exc}"
    return {
        "message": as_user_paths(message, loaded_from, shown_as),
        "traceback": user_traceback(exc, loaded_from, shown_as),
        "file": file,
        "line": line,
    }


def load_error_manifest(name: str, app_type: str | None, error: dict[str, Any]) -> LoadErrorManifest:
    """The manifest published instead of the app's: no entity types, only the error."""
    return LoadErrorManifest(
        app=name, app_type=app_type, code_version=None, entity_types=[], error=LoadError.model_validate(error)
    )
