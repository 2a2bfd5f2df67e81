"""Make ``import viktor`` resolve to :mod:`viktorlite.sdk`, so SDK apps run unmodified.

A meta-path finder answers for ``viktor`` and every ``viktor.X`` by importing
``viktorlite.sdk.X`` and handing back that very module object: ``viktor.views.DataView`` and
``viktorlite.sdk.views.DataView`` are the same class, so isinstance checks agree everywhere.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType

ALIAS = "viktor"
TARGET = "viktorlite.sdk"


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self._target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        # The import system keeps the module's own __name__ and __spec__ (it only fills unset ones).
        return importlib.import_module(self._target)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the target module was executed when it was imported."""


class ViktorAliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``viktor[.X]`` as ``viktorlite.sdk[.X]``."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        real_name = TARGET + fullname[len(ALIAS) :]
        if importlib.util.find_spec(real_name) is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real_name))


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (idempotent), ahead of any real ``viktor`` package."""
    if not any(isinstance(finder, ViktorAliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, ViktorAliasFinder())
