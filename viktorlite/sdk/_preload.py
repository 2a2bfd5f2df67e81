"""Import the heavy engines of the services an app uses once, in the worker, before jobs fork from it.

RQ runs every job in a child forked from the worker, so what the worker imported each job has for
free, while what a job imports is paid again by the next job. The engines stay out of
``import viktor`` (scipy alone takes seconds), so the worker preloads them after loading the app,
and only for the service modules the app itself imported.
"""

from __future__ import annotations

import importlib
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
