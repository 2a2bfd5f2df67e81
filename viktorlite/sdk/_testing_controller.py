"""``viktor.testing``'s decorators for a controller's own methods and its ``Storage``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from unittest import mock

from ._storage import Storage
from ._testing_patch import F, _patching, _returner, _unbound
from .core import File


def mock_View(controller: type) -> Callable[[F], F]:  # noqa: N802 - the SDK's name
    """View methods are directly callable in viktorlite (they return their Result); kept for compatibility."""
    return lambda test: test


def mock_ParamsFromFile(controller: type) -> Callable[[F], F]:  # noqa: N802
    """``@ParamsFromFile`` methods are directly callable in viktorlite; kept for compatibility."""
    return lambda test: test


def mock_Storage(
    *, get: Sequence[File] | None = None, list: Sequence[dict[str, File]] | None = None
) -> Callable[[F], F]:  # noqa: A002, N802
    """``Storage().get``/``.list`` return these items in order; ``set`` and ``delete`` do nothing."""

    def patches(stack: ExitStack) -> None:
        stack.enter_context(mock.patch.object(Storage, "get", _unbound(_returner(get or [], File, "Storage.get"))))
        stack.enter_context(mock.patch.object(Storage, "list", _unbound(_returner(list or [], dict, "Storage.list"))))
        stack.enter_context(mock.patch.object(Storage, "set", lambda self, *a, **k: None))
        stack.enter_context(mock.patch.object(Storage, "delete", lambda self, *a, **k: None))

    return _patching(patches)
