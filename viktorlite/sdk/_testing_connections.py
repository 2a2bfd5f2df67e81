"""``viktor.testing``'s mocks of the program connections (ETABS, SAP2000, AutoCAD, Civil 3D)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from ._testing_external import _external_class
from ._testing_patch import F, _patching

ConnectionResults = dict[str, list[Any]] | Callable[[str, list[Any]], list[Any]] | None


class _MockedCall:
    """A method path on a mocked connection (``SapModel.FrameObj.GetNameList``): a call answers it."""

    def __init__(self, path: str, answer: Callable[[str, list[Any]], list[Any]]) -> None:
        self._path = path
        self._answer = answer

    def __getattr__(self, name: str) -> _MockedCall:
        if name.startswith("__"):
            raise AttributeError(name)
        return _MockedCall(f"{self._path}.{name}", self._answer)

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        return self._answer(self._path, [*args, *kwargs.values()])


def _connection_answer(results: ConnectionResults, what: str) -> Callable[[str, list[Any]], list[Any]]:
    """``results`` as one function of (method path, arguments): a dict is looked up by the full path,
    then by the method's own name; a callable is asked; None answers ``[]`` to everything."""
    if results is None:
        return lambda path, args: []
    if callable(results):
        return results
    if not isinstance(results, dict):
        raise TypeError(f"{what}: results must be a dict of method name to list, a callable or None")
    table = results

    def answer(path: str, args: list[Any]) -> list[Any]:
        for key in (path, path.rsplit(".", 1)[-1]):
            if key in table:
                return list(table[key])
        raise KeyError(f"{what}: the mock has no result for {path!r} (it has: {', '.join(table) or 'none'})")

    return answer


def _mock_connection(module: str, class_name: str, results: ConnectionResults) -> Callable[[F], F]:
    """The connection works as a context manager; every method call on it (at any depth) answers from ``results``."""
    answer = _connection_answer(results, f"mock_{class_name}")

    def attribute(self: Any, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _MockedCall(name, answer)

    def patches(stack: ExitStack) -> None:
        connection = _external_class(module, class_name)
        stack.enter_context(mock.patch.object(connection, "__getattr__", attribute, create=True))
        stack.enter_context(mock.patch.object(connection, "__enter__", lambda self: self, create=True))
        stack.enter_context(mock.patch.object(connection, "__exit__", lambda self, *exc: None, create=True))
        stack.enter_context(mock.patch.object(connection, "execute", lambda self, *a, **k: None, create=True))

    return _patching(patches)


def mock_ETABSConnection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.etabs.ETABSConnection`` answers each call from ``results`` (see :func:`_connection_answer`)."""
    return _mock_connection("etabs", "ETABSConnection", results)


def mock_SAP2000Connection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.sap2000.SAP2000Connection`` answers each call from ``results``."""
    return _mock_connection("sap2000", "SAP2000Connection", results)


def mock_AutoCADConnection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.autocad.AutoCADConnection`` answers each call from ``results``."""
    return _mock_connection("autocad", "AutoCADConnection", results)


def mock_Civil3DConnection(results: ConnectionResults = None) -> Callable[[F], F]:  # noqa: N802
    """``viktor.external.civil3d.Civil3DConnection`` answers each call from ``results``."""
    return _mock_connection("civil3d", "Civil3DConnection", results)
