"""Compute an entity's ``Controller.summary`` for its last saved revision.

Each ``SummaryItem`` reads a dotted ``value_path`` from the saved params, or from the DataGroup
keys of a quick view's data (the view runs here, once per view, with the saved params). An item
that cannot be computed gets ``value: null`` and an ``error``; the others are still stored.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from viktorlite.app.loader import LoadedApp
from viktorlite.app.manifest_builder import summary_of, view_specs
from viktorlite.jobs import context as job_context
from viktorlite.jobs.queue import JobRequest
from viktorlite.sdk.errors import UserError
from viktorlite.store.entities import EntityNotFound, EntityStore
from viktorlite.workers.rejection import JobRejected
from viktorlite.workers.result_output import BadResult
from viktorlite.workers.runners.view import run_view

log = logging.getLogger(__name__)

QUICK_MAX_SECONDS = 3
PARAMETRIZATION = "parametrization"


def _walk(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            raise KeyError(f"{path!r} is not in the params")
        data = data[part]
    return data


def _data_value(items: list[dict[str, Any]], path: str) -> Any:
    """The value at ``path`` (DataItem keys, dotted through subgroups) in a DataResult's data."""
    parts = path.split(".")
    for depth, part in enumerate(parts):
        found = next((item for item in items if item.get("key") == part), None)
        if found is None:
            raise KeyError(f"the view's data has no item with key {'.'.join(parts[: depth + 1])!r}")
        if depth == len(parts) - 1:
            return found.get("value")
        items = found.get("subgroup") or []
    raise KeyError(path)


def _typed(value: Any, item_type: str) -> Any:
    if value is None:
        return None
    if item_type == "str":
        return str(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


class _ViewData:
    """The data of each quick view, computed at most once per summary."""

    def __init__(self, app: LoadedApp, request: JobRequest, params: dict[str, Any]) -> None:
        self._app, self._request, self._params = app, request, params
        self._specs = view_specs(app.controller(request.entity_type))
        self._cache: dict[str, list[dict[str, Any]] | Exception] = {}

    def items(self, method: str) -> list[dict[str, Any]]:
        if method not in self._cache:
            self._cache[method] = self._compute(method)
        found = self._cache[method]
        if isinstance(found, Exception):
            raise found
        return found

    def _compute(self, method: str) -> list[dict[str, Any]] | Exception:
        spec = self._specs.get(method)
        if spec is None:
            return KeyError(f"{self._request.entity_type} has no view {method!r}")
        if float(spec.duration_guess) > QUICK_MAX_SECONDS:
            return ValueError(f"view {method!r} is slow (duration_guess > {QUICK_MAX_SECONDS}); only quick views count")
        request = self._request.model_copy(update={"method": method, "trigger": "view", "params": self._params})
        try:
            result = run_view(self._app, request)
        except (UserError, BadResult, JobRejected) as exc:
            return ValueError(f"view {method!r} failed: {exc}")
        data = result.get("data")
        if not isinstance(data, list):
            return ValueError(f"view {method!r} returns a {result.get('type')}, which has no data")
        return data


def compute_summary(app: LoadedApp, request: JobRequest, params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every summary item of the entity type for ``params``: ``{key: {label, value, prefix, suffix}}``."""
    declared = summary_of(app.controller(request.entity_type)) or []
    views = _ViewData(app, request, params)
    summary: dict[str, dict[str, Any]] = {}
    for item in declared:
        entry: dict[str, Any] = {k: item[k] for k in ("label", "item_type", "prefix", "suffix")}
        try:
            if item["source"] == PARAMETRIZATION:
                raw = _walk(params, item["value_path"])
            else:
                raw = _data_value(views.items(item["source"]), item["value_path"])
            entry["value"] = _typed(raw, item["item_type"])
        except Exception as exc:  # noqa: BLE001 - one bad item must not cost the others
            entry["value"] = None
            entry["error"] = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        summary[item["key"]] = entry
    return summary


def run_summary(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    """The ``summary`` trigger: compute and store the summary of the entity's newest revision."""
    context = job_context.running()
    if context is None or request.entity_id is None:
        raise JobRejected("a summary job needs an entity")
    try:
        app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    store = EntityStore(context.connection, request.app)
    try:
        revision = store.latest_revision(request.entity_id)
    except EntityNotFound as exc:
        raise JobRejected(str(exc)) from None
    items = compute_summary(app, request, revision.params)
    if context.replay:
        return {"type": "SummaryResult", "revision": revision.revision, "items": items, "replay": "not stored"}
    try:
        store.set_summary(request.entity_id, revision.revision, items)
    except EntityNotFound as exc:  # deleted while its summary was computed
        raise JobRejected(str(exc)) from None
    return {"type": "SummaryResult", "revision": revision.revision, "items": items}
