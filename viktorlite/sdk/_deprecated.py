"""Names an older SDK exported and 14.x removed: still importable, with a DeprecationWarning naming them.

Old apps keep running (``from viktor import UserException``), while the name stays out of the
module's namespace (``dir()``, ``import *``) as it is in the SDK they are meant for. Only the
listed names resolve; any other unknown name is an AttributeError, as in any module.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

_PACKAGE_DIR = os.path.dirname(__file__)

#: ``{old name: (what replaces it, a function returning the object to hand out)}``
Removed = dict[str, tuple[str, Callable[[], Any]]]


def removed_names(module: str, names: Removed) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``names`` with a DeprecationWarning."""

    shown = "viktor" + module.removeprefix(__package__ or "")

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        replacement, load = names[name]
        message = f"{shown}.{name} was removed in VIKTOR SDK 14; use {replacement} instead"
        warnings.warn(message, DeprecationWarning, stacklevel=_app_level())
        return load()

    return __getattr__


def _app_level() -> int:
    """The stack level of the app's line that asked for the name: past this package's frames
    (``warnings`` itself steps over importlib's, so they are not counted)."""
    frame, level = sys._getframe(2), 2
    while frame.f_back is not None and (
        frame.f_code.co_filename.startswith(_PACKAGE_DIR) or "importlib._bootstrap" in frame.f_code.co_filename
    ):
        if "importlib._bootstrap" not in frame.f_code.co_filename:
            level += 1
        frame = frame.f_back
    return level


def user_exception() -> Removed:
    """``UserException``, the name of ``UserError`` before SDK 13.7 (core, parametrization and the top level had it)."""
    from .errors import UserError

    return {"UserException": ("UserError", lambda: UserError)}
