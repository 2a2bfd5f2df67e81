"""Run a view method: params in, the view's result out, checked against the view's type."""

from __future__ import annotations

import functools
import importlib
from typing import Any

from viktorlite.app.app_imports import AppImports, app_imports
from viktorlite.app.loader import LoadedApp
from viktorlite.app.manifest_builder import view_specs
from viktorlite.jobs import context as job_context
from viktorlite.jobs.queue import JobRequest
from viktorlite.optional_library import available
from viktorlite.sdk import geometry
from viktorlite.sdk._preload import preload_view_libraries as preload_charts
from viktorlite.sdk.parametrization import build_params
from viktorlite.sdk.views import (
    GeometryAndDataResult,
    GeometryResult,
    PlotlyAndDataResult,
    PlotlyResult,
    encode_result,
)
from viktorlite.store.slow_views import SlowViewResults, is_slow
from viktorlite.workers.rejection import JobRejected
from viktorlite.workers.result_output import BadResult, serialize_for_outcome
from viktorlite.workers.runners.returned_values import call_method


def preload_view_libraries(app: LoadedApp) -> None:
    """Import what the app's views will need once, in the worker parent, so every forked job has it.

    The glTF converter (trimesh) and plotly's JSON encoder take ~100 ms each to import; only apps
    with such views pay it, once per worker instead of once per job. plotly's figures and matplotlib
    (Agg) are warmed when the app's code imports them (a first figure costs hundreds of ms).
    """
    types: set[Any] = set()
    for controller in app.entity_types.values():
        for spec in view_specs(controller).values():
            types.update(spec.result_type if isinstance(spec.result_type, tuple) else (spec.result_type,))
    if types & {GeometryResult, GeometryAndDataResult} and available("trimesh"):
        importlib.import_module("viktorlite.sdk._gltf")
        importlib.import_module("trimesh.exchange.gltf")
    if types & {PlotlyResult, PlotlyAndDataResult} and available("plotly"):  # else a job says what is missing
        importlib.import_module("plotly.io")
    imports = app_imports(app.config.directory)  # what the app's code imports, inside methods too
    preload_charts(imports.modules, imports.graph_objects)
    if uses_numpy(imports):
        importlib.import_module("numpy")


def uses_numpy(imports: AppImports) -> bool:
    """Whether the app's jobs will need numpy: its code imports numpy or names a ``viktor.geometry``
    object or helper (numpy is imported by them on first use, :mod:`viktorlite.sdk._lazy_numpy`).

    The worker then imports it once, for every job forked from it; an app that needs no numpy keeps
    the worker (and so every job's fork) without it (issue 18).
    """
    return imports.uses("numpy") or imports.uses("viktor.geometry") or bool(imports.names & _geometry_names())


@functools.cache
def _geometry_names() -> frozenset[str]:
    """The names of ``viktor.geometry`` whose objects use numpy, and ``geometry`` itself (``vkt.geometry.X``)."""
    names = {
        name
        for name, value in vars(geometry).items()
        if str(getattr(value, "__module__", "")).startswith("viktorlite.sdk._geometry")
    }
    return frozenset({"geometry", *names})


def run_view(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    try:
        controller_class = app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    spec = view_specs(controller_class).get(request.method)
    if spec is None:
        raise JobRejected(f"{request.entity_type} has no view method {request.method!r}")
    params = build_params(getattr(controller_class, "parametrization", None), request.params)
    result = call_method(
        getattr(controller_class(), request.method),
        params,
        request.method,
        view=True,
        entity_id=request.entity_id,
        entity_name=request.entity_name,
        workspace_id=request.workspace_id,
    )
    what = f"{spec.type} {request.method!r}"
    if not isinstance(result, spec.result_type):
        raise BadResult(f"{what} must return a {spec.result_names}, not {type(result).__name__}")
    serialized = serialize_for_outcome(
        result,
        encode_result,
        connection=job_context.running_connection(),
        app=request.app,
        app_dir=app.config.directory,
        what=what,
    )
    if is_slow(spec.duration_guess):
        _keep_slow_result(request, serialized)
    return serialized


def _keep_slow_result(request: JobRequest, result: dict[str, Any]) -> None:
    """A slow view's result outlives its job: the editor shows it again when it opens."""
    context = job_context.running()
    if context is None or request.entity_id is None:
        return
    SlowViewResults(context.connection, request.app).keep(
        request.entity_id,
        request.method,
        params=request.params,
        result=result,
        job_id=context.job_id,
        worker=context.worker,
    )
