"""Run every callback of a parametrization for the current params, in one job.

The editor evaluates declarative constraints (Lookups, operators) itself; whatever calls Python
(a callback, a FunctionLookup) arrives here. The result maps an item's attribute path to the
values of its dynamic attributes: ``{"tab.x": {"visible": false, "max": 10}}``. A value that is
different per DynamicArray row is sent as ``{"per_row": [...]}``. A callback that fails becomes a
warning for that attribute; the form never fails because of one.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Callable, Mapping
from typing import Any

from munch import Munch

from viktorlite.app.calling import call_with_params
from viktorlite.app.loader import LoadedApp
from viktorlite.jobs.queue import JobRequest
from viktorlite.sdk.parametrization import build_params
from viktorlite.sdk.parametrization.constraints import Env, evaluate, needs_job, uses_row
from viktorlite.sdk.parametrization.options import OptionListElement, static_options
from viktorlite.sdk.parametrization.schema import ParametrizationLike, Placed, field_paths, top_items, walk
from viktorlite.workers.rejection import JobRejected
from viktorlite.workers.runners.view_visibility import view_visibility

log = logging.getLogger(__name__)


def job_params(app: LoadedApp, request: JobRequest) -> tuple[type, ParametrizationLike, Munch, dict[str, Any]]:
    """The controller class, its parametrization, the job's params and the callback kwargs."""
    try:
        controller_class = app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    parametrization = getattr(controller_class, "parametrization", None)
    params = build_params(parametrization, request.params)
    kwargs = {
        "entity_id": request.entity_id,
        "entity_name": request.entity_name,
        "workspace_id": request.workspace_id,
    }
    return controller_class, parametrization, params, kwargs


def json_safe(value: Any) -> Any:
    """A JSON form of whatever a callback returned (numpy numbers, dates, colours, geo values)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)) and not hasattr(value, "_asdict"):
        return [json_safe(v) for v in value]
    if hasattr(value, "_to_json"):
        return value._to_json()
    if hasattr(value, "_asdict"):  # Color and other named tuples
        return json_safe(value._asdict())
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return json_safe(value.item())
    return str(value)


class _Evaluator:
    def __init__(self, parametrization: ParametrizationLike, params: Munch, kwargs: dict[str, Any]) -> None:
        self.params = params
        self.env = Env(params, field_paths(parametrization), self._call)
        self._kwargs = kwargs
        self.values: dict[str, dict[str, Any]] = {}
        self.warnings: list[dict[str, str]] = []

    def _call(self, function: Callable[..., Any]) -> Any:
        return call_with_params(function, self.params, **self._kwargs)

    def _rows(self, placed: Placed) -> list[Any]:
        assert placed.array is not None and placed.array_path is not None
        storage = placed.array._storage(placed.array_path)
        value: Any = self.params
        for key in storage.split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        return value if isinstance(value, list) else []

    def _options(self, declared: Any, env: Env) -> list[dict[str, Any]]:
        options = declared if static_options(declared) else evaluate(declared, env)
        return self._option_list(options, env)

    def _option_list(self, options: Any, env: Env) -> list[dict[str, Any]]:
        if not isinstance(options, (list, tuple)):
            raise TypeError(f"options must be a list, the callback returned {type(options).__name__}")
        result = []
        for option in options:
            if isinstance(option, OptionListElement):
                visible = evaluate(option._visible, env)
                result.append(
                    {"value": json_safe(option.value), "label": option.label, "visible": visible is not False}
                )
            else:
                result.append({"value": json_safe(option), "label": str(option), "visible": True})
        return result

    def _one(self, attr: str, declared: Any, env: Env) -> Any:
        if attr == "options":
            return self._options(declared, env)
        return json_safe(evaluate(declared, env))

    def _per_row(self, placed: Placed, attr: str, declared: Any) -> Any:
        rows = self._rows(placed)
        if uses_row(declared):
            return {"per_row": [self._one(attr, declared, self.env.with_row(row)) for row in rows]}
        if attr == "options" and not static_options(declared):
            # as the SDK: a callback in an array may return one list of options per row
            options = evaluate(declared, self.env)
            if isinstance(options, (list, tuple)) and options and all(isinstance(o, (list, tuple)) for o in options):
                return {"per_row": [self._option_list(row_options, self.env) for row_options in options]}
            return self._option_list(options, self.env)
        value = self._one(attr, declared, self.env)
        if attr == "value":  # an OutputField in an array: one value per row, or nothing
            if not isinstance(value, list) or len(value) != len(rows):
                raise ValueError(f"must return a list with one value per row ({len(rows)}), got {value!r}")
            return {"per_row": value}
        if attr != "options" and isinstance(value, list) and len(value) == len(rows):
            return {"per_row": value}
        return value

    def run(self, parametrization: ParametrizationLike) -> None:
        for placed in walk(top_items(parametrization)):
            for attr, declared in placed.item._dynamic().items():
                if attr != "options" and not needs_job(declared):
                    continue
                try:
                    if placed.array is not None:
                        value = self._per_row(placed, attr, declared)
                    else:
                        value = self._one(attr, declared, self.env)
                except Exception as exc:  # noqa: BLE001 - a broken callback is a warning, not a failed form
                    message = f"{type(exc).__name__}: {exc}"
                    log.warning("callback %s.%s failed: %s", placed.path, attr, message)
                    self.warnings.append({"path": placed.path, "attribute": attr, "message": message})
                    continue
                self.values.setdefault(placed.path, {})[attr] = value


def run_callbacks(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    """The ``callback`` trigger: every dynamic attribute of the entity type, for these params."""
    _, parametrization, params, kwargs = job_params(app, request)
    evaluator = _Evaluator(parametrization, params, kwargs)
    evaluator.run(parametrization)
    views, warnings = view_visibility(app.controller(request.entity_type), params, kwargs)
    evaluator.values.update(views)
    evaluator.warnings.extend(warnings)
    return {"type": "CallbackResult", "values": evaluator.values, "warnings": evaluator.warnings}
