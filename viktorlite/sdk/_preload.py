"""Import the heavy engines of the services an app uses once, in the worker, before jobs fork from it.

RQ runs every job in a child forked from the worker, so what the worker imported each job has for
free, while what a job imports is paid again by the next job. The engines stay out of
``import viktor`` (scipy alone takes seconds), so the worker preloads them after loading the app,
and only for the service modules the app itself imported.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import sys

log = logging.getLogger(__name__)

#: SDK module an app imports -> the modules its services need at run time.
_ENGINES = {
    "viktorlite.sdk.external.spreadsheet": ("openpyxl", "formulas", "formulas.excel"),
    "viktorlite.sdk.external.word": ("docxtpl",),
}


def preload_services() -> list[str]:
    """Import the engines of the service modules in use; returns the engines now loaded."""
    loaded: list[str] = []
    for module, engines in _ENGINES.items():
        if module not in sys.modules:
            continue
        for engine in engines:
            try:
                importlib.import_module(engine)
            except Exception as error:  # noqa: BLE001 - a job will report it where the app uses the service
                log.warning("could not preload %s for %s: %s", engine, module, error)
            else:
                loaded.append(engine)
    if "formulas" in loaded:
        sys.modules["formulas"].get_functions()  # imports every function module (most of the cost)
    return loaded


def _uses(modules: set[str], package: str) -> bool:
    return any(module == package or module.startswith(package + ".") for module in modules)


def preload_plotly(modules: set[str], graph_objects: set[str]) -> list[str]:
    """Import plotly's figure machinery and build a throwaway figure of the trace types the app names.

    Importing ``plotly.graph_objects`` is not enough: a figure's first construction imports its
    classes, validators, the default template and the JSON encoder (~100 modules, hundreds of ms),
    which every forked job would pay again.
    """
    loaded: list[str] = []
    try:
        go = importlib.import_module("plotly.graph_objects")
        plotly_io = importlib.import_module("plotly.io")
        loaded.append("plotly.graph_objects")
        figure = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], name="preload"))
        figure.update_layout(title="preload", xaxis_title="x", yaxis_title="y", meta=[])
        base = importlib.import_module("plotly.basedatatypes").BasePlotlyType
        for name in sorted(graph_objects):
            kind = getattr(go, name, None)
            if isinstance(kind, type) and issubclass(kind, base):  # a trace or layout part, not a helper
                with contextlib.suppress(Exception):
                    kind()
        plotly_io.to_json(figure, validate=False)
        if _uses(modules, "plotly.express"):
            importlib.import_module("plotly.express")
            loaded.append("plotly.express")
    except Exception as error:  # noqa: BLE001 - a job will report it where the app uses plotly
        log.warning("could not preload plotly: %s", error)
    return loaded


def preload_matplotlib() -> list[str]:
    """Select the headless Agg backend and draw once to PNG and SVG, so jobs find pyplot, fonts and writers."""
    try:
        matplotlib = importlib.import_module("matplotlib")
        matplotlib.use("Agg")
        plt = importlib.import_module("matplotlib.pyplot")
        figure, axes = plt.subplots()
        axes.plot([0, 1], [0, 1])
        for kind in ("png", "svg"):
            figure.savefig(io.BytesIO(), format=kind)
        plt.close(figure)
    except Exception as error:  # noqa: BLE001 - a job will report it where the app uses matplotlib
        log.warning("could not preload matplotlib: %s", error)
        return []
    return ["matplotlib.pyplot"]


def preload_view_libraries(modules: set[str], graph_objects: set[str]) -> list[str]:
    """Preload the charting libraries among ``modules`` (what the app's code imports); returns what loaded."""
    loaded: list[str] = []
    if _uses(modules, "plotly"):
        loaded += preload_plotly(modules, graph_objects)
    if _uses(modules, "matplotlib"):
        loaded += preload_matplotlib()
    return loaded
