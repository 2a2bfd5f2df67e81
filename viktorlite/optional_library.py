"""Libraries that only some SDK features need, checked when an app uses the feature.

An app's own environment (``viktorlite install``) holds the app's pinned packages and the worker
runtime; these libraries are there only when the app's code uses their feature and its pins allow
them (see :mod:`viktorlite.app.environment_packages`). So a feature checks for its library when it runs:
missing or older than viktorlite's code needs, the job fails with a message naming the package,
the version it needs and how to get it, instead of an ``ImportError`` deep in a traceback.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from importlib import metadata
from types import ModuleType

#: Distribution -> (module to import, lowest version viktorlite's code works with).
LIBRARIES: dict[str, tuple[str, str]] = {
    "trimesh": ("trimesh", "4.0"),
    "mapbox-earcut": ("mapbox_earcut", "1.0"),
    "plotly": ("plotly", "4.0"),
    "jinja2": ("jinja2", "3.0"),
    "docxtpl": ("docxtpl", "0.16"),
    "pypdf": ("pypdf", "4.0"),
    "svglib": ("svglib", "1.5"),
    "openpyxl": ("openpyxl", "3.1"),
    "formulas": ("formulas", "1.2"),
    "pytest": ("pytest", "7.0"),
}

#: The libraries that come with an extra of viktorlite, not with viktorlite itself (pyproject's
#: ``[project.optional-dependencies]``): viktorlite's own environment gets them with
#: ``pip install 'viktorlite[EXTRA]'``.
EXTRA_OF: dict[str, str] = {name: "documents" for name in ("docxtpl", "pypdf", "svglib", "openpyxl", "formulas")}

#: Where ``viktorlite install`` puts an app's environment, relative to the app folder.
APP_ENV_SUFFIX = os.path.join(".viktorlite", "env")


class MissingLibrary(ImportError):
    """A feature's library is not installed, or too old; the message says which and how to fix it."""


def requirement(distribution: str) -> str:
    """``trimesh>=4.0``: what a feature needs of ``distribution``."""
    return f"{distribution}>={LIBRARIES[distribution][1]}"


def _release(version: str) -> tuple[int, ...]:
    """The numeric release of a version (``5.4.0rc1`` -> (5, 4, 0)); enough to compare with a floor."""
    numbers = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in numbers.group(0).split(".")) if numbers else ()


@functools.cache
def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def problem(distribution: str) -> str | None:
    """Why ``distribution`` cannot serve its features here (missing, too old), or None when it can."""
    version = installed_version(distribution)
    where = f"the Python environment {sys.prefix}"
    if version is None:
        return f"which is not installed in {where}"
    if _release(version) < _release(LIBRARIES[distribution][1]):
        return f"but {where} has {distribution} {version}"
    return None


def _how_to_fix(distribution: str) -> str:
    wanted = requirement(distribution)
    if sys.prefix.endswith(APP_ENV_SUFFIX) and installed_version(distribution) is not None:
        return f"the app's requirements.txt pins an older one: allow {wanted} there and run `viktorlite install` again"
    if sys.prefix.endswith(APP_ENV_SUFFIX):
        return (
            f"run `viktorlite install` for the app again (it adds the libraries of the features the app's code "
            f"uses, where the app's pins allow), or add {wanted} to the app's requirements.txt"
        )
    if distribution in EXTRA_OF:
        return f"install it: pip install 'viktorlite[{EXTRA_OF[distribution]}]' (or '{wanted}')"
    return f"install it: pip install '{wanted}'"


def require(distribution: str, *, feature: str) -> ModuleType:
    """Import the library ``feature`` needs, or raise :class:`MissingLibrary` saying what to install."""
    found = problem(distribution)
    if found is not None:
        raise MissingLibrary(
            f"{feature} needs {requirement(distribution)}, {found}: {_how_to_fix(distribution)}",
            name=LIBRARIES[distribution][0],
        )
    return importlib.import_module(LIBRARIES[distribution][0])


def available(distribution: str) -> bool:
    """Whether ``distribution``'s features can run here (for optional warm-ups that must not fail)."""
    return problem(distribution) is None
