"""Stand-ins for SDK parts that need the VIKTOR platform (external programs, LLM service, ...).

An app that merely imports them loads fine; the first call that would need the program raises
:class:`UnavailableOffline`, which names the program. It is a ``ConnectionError``, as the SDK's
``ExternalProgram.execute`` raises when no worker is connected, so apps that handle that keep working.
``viktorlite check`` reports such methods as "unsupported" (it looks for :data:`MARKER`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MARKER = "not available offline"


class UnavailableOffline(ConnectionError):
    """A platform service or external program that viktorlite cannot offer was used."""

    def __init__(self, what: str, needs: str, hint: str = "") -> None:
        message = f"{what} needs {needs}, {MARKER} in viktorlite"
        super().__init__(f"{message}. {hint}".strip() if hint else message)


class _OfflineMember:
    """A method or attribute of a stand-in, as deep as the app goes (``conn.SapModel.FrameObj.GetNameList``):
    calling it raises :class:`UnavailableOffline` naming the whole path, never an AttributeError."""

    def __init__(self, path: str, needs: str) -> None:
        self._path = path
        self._needs = needs

    def __getattr__(self, name: str) -> _OfflineMember:
        if name.startswith("__"):
            raise AttributeError(name)
        return _OfflineMember(f"{self._path}.{name}", self._needs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise UnavailableOffline(f"{self._path}()", self._needs)


class _OfflineMeta(type):
    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        # Enum members and nested classes (``SoilModel.NEN_KOPPEJAN``) are more stand-ins.
        return offline_class(f"{cls.__qualname__}.{name}", cls._needs, cls.__module__)


class _OfflineObject(metaclass=_OfflineMeta):
    """Accepts any constructor arguments; every method call raises :class:`UnavailableOffline`."""

    _needs = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._args = args
        self._kwargs = kwargs

    def __getattr__(self, name: str) -> _OfflineMember:
        if name.startswith("__"):
            raise AttributeError(name)
        return _OfflineMember(f"{type(self).__qualname__}.{name}", self._needs)

    def execute(self, timeout: int = 25) -> None:
        raise UnavailableOffline(f"{type(self).__qualname__}.execute()", self._needs)


def offline_class(name: str, needs: str, module: str) -> type:
    """A class named ``name`` whose instances need ``needs`` for anything but construction."""
    short = name.rsplit(".", 1)[-1]
    return type(short, (_OfflineObject,), {"_needs": needs, "__module__": module, "__qualname__": name})


def offline_module(module: str, needs: str) -> Callable[[str], Any]:
    """A module ``__getattr__``: every public name the SDK's module has becomes an offline stand-in."""
    made: dict[str, Any] = {}

    def __getattr__(name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        if name not in made:
            made[name] = offline_class(name, needs, module) if name[:1].isupper() else _offline_function(name, needs)
        return made[name]

    return __getattr__


def _offline_function(name: str, needs: str) -> Callable[..., Any]:
    def unavailable(*args: Any, **kwargs: Any) -> Any:
        raise UnavailableOffline(f"{name}()", needs)

    unavailable.__name__ = name
    return unavailable
