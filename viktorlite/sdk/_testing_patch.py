"""``viktor.testing``'s machinery: a mock answers from its argument, and a test runs inside its patches."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _returner(value: Any, default: Callable[[], Any], what: str) -> Callable[..., Any]:
    """The SDK's rule: a sequence is consumed one item per call; one object is returned every time."""
    if value is None:
        return lambda *args, **kwargs: default()
    if isinstance(value, (list, tuple)):
        items = iter(value)

        def next_item(*args: Any, **kwargs: Any) -> Any:
            try:
                return next(items)
            except StopIteration:
                raise RuntimeError(f"{what} was called more often than the mock has items for") from None

        return next_item
    return lambda *args, **kwargs: value


def _patching(patches: Callable[[ExitStack], None]) -> Callable[[F], F]:
    def decorate(test: F) -> F:
        @functools.wraps(test)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with ExitStack() as stack:
                patches(stack)
                return test(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def _unbound(function: Callable[..., Any]) -> Callable[..., Any]:
    return lambda self, *args, **kwargs: function(*args, **kwargs)
