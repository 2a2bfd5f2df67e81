"""Run a button's method and hand on the button result it returned (viktor_api.md §11).

What a button may return, and what happens to None or another button's result, is decided as the
SDK's own job handler decides it: workers/runners/returned_values.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from viktorlite.app.loader import LoadedApp
from viktorlite.jobs import context as job_context
from viktorlite.jobs.queue import JobRequest
from viktorlite.sdk.parametrization import build_params, schema_of
from viktorlite.sdk.result import ViktorResult, serialize_button_result
from viktorlite.sdk.views import InteractionEvent
from viktorlite.workers.rejection import JobRejected
from viktorlite.workers.result_output import BadResult, serialize_for_outcome
from viktorlite.workers.runners.returned_values import button_result, call_method


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("items") or []:
        if isinstance(child, dict):
            yield from _nodes(child)


def button_type(parametrization: Any, method: str) -> str | None:
    """The SDK type of the first button in the parametrization that names ``method``."""
    for node in _nodes(schema_of(parametrization)):
        if node.get("kind") == "button" and node.get("method") == method:
            return str(node.get("type"))
    return None


def run_button(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    try:
        controller_class = app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    parametrization = getattr(controller_class, "parametrization", None)
    kind = button_type(parametrization, request.method)
    if kind is None:
        raise JobRejected(f"{request.entity_type} has no button for method {request.method!r}")
    method = getattr(controller_class(), request.method, None)
    what = f"{kind} {request.method!r}"
    if not callable(method):
        raise BadResult(f"{what}: the controller has no method {request.method!r}")
    params = build_params(parametrization, request.params)
    event = None
    if request.event is not None:  # the selection of the button's interaction
        event = InteractionEvent(str(request.event.get("type")), list(request.event.get("value") or []))
    result = call_method(
        method,
        params,
        request.method,
        view=False,
        entity_id=request.entity_id,
        entity_name=request.entity_name,
        workspace_id=request.workspace_id,
        event=event,
    )
    if isinstance(result, ViktorResult):  # the SDK's older envelope around one button result
        result = result.result
    result = button_result(kind, request.method, result)
    if result is None:
        return {"type": "ActionResult"}
    payload = serialize_for_outcome(
        result,
        serialize_button_result,
        connection=job_context.running_connection(),
        app=request.app,
        app_dir=app.config.directory,
        what=what,
    )
    return payload or {"type": "ActionResult"}
