"""``viktor.utils``: ``memoize``, the one cache a stateless app may rely on.

A memoized function's result is kept per function and arguments exactly as passed (``f(1)`` and
``f(x=1)`` are two entries), as JSON, for 24 hours: a later call with the same arguments, in this
job or any later one, returns a fresh copy of the stored result without running the function.
In production the cache is shared by all workers and unbounded; in development each worker keeps
its own, capped first in first out (10 entries; ``[viktorlite] memoize_dev_entries`` in
``viktor.config.toml`` changes it). Outside a job the function is simply called.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from .. import job_context
from ..memo_cache import MemoCache
from ._memo_json import dumps, encode, loads

__all__ = ["memoize"]

F = TypeVar("F", bound=Callable[..., Any])


def memoize(fun: F) -> F:
    """Cache ``fun``'s result per arguments (JSON-serialisable types only), across jobs, for 24 h."""
    if not callable(fun):
        raise TypeError(f"memoize decorates a function, not {type(fun).__name__}")
    identity = f"{fun.__module__}.{fun.__qualname__}"
    label = f"{fun.__qualname__}()"
    positional_names = _positional_names(fun)

    @functools.wraps(fun)
    def memoized(*args: Any, **kwargs: Any) -> Any:
        try:
            context = job_context.current()
        except job_context.NoJobError:
            return fun(*args, **kwargs)
        call = {
            "function": identity,
            "args": [encode(value, _argument(label, positional_names, index)) for index, value in enumerate(args)],
            "kwargs": {name: encode(value, f"{label}: argument {name!r}") for name, value in kwargs.items()},
        }
        digest = hashlib.sha256(dumps(call)).hexdigest()
        cache = MemoCache(
            context.connection,
            context.app,
            worker=None if context.production else context.worker,
            capacity=context.memoize_dev_entries,
        )
        stored = cache.get(digest)
        if stored is None:
            stored = dumps(encode(fun(*args, **kwargs), f"{label}: its result"))
            cache.put(digest, stored)
        return loads(stored)

    return memoized  # type: ignore[return-value]


def _positional_names(fun: Callable[..., Any]) -> list[str]:
    try:
        parameters = inspect.signature(fun).parameters.values()
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in parameters if p.kind in kinds]


def _argument(label: str, names: list[str], index: int) -> str:
    if index < len(names):
        return f"{label}: argument {names[index]!r}"
    return f"{label}: positional argument {index + 1}"
