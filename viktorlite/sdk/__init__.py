"""viktorlite's implementation of the VIKTOR Python SDK; imported by apps as ``viktor``.

Inside this package, modules import each other relatively only: the runtime aliases ``viktor.X``
to ``viktorlite.sdk.X``, and an absolute ``import viktor`` here would load the modules twice.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import core as _core
from ._deprecated import removed_names, user_exception
from .core import *  # noqa: F403
from .errors import *  # noqa: F403
from .geometry import *  # noqa: F403
from .llm import *  # noqa: F403
from .parametrization import *  # noqa: F403
from .result import *  # noqa: F403
from .utils import *  # noqa: F403
from .views import *  # noqa: F403

__version__ = _core.sdk_version

#: The ``viktor.external`` modules the SDK also exposes as ``viktor.<program>`` (viktor_api.md §1).
_PROGRAM_SHORTCUTS = [
    "idea_rcs",
    "scia",
    "autocad",
    "autodesk",
    "axisvm",
    "civil3d",
    "dfoundations",
    "dgeostability",
    "dsettlement",
    "dsheetpiling",
    "dstability",
    "dynamo",
    "etabs",
    "excel",
    "grasshopper",
    "grlweap",
    "matlab",
    "plaxis",
    "revit",
    "rfem",
    "robot",
    "sap2000",
    "spreadsheet",
    "tekla",
    "word",
]

# Submodules the SDK resolves lazily (viktor_api.md §1): attribute name -> module, relative to this package.
_LAZY_SUBMODULES: dict[str, str] = {
    "api_v1": ".api_v1",
    "external": ".external",
    "geo": ".geo",
    "testing": ".testing",
    **{program: f".external.{program}" for program in _PROGRAM_SHORTCUTS},
}


_removed = removed_names(__name__, user_exception())


def __getattr__(name: str) -> Any:
    """Import lazy submodules on first access, as ``viktor`` does (``vkt.api_v1``); old names warn."""
    target = _LAZY_SUBMODULES.get(name)
    if target is None:
        return _removed(name)
    module = importlib.import_module(target, __name__)
    globals()[name] = module
    return module
