"""viktorlite's implementation of the VIKTOR Python SDK; imported by apps as ``viktor``.

Inside this package, modules import each other relatively only: the runtime aliases ``viktor.X``
to ``viktorlite.sdk.X``, and an absolute ``import viktor`` here would load the modules twice.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .core import *  # noqa: F403
from .errors import *  # noqa: F403
from .geometry import *  # noqa: F403
from .parametrization import *  # noqa: F403
from .result import *  # noqa: F403
from .utils import *  # noqa: F403
from .views import *  # noqa: F403

__version__ = "14.36.2"

# Submodules the SDK resolves lazily (viktor_api.md §1): attribute name -> module, relative to this
# package. To be filled as they are implemented: "api_v1", "geo", "testing" and "external" map to
# themselves; the 25 program shortcuts (e.g. "excel" -> ".external.excel") map into external.
_LAZY_SUBMODULES: dict[str, str] = {"api_v1": ".api_v1"}


def __getattr__(name: str) -> ModuleType:
    """Import lazy submodules on first access, as ``viktor`` does (``vkt.api_v1``)."""
    target = _LAZY_SUBMODULES.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(target, __name__)
    globals()[name] = module
    return module
