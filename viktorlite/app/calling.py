"""Call app code the way the platform does, whatever signature the app chose."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def call_with_params(method: Callable[..., Any], params: Any, **context: Any) -> Any:
    """Call ``method(params, **context)``, passing only what its signature accepts.

    Platform methods are written as ``(self, params, **kwargs)``, but apps also leave out
    ``params`` or ``**kwargs``; those must keep working.
    """
    signature = inspect.signature(method)
    parameters = signature.parameters
    takes_any_keyword = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    positional = [
        p
        for p in parameters.values()
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    if "params" in parameters and parameters["params"].kind is not inspect.Parameter.POSITIONAL_ONLY:
        kwargs["params"] = params
    elif positional and positional[0].name not in context:
        args.append(params)
    for key, value in context.items():
        if takes_any_keyword or (key in parameters and key not in kwargs):
            kwargs[key] = value
    return method(*args, **kwargs)
