"""Run a view method: params in, the view's result out, checked against the view's type."""

from __future__ import annotations

from typing import Any

from viktorlite.app_loader import LoadedApp
from viktorlite.calling import call_with_params
from viktorlite.jobs import JobRequest
from viktorlite.manifest import view_specs
from viktorlite.sdk.parametrization import build_params
from viktorlite.sdk.views import serialize_result

from .rejection import JobRejected


def run_view(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    try:
        controller_class = app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    spec = view_specs(controller_class).get(request.method)
    if spec is None:
        raise JobRejected(f"{request.entity_type} has no view method {request.method!r}")
    params = build_params(getattr(controller_class, "parametrization", None), request.params)
    result = call_with_params(
        getattr(controller_class(), request.method),
        params,
        entity_id=request.entity_id,
        entity_name=request.entity_name,
        workspace_id=request.workspace_id,
    )
    if not isinstance(result, spec.result_type):
        raise TypeError(
            f"{spec.type} {request.method!r} must return a {spec.result_type.__name__}, not {type(result).__name__}"
        )
    return serialize_result(result)
