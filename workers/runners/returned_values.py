"""What the SDK's job handler accepts from an app's methods, so a job ends here as it does on the platform.

Measured by running the real SDK's own handler (13.8.0 and 14.36.2) on tests/apps/returned_values
(tools/job_handler_calls.py); the whole matrix is in docs/compatibility.md, "What methods may return".
In short:

* a view or button method is declared ``(self, params, **kwargs)`` (any extra named parameters, but a
  ``**kwargs`` by that name); a button method may also take nothing at all. Everything is passed
  by keyword, so ``(self, **kwargs)`` finds ``params`` in ``kwargs``;
* a button of any type may return nothing (``None``): the job ends without error and the platform
  shows nothing, which the job log says here; it may also return any button result (the handler
  passes a SetParamsResult from an ActionButton on just the same), but never a plain value;
* a Step's ``on_next`` returns nothing; a @ParamsFromFile method returns a dict or None (no params).

Where the platform would show nothing although the app probably meant something, a warning line
goes to the job log (and the editor), naming the method.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from viktorlite.sdk import core
from viktorlite.sdk._views_results import _ViewResult
from viktorlite.sdk.result import DownloadResult, OptimizationResult, SetParamsResult
from viktorlite.workers import return_gate
from viktorlite.workers.result_output import BadResult

log = logging.getLogger(__name__)

#: The button results any button may return, with what each button type documents (viktor_api.md §11).
BUTTON_RESULTS: tuple[type, ...] = (SetParamsResult, DownloadResult, OptimizationResult)
DOCUMENTED: dict[str, type | None] = {
    "SetParamsButton": SetParamsResult,
    "DownloadButton": DownloadResult,
    "OptimizationButton": OptimizationResult,
    "ActionButton": None,
}


def warn(message: str) -> None:
    """A warning line in the job's log (and the editor's messages), where the platform shows nothing."""
    log.warning(message)
    core._emit("warning", message)


def check_declaration(method: Callable[..., Any], name: str, *, view: bool) -> inspect.Signature:
    """Refuse a method the SDK's handler refuses to call, with its words: it needs ``**kwargs``.
    Returns the method's signature, read once a job (it was read up to three times).

    A button method that takes nothing at all is called without arguments.
    """
    signature = inspect.signature(method)
    kwargs = signature.parameters.get("kwargs")
    if kwargs is not None and kwargs.kind is inspect.Parameter.VAR_KEYWORD:
        return signature
    if view:
        raise BadResult(f"Signature of view method {name!r} should be of format func(self, ..., **kwargs)")
    if signature.parameters:
        raise BadResult(f"Signature of method {name!r} should be of format func(..., **kwargs)")
    return signature


def call_method(method: Callable[..., Any], params: Any, name: str, *, view: bool, **context: Any) -> Any:
    """Call a view or button method as the SDK's handler does: declaration checked, every argument by keyword.

    ``context``: ``entity_id``, ``entity_name``, ``workspace_id`` and, for a button, ``event`` (None
    without an interaction).
    """
    signature = check_declaration(method, name, view=view)
    try:
        if not signature.parameters:
            return method()
        return method(params=params, **context)
    finally:
        return_gate.method_returned()  # a stop now leaves the job's outcome alone (issue 16, item 7)


def button_result(kind: str, name: str, returned: Any) -> Any:
    """What a button job hands on: a button result, or None for nothing to show (warned where unexpected)."""
    what = f"{kind} {name!r}"
    documented = DOCUMENTED.get(kind)
    if returned is None:
        if documented is not None:
            documented_name = documented.__name__
            warn(f"{what} returned None: the job ends without error and shows nothing (no {documented_name})")
        return None
    if isinstance(returned, BUTTON_RESULTS):
        if documented is not None and not isinstance(returned, documented):
            returned_name, documented_name = type(returned).__name__, documented.__name__
            warn(f"{what} returned a {returned_name}, not the documented {documented_name}; it is used as returned")
        return returned
    if isinstance(returned, _ViewResult):
        warn(f"{what} returned a {type(returned).__name__}, a view result: a button shows nothing of it")
        return None
    raise BadResult(f"{what} must return a button result or None, not {type(returned).__name__}")


def step_returned(returned: Any, step: str) -> None:
    """A Step's ``on_next`` may only return nothing (its UserError is what stops the user)."""
    if returned is not None:
        returned_name = type(returned).__name__
        raise BadResult(
            f"Step on_next method of step {step!r} shouldn't return anything, it returned a {returned_name}"
        )


def params_from_file(returned: Any, name: str) -> dict[str, Any]:
    """The params a @ParamsFromFile method gave the new entity: its dict, or none for None."""
    what = f"@ParamsFromFile method {name!r}"
    if returned is None:
        warn(f"{what} returned None: the new entity gets no params from the file")
        return {}
    if not isinstance(returned, dict):
        raise BadResult(f"{what} must return a dict of params, not {type(returned).__name__}")
    return returned
