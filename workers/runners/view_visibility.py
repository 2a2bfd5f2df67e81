"""Views whose ``visible`` is a callback on params: evaluated in the callback job with the fields'.

The result joins the callback runner's ``{path: {attribute: value}}`` map under the view's method
name, e.g. ``{"stress_plot": {"visible": false}}``. A callback that fails shows the view (and is
reported as a warning), the way a failing field callback leaves its field as declared.
"""

from __future__ import annotations

import logging
from typing import Any

from viktorlite.app.calling import call_with_params
from viktorlite.app.manifest_builder import view_specs

log = logging.getLogger(__name__)


def view_visibility(
    controller_class: type, params: Any, kwargs: dict[str, Any]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, str]]]:
    """``({method: {"visible": bool}}, warnings)`` for every view with a callable ``visible``."""
    values: dict[str, dict[str, Any]] = {}
    warnings: list[dict[str, str]] = []
    for method, spec in view_specs(controller_class).items():
        if not callable(spec.visible):
            continue
        try:
            values[method] = {"visible": bool(call_with_params(spec.visible, params, **kwargs))}
        except Exception as exc:  # noqa: BLE001 - a broken callback must not break the form
            message = f"{type(exc).__name__}: {exc}"
            log.warning("view %s visible callback failed: %s", method, message)
            warnings.append({"path": method, "attribute": "visible", "message": message})
    return values, warnings
